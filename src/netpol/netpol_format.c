/*
 * netpol_format - the analyzer's outputs (text, CSV, JSON, DOT) and the
 * comparison of an output with an expected one; formats in netpol.h.
 */
#include "netpol_internal.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void format_text(const struct fc_netpol *np, struct fc_strbuf *out)
{
	for (size_t i = 0; i < np->nconns; i++)
		fc_strbuf_addf(out, "%s => %s : %s\n", np->conns[i].src->str, np->conns[i].dst->str,
		               np->conns[i].text);
}

static void csv_field(struct fc_strbuf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fc_strbuf_addstr(out, s);
		return;
	}
	fc_strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			fc_strbuf_addch(out, '"');
		fc_strbuf_addch(out, *s);
	}
	fc_strbuf_addch(out, '"');
}

static void format_csv(const struct fc_netpol *np, struct fc_strbuf *out)
{
	fc_strbuf_addstr(out, "src,dst,conn\n");
	for (size_t i = 0; i < np->nconns; i++) {
		csv_field(out, np->conns[i].src->str);
		fc_strbuf_addch(out, ',');
		csv_field(out, np->conns[i].dst->str);
		fc_strbuf_addch(out, ',');
		csv_field(out, np->conns[i].text);
		fc_strbuf_addch(out, '\n');
	}
}

static void json_str(struct fc_strbuf *out, const char *s)
{
	fc_strbuf_add_json_string(out, s, strlen(s));
}

static int compare_peer_ptr(const void *pa, const void *pb)
{
	const struct peer *a = *(const struct peer *const *)pa;
	const struct peer *b = *(const struct peer *const *)pb;
	return strcmp(a->str, b->str);
}

/* Every workload and every external range some connection names, sorted,
 * each once; *n set.  The caller frees the array. */
static const struct peer **listed_peers(const struct fc_netpol *np, size_t *n)
{
	const struct peer **v = fc_xcalloc(np->nworkloads + 2 * np->nconns + 1, sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < np->nworkloads; i++)
		v[k++] = &np->workloads[i];
	for (size_t i = 0; i < np->nconns; i++) {
		if (np->conns[i].src->external)
			v[k++] = np->conns[i].src;
		if (np->conns[i].dst->external)
			v[k++] = np->conns[i].dst;
	}
	fc_netpol_sort(v, k, sizeof(*v), compare_peer_ptr);
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (!m || strcmp(v[m - 1]->str, v[i]->str) != 0)
			v[m++] = v[i];
	*n = m;
	return v;
}

static void format_ip(struct fc_strbuf *out, uint32_t ip)
{
	fc_strbuf_addf(out, "\"%u.%u.%u.%u\"", ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
}

static void format_json(const struct fc_netpol *np, struct fc_strbuf *out)
{
	size_t n;
	const struct peer **peers = listed_peers(np, &n);
	fc_strbuf_addstr(out, "{\n  \"peers\": [");
	for (size_t i = 0; i < n; i++) {
		const struct peer *p = peers[i];
		fc_strbuf_addstr(out, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_str(out, p->str);
		fc_strbuf_addstr(out, ", \"kind\": ");
		json_str(out, p->kind);
		if (p->external) {
			fc_strbuf_addstr(out, ", \"first\": ");
			format_ip(out, p->lo);
			fc_strbuf_addstr(out, ", \"last\": ");
			format_ip(out, p->hi);
		} else {
			fc_strbuf_addstr(out, ", \"namespace\": ");
			json_str(out, p->ns);
			fc_strbuf_addstr(out, ", \"workload\": ");
			json_str(out, p->name);
		}
		fc_strbuf_addch(out, '}');
	}
	free(peers);
	fc_strbuf_addstr(out, n ? "\n  ],\n  \"connections\": [" : "],\n  \"connections\": [");
	for (size_t i = 0; i < np->nconns; i++) {
		const struct conn *c = &np->conns[i];
		fc_strbuf_addstr(out, i ? ",\n    {\"src\": " : "\n    {\"src\": ");
		json_str(out, c->src->str);
		fc_strbuf_addstr(out, ", \"dst\": ");
		json_str(out, c->dst->str);
		fc_strbuf_addstr(out, ", \"conn\": ");
		json_str(out, c->text);
		fc_strbuf_addf(out, ", \"all\": %s, \"ports\": {", c->all ? "true" : "false");
		bool first = true;
		for (int p = 0; p < FC_PROTO_COUNT; p++) {
			if (!c->nports[p])
				continue;
			fc_strbuf_addf(out, "%s\"%s\": [", first ? "" : ", ", fc_proto_names[p]);
			first = false;
			for (size_t k = 0; k < c->nports[p]; k++)
				fc_strbuf_addf(out, "%s[%" PRIu32 ", %" PRIu32 "]", k ? ", " : "",
				               c->ports[p][k].lo, c->ports[p][k].hi);
			fc_strbuf_addch(out, ']');
		}
		fc_strbuf_addstr(out, "}}");
	}
	fc_strbuf_addstr(out, np->nconns ? "\n  ]\n}\n" : "]\n}\n");
}

/* n bytes of s escaped for a DOT quoted string. */
static void dot_escaped(struct fc_strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fc_strbuf_addch(out, '\\');
		fc_strbuf_addch(out, s[i]);
	}
}

static void dot_str(struct fc_strbuf *out, const char *s)
{
	fc_strbuf_addch(out, '"');
	dot_escaped(out, s, strlen(s));
	fc_strbuf_addch(out, '"');
}

static void format_dot(const struct fc_netpol *np, struct fc_strbuf *out)
{
	size_t n;
	const struct peer **peers = listed_peers(np, &n);
	fc_strbuf_addstr(out,
	                 "digraph netpol {\n"
	                 "\trankdir=LR\n"
	                 "\tnode [shape=box style=rounded fontname=\"Helvetica\" fontsize=11]\n"
	                 "\tedge [fontname=\"Helvetica\" fontsize=9]\n");
	const char *open_ns = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct peer *p = peers[i];
		if (open_ns && (p->external || strcmp(open_ns, p->ns) != 0)) {
			fc_strbuf_addstr(out, "\t}\n");
			open_ns = NULL;
		}
		if (!p->external && !open_ns) {
			open_ns = p->ns;
			fc_strbuf_addstr(out, "\tsubgraph \"cluster_");
			dot_escaped(out, p->ns, strlen(p->ns));
			fc_strbuf_addstr(out, "\" {\n\t\tlabel=");
			dot_str(out, p->ns);
			fc_strbuf_addstr(out, "\n\t\tstyle=dashed\n");
		}
		fc_strbuf_addstr(out, open_ns ? "\t\t" : "\t");
		dot_str(out, p->str);
		fc_strbuf_addstr(out, " [label=\"");
		if (p->external) {
			dot_escaped(out, p->str, strlen(p->str) - strlen("[External]"));
			fc_strbuf_addstr(out, "\" shape=ellipse]\n");
		} else {
			/* the workload's name over its kind */
			dot_escaped(out, p->name, strlen(p->name));
			fc_strbuf_addstr(out, "\\n[");
			dot_escaped(out, p->kind, strlen(p->kind));
			fc_strbuf_addstr(out, "]\"]\n");
		}
	}
	if (open_ns)
		fc_strbuf_addstr(out, "\t}\n");
	free(peers);
	for (size_t i = 0; i < np->nconns; i++) {
		fc_strbuf_addch(out, '\t');
		dot_str(out, np->conns[i].src->str);
		fc_strbuf_addstr(out, " -> ");
		dot_str(out, np->conns[i].dst->str);
		fc_strbuf_addstr(out, " [label=");
		dot_str(out, np->conns[i].text);
		fc_strbuf_addstr(out, "]\n");
	}
	fc_strbuf_addstr(out, "}\n");
}

void fc_netpol_format(const struct fc_netpol *np, enum fc_netpol_format format,
                      struct fc_strbuf *out)
{
	switch (format) {
	case FC_NETPOL_TEXT: format_text(np, out); break;
	case FC_NETPOL_CSV: format_csv(np, out); break;
	case FC_NETPOL_JSON: format_json(np, out); break;
	case FC_NETPOL_DOT: format_dot(np, out); break;
	}
}

int fc_netpol_parse_format(const char *name, enum fc_netpol_format *format)
{
	static const char *const names[] = {"text", "csv", "json", "dot"};
	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0) {
			*format = (enum fc_netpol_format)i;
			return 0;
		}
	return -1;
}

/* ---- comparison --------------------------------------------------------- */

struct line {
	const char *s;
	size_t len;
};

static int compare_line(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The non-empty lines of text, right-trimmed, sorted, each once. */
static struct line *split_lines(const char *text, size_t len, size_t *count)
{
	struct line *v = NULL;
	size_t n = 0, alloc = 0;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && text[i] != '\n')
			i++;
		size_t end = i;
		while (end > start &&
		       (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r'))
			end--;
		if (end > start) {
			fc_xgrow((void **)&v, &alloc, n + 1, sizeof(*v));
			v[n].s = text + start;
			v[n].len = end - start;
			n++;
		}
		i++;
	}
	fc_netpol_sort(v, n, sizeof(*v), compare_line);
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		if (!m || compare_line(&v[m - 1], &v[k]) != 0)
			v[m++] = v[k];
	*count = m;
	return v;
}

bool fc_netpol_compare(const char *expected, size_t expected_len, const char *actual,
                       size_t actual_len, struct fc_strbuf *diff)
{
	size_t ne, na;
	struct line *e = split_lines(expected, expected_len, &ne);
	struct line *a = split_lines(actual, actual_len, &na);
	bool equal = true;
	for (int pass = 0; pass < 2; pass++) {
		/* pass 0: lines only in expected; pass 1: only in actual */
		const struct line *x = pass ? a : e, *y = pass ? e : a;
		size_t nx = pass ? na : ne, ny = pass ? ne : na;
		size_t j = 0;
		for (size_t i = 0; i < nx; i++) {
			while (j < ny && compare_line(&y[j], &x[i]) < 0)
				j++;
			if (j < ny && compare_line(&y[j], &x[i]) == 0)
				continue;
			equal = false;
			fc_strbuf_addstr(diff, pass ? "+ " : "- ");
			fc_strbuf_add(diff, x[i].s, x[i].len);
			fc_strbuf_addch(diff, '\n');
		}
	}
	free(e);
	free(a);
	return equal;
}
