/*
 * tar - gzip'd USTAR writer and gzip'd tar reader on zlib; see tar.h.
 *
 * Header layout (POSIX ustar, 512 bytes): name 0/100, mode 100/8, uid 108/8,
 * gid 116/8, size 124/12, mtime 136/12, chksum 148/8, typeflag 156,
 * linkname 157/100, magic 257/6, version 263/2, uname 265/32, gname 297/32,
 * devmajor 329/8, devminor 337/8, prefix 345/155.  GNU tar's own format has
 * the magic "ustar  \0" and no prefix; V7 has no magic and nothing after the
 * link name.  Numeric fields are octal (padded with spaces or NULs) or, when
 * the first byte has its high bit set, GNU base-256 (two's complement).
 */
#include "tar.h"

#define ZLIB_CONST
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define BLOCK 512
#define NAME_LEN 100
#define PREFIX_LEN 155
#define OCTAL11_MAX 077777777777LL /* 11 octal digits: size and mtime */
#define META_MAX ((size_t)1 << 20) /* a PAX header's or GNU long name's data */
#define GZIP_WINDOW (15 + 16) /* deflate: 32 KiB window, gzip wrapper */
#define GUNZIP_WINDOW (15 + 32) /* inflate: 32 KiB window, detect the wrapper */
#define GZIP_OS_UNIX 3 /* the gzip header's OS byte, as gzip(1) and libarchive write it */
#define OUT_CHUNK 16384 /* room made in the output strbuf per deflate call */
#define SCRATCH 16384 /* bytes inflated per call when skipping */

enum {
	H_NAME = 0,
	H_MODE = 100,
	H_UID = 108,
	H_GID = 116,
	H_SIZE = 124,
	H_MTIME = 136,
	H_CHKSUM = 148,
	H_TYPE = 156,
	H_MAGIC = 257,
	H_UNAME = 265,
	H_GNAME = 297,
	H_DEVMAJOR = 329,
	H_DEVMINOR = 337,
	H_PREFIX = 345
};

static const unsigned char zero_block[BLOCK];

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The number of padding bytes after n bytes of data. */
static size_t padding(size_t n)
{
	return (BLOCK - n % BLOCK) % BLOCK;
}

/* The sum of the header's bytes with the chksum field read as spaces; the
 * signed sum too, which some old tars wrote. */
static void checksums(const unsigned char *h, int64_t *unsigned_sum, int64_t *signed_sum)
{
	int64_t u = 0, s = 0;
	for (size_t i = 0; i < BLOCK; i++) {
		unsigned char c = i >= H_CHKSUM && i < H_CHKSUM + 8 ? (unsigned char)' ' : h[i];
		u += c;
		s += (signed char)c;
	}
	*unsigned_sum = u;
	*signed_sum = s;
}

/* ---- writer --------------------------------------------------------------- */

struct fc_tar_writer {
	z_stream z;
	gz_header gz; /* must stay in place until deflate has written it */
	struct fc_strbuf *out;
	size_t start; /* out->len when the writer started */
	int64_t mtime;
	struct fc_diags *diags;
	bool failed;
};

__attribute__((format(printf, 2, 3))) static int write_error(struct fc_tar_writer *w,
                                                             const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fc_diag_add(w->diags, FC_SEVERITY_ERROR, "archive", (struct fc_pos){0}, NULL, fmt, ap);
	va_end(ap);
	w->failed = true;
	return -1;
}

/* Deflates len bytes (flush Z_NO_FLUSH or Z_FINISH) into the output. */
static int deflate_bytes(struct fc_tar_writer *w, const void *data, size_t len, int flush)
{
	const unsigned char *p = data;
	z_stream *z = &w->z;
	if (!len && flush == Z_NO_FLUSH)
		return 0;
	for (;;) {
		uInt chunk = (uInt)min_size(len, UINT_MAX);
		z->next_in = p;
		z->avail_in = chunk;
		p += chunk;
		len -= chunk;
		int mode = len ? Z_NO_FLUSH : flush;
		int rc;
		do {
			struct fc_strbuf *out = w->out;
			fc_strbuf_grow(out, OUT_CHUNK);
			uInt room = (uInt)min_size(out->alloc - out->len - 1, UINT_MAX);
			z->next_out = (unsigned char *)out->buf + out->len;
			z->avail_out = room;
			rc = deflate(z, mode);
			out->len += room - z->avail_out;
			out->buf[out->len] = '\0';
			if (rc == Z_STREAM_ERROR)
				return write_error(w, "cannot compress: zlib error %d", rc);
		} while (mode == Z_FINISH ? rc != Z_STREAM_END : z->avail_out == 0);
		if (!len)
			return 0;
	}
}

/* Writes v as width-1 octal digits and a NUL; -1 when it does not fit. */
static int put_octal(unsigned char *field, size_t width, uint64_t v)
{
	field[width - 1] = '\0';
	for (size_t i = width - 1; i-- > 0;) {
		field[i] = (unsigned char)('0' + (v & 7));
		v >>= 3;
	}
	return v ? -1 : 0;
}

/* Puts path into the name field, or splits it into prefix and name at the
 * last '/' that leaves a prefix of at most 155 bytes. */
static int put_path(unsigned char *h, const char *path, size_t len)
{
	if (len <= NAME_LEN) {
		memcpy(h + H_NAME, path, len);
		return 0;
	}
	size_t cut = min_size(len - 1, PREFIX_LEN);
	while (cut > 0 && path[cut] != '/')
		cut--;
	if (cut == 0 || len - cut - 1 > NAME_LEN)
		return -1;
	memcpy(h + H_PREFIX, path, cut);
	memcpy(h + H_NAME, path + cut + 1, len - cut - 1);
	return 0;
}

struct fc_tar_writer *fc_tar_writer_new(struct fc_strbuf *out, int level, int64_t mtime,
                                        struct fc_diags *diags)
{
	struct fc_tar_writer *w = fc_xcalloc(1, sizeof(*w));
	w->out = out;
	w->start = out->len;
	w->mtime = mtime;
	w->diags = diags;
	if (level < 0 || level > 9) {
		write_error(w, "compression level %d is not 0 to 9", level);
	} else if (mtime < 0 || mtime > OCTAL11_MAX) {
		write_error(w, "mtime %lld is outside USTAR's range (0 to %lld)", (long long)mtime,
		            OCTAL11_MAX);
	} else if (deflateInit2(&w->z, level, Z_DEFLATED, GZIP_WINDOW, 8, Z_DEFAULT_STRATEGY) !=
	           Z_OK) {
		write_error(w, "cannot start the gzip stream: %s",
		            w->z.msg ? w->z.msg : "out of memory");
	} else {
		/* no time stamp, no file name, no comment: only the OS byte is set */
		w->gz.os = GZIP_OS_UNIX;
		if (deflateSetHeader(&w->z, &w->gz) == Z_OK)
			return w;
		deflateEnd(&w->z);
		write_error(w, "%s", "cannot set the gzip header");
	}
	free(w);
	return NULL;
}

int fc_tar_writer_add(struct fc_tar_writer *w, const char *path, const void *data, size_t size)
{
	if (w->failed)
		return -1;
	size_t len = strlen(path);
	unsigned char h[BLOCK] = {0};
	if (len == 0)
		return write_error(w, "%s", "an empty path");
	if (put_path(h, path, len) != 0)
		return write_error(w,
		                   "%s: the path does not fit USTAR (%zu bytes; at most 155 "
		                   "before a '/' and 100 after it)",
		                   path, len);
	if (put_octal(h + H_SIZE, 12, size) != 0)
		return write_error(w, "%s: %zu bytes is more than USTAR holds", path, size);
	put_octal(h + H_MODE, 8, 0644);
	put_octal(h + H_UID, 8, 0);
	put_octal(h + H_GID, 8, 0);
	put_octal(h + H_MTIME, 12, (uint64_t)w->mtime);
	put_octal(h + H_DEVMAJOR, 8, 0);
	put_octal(h + H_DEVMINOR, 8, 0);
	h[H_TYPE] = '0';
	memcpy(h + H_MAGIC,
	       "ustar\0"
	       "00",
	       8);
	int64_t sum, signed_sum;
	checksums(h, &sum, &signed_sum);
	put_octal(h + H_CHKSUM, 7, (uint64_t)sum); /* six digits, a NUL, then a space */
	h[H_CHKSUM + 7] = ' ';
	if (deflate_bytes(w, h, BLOCK, Z_NO_FLUSH) != 0 ||
	    deflate_bytes(w, data, size, Z_NO_FLUSH) != 0 ||
	    deflate_bytes(w, zero_block, padding(size), Z_NO_FLUSH) != 0)
		return -1;
	return 0;
}

void fc_tar_writer_free(struct fc_tar_writer *w)
{
	if (!w)
		return;
	deflateEnd(&w->z);
	w->out->len = w->start;
	w->out->buf[w->out->len] = '\0';
	free(w);
}

int fc_tar_writer_finish(struct fc_tar_writer *w)
{
	int rc = -1;
	if (!w->failed && deflate_bytes(w, zero_block, BLOCK, Z_NO_FLUSH) == 0 &&
	    deflate_bytes(w, zero_block, BLOCK, Z_FINISH) == 0)
		rc = 0;
	if (rc == 0) {
		deflateEnd(&w->z);
		free(w);
	} else {
		fc_tar_writer_free(w);
	}
	return rc;
}

/* ---- reader --------------------------------------------------------------- */

enum reader_state { AT_START, BETWEEN, IN_ENTRY, AT_END, FAILED };

struct fc_tar_reader {
	z_stream z;
	bool z_ready; /* inflateInit2 succeeded */
	bool member_ended; /* inflate reported the end of a gzip member */
	bool stream_ended; /* ... and no gzip member follows */
	struct fc_tar_read_options opt;
	struct fc_diags *diags;
	const unsigned char *input;
	size_t input_len;
	enum reader_state state;
	size_t total; /* bytes inflated */
	size_t header_at; /* tar offset of the current entry's header */
	size_t data_left; /* unread data of the current entry */
	size_t pad_left; /* and its padding */
	bool data_read;
	/* what the current entry's PAX and GNU headers set */
	bool pax_path, long_name, pax_size, pax_mtime, pax_uid, pax_gid, pax_uname, pax_gname,
	        sparse;
	int64_t size, mtime, uid, gid;
	struct fc_strbuf pax_path_value, long_name_value;
	struct fc_strbuf path, uname, gname, meta;
	unsigned char block[BLOCK];
	unsigned char scratch[SCRATCH];
};

__attribute__((format(printf, 2, 3))) static int read_error(struct fc_tar_reader *r,
                                                            const char *fmt, ...)
{
	struct fc_pos at = {r->opt.file, 0, 0};
	va_list ap;
	va_start(ap, fmt);
	fc_diag_add(r->diags, FC_SEVERITY_ERROR, r->opt.code, at, NULL, fmt, ap);
	va_end(ap);
	r->state = FAILED;
	return -1;
}

/* "5 MiB" for whole mebibytes, else bytes. */
static const char *human_size(char *buf, size_t cap, size_t n)
{
	if (n && n % ((size_t)1 << 20) == 0)
		snprintf(buf, cap, "%zu MiB", n >> 20);
	else
		snprintf(buf, cap, "%zu-byte", n);
	return buf;
}

static int over_total(struct fc_tar_reader *r)
{
	char lim[32];
	return read_error(r, "the archive is larger than the %s limit when decompressed",
	                  human_size(lim, sizeof(lim), r->opt.max_total));
}

static int truncated(struct fc_tar_reader *r)
{
	if (r->state == IN_ENTRY && r->path.len)
		return read_error(r,
		                  "truncated archive: the data ends at byte %zu, inside '%.200s'",
		                  r->total, r->path.buf);
	return read_error(r, "truncated archive: the data ends at byte %zu", r->total);
}

static int bad_gzip(struct fc_tar_reader *r, int rc)
{
	if (rc == Z_MEM_ERROR)
		return read_error(r, "%s", "out of memory while decompressing");
	return read_error(r, "corrupt gzip data: %s", r->z.msg ? r->z.msg : "unexpected data");
}

/* After a gzip member: is another one next?  Trailing bytes that are not a
 * gzip member are ignored, as gzip(1) does. */
static int next_member(struct fc_tar_reader *r)
{
	r->member_ended = false;
	if (r->z.avail_in >= 2 && r->z.next_in[0] == 0x1f && r->z.next_in[1] == 0x8b) {
		if (inflateReset(&r->z) != Z_OK)
			return bad_gzip(r, Z_STREAM_ERROR);
		return 0;
	}
	r->stream_ended = true;
	return 0;
}

/*
 * Inflates exactly n bytes into dst (NULL: discards them).  Returns 0, 1
 * when the stream ended cleanly before the first byte, -1 with an error
 * (the stream ending after some bytes is a truncated archive).
 */
static int inflate_exact(struct fc_tar_reader *r, void *dst, size_t n)
{
	if (n > r->opt.max_total - r->total)
		return over_total(r);
	size_t got = 0;
	while (got < n) {
		if (r->member_ended && next_member(r) != 0)
			return -1;
		if (r->stream_ended)
			return got == 0 ? 1 : truncated(r);
		unsigned char *out = dst ? (unsigned char *)dst + got : r->scratch;
		uInt want = (uInt)min_size(n - got, dst ? UINT_MAX : sizeof(r->scratch));
		r->z.next_out = out;
		r->z.avail_out = want;
		int rc = inflate(&r->z, Z_NO_FLUSH);
		size_t produced = want - r->z.avail_out;
		got += produced;
		r->total += produced;
		if (rc == Z_STREAM_END)
			r->member_ended = true;
		else if (rc == Z_BUF_ERROR && r->z.avail_in == 0)
			return truncated(r);
		else if (rc != Z_OK)
			return bad_gzip(r, rc);
	}
	return 0;
}

/* Inflates the rest of the current gzip member, checking its trailer. */
static int drain(struct fc_tar_reader *r)
{
	while (!r->member_ended && !r->stream_ended) {
		r->z.next_out = r->scratch;
		r->z.avail_out = sizeof(r->scratch);
		int rc = inflate(&r->z, Z_NO_FLUSH);
		size_t produced = sizeof(r->scratch) - r->z.avail_out;
		if (produced > r->opt.max_total - r->total)
			return over_total(r);
		r->total += produced;
		if (rc == Z_STREAM_END)
			r->member_ended = true;
		else if (rc == Z_BUF_ERROR && r->z.avail_in == 0)
			return truncated(r);
		else if (rc != Z_OK)
			return bad_gzip(r, rc);
	}
	return 0;
}

struct fc_tar_reader *fc_tar_reader_new(const void *tgz, size_t len,
                                        const struct fc_tar_read_options *opt,
                                        struct fc_diags *diags)
{
	struct fc_tar_reader *r = fc_xcalloc(1, sizeof(*r));
	r->opt = *opt;
	r->diags = diags;
	r->input = tgz;
	r->input_len = len;
	fc_strbuf_init(&r->pax_path_value);
	fc_strbuf_init(&r->long_name_value);
	fc_strbuf_init(&r->path);
	fc_strbuf_init(&r->uname);
	fc_strbuf_init(&r->gname);
	fc_strbuf_init(&r->meta);
	r->z.next_in = tgz;
	r->z.avail_in = 0;
	r->z_ready = inflateInit2(&r->z, GUNZIP_WINDOW) == Z_OK;
	return r;
}

void fc_tar_reader_free(struct fc_tar_reader *r)
{
	if (!r)
		return;
	if (r->z_ready)
		inflateEnd(&r->z);
	fc_strbuf_release(&r->pax_path_value);
	fc_strbuf_release(&r->long_name_value);
	fc_strbuf_release(&r->path);
	fc_strbuf_release(&r->uname);
	fc_strbuf_release(&r->gname);
	fc_strbuf_release(&r->meta);
	free(r);
}

/* Feeds the input to zlib (at most UINT_MAX bytes: a chart is far smaller). */
static int start(struct fc_tar_reader *r)
{
	if (!r->z_ready)
		return read_error(r, "%s", "out of memory while decompressing");
	if (r->input_len == 0)
		return read_error(r, "%s", "not a gzip'd tar archive: the file is empty");
	if (r->input_len < 2 || r->input[0] != 0x1f || r->input[1] != 0x8b)
		return read_error(r, "%s", "not a gzip'd tar archive: no gzip header");
	if (r->input_len > UINT_MAX)
		return read_error(r, "%s", "larger than 4 GiB compressed");
	r->z.avail_in = (uInt)r->input_len;
	return 0;
}

/* ---- numbers -------------------------------------------------------------- */

/* A numeric header field: octal digits between spaces and NULs (none: 0),
 * or GNU base-256.  Returns 0, or -1 when invalid or beyond int64. */
static int parse_number(const unsigned char *f, size_t n, int64_t *out)
{
	if (f[0] & 0x80) {
		unsigned char inv = f[0] & 0x40 ? 0xff : 0;
		uint64_t x = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned c = (unsigned)(f[i] ^ inv);
			if (i == 0)
				c &= 0x7f;
			if (x >> 56)
				return -1;
			x = x << 8 | c;
		}
		if (x >> 63)
			return -1;
		*out = inv ? -(int64_t)x - 1 : (int64_t)x;
		return 0;
	}
	size_t i = 0, end = n;
	while (i < end && (f[i] == ' ' || f[i] == '\0'))
		i++;
	while (end > i && (f[end - 1] == ' ' || f[end - 1] == '\0'))
		end--;
	uint64_t x = 0;
	for (; i < end; i++) {
		if (f[i] < '0' || f[i] > '7' || x >> 60)
			return -1;
		x = x << 3 | (uint64_t)(f[i] - '0');
	}
	if (x >> 63)
		return -1;
	*out = (int64_t)x;
	return 0;
}

/* A PAX decimal: digits, optionally a '-' first and a fraction after a '.'
 * when fraction is set (times); the fraction is dropped. */
static int parse_decimal(const char *s, size_t n, bool fraction, int64_t *out)
{
	size_t i = 0;
	bool negative = fraction && n && s[0] == '-';
	i += negative;
	size_t digits_at = i;
	uint64_t x = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == digits_at || x > INT64_MAX)
		return -1;
	if (i < n && fraction && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	}
	if (i != n)
		return -1;
	*out = negative ? -(int64_t)x : (int64_t)x;
	return 0;
}

/* ---- headers -------------------------------------------------------------- */

static void clear_overrides(struct fc_tar_reader *r)
{
	r->pax_path = r->long_name = r->pax_size = r->pax_mtime = false;
	r->pax_uid = r->pax_gid = r->pax_uname = r->pax_gname = r->sparse = false;
}

static int bad_pax(struct fc_tar_reader *r, const char *what)
{
	return read_error(r, "corrupt PAX header at byte %zu: %s", r->header_at, what);
}

static bool key_is(const char *key, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(key, want, len) == 0;
}

/* Applies one PAX record of an 'x' header (apply) or checks it ('g'). */
static int pax_record(struct fc_tar_reader *r, const char *key, size_t klen, const char *value,
                      size_t vlen, bool apply)
{
	int64_t v = 0;
	bool has_nul = memchr(value, '\0', vlen) != NULL;
	if (key_is(key, klen, "path") || key_is(key, klen, "linkpath") ||
	    key_is(key, klen, "uname") || key_is(key, klen, "gname")) {
		if (has_nul)
			return bad_pax(r, "a NUL byte in a name");
	} else if (key_is(key, klen, "size") || key_is(key, klen, "uid") ||
	           key_is(key, klen, "gid") || key_is(key, klen, "mtime")) {
		if (vlen && parse_decimal(value, vlen, key_is(key, klen, "mtime"), &v) != 0)
			return bad_pax(r, "a number that is not a decimal integer");
	}
	if (!apply)
		return 0;
	bool set = vlen > 0; /* an empty value undoes the record */
	if (key_is(key, klen, "path")) {
		r->pax_path = set;
		fc_strbuf_reset(&r->pax_path_value);
		fc_strbuf_add(&r->pax_path_value, value, vlen);
	} else if (key_is(key, klen, "uname")) {
		r->pax_uname = set;
		fc_strbuf_reset(&r->uname);
		fc_strbuf_add(&r->uname, value, vlen);
	} else if (key_is(key, klen, "gname")) {
		r->pax_gname = set;
		fc_strbuf_reset(&r->gname);
		fc_strbuf_add(&r->gname, value, vlen);
	} else if (key_is(key, klen, "size")) {
		r->pax_size = set;
		r->size = set ? v : 0;
	} else if (key_is(key, klen, "mtime")) {
		r->pax_mtime = set;
		r->mtime = set ? v : 0;
	} else if (key_is(key, klen, "uid")) {
		r->pax_uid = set;
		r->uid = set ? v : 0;
	} else if (key_is(key, klen, "gid")) {
		r->pax_gid = set;
		r->gid = set ? v : 0;
	} else if (klen > 11 && memcmp(key, "GNU.sparse.", 11) == 0) {
		r->sparse = true;
	}
	return 0;
}

/* Parses the records "<length> <key>=<value>\n" of r->meta. */
static int parse_pax(struct fc_tar_reader *r, bool apply)
{
	const char *p = r->meta.buf;
	size_t n = r->meta.len;
	while (n > 0) {
		size_t i = 0, len = 0;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
			if (len > (SIZE_MAX - 9) / 10)
				return bad_pax(r, "a record length out of range");
			len = len * 10 + (size_t)(p[i] - '0');
		}
		if (i == 0 || i >= n || p[i] != ' ')
			return bad_pax(r, "a record that does not start with its length");
		if (len > n || len < i + 4 || p[len - 1] != '\n')
			return bad_pax(r, "a record length that does not match the record");
		const char *key = p + i + 1;
		size_t rest = len - i - 2; /* key=value without the newline */
		const char *eq = memchr(key, '=', rest);
		if (!eq || eq == key)
			return bad_pax(r, "a record without a key=value");
		size_t klen = (size_t)(eq - key);
		if (memchr(key, '\0', klen))
			return bad_pax(r, "a NUL byte in a key");
		if (pax_record(r, key, klen, eq + 1, rest - klen - 1, apply) != 0)
			return -1;
		p += len;
		n -= len;
	}
	return 0;
}

/* Reads the data of a PAX or GNU header into r->meta (NUL-terminated). */
static int read_meta(struct fc_tar_reader *r, int64_t size)
{
	if (size < 0 || (uint64_t)size > META_MAX)
		return read_error(r, "corrupt tar header at byte %zu: a '%c' header of %lld bytes",
		                  r->header_at, r->block[H_TYPE], (long long)size);
	size_t n = (size_t)size;
	fc_strbuf_reset(&r->meta);
	fc_strbuf_grow(&r->meta, n + padding(n));
	int rc = inflate_exact(r, r->meta.buf, n + padding(n));
	if (rc != 0)
		return rc > 0 ? truncated(r) : -1;
	r->meta.len = n;
	r->meta.buf[n] = '\0';
	return 0;
}

static bool is_zero_block(const unsigned char *b)
{
	return memcmp(b, zero_block, BLOCK) == 0;
}

/* Appends a text field of at most n bytes, up to its first NUL. */
static void add_field(struct fc_strbuf *sb, const unsigned char *f, size_t n)
{
	const unsigned char *nul = memchr(f, '\0', n);
	fc_strbuf_add(sb, f, nul ? (size_t)(nul - f) : n);
}

static int bad_number(struct fc_tar_reader *r, const char *field)
{
	return read_error(r, "corrupt tar header at byte %zu: the %s field is not a number",
	                  r->header_at, field);
}

static enum fc_tar_type type_of(char flag)
{
	switch (flag) {
	case '0':
	case '\0':
	case '7': return FC_TAR_FILE;
	case '5':
	case 'D': return FC_TAR_DIR;
	case '1': return FC_TAR_HARDLINK;
	case '2': return FC_TAR_SYMLINK;
	default: return FC_TAR_OTHER;
	}
}

/* Types whose size is not followed by data (Go's archive/tar, so Helm). */
static bool is_header_only(char flag)
{
	return flag >= '1' && flag <= '6';
}

/* Fills entry from r->block and the PAX/GNU overrides. */
static int make_entry(struct fc_tar_reader *r, struct fc_tar_entry *entry)
{
	const unsigned char *h = r->block;
	bool ustar = memcmp(h + H_MAGIC, "ustar\0", 6) == 0;
	bool gnu = memcmp(h + H_MAGIC, "ustar  \0", 8) == 0;
	int64_t mode, uid, gid, size, mtime;
	if (parse_number(h + H_SIZE, 12, &size) != 0)
		return bad_number(r, "size");
	if (parse_number(h + H_MODE, 8, &mode) != 0)
		return bad_number(r, "mode");
	if (parse_number(h + H_UID, 8, &uid) != 0)
		return bad_number(r, "uid");
	if (parse_number(h + H_GID, 8, &gid) != 0)
		return bad_number(r, "gid");
	if (parse_number(h + H_MTIME, 12, &mtime) != 0)
		return bad_number(r, "mtime");
	fc_strbuf_reset(&r->path);
	if (r->pax_path) { /* PAX wins over GNU, as in Go */
		fc_strbuf_add(&r->path, r->pax_path_value.buf, r->pax_path_value.len);
	} else if (r->long_name) {
		fc_strbuf_add(&r->path, r->long_name_value.buf, r->long_name_value.len);
	} else {
		if (ustar && h[H_PREFIX]) {
			add_field(&r->path, h + H_PREFIX, PREFIX_LEN);
			fc_strbuf_addch(&r->path, '/');
		}
		add_field(&r->path, h + H_NAME, NAME_LEN);
	}
	if (!r->pax_uname) {
		fc_strbuf_reset(&r->uname);
		add_field(&r->uname, h + H_UNAME, (ustar || gnu) ? 32 : 0);
	}
	if (!r->pax_gname) {
		fc_strbuf_reset(&r->gname);
		add_field(&r->gname, h + H_GNAME, (ustar || gnu) ? 32 : 0);
	}
	if (r->pax_size)
		size = r->size;
	if (size < 0)
		return read_error(r, "corrupt tar header at byte %zu: a negative size",
		                  r->header_at);
	char flag = (char)h[H_TYPE];
	memset(entry, 0, sizeof(*entry));
	entry->typeflag = flag;
	entry->type = type_of(flag);
	if (flag == '\0' && r->path.len && r->path.buf[r->path.len - 1] == '/')
		entry->type = FC_TAR_DIR;
	if (flag == 'S' || r->sparse)
		entry->type = FC_TAR_OTHER;
	if (is_header_only(flag))
		size = 0;
	if ((uint64_t)size > r->opt.max_file) {
		char lim[32];
		return read_error(r, "'%.200s' is larger than the %s limit per file", r->path.buf,
		                  human_size(lim, sizeof(lim), r->opt.max_file));
	}
	entry->path = r->path.buf;
	entry->path_len = r->path.len;
	entry->size = (size_t)size;
	entry->mode = (unsigned)(mode & 07777);
	entry->uid = r->pax_uid ? r->uid : uid;
	entry->gid = r->pax_gid ? r->gid : gid;
	entry->mtime = r->pax_mtime ? r->mtime : mtime;
	entry->uname = r->uname.buf;
	entry->gname = r->gname.buf;
	r->data_left = entry->size;
	r->pad_left = padding(entry->size);
	r->data_read = false;
	return 0;
}

/* The end of the archive: the rest of the gzip member is checked. */
static int at_end(struct fc_tar_reader *r)
{
	if (drain(r) != 0)
		return -1;
	r->state = AT_END;
	return 0;
}

int fc_tar_next(struct fc_tar_reader *r, struct fc_tar_entry *entry)
{
	switch (r->state) {
	case FAILED: return -1;
	case AT_END: return 0;
	case AT_START:
		if (start(r) != 0)
			return -1;
		break;
	case BETWEEN: break;
	case IN_ENTRY:
		if (inflate_exact(r, NULL, r->data_left + r->pad_left) != 0)
			return r->state == FAILED ? -1 : truncated(r);
		break;
	}
	r->state = BETWEEN;
	r->data_left = r->pad_left = 0;
	clear_overrides(r);
	bool pending = false; /* a PAX or GNU header waits for its entry */
	for (;;) {
		r->header_at = r->total;
		int rc = inflate_exact(r, r->block, BLOCK);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			if (pending)
				return truncated(r);
			return at_end(r);
		}
		if (is_zero_block(r->block)) {
			if (pending)
				return read_error(r,
				                  "corrupt archive: the end at byte %zu follows a "
				                  "PAX or GNU header",
				                  r->header_at);
			rc = inflate_exact(r, r->block, BLOCK);
			if (rc < 0)
				return -1;
			if (rc == 0 && !is_zero_block(r->block))
				return read_error(
				        r,
				        "corrupt archive: a zero record at byte %zu is followed "
				        "by data",
				        r->header_at);
			return at_end(r);
		}
		int64_t want, sum, signed_sum;
		checksums(r->block, &sum, &signed_sum);
		if (parse_number(r->block + H_CHKSUM, 8, &want) != 0 ||
		    (want != sum && want != signed_sum))
			return read_error(r, "corrupt tar header at byte %zu: bad checksum",
			                  r->header_at);
		char flag = (char)r->block[H_TYPE];
		if (flag == 'x' || flag == 'g' || flag == 'L' || flag == 'K') {
			int64_t size;
			if (parse_number(r->block + H_SIZE, 12, &size) != 0)
				return bad_number(r, "size");
			if (read_meta(r, size) != 0)
				return -1;
			if ((flag == 'x' || flag == 'g') && parse_pax(r, flag == 'x') != 0)
				return -1;
			if (flag == 'L') {
				size_t n = strlen(r->meta.buf); /* up to the first NUL */
				fc_strbuf_reset(&r->long_name_value);
				fc_strbuf_add(&r->long_name_value, r->meta.buf, n);
				r->long_name = n > 0;
			}
			pending = pending || flag != 'g';
			continue;
		}
		if (make_entry(r, entry) != 0)
			return -1;
		r->state = IN_ENTRY;
		return 1;
	}
}

int fc_tar_read_data(struct fc_tar_reader *r, void *buf)
{
	if (r->state != IN_ENTRY)
		return r->state == FAILED ? -1 : read_error(r, "%s", "no entry to read data from");
	if (r->data_read)
		return read_error(r, "the data of '%.200s' was already read", r->path.buf);
	r->data_read = true;
	size_t n = r->data_left;
	r->data_left = 0;
	int rc = inflate_exact(r, buf, n);
	if (rc != 0)
		return rc > 0 ? truncated(r) : -1;
	return 0;
}
