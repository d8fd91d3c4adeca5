/* Unit tests of diag: recording, counting, notes, sorting, promotion and the
 * text and JSON forms. */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "strbuf.h"

#include <string.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_strbuf out;
};

static void setup(struct fixture *f)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	fc_strbuf_init(&f->out);
}

static void teardown(struct fixture *f)
{
	fc_strbuf_release(&f->out);
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static struct fc_pos at(const char *file, unsigned line, unsigned col)
{
	return (struct fc_pos){file, line, col};
}

static void test_counts_errors_and_warnings(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	CU_ASSERT_EQUAL(f.diags.errors, 0);
	CU_ASSERT_EQUAL(f.diags.warnings, 0);
	struct fc_diag *e1 =
	        fc_diag_error(&f.diags, "e-one", at("a.yaml", 1, 2), "/x", "bad %d", 1);
	struct fc_diag *w1 = fc_diag_warning(&f.diags, "w-one", at("a.yaml", 3, 4), NULL, "meh");
	fc_diag_error(&f.diags, "e-two", at(NULL, 0, 0), "", "bad %s", "two");
	CU_ASSERT_EQUAL(f.diags.count, 3);
	CU_ASSERT_EQUAL(f.diags.errors, 2);
	CU_ASSERT_EQUAL(f.diags.warnings, 1);
	CU_ASSERT_PTR_EQUAL(f.diags.items[0], e1);
	CU_ASSERT_PTR_EQUAL(f.diags.items[1], w1);
	CU_ASSERT_EQUAL(e1->severity, FC_SEVERITY_ERROR);
	CU_ASSERT_EQUAL(w1->severity, FC_SEVERITY_WARNING);
	CU_ASSERT_STRING_EQUAL(e1->code, "e-one");
	CU_ASSERT_STRING_EQUAL(e1->message, "bad 1");
	CU_ASSERT_STRING_EQUAL(e1->path, "/x");
	CU_ASSERT_STRING_EQUAL(e1->pos.file, "a.yaml");
	CU_ASSERT_EQUAL(e1->pos.line, 1);
	CU_ASSERT_EQUAL(e1->pos.col, 2);
	CU_ASSERT_PTR_NULL(w1->path);
	CU_ASSERT_PTR_NULL(w1->notes);
	CU_ASSERT_STRING_EQUAL(f.diags.items[2]->path, "");
	CU_ASSERT_PTR_NULL(f.diags.items[2]->pos.file);
	CU_ASSERT_STRING_EQUAL(f.diags.items[2]->message, "bad two");
	CU_ASSERT_EQUAL(e1->seq, 0);
	CU_ASSERT_EQUAL(w1->seq, 1);
	CU_ASSERT_EQUAL(f.diags.items[2]->seq, 2);
	teardown(&f);
}

static void test_strings_are_copied(void)
{
	struct fixture f;
	setup(&f);
	char file[] = "f.yaml", code[] = "code", path[] = "/p", arg[] = "arg";
	struct fc_diag *d = fc_diag_error(&f.diags, code, at(file, 1, 1), path, "m %s", arg);
	fc_diag_note(&f.diags, d, at(file, 2, 2), "n %s", arg);
	memset(file, 'X', sizeof(file) - 1);
	memset(code, 'X', sizeof(code) - 1);
	memset(path, 'X', sizeof(path) - 1);
	memset(arg, 'X', sizeof(arg) - 1);
	CU_ASSERT_STRING_EQUAL(d->pos.file, "f.yaml");
	CU_ASSERT_STRING_EQUAL(d->code, "code");
	CU_ASSERT_STRING_EQUAL(d->path, "/p");
	CU_ASSERT_STRING_EQUAL(d->message, "m arg");
	CU_ASSERT_STRING_EQUAL(d->notes->pos.file, "f.yaml");
	CU_ASSERT_STRING_EQUAL(d->notes->message, "n arg");
	teardown(&f);
}

/* The first FC_DIAGS_MAX diagnostics are kept, the rest only counted. */
static void test_many_diagnostics_capped(void)
{
	struct fixture f;
	setup(&f);
	for (unsigned i = 0; i < 1000; i++) {
		CU_ASSERT_EQUAL(fc_diags_full(&f.diags), i >= FC_DIAGS_MAX);
		struct fc_diag *d =
		        i % 3 ? fc_diag_error(&f.diags, "e", at("f", i + 1, 1), NULL, "%u", i)
		              : fc_diag_warning(&f.diags, "w", at("f", i + 1, 1), NULL, "%u", i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		fc_diag_note(&f.diags, d, at("f", 1, 1), "note %u", i); /* ignored past the cap */
	}
	CU_ASSERT_EQUAL(f.diags.count, FC_DIAGS_MAX);
	CU_ASSERT_EQUAL(f.diags.omitted, 1000 - FC_DIAGS_MAX);
	CU_ASSERT_EQUAL(f.diags.warnings, 334);
	CU_ASSERT_EQUAL(f.diags.errors, 666);
	CU_ASSERT_STRING_EQUAL(f.diags.items[FC_DIAGS_MAX - 1]->message, "199");
	CU_ASSERT_STRING_EQUAL(f.diags.items[FC_DIAGS_MAX - 1]->notes->message, "note 199");
	CU_ASSERT_EQUAL(f.diags.items[FC_DIAGS_MAX - 1]->seq, FC_DIAGS_MAX - 1);
	/* --Werror counts the warnings not kept too */
	fc_diags_promote_warnings(&f.diags);
	CU_ASSERT_EQUAL(f.diags.warnings, 0);
	CU_ASSERT_EQUAL(f.diags.errors, 1000);
	fc_diags_format_json(&f.out, &f.diags);
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(f.out.buf, "{\"errors\":1000,\"warnings\":0,\"omitted\":800,"));
	teardown(&f);
}

static void test_notes_keep_order(void)
{
	struct fixture f;
	setup(&f);
	struct fc_diag *d = fc_diag_error(&f.diags, "c", at("f", 1, 1), NULL, "m");
	fc_diag_note(&f.diags, d, at("f", 9, 9), "first");
	fc_diag_note(&f.diags, d, at("g", 1, 1), "second %d", 2);
	fc_diag_note(&f.diags, d, at(NULL, 0, 0), "third");
	const struct fc_note *n = d->notes;
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_STRING_EQUAL(n->message, "first");
	CU_ASSERT_EQUAL(n->pos.line, 9);
	n = n->next;
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_STRING_EQUAL(n->message, "second 2");
	CU_ASSERT_STRING_EQUAL(n->pos.file, "g");
	n = n->next;
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_STRING_EQUAL(n->message, "third");
	CU_ASSERT_PTR_NULL(n->pos.file);
	CU_ASSERT_PTR_NULL(n->next);
	/* notes are not diagnostics */
	CU_ASSERT_EQUAL(f.diags.count, 1);
	CU_ASSERT_EQUAL(f.diags.errors, 1);
	teardown(&f);
}

static void test_sort_order(void)
{
	struct fixture f;
	setup(&f);
	/* added out of order; messages name the expected rank */
	fc_diag_error(&f.diags, "c", at("b.yaml", 1, 1), NULL, "7");
	fc_diag_error(&f.diags, "c", at("a.yaml", 10, 1), NULL, "5");
	fc_diag_error(&f.diags, "c", at("a.yaml", 2, 30), NULL, "4");
	fc_diag_warning(&f.diags, "c", at("a.yaml", 2, 3), NULL, "2");
	fc_diag_error(&f.diags, "c", at("a.yaml", 2, 3), NULL, "3");
	fc_diag_error(&f.diags, "c", at(NULL, 5, 5), NULL, "1");
	fc_diag_error(&f.diags, "c", at("a.yaml", 0, 0), NULL, "0b");
	fc_diag_error(&f.diags, "c", at("a.yaml", 9, 0), NULL, "4b");
	fc_diag_error(&f.diags, "c", at("a.yaml", 2, 3), NULL, "3b");
	fc_diag_error(&f.diags, "c", at("a.yaml", 10, 1), NULL, "6");
	fc_diags_sort(&f.diags);
	static const char *const expect[] = {"1", "0b", "2", "3", "3b", "4", "4b", "5", "6", "7"};
	CU_ASSERT_EQUAL_FATAL(f.diags.count, 10);
	for (size_t i = 0; i < 10; i++)
		CU_ASSERT_STRING_EQUAL(f.diags.items[i]->message, expect[i]);
	/* sorting again changes nothing (seq keeps ties stable) */
	fc_diags_sort(&f.diags);
	for (size_t i = 0; i < 10; i++)
		CU_ASSERT_STRING_EQUAL(f.diags.items[i]->message, expect[i]);
	CU_ASSERT_EQUAL(f.diags.errors, 9);
	CU_ASSERT_EQUAL(f.diags.warnings, 1);
	teardown(&f);
}

static void test_sort_ties_by_insertion_many(void)
{
	struct fixture f;
	setup(&f);
	for (unsigned i = 0; i < 200; i++)
		fc_diag_error(&f.diags, "c", at("f", 1, 1), NULL, "%u", i);
	fc_diags_sort(&f.diags);
	for (unsigned i = 0; i < 200; i++)
		CU_ASSERT_EQUAL(f.diags.items[i]->seq, i);
	/* empty and single: no crash */
	struct fc_diags empty;
	fc_diags_init(&empty, &f.arena);
	fc_diags_sort(&empty);
	CU_ASSERT_EQUAL(empty.count, 0);
	fc_diags_release(&empty);
	teardown(&f);
}

static void test_promote_warnings(void)
{
	struct fixture f;
	setup(&f);
	fc_diag_warning(&f.diags, "w1", at("f", 1, 1), NULL, "a");
	fc_diag_error(&f.diags, "e1", at("f", 2, 1), NULL, "b");
	fc_diag_warning(&f.diags, "w2", at("f", 3, 1), NULL, "c");
	CU_ASSERT_EQUAL(f.diags.errors, 1);
	CU_ASSERT_EQUAL(f.diags.warnings, 2);
	fc_diags_promote_warnings(&f.diags);
	CU_ASSERT_EQUAL(f.diags.errors, 3);
	CU_ASSERT_EQUAL(f.diags.warnings, 0);
	for (size_t i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(f.diags.items[i]->severity, FC_SEVERITY_ERROR);
	fc_diags_promote_warnings(&f.diags);
	CU_ASSERT_EQUAL(f.diags.errors, 3);
	CU_ASSERT_EQUAL(f.diags.warnings, 0);
	fc_diag_format_text(&f.out, f.diags.items[0], NULL, 0);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "f:1:1: error: a [w1]\n");
	teardown(&f);
}

static void test_text_format(void)
{
	struct fixture f;
	setup(&f);
	struct fc_diag *d =
	        fc_diag_error(&f.diags, "duplicate-key", at("f.yaml", 3, 5), "/a", "msg");
	fc_diag_format_text(&f.out, d, NULL, 0);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "f.yaml:3:5: error: msg [duplicate-key]\n");

	fc_strbuf_reset(&f.out);
	struct fc_diag *w = fc_diag_warning(&f.diags, "raft", at("t.yaml", 12, 1), NULL,
	                                    "a single orderer '%s'", "o1");
	fc_diag_format_text(&f.out, w, NULL, 0);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "t.yaml:12:1: warning: a single orderer 'o1' [raft]\n");

	/* no column, no line, no file */
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("f", 7, 0), NULL, "m"), NULL,
	                    0);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "f:7: error: m [c]\n");
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "io", at("out/x.tgz", 0, 0), NULL, "m"),
	                    NULL, 0);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "out/x.tgz: error: m [io]\n");
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "usage", at(NULL, 0, 0), NULL, "m"),
	                    NULL, 0);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "error: m [usage]\n");

	/* appends */
	fc_diag_format_text(&f.out, d, NULL, 0);
	CU_ASSERT_STRING_EQUAL(f.out.buf,
	                       "error: m [usage]\nf.yaml:3:5: error: msg [duplicate-key]\n");
	teardown(&f);
}

static void test_text_format_notes(void)
{
	struct fixture f;
	setup(&f);
	struct fc_diag *d = fc_diag_error(&f.diags, "duplicate-key", at("f.yaml", 4, 3), NULL,
	                                  "key 'a' is defined twice");
	fc_diag_note(&f.diags, d, at("f.yaml", 2, 3), "first defined here");
	fc_diag_note(&f.diags, d, at("g.yaml", 0, 0), "see also");
	fc_diag_note(&f.diags, d, at(NULL, 0, 0), "bare");
	fc_diag_format_text(&f.out, d, NULL, 0);
	CU_ASSERT_STRING_EQUAL(f.out.buf,
	                       "f.yaml:4:3: error: key 'a' is defined twice [duplicate-key]\n"
	                       "f.yaml:2:3: note: first defined here\n"
	                       "g.yaml: note: see also\n"
	                       "note: bare\n");
	teardown(&f);
}

static void test_text_format_caret(void)
{
	struct fixture f;
	setup(&f);
	const char *src = "network: n\nfabric:\n  version: 9.9.9\nlast";
	struct fc_diag *d = fc_diag_error(&f.diags, "fabric-version-unsupported",
	                                  at("t.yaml", 3, 12), NULL, "bad version");
	fc_diag_note(&f.diags, d, at("t.yaml", 1, 1), "here");
	fc_diag_format_text(&f.out, d, src, strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf,
	                       "t.yaml:3:12: error: bad version [fabric-version-unsupported]\n"
	                       "    version: 9.9.9\n"
	                       "             ^\n"
	                       "t.yaml:1:1: note: here\n");

	/* column 1, first line */
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("t.yaml", 1, 1), NULL, "m"),
	                    src, strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "t.yaml:1:1: error: m [c]\n  network: n\n  ^\n");

	/* last line without a newline */
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("t.yaml", 4, 3), NULL, "m"),
	                    src, strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "t.yaml:4:3: error: m [c]\n  last\n    ^\n");

	/* column 0: caret at the start */
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("t.yaml", 2, 0), NULL, "m"),
	                    src, strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "t.yaml:2: error: m [c]\n  fabric:\n  ^\n");

	/* line beyond the source: no source line */
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("t.yaml", 9, 1), NULL, "m"),
	                    src, strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "t.yaml:9:1: error: m [c]\n");

	/* line 0: no source line */
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("t.yaml", 0, 0), NULL, "m"),
	                    src, strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "t.yaml: error: m [c]\n");

	/* source_len bounds the source: line 4 is cut after "la" */
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("t.yaml", 4, 2), NULL, "m"),
	                    src, strlen(src) - 2);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "t.yaml:4:2: error: m [c]\n  la\n   ^\n");
	teardown(&f);
}

static void test_text_format_caret_tabs_and_crlf(void)
{
	struct fixture f;
	setup(&f);
	const char *src = "a: 1\r\n\tb:\t x\r\nc";
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("f", 2, 6), NULL, "m"), src,
	                    strlen(src));
	/* the caret line copies tabs so the caret lines up in any tab width */
	CU_ASSERT_STRING_EQUAL(f.out.buf, "f:2:6: error: m [c]\n  \tb:\t x\n  \t  \t ^\n");

	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("f", 1, 4), NULL, "m"), src,
	                    strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "f:1:4: error: m [c]\n  a: 1\n     ^\n");

	/* a column past the end of the line puts the caret just after it */
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("f", 3, 40), NULL, "m"), src,
	                    strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "f:3:40: error: m [c]\n  c\n   ^\n");
	teardown(&f);
}

/* Columns count characters (libyaml's marks do): a multi-byte character
 * before a tab must not shift the tab in the caret line. */
static void test_text_format_caret_utf8(void)
{
	struct fixture f;
	setup(&f);
	const char *src = "k: \xc3\xa9 x\n\xc3\xa9\tx\n";
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("f", 1, 6), NULL, "m"), src,
	                    strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "f:1:6: error: m [c]\n  k: \xc3\xa9 x\n       ^\n");
	fc_strbuf_reset(&f.out);
	fc_diag_format_text(&f.out, fc_diag_error(&f.diags, "c", at("f", 2, 3), NULL, "m"), src,
	                    strlen(src));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "f:2:3: error: m [c]\n  \xc3\xa9\tx\n   \t^\n");
	teardown(&f);
}

static void test_json_format_empty(void)
{
	struct fixture f;
	setup(&f);
	fc_diags_format_json(&f.out, &f.diags);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "{\"errors\":0,\"warnings\":0,\"diagnostics\":[]}\n");
	fc_strbuf_reset(&f.out);
	fc_diags_format_json_members(&f.out, &f.diags);
	CU_ASSERT_STRING_EQUAL(f.out.buf, "\"errors\":0,\"warnings\":0,\"diagnostics\":[]");
	teardown(&f);
}

static void test_json_format(void)
{
	struct fixture f;
	setup(&f);
	struct fc_diag *d = fc_diag_error(&f.diags, "duplicate-key", at("f.yaml", 3, 5), "/a~1b",
	                                  "key 'a\"b' \\ twice\n");
	fc_diag_note(&f.diags, d, at("f.yaml", 1, 2), "first defined here");
	fc_diag_note(&f.diags, d, at(NULL, 0, 0), "tab\there");
	fc_diag_warning(&f.diags, "w", at(NULL, 0, 0), NULL, "caf\xc3\xa9");
	fc_diags_format_json(&f.out, &f.diags);
	CU_ASSERT_STRING_EQUAL(
	        f.out.buf,
	        "{\"errors\":1,\"warnings\":1,\"diagnostics\":["
	        "{\"severity\":\"error\",\"code\":\"duplicate-key\",\"file\":\"f.yaml\","
	        "\"line\":3,\"column\":5,\"path\":\"/a~1b\","
	        "\"message\":\"key 'a\\\"b' \\\\ twice\\n\",\"notes\":["
	        "{\"file\":\"f.yaml\",\"line\":1,\"column\":2,\"message\":\"first defined here\"},"
	        "{\"file\":null,\"line\":0,\"column\":0,\"message\":\"tab\\there\"}]},"
	        "{\"severity\":\"warning\",\"code\":\"w\",\"file\":null,\"line\":0,\"column\":0,"
	        "\"path\":null,\"message\":\"caf\xc3\xa9\",\"notes\":[]}]}\n");

	fc_strbuf_reset(&f.out);
	fc_strbuf_addch(&f.out, '{');
	fc_diags_format_json_members(&f.out, &f.diags);
	fc_strbuf_addstr(&f.out, "}\n");
	struct fc_strbuf whole = FC_STRBUF_INIT;
	fc_diags_format_json(&whole, &f.diags);
	CU_ASSERT_STRING_EQUAL(f.out.buf, whole.buf);
	fc_strbuf_release(&whole);
	teardown(&f);
}

static void test_json_after_promote_and_sort(void)
{
	struct fixture f;
	setup(&f);
	fc_diag_warning(&f.diags, "w", at("f", 2, 1), "", "b");
	fc_diag_error(&f.diags, "e", at("f", 1, 1), "", "a");
	fc_diags_promote_warnings(&f.diags);
	fc_diags_sort(&f.diags);
	fc_diags_format_json(&f.out, &f.diags);
	CU_ASSERT_STRING_EQUAL(
	        f.out.buf,
	        "{\"errors\":2,\"warnings\":0,\"diagnostics\":["
	        "{\"severity\":\"error\",\"code\":\"e\",\"file\":\"f\",\"line\":1,\"column\":1,"
	        "\"path\":\"\",\"message\":\"a\",\"notes\":[]},"
	        "{\"severity\":\"error\",\"code\":\"w\",\"file\":\"f\",\"line\":2,\"column\":1,"
	        "\"path\":\"\",\"message\":\"b\",\"notes\":[]}]}\n");
	teardown(&f);
}

static void test_release_and_reuse(void)
{
	struct fixture f;
	setup(&f);
	fc_diag_error(&f.diags, "e", at("f", 1, 1), NULL, "a");
	fc_diag_warning(&f.diags, "w", at("f", 1, 1), NULL, "a");
	fc_diags_release(&f.diags);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	CU_ASSERT_EQUAL(f.diags.errors, 0);
	CU_ASSERT_EQUAL(f.diags.warnings, 0);
	CU_ASSERT_PTR_NULL(f.diags.items);
	fc_diag_error(&f.diags, "e", at("f", 1, 1), NULL, "again");
	CU_ASSERT_EQUAL(f.diags.count, 1);
	CU_ASSERT_EQUAL(f.diags.items[0]->seq, 0);
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("diag", FC_TEST(test_counts_errors_and_warnings), FC_TEST(test_strings_are_copied),
	         FC_TEST(test_many_diagnostics_capped), FC_TEST(test_notes_keep_order),
	         FC_TEST(test_sort_order), FC_TEST(test_sort_ties_by_insertion_many),
	         FC_TEST(test_promote_warnings), FC_TEST(test_text_format),
	         FC_TEST(test_text_format_notes), FC_TEST(test_text_format_caret),
	         FC_TEST(test_text_format_caret_tabs_and_crlf),
	         FC_TEST(test_text_format_caret_utf8), FC_TEST(test_json_format_empty),
	         FC_TEST(test_json_format), FC_TEST(test_json_after_promote_and_sort),
	         FC_TEST(test_release_and_reuse));
}
