/*
 * Unit tests of fabpolicy: Fabric's signature policy language.  Valid
 * strings with the tree they give (printed back canonically); invalid ones
 * with the byte offset of the error and a part of its message.  The grammar
 * is common/policydsl/policyparser.go's at v2.5.12 and v3.1.1 (its tests,
 * policyparser_test.go, use the same shapes: nested gates, both quotes, the
 * three spellings of each gate).
 */
#include "cunit_main.h"
#include "fabpolicy.h"
#include "model_fixture.h"
#include "strbuf.h"

#include <string.h>

/* Canonical form: OutOf(t,...) for every gate, 'MSP.role' principals. */
static void print(struct fc_strbuf *sb, const struct fc_fabpolicy *p)
{
	if (p->kind == FC_FABPOLICY_PRINCIPAL) {
		fc_strbuf_addf(sb, "'%s.%s'@%zu", p->msp_id, p->role, p->offset);
		return;
	}
	fc_strbuf_addf(sb, "OutOf(%u", p->threshold);
	for (size_t i = 0; i < p->count; i++) {
		fc_strbuf_addf(sb, ",");
		print(sb, p->subs[i]);
	}
	fc_strbuf_addf(sb, ")@%zu", p->offset);
}

static void test_valid(void)
{
	static const struct {
		const char *text, *tree;
		bool or_only;
	} cases[] = {
	        {"'Org1MSP.peer'", "'Org1MSP.peer'@0", true},
	        {"\"Org1MSP.member\"", "'Org1MSP.member'@0", true},
	        {"OR('Org1MSP.peer','Org2MSP.peer')",
	         "OutOf(1,'Org1MSP.peer'@3,'Org2MSP.peer'@18)@0", true},
	        {"AND('A.admin', 'B.client')", "OutOf(2,'A.admin'@4,'B.client'@15)@0", false},
	        {"and('A.member')", "OutOf(1,'A.member'@4)@0", true},
	        {"Or('A.orderer')", "OutOf(1,'A.orderer'@3)@0", true},
	        {"OutOf(2, 'A.peer', 'B.peer', 'C.peer')",
	         "OutOf(2,'A.peer'@9,'B.peer'@19,'C.peer'@29)@0", false},
	        {"OUTOF(1,'A.peer')", "OutOf(1,'A.peer'@8)@0", true},
	        {"outof(1,'A.peer',OR('B.peer','C.peer'))",
	         "OutOf(1,'A.peer'@8,OutOf(1,'B.peer'@20,'C.peer'@29)@17)@0", true},
	        {"  AND ( 'A.peer' ,\n\tOR('B.peer') )  ",
	         "OutOf(2,'A.peer'@8,OutOf(1,'B.peer'@23)@20)@2", false},
	        /* the MSP ID may hold '.' and '-': the role follows the last '.' */
	        {"'org-1.example.com.peer'", "'org-1.example.com.peer'@0", true},
	        {"AND(OR('A.peer','B.peer'),OR('A.admin','B.admin'))",
	         "OutOf(2,OutOf(1,'A.peer'@7,'B.peer'@16)@4,OutOf(1,'A.admin'@29,'B.admin'@39)@"
	         "26)@0",
	         false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fc_arena arena;
		fc_arena_init(&arena);
		struct fc_fabpolicy *p;
		struct fc_fabpolicy_error err;
		int rc = fc_fabpolicy_parse(&arena, cases[i].text, strlen(cases[i].text), &p, &err);
		report(rc == 0, __LINE__, "'%s' rejected: %s at %zu", cases[i].text, err.message,
		       err.offset);
		if (rc == 0) {
			struct fc_strbuf sb = FC_STRBUF_INIT;
			print(&sb, p);
			report(strcmp(sb.buf, cases[i].tree) == 0, __LINE__,
			       "'%s' gave %s, want %s", cases[i].text, sb.buf, cases[i].tree);
			report(fc_fabpolicy_is_or_only(p) == cases[i].or_only, __LINE__,
			       "'%s': or-only %d", cases[i].text, !cases[i].or_only);
			fc_strbuf_release(&sb);
		}
		fc_arena_release(&arena);
	}
}

static void test_invalid(void)
{
	static const struct {
		const char *text;
		size_t offset;
		const char *part;
	} cases[] = {
	        {"", 0, "expected a gate or a quoted principal, found the end"},
	        {"   ", 3, "found the end of the policy"},
	        {"Org1MSP.peer", 0, "unknown gate 'Org1MSP'"},
	        {"XOR('A.peer')", 0, "unknown gate 'XOR'"},
	        {"oR('A.peer')", 0, "unknown gate 'oR'"},
	        {"OR 'A.peer'", 3, "expected '(' after the gate name, found '''"},
	        {"OR('A.peer'", 11, "expected ',' or ')', found the end of the policy"},
	        {"OR('A.peer';'B.peer')", 11, "expected ',' or ')', found ';'"},
	        {"OR('A.peer',)", 12, "expected a gate or a quoted principal, found ')'"},
	        {"OR()", 3, "expected a gate or a quoted principal, found ')'"},
	        {"OR('A.peer')x", 12, "unexpected 'x' after the policy"},
	        {"OR('A.peer') OR('B.peer')", 13, "unexpected 'O' after the policy"},
	        {"OR('A.peer", 3, "unterminated principal: no closing '"},
	        {"OR('A.peer\")", 3, "unterminated principal"},
	        {"OR('Org1MSP')", 4, "principal 'Org1MSP' is not MSPID.role"},
	        {"OR('.peer')", 4, "principal '.peer' is not MSPID.role"},
	        {"OR('Org1MSP.writer')", 12, "unknown role 'writer'"},
	        {"OR('Org1MSP.Peer')", 12, "unknown role 'Peer'"},
	        {"OR('Org 1.peer')", 7, "holds ' '"},
	        {"OR('Org_1.peer')", 7, "holds '_'"},
	        {"OutOf('A.peer','B.peer')", 6, "expected the count of OutOf, found '''"},
	        {"OutOf(2 'A.peer')", 8, "expected ',' after the count of OutOf"},
	        {"OutOf(3, 'A.peer', 'B.peer')", 6, "the count must be 1 to 2"},
	        {"OutOf(0, 'A.peer')", 6, "the count must be 1 to 1"},
	        {"OutOf(-1, 'A.peer')", 6, "expected the count of OutOf, found '-'"},
	        {"OR(\x01'A.peer')", 3, "found byte 0x01"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fc_arena arena;
		fc_arena_init(&arena);
		struct fc_fabpolicy *p = (struct fc_fabpolicy *)&arena; /* must be reset */
		struct fc_fabpolicy_error err;
		int rc = fc_fabpolicy_parse(&arena, cases[i].text, strlen(cases[i].text), &p, &err);
		report(rc == -1 && p == NULL, __LINE__, "'%s' accepted", cases[i].text);
		report(err.offset == cases[i].offset, __LINE__, "'%s': error at %zu, want %zu (%s)",
		       cases[i].text, err.offset, cases[i].offset, err.message);
		report(strstr(err.message, cases[i].part) != NULL, __LINE__,
		       "'%s': message '%s' lacks '%s'", cases[i].text, err.message, cases[i].part);
		fc_arena_release(&arena);
	}
}

static void test_depth(void)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (int i = 0; i < FC_FABPOLICY_MAX_DEPTH; i++)
		fc_strbuf_addf(&sb, "OR(");
	fc_strbuf_addf(&sb, "'A.peer'");
	for (int i = 0; i < FC_FABPOLICY_MAX_DEPTH; i++)
		fc_strbuf_addf(&sb, ")");
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_fabpolicy *p;
	struct fc_fabpolicy_error err;
	CU_ASSERT_EQUAL(fc_fabpolicy_parse(&arena, sb.buf, sb.len, &p, &err), 0);
	fc_strbuf_reset(&sb);
	for (int i = 0; i <= FC_FABPOLICY_MAX_DEPTH; i++)
		fc_strbuf_addf(&sb, "OR(");
	fc_strbuf_addf(&sb, "'A.peer'");
	for (int i = 0; i <= FC_FABPOLICY_MAX_DEPTH; i++)
		fc_strbuf_addf(&sb, ")");
	CU_ASSERT_EQUAL(fc_fabpolicy_parse(&arena, sb.buf, sb.len, &p, &err), -1);
	CU_ASSERT_EQUAL(err.offset, 3 * FC_FABPOLICY_MAX_DEPTH);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "nested deeper"));
	fc_strbuf_release(&sb);
	fc_arena_release(&arena);
}

static bool collect(void *ctx, const struct fc_fabpolicy *principal)
{
	fc_strbuf_addf(ctx, "%s.%s;", principal->msp_id, principal->role);
	return true;
}

static void test_principals(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	const char *text = "AND('A.peer',OR('B.admin',OutOf(1,'C.member')),'A.client')";
	struct fc_fabpolicy *p;
	struct fc_fabpolicy_error err;
	CU_ASSERT_EQUAL_FATAL(fc_fabpolicy_parse(&arena, text, strlen(text), &p, &err), 0);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_fabpolicy_each_principal(p, collect, &sb);
	CU_ASSERT_STRING_EQUAL(sb.buf, "A.peer;B.admin;C.member;A.client;");
	fc_strbuf_release(&sb);
	fc_arena_release(&arena);
}

void fc_test_register(void)
{
	FC_SUITE("fabpolicy", FC_TEST(test_valid), FC_TEST(test_invalid), FC_TEST(test_depth),
	         FC_TEST(test_principals));
}
