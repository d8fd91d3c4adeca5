/* fcrun-client: the stand-ins' launcher as a small program (see fcrun.py).
 * Installed under each stand-in's name; hands the call (argv[0]'s base name,
 * the arguments, the environment, umask, groups, process group and the
 * standard streams) to the stand-in server named by $FC_BRINGUP_RUN and
 * exits with the status it sends.  Without a server it runs the Python
 * launcher fcrun.py itself (FCRUN_PY, set at build time), as before.
 * Python's start alone was ~7 ms of every call; this one starts in ~1 ms.
 * Built by tests/bringup/cluster.py with the C compiler when there is one. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

extern char **environ;

struct buf {
	char *p;
	size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			perror("fcrun-client");
			exit(1);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n++] = '\0';
}

static void puts0(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void putnum(struct buf *b, long v)
{
	char t[32];
	snprintf(t, sizeof t, "%ld", v);
	puts0(b, t);
}

static int run_python(const char *tool, int argc, char **argv)
{
	/* the Python launcher of the same tool: fcrun.py next to this program */
	char **args = calloc((size_t)argc + 4, sizeof *args);
	if (args == NULL)
		return 1;
	args[0] = "python3";
	args[1] = "-S";
	args[2] = FCRUN_PY;
	args[3] = (char *)tool;
	for (int i = 1; i < argc; i++)
		args[i + 3] = argv[i];
	execv("/usr/bin/python3", args);
	perror("fcrun-client: exec /usr/bin/python3");
	return 127;
}

int main(int argc, char **argv)
{
	const char *tool = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	const char *name = getenv("FC_BRINGUP_RUN");
	if (name == NULL || *name == '\0' ||
	    strlen(name) + 1 >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return run_python(tool, argc, argv);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path + 1, name, strlen(name)); /* abstract: leading NUL */
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
	if (s < 0 || connect(s, (struct sockaddr *)&sa, len) != 0)
		return run_python(tool, argc, argv);

	/* the request: NUL-terminated fields (fcrun.py parse_request) */
	struct buf b = {0};
	int fds[3], nfds = 0;
	char mask[4] = "000";
	for (int i = 0; i < 3; i++) {
		struct stat st;
		if (fstat(i, &st) == 0) {
			fds[nfds++] = i;
			mask[i] = '1';
		}
	}
	mode_t um = umask(022);
	umask(um);
	gid_t groups[256];
	int ng = getgroups(256, groups);
	char gl[256 * 12] = "";
	size_t gn = 0;
	for (int i = 0; i < ng && gn + 12 < sizeof gl; i++)
		gn += (size_t)snprintf(gl + gn, sizeof gl - gn, "%s%u", i ? "," : "",
		                       (unsigned)groups[i]);
	puts0(&b, tool);
	putnum(&b, (long)um);
	putnum(&b, (long)getpgrp());
	puts0(&b, mask);
	puts0(&b, gl);
	putnum(&b, argc - 1);
	for (int i = 1; i < argc; i++)
		puts0(&b, argv[i]);
	for (char **e = environ; *e; e++)
		puts0(&b, *e);

	unsigned char head[4] = {(unsigned char)(b.n >> 24), (unsigned char)(b.n >> 16),
	                         (unsigned char)(b.n >> 8), (unsigned char)b.n};
	struct iovec iov = {head, 4};
	union {
		char buf[CMSG_SPACE(sizeof fds)];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct msghdr mh = {0};
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds > 0) {
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
	}
	if (sendmsg(s, &mh, 0) != 4) {
		perror("fcrun-client: sendmsg");
		return 1;
	}
	for (size_t off = 0; off < b.n;) {
		ssize_t w = write(s, b.p + off, b.n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			perror("fcrun-client: write");
			return 1;
		}
		off += (size_t)w;
	}
	unsigned char r[4];
	size_t got = 0;
	while (got < 4) {
		ssize_t n = read(s, r + got, 4 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < 4) {
		fprintf(stderr, "%s: stand-in server gave no status\n", tool);
		return 1;
	}
	return r[3];
}
