/*
 * oci - helm push over the OCI distribution API; see oci.h.
 *
 * Steps: look at the tag (check_tag), upload each blob (push_blob: HEAD,
 * POST, PUT ?digest=), then PUT the manifest.  Every request goes through
 * request(), which answers a 401 once by authenticating (authenticate) and
 * repeating the request.  A bearer token is asked for again when a later
 * request gets a 401 (it expired, or the registry wants another scope); basic
 * credentials are not, they would not change.
 *
 * libcurl is not linked: a push opens FC_CURL_SONAME (dynlib.h) and every
 * curl_* call goes through the table curl, whose members have the
 * prototypes of <curl/curl.h> (included for them and for the types).
 * curl_easy_setopt is variadic and, under GCC, a type-checking macro; the
 * SETOPT macro below keeps that check: the option's type class and the C
 * type of its argument.
 */
#include "oci.h"

#include "dynlib.h"
#include "emit.h"
#include "json.h"
#include "rfc3339.h"
#include "sha256.h"

#include <curl/curl.h>
#include <nettle/base64.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef FC_CURL_SONAME
#define FC_CURL_SONAME "libcurl.so.4"
#endif

#define CONFIG_TYPE "application/vnd.cncf.helm.config.v1+json"
#define CHART_TYPE "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
#define PROV_TYPE "application/vnd.cncf.helm.chart.provenance.v1.prov"
#define MANIFEST_TYPE "application/vnd.oci.image.manifest.v1+json"
#define RESPONSE_MAX ((size_t)4 << 20)

int fc_oci_parse_ref(struct fc_arena *arena, const char *ref, struct fc_oci_ref *out)
{
	static const char scheme[] = "oci://";
	if (strncmp(ref, scheme, sizeof(scheme) - 1) != 0)
		return -1;
	const char *host = ref + sizeof(scheme) - 1;
	size_t host_len = strcspn(host, "/");
	if (host_len == 0)
		return -1;
	const char *path = host + host_len;
	while (*path == '/')
		path++;
	size_t path_len = strlen(path);
	while (path_len && path[path_len - 1] == '/')
		path_len--;
	for (size_t i = 0; i < host_len; i++)
		if (!(host[i] == '.' || host[i] == ':' || host[i] == '-' || host[i] == '[' ||
		      host[i] == ']' || (host[i] >= '0' && host[i] <= '9') ||
		      (host[i] >= 'a' && host[i] <= 'z') || (host[i] >= 'A' && host[i] <= 'Z')))
			return -1;
	for (size_t i = 0; i < path_len; i++)
		if (!((path[i] >= 'a' && path[i] <= 'z') || (path[i] >= '0' && path[i] <= '9') ||
		      path[i] == '.' || path[i] == '_' || path[i] == '-' || path[i] == '/'))
			return -1;
	out->host = fc_arena_strndup(arena, host, host_len);
	out->path = fc_arena_strndup(arena, path, path_len);
	return 0;
}

/* ---- libcurl ---------------------------------------------------------------- */

/* The functions used, X(name) for curl_<name>.  The members are named
 * without the prefix: curl_easy_setopt and curl_easy_getinfo are also
 * function-like macros. */
#define CURL_FUNCTIONS(X) \
	X(global_init)    \
	X(global_cleanup) \
	X(easy_init)      \
	X(easy_cleanup)   \
	X(easy_reset)     \
	X(easy_setopt)    \
	X(easy_perform)   \
	X(easy_getinfo)   \
	X(easy_strerror)  \
	X(easy_escape)    \
	X(free)           \
	X(slist_append)   \
	X(slist_free_all)

static struct curl_api {
#define MEMBER(name) __typeof__(curl_##name) *name;
	CURL_FUNCTIONS(MEMBER)
#undef MEMBER
} curl;

static const struct fc_dynlib_symbol curl_symbols[] = {
#define SYMBOL(name) {"curl_" #name, offsetof(struct curl_api, name)},
        CURL_FUNCTIONS(SYMBOL)
#undef SYMBOL
};

static struct fc_dynlib curl_lib = {
        .what = "pushing needs libcurl",
        .soname = FC_CURL_SONAME,
        .symbols = curl_symbols,
        .nsymbols = sizeof(curl_symbols) / sizeof(curl_symbols[0]),
        .table = &curl,
};

/*
 * SETOPT(handle, CURLOPT_X, kind, value): curl_easy_setopt with the value
 * converted to the C type curl reads for kind (a long, never an int, through
 * the varargs), and a compile-time check that CURLOPT_X is of that kind:
 * curl numbers each option from the base of its type (CURLOPTTYPE_*).
 */
#define OPT_BASE_long CURLOPTTYPE_LONG
#define OPT_BASE_pointer CURLOPTTYPE_OBJECTPOINT /* also strings, slists, callback data */
#define OPT_BASE_callback CURLOPTTYPE_FUNCTIONPOINT
#define OPT_BASE_offset CURLOPTTYPE_OFF_T
#define SETOPT(handle, option, kind, value)                                    \
	do {                                                                   \
		_Static_assert((option) - (option) % 10000 == OPT_BASE_##kind, \
		               #option " does not take a " #kind);             \
		set_##kind(handle, option, value);                             \
	} while (0)

static void set_long(CURL *handle, CURLoption option, long value)
{
	curl.easy_setopt(handle, option, value);
}

static void set_pointer(CURL *handle, CURLoption option, const void *value)
{
	curl.easy_setopt(handle, option, value);
}

/* The write and header functions (the only callbacks set here). */
static void set_callback(CURL *handle, CURLoption option, curl_write_callback value)
{
	curl.easy_setopt(handle, option, value);
}

static void set_offset(CURL *handle, CURLoption option, curl_off_t value)
{
	curl.easy_setopt(handle, option, value);
}

_Static_assert((CURLINFO_RESPONSE_CODE & CURLINFO_TYPEMASK) == CURLINFO_LONG,
               "CURLINFO_RESPONSE_CODE gives a long");

static long response_code(CURL *handle)
{
	long code = 0;
	curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code);
	return code;
}

/* ---- HTTP ------------------------------------------------------------------ */

struct session {
	struct fc_arena *arena;
	struct fc_diags *diags;
	const struct fc_oci_push_options *opt;
	CURL *curl;
	const char *base; /* scheme://host */
	const char *repository;
	const char *where; /* HOST/REPO:TAG, the diagnostics' "file" */
	char *authorization; /* "Authorization: ..." once authenticated */
	bool bearer; /* authorization holds a token from a token service */
	const char *doing; /* what a failed connection was for, when not the registry */
	char error[CURL_ERROR_SIZE];
};

struct response {
	long status;
	struct fc_strbuf body;
	const char *location;
	const char *challenge; /* WWW-Authenticate */
	const char *content_digest; /* Docker-Content-Digest */
	struct fc_arena *arena;
};

__attribute__((format(printf, 3, 4))) static int fail(struct session *s, const char *code,
                                                      const char *fmt, ...)
{
	struct fc_pos at = {s->where, 0, 0};
	va_list ap;
	va_start(ap, fmt);
	fc_diag_add(s->diags, FC_SEVERITY_ERROR, code, at, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
	struct response *r = user;
	size_t len = size * n;
	if (r->body.len + len <= RESPONSE_MAX)
		fc_strbuf_add(&r->body, data, len);
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *user)
{
	struct response *r = user;
	size_t len = size * n;
	const char *colon = memchr(data, ':', len);
	if (!colon)
		return len;
	size_t name_len = (size_t)(colon - data);
	const char *value = colon + 1;
	size_t value_len = len - name_len - 1;
	while (value_len && (*value == ' ' || *value == '\t'))
		value++, value_len--;
	while (value_len && (value[value_len - 1] == '\r' || value[value_len - 1] == '\n' ||
	                     value[value_len - 1] == ' '))
		value_len--;
	const char **slot = NULL;
	if (name_len == 8 && strncasecmp(data, "location", 8) == 0)
		slot = &r->location;
	else if (name_len == 16 && strncasecmp(data, "www-authenticate", 16) == 0)
		slot = &r->challenge;
	else if (name_len == 21 && strncasecmp(data, "docker-content-digest", 21) == 0)
		slot = &r->content_digest;
	if (slot)
		*slot = fc_arena_strndup(r->arena, value, value_len);
	return len;
}

/* One HTTP exchange, without authentication handling. */
static int exchange(struct session *s, const char *method, const char *url,
                    const char *content_type, const char *accept, const char *authorization,
                    const void *body, size_t body_len, struct response *r)
{
	curl.easy_reset(s->curl);
	fc_strbuf_reset(&r->body);
	r->location = r->challenge = r->content_digest = NULL;
	r->status = 0;
	r->arena = s->arena;
	struct curl_slist *headers = NULL;
	char line[512];
	if (content_type) {
		snprintf(line, sizeof(line), "Content-Type: %s", content_type);
		headers = curl.slist_append(headers, line);
	}
	if (accept) {
		snprintf(line, sizeof(line), "Accept: %s", accept);
		headers = curl.slist_append(headers, line);
	}
	if (authorization)
		headers = curl.slist_append(headers, authorization);
	headers = curl.slist_append(headers, "Expect:");
	SETOPT(s->curl, CURLOPT_URL, pointer, url);
	SETOPT(s->curl, CURLOPT_HTTPHEADER, pointer, headers);
	SETOPT(s->curl, CURLOPT_ERRORBUFFER, pointer, s->error);
	SETOPT(s->curl, CURLOPT_WRITEFUNCTION, callback, on_body);
	SETOPT(s->curl, CURLOPT_WRITEDATA, pointer, r);
	SETOPT(s->curl, CURLOPT_HEADERFUNCTION, callback, on_header);
	SETOPT(s->curl, CURLOPT_HEADERDATA, pointer, r);
	SETOPT(s->curl, CURLOPT_NOSIGNAL, long, 1L);
	SETOPT(s->curl, CURLOPT_CONNECTTIMEOUT, long, 15L);
	SETOPT(s->curl, CURLOPT_LOW_SPEED_LIMIT, long, 1L);
	SETOPT(s->curl, CURLOPT_LOW_SPEED_TIME, long, 60L);
	SETOPT(s->curl, CURLOPT_USERAGENT, pointer, "fabchart/" FC_VERSION);
	SETOPT(s->curl, CURLOPT_PROTOCOLS_STR, pointer, "http,https");
	if (strcmp(method, "HEAD") == 0) {
		SETOPT(s->curl, CURLOPT_NOBODY, long, 1L);
	} else if (strcmp(method, "GET") != 0) {
		SETOPT(s->curl, CURLOPT_CUSTOMREQUEST, pointer, method);
		SETOPT(s->curl, CURLOPT_POSTFIELDS, pointer, body ? body : "");
		SETOPT(s->curl, CURLOPT_POSTFIELDSIZE_LARGE, offset, (curl_off_t)body_len);
	}
	s->error[0] = '\0';
	CURLcode rc = curl.easy_perform(s->curl);
	curl.slist_free_all(headers);
	if (rc != CURLE_OK) {
		struct fc_pos at = {s->where, 0, 0};
		struct fc_diag *d = fc_diag_error(s->diags, "oci-network", at, NULL, "%s%s %s: %s",
		                                  s->doing ? s->doing : "", method, url,
		                                  s->error[0] ? s->error : curl.easy_strerror(rc));
		/* what curl says when an https:// URL meets a plain-HTTP server */
		if (rc == CURLE_SSL_CONNECT_ERROR && strncmp(url, "https://", 8) == 0)
			fc_diag_note(s->diags, d, at, "%s",
			             "the TLS handshake failed: if the registry speaks plain HTTP "
			             "(as a local registry often does), add --plain-http");
		return -1;
	}
	r->status = response_code(s->curl);
	return 0;
}

/* The value of param in a challenge such as `Bearer realm="...",service="..."`. */
static const char *challenge_param(struct fc_arena *arena, const char *challenge, const char *param)
{
	size_t n = strlen(param);
	for (const char *p = challenge; (p = strstr(p, param)) != NULL; p += n) {
		if ((p != challenge && p[-1] != ' ' && p[-1] != ',') || p[n] != '=')
			continue;
		const char *v = p + n + 1;
		if (*v == '"') {
			const char *end = strchr(++v, '"');
			return end ? fc_arena_strndup(arena, v, (size_t)(end - v)) : NULL;
		}
		return fc_arena_strndup(arena, v, strcspn(v, ", "));
	}
	return NULL;
}

static char *basic_header(struct session *s)
{
	const char *pair = fc_arena_printf(s->arena, "%s:%s", s->opt->username,
	                                   s->opt->password ? s->opt->password : "");
	size_t len = strlen(pair);
	char *b64 = fc_arena_alloc(s->arena, BASE64_ENCODE_RAW_LENGTH(len) + 1);
	base64_encode_raw(b64, len, (const uint8_t *)pair); /* arena memory is zeroed: NUL-ended */
	return fc_arena_printf(s->arena, "Authorization: Basic %s", b64);
}

/* Answers the challenge of a 401: sets s->authorization, or -1 with [oci-auth]. */
static int authenticate(struct session *s, const char *challenge)
{
	if (!challenge)
		return fail(s, "oci-auth", "%s",
		            "the registry refused the request (401) without a challenge");
	if (strncasecmp(challenge, "Basic", 5) == 0) {
		if (!s->opt->username)
			return fail(s, "oci-auth", "%s",
			            "the registry requires credentials: give --username and "
			            "--password-stdin");
		s->authorization = basic_header(s);
		s->bearer = false;
		return 0;
	}
	if (strncasecmp(challenge, "Bearer", 6) != 0)
		return fail(s, "oci-auth", "unsupported authentication challenge '%s'", challenge);
	const char *realm = challenge_param(s->arena, challenge, "realm");
	const char *service = challenge_param(s->arena, challenge, "service");
	if (!realm)
		return fail(s, "oci-auth", "a Bearer challenge without a realm: '%s'", challenge);
	char *scope = curl.easy_escape(
	        s->curl, fc_arena_printf(s->arena, "repository:%s:pull,push", s->repository), 0);
	char *svc = service ? curl.easy_escape(s->curl, service, 0) : NULL;
	const char *url =
	        fc_arena_printf(s->arena, "%s%sscope=%s%s%s", realm, strchr(realm, '?') ? "&" : "?",
	                        scope ? scope : "", svc ? "&service=" : "", svc ? svc : "");
	curl.free(scope);
	curl.free(svc);
	struct response r = {.body = FC_STRBUF_INIT};
	s->doing = "cannot reach the registry's token service: ";
	int status = exchange(s, "GET", url, NULL, "application/json",
	                      s->opt->username ? basic_header(s) : NULL, NULL, 0, &r);
	s->doing = NULL;
	if (status == 0 && (r.status == 401 || r.status == 403))
		status = fail(s, "oci-auth", "the token service %s refused %s (HTTP %ld)", realm,
		              s->opt->username ? "the credentials" : "anonymous access", r.status);
	else if (status == 0 && r.status != 200)
		status = fail(s, "oci-registry", "the token service %s answered HTTP %ld", realm,
		              r.status);
	struct fc_node *doc = NULL;
	struct fc_diags local;
	fc_diags_init(&local, s->arena);
	if (status == 0 &&
	    fc_json_parse(s->arena, realm, r.body.buf, r.body.len, NULL, &doc, &local) != 0)
		status = fail(s, "oci-registry", "the token service %s answered no JSON", realm);
	fc_diags_release(&local);
	if (status == 0) {
		const struct fc_node *t = fc_node_get(doc, "token");
		if (!t || t->kind != FC_NODE_STRING || !t->len)
			t = fc_node_get(doc, "access_token");
		if (!t || t->kind != FC_NODE_STRING || !t->len)
			status = fail(s, "oci-registry", "the token service %s gave no token",
			              realm);
		else {
			s->authorization =
			        fc_arena_printf(s->arena, "Authorization: Bearer %s", t->text);
			s->bearer = true;
		}
	}
	fc_strbuf_release(&r.body);
	return status;
}

/* [oci-auth] for a 401 or 403 to an authenticated request: the credentials
 * (basic) or the token (bearer), with the challenge's error and scope. */
static int refused(struct session *s, const struct response *r)
{
	const char *user = s->opt->username;
	const char *who = user ? fc_arena_printf(s->arena, " of '%s'", user) : "";
	if (!s->bearer)
		return fail(s, "oci-auth", "the registry refused the credentials%s (HTTP %ld)", who,
		            r->status);
	const char *error = r->challenge ? challenge_param(s->arena, r->challenge, "error") : NULL;
	const char *scope = r->challenge ? challenge_param(s->arena, r->challenge, "scope") : NULL;
	return fail(s, "oci-auth", "the registry refused the %stoken%s (HTTP %ld%s%s%s%s)",
	            user ? "" : "anonymous ", who, r->status, error ? ", " : "", error ? error : "",
	            error && scope ? " for " : "", error && scope ? scope : "");
}

/* A request to the registry, authenticating once when it answers 401: the
 * first time, or again with a bearer token (a new token for the new
 * challenge). */
static int request(struct session *s, const char *method, const char *url, const char *content_type,
                   const char *accept, const void *body, size_t body_len, struct response *r)
{
	if (exchange(s, method, url, content_type, accept, s->authorization, body, body_len, r))
		return -1;
	if (r->status != 401)
		return 0;
	if (s->authorization && !s->bearer)
		return refused(s, r);
	if (authenticate(s, r->challenge) != 0)
		return -1;
	if (exchange(s, method, url, content_type, accept, s->authorization, body, body_len, r))
		return -1;
	if (r->status == 401 || r->status == 403)
		return refused(s, r);
	return 0;
}

/* The registry's own words for an unexpected status. */
static int unexpected(struct session *s, const char *what, const struct response *r)
{
	size_t n = r->body.len < 300 ? r->body.len : 300;
	while (n && (r->body.buf[n - 1] == '\n' || r->body.buf[n - 1] == '\r'))
		n--;
	if (r->status == 403)
		return fail(s, "oci-auth", "%s: access denied (HTTP 403): %.*s", what, (int)n,
		            r->body.buf);
	return fail(s, "oci-registry", "%s: HTTP %ld: %.*s", what, r->status, (int)n, r->body.buf);
}

/* ---- the push ---------------------------------------------------------------- */

struct blob {
	const char *media_type;
	const void *data;
	size_t len;
	char digest[8 + FC_SHA256_HEX_SIZE];
};

static int digest_of(struct blob *b)
{
	char hex[FC_SHA256_HEX_SIZE];
	if (fc_sha256_hex(b->data, b->len, hex) != 0)
		return -1;
	snprintf(b->digest, sizeof(b->digest), "sha256:%s", hex);
	return 0;
}

static int push_blob(struct session *s, const struct blob *b, struct response *r)
{
	const char *url =
	        fc_arena_printf(s->arena, "%s/v2/%s/blobs/%s", s->base, s->repository, b->digest);
	if (request(s, "HEAD", url, NULL, NULL, NULL, 0, r) != 0)
		return -1;
	if (r->status == 200)
		return 0; /* the registry has it */
	url = fc_arena_printf(s->arena, "%s/v2/%s/blobs/uploads/", s->base, s->repository);
	if (request(s, "POST", url, NULL, NULL, NULL, 0, r) != 0)
		return -1;
	if (r->status != 202 || !r->location)
		return unexpected(s, "starting an upload", r);
	const char *loc = r->location;
	if (loc[0] == '/')
		loc = fc_arena_printf(s->arena, "%s%s", s->base, loc);
	url = fc_arena_printf(s->arena, "%s%sdigest=%s", loc, strchr(loc, '?') ? "&" : "?",
	                      b->digest);
	if (request(s, "PUT", url, "application/octet-stream", NULL, b->data, b->len, r) != 0)
		return -1;
	if (r->status != 201)
		return unexpected(s, "uploading a blob", r);
	return 0;
}

/* The chart layer digest the tag holds now, NULL when the tag is absent. */
static int check_tag(struct session *s, const char *manifest_url, const char **held,
                     struct response *r)
{
	*held = NULL;
	if (request(s, "GET", manifest_url, NULL, MANIFEST_TYPE, NULL, 0, r) != 0)
		return -1;
	if (r->status == 404)
		return 0;
	if (r->status != 200)
		return unexpected(s, "reading the tag", r);
	struct fc_node *doc;
	struct fc_diags local;
	fc_diags_init(&local, s->arena);
	int status =
	        fc_json_parse(s->arena, s->where, r->body.buf, r->body.len, NULL, &doc, &local);
	fc_diags_release(&local);
	const struct fc_node *layers = status == 0 ? fc_node_get(doc, "layers") : NULL;
	for (size_t i = 0; layers && layers->kind == FC_NODE_SEQ && i < layers->count; i++) {
		const struct fc_node *type = fc_node_get(layers->items[i], "mediaType");
		const struct fc_node *digest = fc_node_get(layers->items[i], "digest");
		if (type && digest && type->kind == FC_NODE_STRING &&
		    strcmp(type->text, CHART_TYPE) == 0 && digest->kind == FC_NODE_STRING)
			*held = digest->text;
	}
	if (!*held)
		*held = "(no Helm chart layer)";
	return 0;
}

static struct fc_node *descriptor(struct fc_arena *arena, const struct blob *b)
{
	struct fc_node *d = fc_tree_map(arena);
	fc_tree_set(arena, d, "mediaType", fc_tree_str(arena, b->media_type), NULL);
	fc_tree_set(arena, d, "digest", fc_tree_str(arena, b->digest), NULL);
	fc_tree_set(arena, d, "size", fc_tree_int(arena, (int64_t)b->len), NULL);
	return d;
}

/* Helm's manifest annotations (pkg/registry: generateOCIAnnotations). */
static struct fc_node *annotations(struct fc_arena *arena, const struct fc_chart_meta *meta,
                                   time_t created)
{
	const struct fc_node *md = meta->chart_yaml;
	struct fc_node *a = fc_tree_map(arena);
	const struct fc_node *ann = fc_node_get(md, "annotations");
	for (size_t i = 0; ann && ann->kind == FC_NODE_MAP && i < ann->count; i++)
		if (ann->pairs[i].value->kind == FC_NODE_STRING &&
		    strcmp(ann->pairs[i].key, "org.opencontainers.image.version") != 0 &&
		    strcmp(ann->pairs[i].key, "org.opencontainers.image.title") != 0)
			fc_tree_set(arena, a, ann->pairs[i].key, ann->pairs[i].value, NULL);
	const struct fc_node *v;
	if ((v = fc_node_get(md, "description")) && v->kind == FC_NODE_STRING)
		fc_tree_set(arena, a, "org.opencontainers.image.description",
		            fc_tree_str(arena, v->text), NULL);
	fc_tree_set(arena, a, "org.opencontainers.image.title", fc_tree_str(arena, meta->name),
	            NULL);
	fc_tree_set(arena, a, "org.opencontainers.image.version", fc_tree_str(arena, meta->version),
	            NULL);
	if ((v = fc_node_get(md, "home")) && v->kind == FC_NODE_STRING)
		fc_tree_set(arena, a, "org.opencontainers.image.url", fc_tree_str(arena, v->text),
		            NULL);
	if ((v = fc_node_get(md, "sources")) && v->kind == FC_NODE_SEQ && v->count &&
	    v->items[0]->kind == FC_NODE_STRING)
		fc_tree_set(arena, a, "org.opencontainers.image.source",
		            fc_tree_str(arena, v->items[0]->text), NULL);
	if ((v = fc_node_get(md, "maintainers")) && v->kind == FC_NODE_SEQ && v->count) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		for (size_t i = 0; i < v->count; i++) {
			const struct fc_node *name = fc_node_get(v->items[i], "name");
			const struct fc_node *email = fc_node_get(v->items[i], "email");
			if (!name || name->kind != FC_NODE_STRING)
				continue;
			fc_strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", name->text);
			if (email && email->kind == FC_NODE_STRING)
				fc_strbuf_addf(&sb, " (%s)", email->text);
		}
		if (sb.len)
			fc_tree_set(arena, a, "org.opencontainers.image.authors",
			            fc_tree_str(arena, sb.buf), NULL);
		fc_strbuf_release(&sb);
	}
	char when[FC_RFC3339_SIZE];
	fc_rfc3339_format(created, when, sizeof(when));
	fc_tree_set(arena, a, "org.opencontainers.image.created", fc_tree_str(arena, when), NULL);
	return a;
}

static int push(struct session *s, const struct fc_chart_meta *meta, struct blob *blobs,
                size_t nblobs, const char *tag, struct fc_oci_report *report)
{
	struct response r = {.body = FC_STRBUF_INIT};
	const char *manifest_url =
	        fc_arena_printf(s->arena, "%s/v2/%s/manifests/%s", s->base, s->repository, tag);
	const char *held;
	int status = check_tag(s, manifest_url, &held, &r);
	if (status == 0 && held && strcmp(held, blobs[1].digest) == 0) {
		report->outcome = FC_OCI_UNCHANGED;
		report->digest = fc_arena_strdup(s->arena, blobs[1].digest);
		fc_strbuf_release(&r.body);
		return 0;
	}
	if (status == 0 && held) {
		struct fc_diag *d = fc_diag_error(
		        s->diags, "oci-tag-exists", (struct fc_pos){s->where, 0, 0}, NULL,
		        "the tag already holds a different chart (%s, this one is %s)", held,
		        blobs[1].digest);
		fc_diag_note(s->diags, d, (struct fc_pos){s->where, 0, 0},
		             "a chart version should name one content: consider a new version");
		status = -1;
	}
	for (size_t i = 0; i < nblobs && status == 0; i++)
		status = push_blob(s, &blobs[i], &r);
	if (status == 0) {
		struct fc_node *m = fc_tree_map(s->arena);
		fc_tree_set(s->arena, m, "schemaVersion", fc_tree_int(s->arena, 2), NULL);
		fc_tree_set(s->arena, m, "mediaType", fc_tree_str(s->arena, MANIFEST_TYPE), NULL);
		fc_tree_set(s->arena, m, "config", descriptor(s->arena, &blobs[0]), NULL);
		struct fc_node *layers =
		        fc_tree_set(s->arena, m, "layers", fc_tree_seq(s->arena), NULL);
		for (size_t i = 1; i < nblobs; i++)
			fc_tree_push(s->arena, layers, descriptor(s->arena, &blobs[i]));
		fc_tree_set(s->arena, m, "annotations",
		            annotations(s->arena, meta, s->opt->created), NULL);
		struct fc_strbuf json = FC_STRBUF_INIT;
		fc_json_write(&json, m);
		struct blob manifest = {MANIFEST_TYPE, json.buf, json.len, ""};
		if (digest_of(&manifest) != 0)
			status = fail(s, "internal", "%s", "cannot compute the sha256 digest");
		else if ((status = request(s, "PUT", manifest_url, MANIFEST_TYPE, NULL, json.buf,
		                           json.len, &r)) == 0 &&
		         r.status != 201)
			status = unexpected(s, "pushing the manifest", &r);
		report->outcome = FC_OCI_PUSHED;
		report->digest = fc_arena_strdup(s->arena, manifest.digest);
		fc_strbuf_release(&json);
	}
	fc_strbuf_release(&r.body);
	return status;
}

int fc_oci_push(struct fc_arena *arena, const struct fc_oci_ref *ref,
                const struct fc_chart_meta *meta, const void *tgz, size_t tgz_len, const void *prov,
                size_t prov_len, const struct fc_oci_push_options *options,
                struct fc_oci_report *report, struct fc_diags *diags)
{
	char *tag = fc_arena_strdup(arena, meta->version);
	for (char *p = tag; *p; p++)
		if (*p == '+')
			*p = '_';
	struct session s = {
	        .arena = arena,
	        .diags = diags,
	        .opt = options,
	        .base = fc_arena_printf(arena, "%s://%s", options->plain_http ? "http" : "https",
	                                ref->host),
	        .repository = *ref->path ? fc_arena_printf(arena, "%s/%s", ref->path, meta->name)
	                                 : meta->name,
	};
	s.where = fc_arena_printf(arena, "%s/%s:%s", ref->host, s.repository, tag);
	report->reference = s.where;
	report->digest = NULL;
	const char *error;
	if (fc_dynlib_load(&curl_lib, &error) != 0)
		return fail(&s, "oci-network", "%s", error);
	struct fc_strbuf config = FC_STRBUF_INIT;
	fc_json_write(&config, fc_chart_metadata(arena, meta));
	struct blob blobs[3] = {{CONFIG_TYPE, config.buf, config.len, ""},
	                        {CHART_TYPE, tgz, tgz_len, ""},
	                        {PROV_TYPE, prov, prov_len, ""}};
	size_t nblobs = prov ? 3 : 2;
	int status = 0;
	for (size_t i = 0; i < nblobs && status == 0; i++)
		if (digest_of(&blobs[i]) != 0)
			status = fail(&s, "internal", "%s", "cannot compute the sha256 digest");
	if (status == 0 && curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		status = fail(&s, "oci-network", "%s", "libcurl cannot be initialized");
	else if (status == 0) {
		s.curl = curl.easy_init();
		if (!s.curl)
			status = fail(&s, "oci-network", "%s", "libcurl cannot be initialized");
		else
			status = push(&s, meta, blobs, nblobs, tag, report);
		if (s.curl)
			curl.easy_cleanup(s.curl);
		curl.global_cleanup();
	}
	fc_strbuf_release(&config);
	return status;
}
