/*
 * helmvalues - Helm's merge of values files, --set options and a chart's
 * defaults, and the schema check on the result (see helmvalues.h).
 *
 * The --set parser follows pkg/strvals/parser.go (Helm v3.17.3 and v4.1.4
 * agree): a recursive descent over the argument that stops at '=', '[', ','
 * and '.', with '\' taking the next character literally.  Where Helm's Go
 * code panics on a type assertion (a.b=1 when a is a list, a[0]=1 when a is
 * a mapping) and recovers into an error, this module reports [values-set].
 */
#include "helmvalues.h"

#include "json.h"
#include "load.h"
#include "schema.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Helm's strvals limits (MaxIndex, MaxNestedNameLevel). */
enum { MAX_INDEX = 65536, MAX_NESTED_NAME_LEVEL = 30 };

/* ---- mutable trees ------------------------------------------------------ */

/* Room for one more pair or item; loaded nodes have alloc 0. */
static void reserve(struct fc_arena *arena, struct fc_node *node, size_t need)
{
	if (need <= node->alloc)
		return;
	size_t grown = node->alloc * 2 > need ? node->alloc * 2 : need + 8;
	if (node->kind == FC_NODE_MAP) {
		struct fc_pair *pairs = fc_arena_array(arena, grown, sizeof(*pairs));
		if (node->count)
			memcpy(pairs, node->pairs, node->count * sizeof(*pairs));
		node->pairs = pairs;
	} else {
		struct fc_node **items = fc_arena_array(arena, grown, sizeof(*items));
		if (node->count)
			memcpy(items, node->items, node->count * sizeof(*items));
		node->items = items;
	}
	node->alloc = grown;
}

static struct fc_node *new_node(struct fc_arena *arena, enum fc_node_kind kind, struct fc_pos pos)
{
	return fc_node_new(arena, kind, pos);
}

static struct fc_pair *find(const struct fc_node *map, const char *key, size_t key_len)
{
	for (size_t i = 0; i < map->count; i++)
		if (map->pairs[i].key_len == key_len &&
		    memcmp(map->pairs[i].key, key, key_len) == 0)
			return &map->pairs[i];
	return NULL;
}

/* map[key] = value (key_len bytes), replacing or appending. */
static void put(struct fc_arena *arena, struct fc_node *map, const char *key, size_t key_len,
                struct fc_pos key_pos, struct fc_node *value)
{
	struct fc_pair *p = find(map, key, key_len);
	if (p) {
		p->value = value;
		return;
	}
	reserve(arena, map, map->count + 1);
	p = &map->pairs[map->count++];
	memset(p, 0, sizeof(*p));
	p->key = fc_arena_strndup(arena, key, key_len);
	p->key_len = key_len;
	p->key_pos = key_pos;
	p->value = value;
}

static struct fc_node *copy_map(struct fc_arena *arena, const struct fc_node *map)
{
	struct fc_node *out = new_node(arena, FC_NODE_MAP, map->pos);
	reserve(arena, out, map->count);
	if (map->count)
		memcpy(out->pairs, map->pairs, map->count * sizeof(*map->pairs));
	out->count = map->count;
	return out;
}

/* pkg/cli/values: mergeMaps(a, b), a new mapping. */
static struct fc_node *merge_maps(struct fc_arena *arena, const struct fc_node *a,
                                  const struct fc_node *b)
{
	struct fc_node *out = copy_map(arena, a);
	if (!out->pos.file)
		out->pos = b->pos; /* the first file that gives the mapping */
	for (size_t i = 0; i < b->count; i++) {
		const struct fc_pair *bp = &b->pairs[i];
		struct fc_node *v = bp->value;
		struct fc_pair *op = find(out, bp->key, bp->key_len);
		if (v->kind == FC_NODE_MAP && op && op->value->kind == FC_NODE_MAP)
			v = merge_maps(arena, op->value, v);
		put(arena, out, bp->key, bp->key_len, bp->key_pos, v);
	}
	return out;
}

/* ---- --set ---------------------------------------------------------------- */

struct setp {
	struct fc_helmvalues *hv;
	const char *s; /* the argument */
	size_t len, i; /* length, next byte */
	bool as_string;
	unsigned option; /* 1-based ordinal of the option */
	const char *error; /* set once parsing fails */
	size_t error_at;
};

enum { STOP_EOF = 0 }; /* until(): the end of the text */

static struct fc_pos set_pos(const struct setp *p, size_t at)
{
	struct fc_pos pos = {"--set", p->option, (unsigned)(at + 1)};
	return pos;
}

static int fail(struct setp *p, size_t at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int fail(struct setp *p, size_t at, const char *fmt, ...)
{
	if (!p->error) {
		va_list ap;
		va_start(ap, fmt);
		p->error = fc_arena_vprintf(p->hv->arena, fmt, ap);
		va_end(ap);
		p->error_at = at;
	}
	return -1;
}

/* runesUntil: the text up to a byte of stops (unescaped); returns that byte,
 * or STOP_EOF at the end.  *out is NUL-terminated, *out_len its length. */
static int until(struct setp *p, const char *stops, char **out, size_t *out_len)
{
	char *buf = fc_arena_alloc(p->hv->arena, p->len - p->i + 1);
	size_t n = 0;
	while (p->i < p->len) {
		char c = p->s[p->i++];
		if (c && strchr(stops, c)) {
			buf[n] = '\0';
			*out = buf;
			*out_len = n;
			return (unsigned char)c;
		}
		if (c == '\\') {
			if (p->i >= p->len)
				break;
			c = p->s[p->i++];
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	return STOP_EOF;
}

/* strvals typedVal. */
static struct fc_node *typed(struct setp *p, const char *v, size_t n, size_t at)
{
	struct fc_arena *arena = p->hv->arena;
	struct fc_pos pos = set_pos(p, at);
	struct fc_node *node = fc_node_new_string(arena, pos, v, n);
	if (p->as_string)
		return node;
	if (strcasecmp(v, "true") == 0 || strcasecmp(v, "false") == 0) {
		node->kind = FC_NODE_BOOL;
		node->boolean = strcasecmp(v, "true") == 0;
		return node;
	}
	if (strcasecmp(v, "null") == 0) {
		node->kind = FC_NODE_NULL;
		return node;
	}
	if (n == 1 && v[0] == '0') {
		node->kind = FC_NODE_INT;
		return node;
	}
	if (n && v[0] != '0' && n == strlen(v)) {
		/* Go's strconv.ParseInt(v, 10, 64): an optional sign and digits */
		size_t k = v[0] == '+' || v[0] == '-' ? 1 : 0;
		bool digits = k < n;
		for (size_t j = k; j < n; j++)
			digits = digits && v[j] >= '0' && v[j] <= '9';
		if (digits) {
			errno = 0;
			long long ll = strtoll(v, NULL, 10);
			if (errno == 0) {
				node->kind = FC_NODE_INT;
				node->integer = ll;
				node->number = (double)ll;
				node->text = fc_arena_printf(arena, "%lld", ll);
				node->len = strlen(node->text);
			}
		}
	}
	return node;
}

static int key(struct setp *p, struct fc_node *data, int level);

/* A value after '=': "{a,b}" (a list), else up to ','. */
static int value(struct setp *p, struct fc_node **out)
{
	struct fc_arena *arena = p->hv->arena;
	size_t at = p->i;
	if (p->i >= p->len) {
		*out = fc_node_new_string(arena, set_pos(p, at), "", 0);
		return STOP_EOF; /* Helm sets "" and ends */
	}
	if (p->s[p->i] != '{') {
		char *v;
		size_t n;
		until(p, ",", &v, &n);
		*out = typed(p, v, n, at);
		return 1;
	}
	p->i++;
	struct fc_node *list = new_node(arena, FC_NODE_SEQ, set_pos(p, at));
	for (;;) {
		size_t item_at = p->i;
		char *v;
		size_t n;
		int last = until(p, ",}", &v, &n);
		if (last == STOP_EOF)
			return fail(p, p->len, "list must terminate with '}'");
		reserve(arena, list, list->count + 1);
		list->items[list->count++] = typed(p, v, n, item_at);
		if (last == '}') {
			if (p->i < p->len && p->s[p->i] == ',')
				p->i++;
			*out = list;
			return 1;
		}
	}
}

static int set_index(struct setp *p, struct fc_node *list, long index, struct fc_node *v)
{
	if (index < 0)
		return fail(p, p->i, "negative index not allowed");
	if (index > MAX_INDEX)
		return fail(p, p->i, "index is greater than maximum supported index of 65536");
	size_t want = (size_t)index + 1;
	if (list->count < want) {
		reserve(p->hv->arena, list, want);
		for (size_t j = list->count; j < want; j++)
			list->items[j] = new_node(p->hv->arena, FC_NODE_NULL, list->pos);
		list->count = want;
	}
	list->items[index] = v;
	return 0;
}

/* keyIndex: the digits up to ']' (strconv.Atoi). */
static int index_of(struct setp *p, long *out)
{
	size_t at = p->i;
	char *v;
	size_t n;
	if (until(p, "]", &v, &n) == STOP_EOF)
		return fail(p, at, "error parsing index: unexpected end");
	char *end;
	errno = 0;
	long l = strtol(v, &end, 10);
	if (!n || *end || errno || (v[0] != '-' && v[0] != '+' && (v[0] < '0' || v[0] > '9')))
		return fail(p, at, "error parsing index: '%s' is not a number", v);
	*out = l;
	return 0;
}

static int list_item(struct setp *p, struct fc_node *list, long index, int level)
{
	struct fc_arena *arena = p->hv->arena;
	if (index < 0)
		return fail(p, p->i, "negative index not allowed");
	size_t at = p->i;
	char *k;
	size_t kn;
	int last = until(p, "[.=", &k, &kn);
	if (kn)
		return fail(p, at, "unexpected data at end of array index: '%s'", k);
	if (last == STOP_EOF)
		return STOP_EOF;
	if (last == '=') {
		struct fc_node *v;
		int r = value(p, &v);
		if (r < 0)
			return r;
		return set_index(p, list, index, v) < 0 ? -1 : r;
	}
	if (last == '[') {
		long next;
		if (index_of(p, &next) < 0)
			return -1;
		struct fc_node *inner = NULL;
		if ((size_t)index < list->count && list->items[index]->kind != FC_NODE_NULL) {
			inner = list->items[index];
			if (inner->kind != FC_NODE_SEQ)
				return fail(p, at, "unable to parse key: item %ld is not a list",
				            index);
		} else {
			inner = new_node(arena, FC_NODE_SEQ, set_pos(p, at));
		}
		int r = list_item(p, inner, next, level);
		if (r < 0)
			return r;
		return set_index(p, list, index, inner) < 0 ? -1 : r;
	}
	/* '.' */
	struct fc_node *inner = NULL;
	if ((size_t)index < list->count && list->items[index]->kind == FC_NODE_MAP)
		inner = list->items[index];
	else
		inner = new_node(arena, FC_NODE_MAP, set_pos(p, at));
	int r = key(p, inner, level);
	if (r < 0)
		return r;
	return set_index(p, list, index, inner) < 0 ? -1 : r;
}

/* strvals key(): one assignment into data; STOP_EOF at the end of the text,
 * 1 after an assignment, -1 on an error. */
static int key(struct setp *p, struct fc_node *data, int level)
{
	struct fc_arena *arena = p->hv->arena;
	size_t at = p->i;
	char *k;
	size_t kn;
	int last = until(p, "=[,.", &k, &kn);
	struct fc_pos kpos = set_pos(p, at);
	struct fc_pair *have = kn ? find(data, k, kn) : NULL;
	switch (last) {
	case STOP_EOF:
		if (!kn)
			return STOP_EOF;
		return fail(p, at, "key '%s' has no value", k);
	case '[': {
		long index;
		if (index_of(p, &index) < 0)
			return -1;
		struct fc_node *list;
		if (have && have->value->kind != FC_NODE_SEQ)
			return fail(p, at, "unable to parse key: '%s' is not a list", k);
		if (have) {
			list = have->value;
		} else {
			list = new_node(arena, FC_NODE_SEQ, kpos);
		}
		int r = list_item(p, list, index, level);
		if (kn)
			put(arena, data, k, kn, kpos, list);
		return r;
	}
	case '=': {
		struct fc_node *v;
		int r = value(p, &v);
		if (r < 0)
			return r;
		if (kn)
			put(arena, data, k, kn, kpos, v);
		return r;
	}
	case ',':
		if (kn)
			put(arena, data, k, kn, kpos, fc_node_new_string(arena, kpos, "", 0));
		return fail(p, at, "key '%s' has no value (cannot end with ,)", k);
	default: /* '.' */
		if (++level > MAX_NESTED_NAME_LEVEL)
			return fail(p, at,
			            "value name nested level is greater than maximum supported "
			            "nested level of 30");
		struct fc_node *inner;
		if (have && have->value->kind != FC_NODE_MAP)
			return fail(p, at, "unable to parse key: '%s' is not a mapping", k);
		inner = have ? have->value : new_node(arena, FC_NODE_MAP, kpos);
		int r = key(p, inner, level);
		if (r >= 0 && r != STOP_EOF && inner->count == 0)
			return fail(p, at, "key map '%s' has no value", k);
		if (inner->count && kn)
			put(arena, data, k, kn, kpos, inner);
		return r;
	}
}

/* ---- the public steps ------------------------------------------------------ */

void fc_helmvalues_init(struct fc_helmvalues *hv, struct fc_arena *arena, struct fc_diags *diags)
{
	struct fc_pos none = {NULL, 0, 0};
	hv->arena = arena;
	hv->diags = diags;
	hv->user = new_node(arena, FC_NODE_MAP, none);
	hv->sets = 0;
}

int fc_helmvalues_add_file(struct fc_helmvalues *hv, const char *file, const char *text, size_t len)
{
	struct fc_node *root;
	if (fc_load_values_yaml(hv->arena, file, text, len, &root, hv->diags) != 0)
		return -1;
	if (!root || root->kind == FC_NODE_NULL)
		return 0;
	if (root->kind != FC_NODE_MAP) {
		fc_diag_error(
		        hv->diags, "values-file", root->pos, "",
		        "a values file must hold a mapping, not %s (Helm: failed to parse %s)",
		        root->kind == FC_NODE_SEQ ? "a list" : "a single value", file);
		return -1;
	}
	hv->user = merge_maps(hv->arena, hv->user, root);
	return 0;
}

int fc_helmvalues_add_set(struct fc_helmvalues *hv, const char *expr, bool as_string)
{
	struct setp p = {hv, expr, strlen(expr), 0, as_string, ++hv->sets, NULL, 0};
	if (!hv->user->pos.file)
		hv->user->pos = set_pos(&p, 0);
	int r;
	do
		r = key(&p, hv->user, 0);
	while (r > 0);
	if (r == 0 && !p.error)
		return 0;
	fc_diag_error(hv->diags, "values-set", set_pos(&p, p.error_at), NULL,
	              "Helm cannot parse --set%s '%s': %s", as_string ? "-string" : "", expr,
	              p.error ? p.error : "invalid");
	return -1;
}

/*
 * coalesceValues / coalesceTablesFullKey: user over defaults.  A user null
 * deletes the key (Helm 4 keeps a null whose default is null too); mappings
 * merge; anything else of the user's wins.  Defaults' order first, then the
 * user's other keys.
 */
static struct fc_node *coalesce(struct fc_arena *arena, const struct fc_node *user,
                                const struct fc_node *defaults)
{
	struct fc_node *out = new_node(arena, FC_NODE_MAP, user ? user->pos : defaults->pos);
	for (size_t i = 0; i < defaults->count; i++) {
		const struct fc_pair *dp = &defaults->pairs[i];
		const struct fc_pair *up = user ? find(user, dp->key, dp->key_len) : NULL;
		struct fc_node *v = dp->value;
		struct fc_pos kpos = dp->key_pos;
		if (up) {
			if (up->value->kind == FC_NODE_NULL && dp->value->kind != FC_NODE_NULL)
				continue;
			v = up->value;
			kpos = up->key_pos;
			if (v->kind == FC_NODE_MAP && dp->value->kind == FC_NODE_MAP)
				v = coalesce(arena, up->value, dp->value);
		}
		put(arena, out, dp->key, dp->key_len, kpos, v);
	}
	for (size_t i = 0; user && i < user->count; i++) {
		const struct fc_pair *up = &user->pairs[i];
		if (!find(defaults, up->key, up->key_len))
			put(arena, out, up->key, up->key_len, up->key_pos, up->value);
	}
	return out;
}

struct fc_node *fc_helmvalues_coalesce(const struct fc_helmvalues *hv,
                                       const struct fc_node *defaults)
{
	if (!defaults || defaults->kind != FC_NODE_MAP)
		return hv->user;
	return coalesce(hv->arena, hv->user, defaults);
}

/* Helm goes through JSON: .inf and .nan are not JSON numbers. */
static int check_json_numbers(struct fc_diags *diags, const struct fc_node *node)
{
	int bad = 0;
	if (node->kind == FC_NODE_FLOAT && !isfinite(node->number)) {
		fc_diag_error(diags, "values-not-json", node->pos, NULL,
		              "Helm cannot use %s: values go through JSON, which has no "
		              "infinity or NaN (quote it for a string)",
		              node->text);
		return -1;
	}
	for (size_t i = 0; node->kind == FC_NODE_SEQ && i < node->count; i++)
		bad |= check_json_numbers(diags, node->items[i]);
	for (size_t i = 0; node->kind == FC_NODE_MAP && i < node->count; i++)
		bad |= check_json_numbers(diags, node->pairs[i].value);
	return bad;
}

int fc_helmvalues_check(struct fc_helmvalues *hv, const char *defaults_file,
                        const char *defaults_text, size_t defaults_len, const char *schema_file,
                        const char *schema_text, size_t schema_len, struct fc_node **merged)
{
	*merged = NULL;
	if (check_json_numbers(hv->diags, hv->user))
		return -1;
	struct fc_node *defaults = NULL;
	if (fc_load_values_yaml(hv->arena, defaults_file, defaults_text, defaults_len, &defaults,
	                        hv->diags) != 0)
		return -1;
	*merged = fc_helmvalues_coalesce(hv, defaults);
	if (!schema_text)
		return 0;
	struct fc_node *schema_doc;
	if (fc_json_parse(hv->arena, schema_file, schema_text, schema_len, NULL, &schema_doc,
	                  hv->diags) != 0)
		return -1;
	struct fc_schema *schema = NULL;
	struct fc_schema_options options = {false, FC_SCHEMA_DRAFT_07};
	if (fc_schema_compile(&schema, schema_doc, &options, hv->diags) != 0)
		return -1;
	int status = fc_schema_validate(schema, *merged, hv->diags);
	fc_schema_free(schema);
	return status;
}
