/* Unit tests of oci: references (oci://HOST[:PORT]/PATH), a push to a port
 * where nothing listens ([oci-network], no output), and the authentication
 * flows against a scripted registry and token service on 127.0.0.1 (a
 * thread, one connection a request): a bearer token asked for again when the
 * registry stops taking it, a realm with a query and an "access_token"
 * answer, refusals ([oci-auth]), a token service that is down, and refused
 * basic credentials tried once. */
#include "arena.h"
#include "chartfile.h"
#include "cunit_main.h"
#include "diag.h"
#include "emit.h"
#include "oci.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_parse_ref(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_oci_ref ref;
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci://127.0.0.1:5000/charts/x/", &ref), 0);
	CU_ASSERT_STRING_EQUAL(ref.host, "127.0.0.1:5000");
	CU_ASSERT_STRING_EQUAL(ref.path, "charts/x");
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci://registry.example", &ref), 0);
	CU_ASSERT_STRING_EQUAL(ref.path, "");
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "https://registry.example/x", &ref), -1);
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci:///x", &ref), -1);
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci://host/Upper", &ref), -1);
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci://us er@host/x", &ref), -1);
	fc_arena_release(&arena);
}

static void chart_meta(struct fc_arena *arena, struct fc_chart_meta *meta)
{
	*meta = (struct fc_chart_meta){0};
	meta->chart_yaml = fc_tree_map(arena);
	fc_tree_set(arena, meta->chart_yaml, "name", fc_tree_str(arena, "x"), NULL);
	fc_tree_set(arena, meta->chart_yaml, "version", fc_tree_str(arena, "1.0.0+b"), NULL);
	meta->name = "x";
	meta->version = "1.0.0+b";
}

static void test_unreachable(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_chart_meta meta;
	chart_meta(&arena, &meta);
	struct fc_oci_ref ref = {"127.0.0.1:1", "charts"};
	struct fc_oci_push_options opt = {.plain_http = true};
	struct fc_oci_report report;
	CU_ASSERT_EQUAL(fc_oci_push(&arena, &ref, &meta, "tgz", 3, NULL, 0, &opt, &report, &diags),
	                -1);
	CU_ASSERT_STRING_EQUAL(report.reference, "127.0.0.1:1/charts/x:1.0.0_b");
	CU_ASSERT_EQUAL(diags.errors, 1);
	if (diags.count == 1)
		CU_ASSERT_STRING_EQUAL(diags.items[0]->code, "oci-network");
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

/* ---- a scripted registry and token service ---------------------------------- */

/*
 * The registry holds nothing (every tag and blob is absent) and takes every
 * upload.  With a bearer scheme it wants "Bearer tok<N>", N the last token
 * issued, and takes each token for token_uses requests (0: any number), for
 * GET and HEAD only with pull_only; its challenge names the realm /auth?x=1
 * on its own port (or on realm_port).  The token service at /auth wants the
 * basic credentials u:p and answers {"token": "", "access_token": "tok<N>"}.
 * With basic_only the registry asks for basic credentials and refuses any.
 */
struct fake {
	int fd;
	int port;
	pthread_t thread;
	atomic_bool stop;
	/* the scenario */
	int token_uses;
	int realm_port;
	bool basic_only;
	bool pull_only;
	/* what happened (read after the thread ended) */
	int requests; /* to the registry */
	int tokens; /* issued */
	int token_refusals;
	int uses_left;
	char token_query[512];
};

static void reply(int c, const char *status, const char *headers, const char *body)
{
	char out[2048];
	int n = snprintf(out, sizeof(out),
	                 "HTTP/1.1 %s\r\nContent-Length: %zu\r\nConnection: close\r\n%s\r\n%s",
	                 status, strlen(body), headers, body);
	if (n > 0 && (size_t)n < sizeof(out) && write(c, out, (size_t)n) != n)
		fprintf(stderr, "fake registry: short write\n");
}

/* Reads one request into buf (NUL-ended): the head and a Content-Length body. */
static bool read_request(int c, char *buf, size_t size)
{
	size_t len = 0;
	for (;;) {
		ssize_t got = read(c, buf + len, size - 1 - len);
		if (got <= 0)
			return false;
		len += (size_t)got;
		buf[len] = '\0';
		const char *end = strstr(buf, "\r\n\r\n");
		if (!end)
			continue;
		size_t body = 0;
		const char *cl = strstr(buf, "Content-Length: ");
		if (cl && cl < end)
			body = (size_t)strtoul(cl + 16, NULL, 10);
		if (len >= (size_t)(end + 4 - buf) + body || len + 1 >= size)
			return true;
	}
}

/* The value of header name (as "Name: value\r\n") in a request, "" when absent. */
static void header(const char *req, const char *name, char *out, size_t size)
{
	out[0] = '\0';
	const char *p = strstr(req, name);
	if (!p)
		return;
	p += strlen(name);
	size_t n = strcspn(p, "\r\n");
	snprintf(out, size, "%.*s", (int)n, p);
}

static void serve_registry(struct fake *f, int c, const char *method, const char *auth)
{
	f->requests++;
	char challenge[512];
	if (f->basic_only) {
		reply(c, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"fake\"\r\n", "{}");
		return;
	}
	char want[64];
	snprintf(want, sizeof(want), "Bearer tok%d", f->tokens);
	bool writes = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0;
	bool scope_ok = !(f->pull_only && writes);
	if (f->tokens == 0 || strcmp(auth, want) != 0 || (f->token_uses && f->uses_left == 0) ||
	    !scope_ok) {
		snprintf(challenge, sizeof(challenge),
		         "WWW-Authenticate: Bearer realm=\"http://127.0.0.1:%d/auth?x=1\","
		         "service=\"fake\",scope=\"repository:charts/x:pull,push\"%s\r\n",
		         f->realm_port ? f->realm_port : f->port,
		         !auth[0]   ? ""
		         : scope_ok ? ",error=\"invalid_token\""
		                    : ",error=\"insufficient_scope\"");
		reply(c, "401 Unauthorized", challenge, "{}");
		return;
	}
	f->uses_left--;
	if (strcmp(method, "POST") == 0)
		reply(c, "202 Accepted", "Location: /v2/charts/x/blobs/uploads/u1?_state=s\r\n",
		      "");
	else if (strcmp(method, "PUT") == 0)
		reply(c, "201 Created", "", "");
	else
		reply(c, "404 Not Found", "", "{}");
}

static void serve_token(struct fake *f, int c, const char *target, const char *auth)
{
	const char *q = strchr(target, '?');
	snprintf(f->token_query, sizeof(f->token_query), "%s", q ? q + 1 : "");
	if (strcmp(auth, "Basic dTpw") != 0) { /* u:p */
		f->token_refusals++;
		reply(c, "401 Unauthorized", "", "{\"errors\":[]}");
		return;
	}
	f->tokens++;
	f->uses_left = f->token_uses;
	char body[128];
	snprintf(body, sizeof(body), "{\"token\":\"\",\"access_token\":\"tok%d\"}", f->tokens);
	reply(c, "200 OK", "Content-Type: application/json\r\n", body);
}

static void *serve(void *arg)
{
	struct fake *f = arg;
	static char req[65536];
	for (;;) {
		int c = accept(f->fd, NULL, NULL);
		if (c < 0 || atomic_load(&f->stop)) {
			if (c >= 0)
				close(c);
			return NULL;
		}
		char method[16] = "", target[1024] = "", auth[256];
		if (read_request(c, req, sizeof(req)) &&
		    sscanf(req, "%15s %1023s", method, target) == 2) {
			header(req, "Authorization: ", auth, sizeof(auth));
			if (strncmp(target, "/auth", 5) == 0)
				serve_token(f, c, target, auth);
			else
				serve_registry(f, c, method, auth);
		}
		close(c);
	}
}

static bool fake_start(struct fake *f)
{
	f->fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	if (f->fd < 0 || bind(f->fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    listen(f->fd, 8) != 0 || getsockname(f->fd, (struct sockaddr *)&a, &alen) != 0)
		return false;
	f->port = ntohs(a.sin_port);
	atomic_init(&f->stop, false);
	return pthread_create(&f->thread, NULL, serve, f) == 0;
}

static void fake_stop(struct fake *f)
{
	atomic_store(&f->stop, true);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_port = htons((uint16_t)f->port),
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (c >= 0 && connect(c, (struct sockaddr *)&a, sizeof(a)) != 0)
		fprintf(stderr, "fake registry: cannot wake the server\n");
	if (c >= 0)
		close(c);
	pthread_join(f->thread, NULL);
	close(f->fd);
}

/* Pushes chart x to the fake with user and password (NULL: anonymous).
 * Returns fc_oci_push's status; the first diagnostic's code and message go to
 * code and message (""). */
static int push_to(struct fake *f, const char *user, const char *password, char *code,
                   char *message, size_t size)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_chart_meta meta;
	chart_meta(&arena, &meta);
	char host[32];
	snprintf(host, sizeof(host), "127.0.0.1:%d", f->port);
	struct fc_oci_ref ref = {host, "charts"};
	struct fc_oci_push_options opt = {
	        .plain_http = true, .username = user, .password = password};
	struct fc_oci_report report;
	code[0] = message[0] = '\0';
	int status = fc_oci_push(&arena, &ref, &meta, "tgz", 3, NULL, 0, &opt, &report, &diags);
	if (diags.count) {
		snprintf(code, size, "%s", diags.items[0]->code);
		snprintf(message, size, "%s", diags.items[0]->message);
	}
	CU_ASSERT_EQUAL(diags.count, status == 0 ? 0 : 1);
	CU_ASSERT(status != 0 || report.outcome == FC_OCI_PUSHED);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	return status;
}

/* Tokens good for two requests: the push asks again whenever the registry
 * refuses one, and succeeds; the realm's query is kept. */
static void test_bearer_refresh(void)
{
	struct fake f = {.token_uses = 2};
	CU_ASSERT_FATAL(fake_start(&f));
	char code[256], message[256];
	int status = push_to(&f, "u", "p", code, message, sizeof(code));
	fake_stop(&f);
	CU_ASSERT_EQUAL(status, 0);
	if (status)
		fprintf(stderr, "push: [%s] %s\n", code, message);
	/* 2 blobs (HEAD, POST, PUT), the tag and the manifest: 8 requests, 4 tokens. */
	CU_ASSERT_EQUAL(f.tokens, 4);
	CU_ASSERT_STRING_EQUAL(f.token_query,
	                       "x=1&scope=repository%3Acharts%2Fx%3Apull%2Cpush&service=fake");
}

/* Refusals: by the token service (anonymous, a wrong password), and by the
 * registry of a token that grants pull only: asked for again once, then
 * [oci-auth] with the challenge's error and scope. */
static void test_bearer_refused(void)
{
	struct fake f = {.pull_only = true};
	CU_ASSERT_FATAL(fake_start(&f));
	char code[256], message[256];
	/* Anonymous, then a wrong password: the token service refuses. */
	CU_ASSERT_EQUAL(push_to(&f, NULL, NULL, code, message, sizeof(code)), -1);
	CU_ASSERT_STRING_EQUAL(code, "oci-auth");
	CU_ASSERT_PTR_NOT_NULL(strstr(message, "refused anonymous access"));
	CU_ASSERT_EQUAL(push_to(&f, "u", "wrong", code, message, sizeof(code)), -1);
	CU_ASSERT_STRING_EQUAL(code, "oci-auth");
	CU_ASSERT_PTR_NOT_NULL(strstr(message, "token service"));
	CU_ASSERT_PTR_NOT_NULL(strstr(message, "refused the credentials"));
	CU_ASSERT_EQUAL(f.token_refusals, 2);
	/* The right one: the tag and a blob are read (GET, HEAD), the upload
	 * (POST) is refused, a new token taken, and the POST refused again. */
	CU_ASSERT_EQUAL(push_to(&f, "u", "p", code, message, sizeof(code)), -1);
	fake_stop(&f);
	CU_ASSERT_STRING_EQUAL(code, "oci-auth");
	CU_ASSERT_STRING_EQUAL(message, "the registry refused the token of 'u' (HTTP 401, "
	                                "insufficient_scope for repository:charts/x:pull,push)");
	CU_ASSERT_EQUAL(f.tokens, 2);
}

/* The realm names a port where nothing listens: [oci-network], naming the
 * token service. */
static void test_token_service_down(void)
{
	struct fake f = {.realm_port = 1};
	CU_ASSERT_FATAL(fake_start(&f));
	char code[256], message[256];
	CU_ASSERT_EQUAL(push_to(&f, "u", "p", code, message, sizeof(code)), -1);
	fake_stop(&f);
	CU_ASSERT_STRING_EQUAL(code, "oci-network");
	CU_ASSERT_PTR_NOT_NULL(strstr(message, "token service"));
	CU_ASSERT_PTR_NOT_NULL(strstr(message, "http://127.0.0.1:1/auth?x=1&scope="));
}

/* Basic credentials the registry refuses: tried once, not again. */
static void test_basic_refused(void)
{
	struct fake f = {.basic_only = true};
	CU_ASSERT_FATAL(fake_start(&f));
	char code[256], message[256];
	CU_ASSERT_EQUAL(push_to(&f, "u", "p", code, message, sizeof(code)), -1);
	fake_stop(&f);
	CU_ASSERT_STRING_EQUAL(code, "oci-auth");
	CU_ASSERT_STRING_EQUAL(message, "the registry refused the credentials of 'u' (HTTP 401)");
	CU_ASSERT_EQUAL(f.requests, 2);
	CU_ASSERT_EQUAL(f.tokens, 0);
}

void fc_test_register(void)
{
	FC_SUITE("oci", FC_TEST(test_parse_ref), FC_TEST(test_unreachable),
	         FC_TEST(test_bearer_refresh), FC_TEST(test_bearer_refused),
	         FC_TEST(test_token_service_down), FC_TEST(test_basic_refused));
}
