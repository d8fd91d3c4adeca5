/*
 * regcreds - credentials from Helm's and Docker's config files; see regcreds.h.
 */
#include "regcreds.h"

#include "diag.h"
#include "doc.h"
#include "json.h"
#include "output.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define CONFIG_MAX ((size_t)1 << 20)

/* Decodes standard base64 (padding optional) into out; -1 when it is not. */
static int base64_decode(const char *s, size_t len, struct fc_strbuf *out)
{
	unsigned bits = 0, n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		unsigned v;
		if (c >= 'A' && c <= 'Z')
			v = (unsigned)(c - 'A');
		else if (c >= 'a' && c <= 'z')
			v = (unsigned)(c - 'a') + 26;
		else if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0') + 52;
		else if (c == '+')
			v = 62;
		else if (c == '/')
			v = 63;
		else if (c == '=')
			break;
		else
			return -1;
		bits = (bits << 6) | v;
		n += 6;
		if (n >= 8) {
			n -= 8;
			fc_strbuf_addch(out, (char)((bits >> n) & 0xff));
		}
	}
	return 0;
}

/* The host of an "auths" key: "https://HOST/v1/" and "HOST" both give HOST. */
static size_t key_host(const char *key, const char **start)
{
	const char *k = key;
	if (strncmp(k, "https://", 8) == 0)
		k += 8;
	else if (strncmp(k, "http://", 7) == 0)
		k += 7;
	*start = k;
	return strcspn(k, "/");
}

static int from_file(struct fc_arena *arena, const char *path, const char *host,
                     const char **username, const char **password)
{
	struct fc_diags scratch; /* a file we cannot use is passed over */
	fc_diags_init(&scratch, arena);
	struct fc_strbuf text = FC_STRBUF_INIT, plain = FC_STRBUF_INIT;
	bool truncated;
	struct fc_node *root;
	int found = 0;
	if (fc_read_file(path, CONFIG_MAX, &text, &truncated, &scratch) != 0 || truncated ||
	    fc_json_parse(arena, path, text.buf, text.len, NULL, &root, &scratch) != 0)
		goto out;
	const struct fc_node *auths = fc_node_get(root, "auths");
	if (!auths || auths->kind != FC_NODE_MAP)
		goto out;
	size_t hlen = strlen(host);
	for (size_t i = 0; i < auths->count && !found; i++) {
		const char *k;
		size_t klen = key_host(auths->pairs[i].key, &k);
		const struct fc_node *auth = fc_node_get(auths->pairs[i].value, "auth");
		if (klen != hlen || strncmp(k, host, hlen) != 0 || !auth ||
		    auth->kind != FC_NODE_STRING)
			continue;
		fc_strbuf_reset(&plain);
		if (base64_decode(auth->text, auth->len, &plain) != 0)
			continue;
		const char *colon = memchr(plain.buf, ':', plain.len);
		if (!colon || colon == plain.buf)
			continue;
		*username = fc_arena_strndup(arena, plain.buf, (size_t)(colon - plain.buf));
		*password = fc_arena_strndup(arena, colon + 1,
		                             plain.len - (size_t)(colon - plain.buf) - 1);
		found = 1;
	}
out:
	fc_strbuf_release(&text);
	fc_strbuf_release(&plain);
	fc_diags_release(&scratch);
	return found;
}

/* getenv, with "" as unset */
static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

int fc_regcreds_find(struct fc_arena *arena, const char *host, const char **username,
                     const char **password, const char **file)
{
	const char *home = env("HOME");
	const char *paths[2] = {NULL, NULL};
	if (env("HELM_REGISTRY_CONFIG"))
		paths[0] = env("HELM_REGISTRY_CONFIG");
	else if (env("HELM_CONFIG_HOME"))
		paths[0] =
		        fc_arena_printf(arena, "%s/registry/config.json", env("HELM_CONFIG_HOME"));
	else if (env("XDG_CONFIG_HOME"))
		paths[0] = fc_arena_printf(arena, "%s/helm/registry/config.json",
		                           env("XDG_CONFIG_HOME"));
	else if (home)
		paths[0] = fc_arena_printf(arena, "%s/.config/helm/registry/config.json", home);
	if (env("DOCKER_CONFIG"))
		paths[1] = fc_arena_printf(arena, "%s/config.json", env("DOCKER_CONFIG"));
	else if (home)
		paths[1] = fc_arena_printf(arena, "%s/.docker/config.json", home);
	for (size_t i = 0; i < 2; i++)
		if (paths[i] && from_file(arena, paths[i], host, username, password)) {
			*file = paths[i];
			return 1;
		}
	return 0;
}
