/*
 * fuzz_netpol - the NetworkPolicy analyzer (netpol.h) on manifests, read as
 * `fabchart netpol` reads a file: JSON when it starts with '{', else a YAML
 * stream (fc_load_yaml_stream).
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour, no hang":
 *  - add/analyze verdicts agree with the diagnostics (-1 with an error);
 *  - the connections of an analysed context: source and destination set
 *    and different, never both external, a connection text, sorted by
 *    source then destination;
 *  - every format writes something, and the text list compares equal to
 *    itself (fc_netpol_compare) with an empty diff;
 *  - every diagnostic is complete and formats.
 */
#include "fuzz_common.h"

#include "arena.h"
#include "json.h"
#include "load.h"
#include "netpol.h"

static bool is_external(const char *peer)
{
	size_t n = strlen(peer);
	static const char tag[] = "[External]";
	return n >= sizeof(tag) - 1 && strcmp(peer + n - (sizeof(tag) - 1), tag) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_netpol *np = fc_netpol_new(&arena);

	size_t i = 0;
	while (i < size &&
	       (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
		i++;
	int rc;
	if (i < size && text[i] == '{') {
		struct fc_node *doc = NULL;
		rc = fc_json_parse(&arena, "fuzz.json", text, size, NULL, &doc, &diags);
		if (rc == 0)
			rc = fc_netpol_add_object(np, doc, &diags);
	} else {
		struct fc_node **docs = NULL;
		size_t ndocs = 0;
		rc = fc_load_yaml_stream(&arena, "fuzz.yaml", text, size, 1024 * 1024, &docs,
		                         &ndocs, &diags);
		FUZZ_CHECK(rc == 0 || (docs == NULL && ndocs == 0));
		for (size_t k = 0; rc == 0 && k < ndocs; k++)
			rc = fc_netpol_add_object(np, docs[k], &diags);
	}
	FUZZ_CHECK(rc == 0 || diags.errors > 0);

	if (rc == 0) {
		size_t errors = diags.errors;
		rc = fc_netpol_analyze(np, &diags);
		FUZZ_CHECK(rc == 0 ? diags.errors == errors : diags.errors > errors);
	}
	if (rc == 0) {
		size_t count = 0;
		const struct fc_netpol_conn *conns = fc_netpol_connections(np, &count);
		for (size_t k = 0; k < count; k++) {
			const struct fc_netpol_conn *c = &conns[k];
			FUZZ_CHECK(c->src && c->dst && c->conn && *c->conn);
			FUZZ_CHECK(strcmp(c->src, c->dst) != 0);
			FUZZ_CHECK(!(is_external(c->src) && is_external(c->dst)));
			if (k) {
				int by_src = strcmp(conns[k - 1].src, c->src);
				FUZZ_CHECK(by_src < 0 ||
				           (by_src == 0 && strcmp(conns[k - 1].dst, c->dst) < 0));
			}
		}
		enum fc_netpol_format formats[] = {FC_NETPOL_TEXT, FC_NETPOL_CSV, FC_NETPOL_JSON,
		                                   FC_NETPOL_DOT};
		struct fc_strbuf out = FC_STRBUF_INIT, listing = FC_STRBUF_INIT;
		for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
			fc_strbuf_reset(&out);
			fc_netpol_format(np, formats[f], &out);
			FUZZ_CHECK(formats[f] == FC_NETPOL_TEXT || out.len > 0);
			if (formats[f] == FC_NETPOL_TEXT)
				fc_strbuf_add(&listing, out.buf, out.len);
		}
		struct fc_strbuf diff = FC_STRBUF_INIT;
		FUZZ_CHECK(fc_netpol_compare(listing.buf, listing.len, listing.buf, listing.len,
		                             &diff));
		FUZZ_CHECK(diff.len == 0);
		fc_strbuf_release(&diff);
		fc_strbuf_release(&listing);
		fc_strbuf_release(&out);
	}
	fuzz_check_diags(&diags, text, size);
	fc_netpol_free(np);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	return 0;
}
