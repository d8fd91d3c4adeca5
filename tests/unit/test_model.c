/*
 * Unit tests of model: topologies written as YAML text, loaded with
 * fc_load_yaml and built with fc_model_build; checks the derived facts
 * (namespaces, port scheme, defaults, images) and every rule of model.c with
 * its code, position, JSON Pointer, message and notes.  Most rules are rows
 * of three tables (structure_cases, consensus_cases, settings_cases) that
 * run_cases() checks; the derived facts, and rules whose inputs are built
 * in code (long names, many organizations), are functions.
 *
 * Line and column numbers in expectations refer to the YAML texts; the
 * common blocks below fix their lines:
 *   HEAD      lines 1-3    (version value at 3:12)
 *   ORG1      lines 4-8    (name at 5:11, mspId at 6:12, peers value at 8:12)
 *   ORDERERS  lines 9-13   (name at 10:11, orderers value at 13:15)
 *   CONSENSUS lines 14-15  (type value at 15:9)
 *   CIDRS     lines 16-17
 */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "doc.h"
#include "load.h"
#include "model.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define HEAD(version) "network: net\nfabric:\n  version: " version "\n"
#define ORG1(peers)                                                                              \
	"peerOrganizations:\n  - name: org1\n    mspId: Org1MSP\n    domain: org1.example.com\n" \
	"    peers: " peers "\n"
#define ORDERERS(n)                                                                              \
	"ordererOrganizations:\n  - name: ord\n    mspId: OrdMSP\n    domain: ord.example.com\n" \
	"    orderers: " n "\n"
#define CONSENSUS(type) "consensus:\n  type: " type "\n"
#define CIDRS "isolation:\n  nodeCidrs: [10.0.0.0/8]\n"

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_network *net;
	int rc;
};

static void setup(struct fixture *f)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	f->net = NULL;
	f->rc = 0;
}

static void teardown(struct fixture *f)
{
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

/* Loads yaml (file "t.yaml") and builds the model; returns the model's rc. */
static int build(struct fixture *f, const char *yaml)
{
	struct fc_node *root = NULL;
	int lrc = fc_load_yaml(&f->arena, "t.yaml", yaml, strlen(yaml), NULL, &root, &f->diags);
	CU_ASSERT_EQUAL_FATAL(lrc, 0);
	CU_ASSERT_EQUAL_FATAL(f->diags.count, 0);
	f->rc = fc_model_build(&f->arena, root, &f->diags, &f->net);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->net);
	return f->rc;
}

static void report(bool ok, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The table row being run (run_cases), named in failure messages. */
static const char *current_case;

static void report(bool ok, int line, const char *fmt, ...)
{
	char buf[2048] = "";
	if (!ok) {
		int n = current_case ? snprintf(buf, sizeof(buf), "case '%s': ", current_case) : 0;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, buf, __FILE__, "",
	                        CU_FALSE);
}

/* All diagnostics as text, for failure messages. */
static const char *all_diags(struct fixture *f)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; i < f->diags.count; i++) {
		fc_strbuf_addstr(&sb, " | ");
		fc_diag_format_text(&sb, f->diags.items[i], NULL, 0);
		if (sb.len && sb.buf[sb.len - 1] == '\n')
			sb.buf[--sb.len] = '\0';
	}
	const char *s = fc_arena_strdup(&f->arena, sb.buf);
	fc_strbuf_release(&sb);
	return s;
}

#define EXPECT_COUNTS(f, e, w) expect_counts(f, e, w, __LINE__)
static void expect_counts(struct fixture *f, size_t errors, size_t warnings, int line)
{
	report(f->diags.errors == errors && f->diags.warnings == warnings, line,
	       "want %zu errors, %zu warnings; got %zu, %zu:%s", errors, warnings, f->diags.errors,
	       f->diags.warnings, all_diags(f));
	report((f->rc == -1) == (errors > 0), line, "model returned %d, want %d", f->rc,
	       errors > 0 ? -1 : 0);
}

static size_t count_code(struct fixture *f, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < f->diags.count; i++)
		n += strcmp(f->diags.items[i]->code, code) == 0;
	return n;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

#define EXPECT_DIAG(f, code, nth, sev, line, col, path, msg) \
	expect_diag(f, code, nth, sev, line, col, path, msg, __LINE__)
/* The nth diagnostic of code: severity, position in t.yaml, path, message. */
static const struct fc_diag *expect_diag(struct fixture *f, const char *code, size_t nth,
                                         enum fc_severity sev, unsigned line, unsigned col,
                                         const char *path, const char *msg, int at)
{
	const struct fc_diag *d = NULL;
	for (size_t i = 0, k = 0; i < f->diags.count && !d; i++)
		if (strcmp(f->diags.items[i]->code, code) == 0 && k++ == nth)
			d = f->diags.items[i];
	report(d != NULL, at, "no diagnostic [%s] #%zu:%s", code, nth, all_diags(f));
	if (!d)
		return NULL;
	const char *file = line ? "t.yaml" : NULL;
	report(d->severity == sev, at, "[%s] severity %d", code, (int)d->severity);
	report(d->pos.line == line && d->pos.col == col && same(d->pos.file, file), at,
	       "[%s] at %s:%u:%u, want %u:%u", code, d->pos.file ? d->pos.file : "(null)",
	       d->pos.line, d->pos.col, line, col);
	report(same(d->path, path), at, "[%s] path '%s', want '%s'", code,
	       d->path ? d->path : "(null)", path ? path : "(null)");
	report(same(d->message, msg), at, "[%s] message '%s', want '%s'", code, d->message, msg);
	return d;
}

#define EXPECT_NOTE(d, nth, line, col, msg) expect_note(d, nth, line, col, msg, __LINE__)
static void expect_note(const struct fc_diag *d, size_t nth, unsigned line, unsigned col,
                        const char *msg, int at)
{
	if (!d)
		return;
	const struct fc_note *n = d->notes;
	for (size_t i = 0; n && i < nth; i++)
		n = n->next;
	report(n != NULL, at, "[%s] has no note #%zu", d->code, nth);
	if (!n)
		return;
	report(n->pos.line == line && n->pos.col == col && same(n->pos.file, "t.yaml"), at,
	       "note at %u:%u, want %u:%u", n->pos.line, n->pos.col, line, col);
	report(same(n->message, msg), at, "note '%s', want '%s'", n->message, msg);
}

#define EXPECT_NO_MORE_NOTES(d, count) expect_note_count(d, count, __LINE__)
static void expect_note_count(const struct fc_diag *d, size_t count, int at)
{
	if (!d)
		return;
	size_t n = 0;
	for (const struct fc_note *x = d->notes; x; x = x->next)
		n++;
	report(n == count, at, "[%s] has %zu notes, want %zu", d->code, n, count);
}

/*
 * The rules as a table: a topology, the error and warning counts it gives,
 * and its diagnostics (code, which one of that code, severity, position,
 * JSON Pointer, message, and its note when there is one: every row also
 * checks that a diagnostic has exactly that many notes), an optional code
 * that must not appear, and an optional check of the model.
 */
struct want_diag {
	const char *code;
	size_t nth;
	enum fc_severity sev;
	unsigned line, col;
	const char *path, *msg;
	unsigned note_line, note_col; /* note_msg's position */
	const char *note_msg; /* NULL: the diagnostic has no note */
};

struct model_case {
	const char *name;
	const char *yaml;
	size_t errors, warnings;
	struct want_diag diags[4];
	const char *absent; /* a code that must not be reported, or NULL */
	void (*check)(struct fixture *f); /* more checks of the model, or NULL */
};

#define ERR(code, line, col, path, msg)                                      \
	{                                                                    \
		code, 0, FC_SEVERITY_ERROR, line, col, path, msg, 0, 0, NULL \
	}
#define NO_DIAGS                                                                 \
	{                                                                        \
		{                                                                \
			NULL, 0, FC_SEVERITY_ERROR, 0, 0, NULL, NULL, 0, 0, NULL \
		}                                                                \
	}
/* Runs each case: counts, return value, diagnostics, notes, absent codes. */
static void run_cases(const struct model_case *cases, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct model_case *c = &cases[i];
		struct fixture f;
		setup(&f);
		current_case = c->name;
		build(&f, c->yaml);
		expect_counts(&f, c->errors, c->warnings, __LINE__);
		for (size_t k = 0; k < sizeof(c->diags) / sizeof(c->diags[0]) && c->diags[k].code;
		     k++) {
			const struct want_diag *w = &c->diags[k];
			const struct fc_diag *d = expect_diag(&f, w->code, w->nth, w->sev, w->line,
			                                      w->col, w->path, w->msg, __LINE__);
			if (w->note_msg)
				expect_note(d, 0, w->note_line, w->note_col, w->note_msg, __LINE__);
			expect_note_count(d, w->note_msg ? 1 : 0, __LINE__);
		}
		if (c->absent)
			report(count_code(&f, c->absent) == 0, __LINE__, "[%s] reported:%s",
			       c->absent, all_diags(&f));
		if (c->check)
			c->check(&f);
		current_case = NULL;
		teardown(&f);
	}
}

static const char *const BASE = "network: net\n" /* 1 */
                                "fabric:\n" /* 2 */
                                "  version: 2.5.12\n" /* 3 */
                                "peerOrganizations:\n" /* 4 */
                                "  - name: org1\n" /* 5 */
                                "    mspId: Org1MSP\n" /* 6 */
                                "    domain: org1.example.com\n" /* 7 */
                                "    peers: 2\n" /* 8 */
                                "  - name: org2\n" /* 9 */
                                "    mspId: Org2MSP\n" /* 10 */
                                "    domain: org2.example.com\n" /* 11 */
                                "    peers:\n" /* 12 */
                                "      - name: alpha\n" /* 13 */
                                "      - name: beta\n" /* 14 */
                                "ordererOrganizations:\n" /* 15 */
                                "  - name: ord\n" /* 16 */
                                "    mspId: OrdMSP\n" /* 17 */
                                "    domain: ord.example.com\n" /* 18 */
                                "    orderers: 3\n" /* 19 */
                                "consensus:\n" /* 20 */
                                "  type: etcdraft\n" /* 21 */
                                "channels:\n" /* 22 */
                                "  - name: ch1\n" /* 23 */
                                "    organizations: [org1, org2]\n" /* 24 */
                                "isolation:\n" /* 25 */
                                "  nodeCidrs: [10.0.0.0/8]\n"; /* 26 */

/* ---- derived facts -------------------------------------------------------- */

static void test_names_and_namespaces(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, BASE), 0);
	EXPECT_COUNTS(&f, 0, 0);
	const struct fc_network *n = f.net;
	CU_ASSERT_STRING_EQUAL(n->name, "net");
	CU_ASSERT_EQUAL_FATAL(n->peer_org_count, 2);
	CU_ASSERT_EQUAL_FATAL(n->orderer_org_count, 1);
	CU_ASSERT_EQUAL(n->peer_count, 4);
	CU_ASSERT_EQUAL(n->orderer_count, 3);

	const struct fc_org *o1 = &n->peer_orgs[0], *o2 = &n->peer_orgs[1];
	CU_ASSERT_EQUAL(o1->kind, FC_ORG_PEER);
	CU_ASSERT_STRING_EQUAL(o1->name, "org1");
	CU_ASSERT_STRING_EQUAL(o1->msp_id, "Org1MSP");
	CU_ASSERT_STRING_EQUAL(o1->domain, "org1.example.com");
	CU_ASSERT_STRING_EQUAL(o1->namespace, "org1-net");
	CU_ASSERT_STRING_EQUAL(o1->pointer, "/peerOrganizations/0");
	CU_ASSERT_EQUAL(o1->index, 1);
	CU_ASSERT_EQUAL(o1->pos.line, 5);
	CU_ASSERT_EQUAL(o1->pos.col, 5);
	CU_ASSERT_EQUAL(o1->name_pos.line, 5);
	CU_ASSERT_EQUAL(o1->name_pos.col, 11);
	CU_ASSERT_EQUAL(o1->msp_pos.line, 6);
	CU_ASSERT_EQUAL(o1->msp_pos.col, 12);
	CU_ASSERT_EQUAL(o1->nodes_pos.line, 8);
	CU_ASSERT_EQUAL(o1->nodes_pos.col, 12);
	CU_ASSERT_EQUAL(o1->state_db, FC_STATE_DB_COUCHDB);
	CU_ASSERT_TRUE(o1->ca);
	CU_ASSERT_FALSE(o1->cli);
	CU_ASSERT_EQUAL_FATAL(o1->peer_count, 2);
	CU_ASSERT_STRING_EQUAL(o1->peers[0].name, "peer0");
	CU_ASSERT_STRING_EQUAL(o1->peers[1].name, "peer1");
	CU_ASSERT_STRING_EQUAL(o1->peers[1].host, "peer1.org1.example.com");
	CU_ASSERT_STRING_EQUAL(o1->peers[1].service, "peer1");
	CU_ASSERT_EQUAL(o1->peers[1].index, 1);
	CU_ASSERT_PTR_EQUAL(o1->peers[1].org, o1);
	/* a count's peers are positioned at the count */
	CU_ASSERT_EQUAL(o1->peers[1].pos.line, 8);
	CU_ASSERT_EQUAL(o1->peers[1].pos.col, 12);

	CU_ASSERT_STRING_EQUAL(o2->namespace, "org2-net");
	CU_ASSERT_STRING_EQUAL(o2->pointer, "/peerOrganizations/1");
	CU_ASSERT_EQUAL(o2->index, 2);
	CU_ASSERT_EQUAL_FATAL(o2->peer_count, 2);
	CU_ASSERT_STRING_EQUAL(o2->peers[0].name, "alpha");
	CU_ASSERT_STRING_EQUAL(o2->peers[0].host, "alpha.org2.example.com");
	CU_ASSERT_EQUAL(o2->peers[0].pos.line, 13);
	CU_ASSERT_EQUAL(o2->peers[0].pos.col, 15);
	CU_ASSERT_STRING_EQUAL(o2->peers[1].name, "beta");
	CU_ASSERT_EQUAL(o2->peers[1].index, 1);
	CU_ASSERT_EQUAL(o2->peers[1].pos.line, 14);

	const struct fc_org *ord = &n->orderer_orgs[0];
	CU_ASSERT_EQUAL(ord->kind, FC_ORG_ORDERER);
	CU_ASSERT_STRING_EQUAL(ord->namespace, "ord-net");
	CU_ASSERT_STRING_EQUAL(ord->pointer, "/ordererOrganizations/0");
	CU_ASSERT_EQUAL(ord->index, 1);
	CU_ASSERT_FALSE(ord->ca);
	CU_ASSERT_EQUAL_FATAL(ord->orderer_count, 3);
	for (unsigned i = 0; i < 3; i++) {
		char name[16], host[48];
		snprintf(name, sizeof(name), "orderer%u", i);
		snprintf(host, sizeof(host), "orderer%u.ord.example.com", i);
		CU_ASSERT_STRING_EQUAL(ord->orderers[i].name, name);
		CU_ASSERT_STRING_EQUAL(ord->orderers[i].service, name);
		CU_ASSERT_STRING_EQUAL(ord->orderers[i].host, host);
		CU_ASSERT_EQUAL(ord->orderers[i].number, i + 1);
		CU_ASSERT_PTR_EQUAL(ord->orderers[i].org, ord);
		CU_ASSERT_EQUAL(ord->orderers[i].pos.line, 19);
		CU_ASSERT_EQUAL(ord->orderers[i].pos.col, 15);
	}
	CU_ASSERT_STRING_EQUAL(n->explorer_namespace, "explorer-net");
	teardown(&f);
}

static void test_node_port_scheme(void)
{
	struct fixture f;
	setup(&f);
	/* exposure.caExternal opens the CAs' NodePorts (line 27, after BASE) */
	CU_ASSERT_EQUAL(
	        build(&f, fc_arena_printf(&f.arena, "%sexposure:\n  caExternal: true\n", BASE)), 0);
	const struct fc_network *n = f.net;
	const struct fc_org *o1 = &n->peer_orgs[0], *o2 = &n->peer_orgs[1];
	/* org N: base = peerBase + (N-1) * stride; CA at base; peer M at
	 * base + 2M + 1 (7051) and base + 2M + 2 (7052) */
	CU_ASSERT_EQUAL(o1->port_base, 30000);
	CU_ASSERT_EQUAL(o1->ca_node_port, 30000);
	CU_ASSERT_EQUAL(o1->peers[0].node_port, 30001);
	CU_ASSERT_EQUAL(o1->peers[0].chaincode_node_port, 30002);
	CU_ASSERT_EQUAL(o1->peers[1].node_port, 30003);
	CU_ASSERT_EQUAL(o1->peers[1].chaincode_node_port, 30004);
	CU_ASSERT_EQUAL(o2->port_base, 30100);
	CU_ASSERT_EQUAL(o2->ca_node_port, 30100);
	CU_ASSERT_EQUAL(o2->peers[0].node_port, 30101);
	CU_ASSERT_EQUAL(o2->peers[0].chaincode_node_port, 30102);
	CU_ASSERT_EQUAL(o2->peers[1].node_port, 30103);
	CU_ASSERT_EQUAL(o2->peers[1].chaincode_node_port, 30104);
	/* orderer N at ordererBase + N */
	for (unsigned i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(n->orderer_orgs[0].orderers[i].node_port, 32701 + i);

	/* the port map, in topology order */
	CU_ASSERT_EQUAL_FATAL(n->port_count, 13);
	static const struct {
		const char *ns, *service, *component, *name;
		unsigned port, node_port;
		const char *pointer;
		unsigned line, col;
	} want[] = {
	        {"org1-net", "ca", "ca", "ca", 7054, 30000, "/peerOrganizations/0/ca", 5, 11},
	        {"org1-net", "peer0", "peer", "grpc", 7051, 30001, "/peerOrganizations/0/peers", 8,
	         12},
	        {"org1-net", "peer0", "peer", "chaincode", 7052, 30002,
	         "/peerOrganizations/0/peers", 8, 12},
	        {"org1-net", "peer1", "peer", "grpc", 7051, 30003, "/peerOrganizations/0/peers", 8,
	         12},
	        {"org1-net", "peer1", "peer", "chaincode", 7052, 30004,
	         "/peerOrganizations/0/peers", 8, 12},
	        {"org2-net", "ca", "ca", "ca", 7054, 30100, "/peerOrganizations/1/ca", 9, 11},
	        {"org2-net", "alpha", "peer", "grpc", 7051, 30101, "/peerOrganizations/1/peers", 13,
	         15},
	        {"org2-net", "alpha", "peer", "chaincode", 7052, 30102,
	         "/peerOrganizations/1/peers", 13, 15},
	        {"org2-net", "beta", "peer", "grpc", 7051, 30103, "/peerOrganizations/1/peers", 14,
	         15},
	        {"org2-net", "beta", "peer", "chaincode", 7052, 30104, "/peerOrganizations/1/peers",
	         14, 15},
	        {"ord-net", "orderer0", "orderer", "grpc", 7050, 32701,
	         "/ordererOrganizations/0/orderers", 19, 15},
	        {"ord-net", "orderer1", "orderer", "grpc", 7050, 32702,
	         "/ordererOrganizations/0/orderers", 19, 15},
	        {"ord-net", "orderer2", "orderer", "grpc", 7050, 32703,
	         "/ordererOrganizations/0/orderers", 19, 15},
	};
	for (size_t i = 0; i < 13; i++) {
		const struct fc_port *p = &n->ports[i];
		CU_ASSERT_PTR_NOT_NULL_FATAL(p->org);
		CU_ASSERT_STRING_EQUAL(p->org->namespace, want[i].ns);
		CU_ASSERT_STRING_EQUAL(p->service, want[i].service);
		CU_ASSERT_STRING_EQUAL(p->component, want[i].component);
		CU_ASSERT_STRING_EQUAL(p->name, want[i].name);
		CU_ASSERT_EQUAL(p->port, want[i].port);
		CU_ASSERT_EQUAL(p->node_port, want[i].node_port);
		CU_ASSERT_STRING_EQUAL(p->pointer, want[i].pointer);
		CU_ASSERT_EQUAL(p->pos.line, want[i].line);
		CU_ASSERT_EQUAL(p->pos.col, want[i].col);
		CU_ASSERT_TRUE(p->external);
	}
	unsigned lo = 1, hi = 1;
	CU_ASSERT_EQUAL(fc_model_node_ports(n, &lo, &hi), 13);
	CU_ASSERT_EQUAL(lo, 30000);
	CU_ASSERT_EQUAL(hi, 32703);
	teardown(&f);
}

/* Orderers are numbered across orderer organizations; custom bases. */
static void test_orderers_numbered_across_orgs(void)
{
	struct fixture f;
	setup(&f);
	const char *yaml =
	        HEAD("2.5.12") ORG1("1") ORDERERS("2") "  - name: ord2\n"
	                                               "    mspId: Ord2MSP\n"
	                                               "    domain: ord2.example.com\n"
	                                               "    ca: true\n"
	                                               "    orderers:\n"
	                                               "      - name: x\n"
	                                               "      - name: y\n"
	                                               "      - name: z\n"
	                                               "consensus:\n"
	                                               "  type: etcdraft\n" CIDRS "exposure:\n"
	                                               "  nodePort:\n"
	                                               "    peerBase: 31000\n"
	                                               "    stride: 10\n"
	                                               "    ordererBase: 32000\n";
	CU_ASSERT_EQUAL(build(&f, yaml), 0);
	EXPECT_COUNTS(&f, 0, 0);
	const struct fc_network *n = f.net;
	CU_ASSERT_EQUAL_FATAL(n->orderer_org_count, 2);
	CU_ASSERT_EQUAL(n->orderer_count, 5);
	const struct fc_org *a = &n->orderer_orgs[0], *b = &n->orderer_orgs[1];
	CU_ASSERT_EQUAL(a->index, 1);
	CU_ASSERT_EQUAL(b->index, 2);
	CU_ASSERT_STRING_EQUAL(b->namespace, "ord2-net");
	CU_ASSERT_TRUE(b->ca);
	CU_ASSERT_EQUAL(a->orderers[0].number, 1);
	CU_ASSERT_EQUAL(a->orderers[1].number, 2);
	CU_ASSERT_EQUAL(a->orderers[1].node_port, 32002);
	CU_ASSERT_STRING_EQUAL(b->orderers[0].name, "x");
	CU_ASSERT_STRING_EQUAL(b->orderers[0].host, "x.ord2.example.com");
	CU_ASSERT_EQUAL(b->orderers[0].number, 3);
	CU_ASSERT_EQUAL(b->orderers[0].node_port, 32003);
	CU_ASSERT_EQUAL(b->orderers[2].number, 5);
	CU_ASSERT_EQUAL(b->orderers[2].node_port, 32005);
	CU_ASSERT_EQUAL(b->orderers[2].pos.line, 21);
	CU_ASSERT_EQUAL(b->orderers[2].pos.col, 15);
	CU_ASSERT_EQUAL(n->peer_orgs[0].port_base, 31000);
	CU_ASSERT_EQUAL(n->peer_orgs[0].peers[0].node_port, 31001);
	/* an orderer organization's CA is in the port map, not exposed */
	CU_ASSERT_EQUAL_FATAL(n->port_count, 2 + 1 + 5 + 1);
	const struct fc_port *ca = &n->ports[3 + 2];
	CU_ASSERT_STRING_EQUAL(ca->component, "ca");
	CU_ASSERT_STRING_EQUAL(ca->org->name, "ord2");
	CU_ASSERT_EQUAL(ca->node_port, 0);
	CU_ASSERT_STRING_EQUAL(ca->pointer, "/ordererOrganizations/1/ca");
	unsigned lo, hi;
	/* and org1's CA keeps its port closed (exposure.caExternal is off) */
	CU_ASSERT_EQUAL(fc_model_node_ports(n, &lo, &hi), 7);
	CU_ASSERT_EQUAL(lo, 31001);
	CU_ASSERT_EQUAL(hi, 32005);
	teardown(&f);
}

static void test_defaults(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, BASE), 0);
	const struct fc_network *n = f.net;
	CU_ASSERT_STRING_EQUAL(n->chart_name, "fabric");
	CU_ASSERT_STRING_EQUAL(n->chart_version, "0.1.0");
	CU_ASSERT_STRING_EQUAL(n->chart_description,
	                       "Hyperledger Fabric 2.5.12 network 'net', generated by fabchart");
	CU_ASSERT_STRING_EQUAL(n->chart_home, "https://github.com/hyperledger/fabric");
	CU_ASSERT_EQUAL_FATAL(n->chart_source_count, 1);
	CU_ASSERT_STRING_EQUAL(n->chart_sources[0], "https://github.com/hyperledger/fabric");
	CU_ASSERT_EQUAL_FATAL(n->maintainer_count, 1);
	CU_ASSERT_STRING_EQUAL(n->maintainers[0].name, "net network operators");
	CU_ASSERT_PTR_NULL(n->maintainers[0].email);
	CU_ASSERT_PTR_NULL(n->maintainers[0].url);
	CU_ASSERT_EQUAL(n->fabric.major, 2);
	CU_ASSERT_EQUAL(n->fabric.minor, 5);
	CU_ASSERT_EQUAL(n->fabric.patch, 12);
	CU_ASSERT_STRING_EQUAL(n->fabric.text, "2.5.12");
	CU_ASSERT_STRING_EQUAL(n->ca_version, "1.5.15");
	CU_ASSERT_TRUE(n->tls);
	CU_ASSERT_STRING_EQUAL(n->pull_policy, "IfNotPresent");
	CU_ASSERT_EQUAL(n->consensus, FC_CONSENSUS_ETCDRAFT);
	CU_ASSERT_EQUAL(n->kafka.brokers, 4);
	CU_ASSERT_EQUAL(n->kafka.zookeepers, 3);
	CU_ASSERT_EQUAL(n->kafka.min_insync_replicas, 2);
	CU_ASSERT_EQUAL(n->kafka.replication_factor, 3);
	CU_ASSERT_STRING_EQUAL(n->batch.timeout, "2s");
	CU_ASSERT_EQUAL(n->batch.max_message_count, 10);
	CU_ASSERT_STRING_EQUAL(n->batch.absolute_max_bytes, "99 MB");
	CU_ASSERT_STRING_EQUAL(n->batch.preferred_max_bytes, "512 KB");
	CU_ASSERT_EQUAL(n->storage.kind, FC_STORAGE_DEFAULT);
	CU_ASSERT_STRING_EQUAL(n->storage.organization_size, "10Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_PEER], "10Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_COUCHDB], "10Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_ORDERER], "10Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_CA], "1Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_KAFKA], "10Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_ZOOKEEPER], "1Gi");
	CU_ASSERT_PTR_NULL(n->storage.sizes[FC_COMPONENT_TOOLS]);
	CU_ASSERT_PTR_NULL(n->storage.sizes[FC_COMPONENT_EXPLORER]);
	CU_ASSERT_PTR_NULL(n->storage.sizes[FC_COMPONENT_EXPLORER_DB]);
	CU_ASSERT_EQUAL(n->exposure, FC_EXPOSURE_NODEPORT);
	CU_ASSERT_EQUAL(n->node_port.peer_base, 30000);
	CU_ASSERT_EQUAL(n->node_port.stride, 100);
	CU_ASSERT_EQUAL(n->node_port.orderer_base, 32700);
	CU_ASSERT_EQUAL(n->node_port.explorer, 0);
	CU_ASSERT_EQUAL(n->node_port.range_start, 30000);
	CU_ASSERT_EQUAL(n->node_port.range_end, 32767);
	CU_ASSERT_TRUE(n->network_policies);
	CU_ASSERT_EQUAL_FATAL(n->node_cidr_count, 1);
	CU_ASSERT_STRING_EQUAL(n->node_cidrs[0], "10.0.0.0/8");
	CU_ASSERT_TRUE(n->explorer_external);
	CU_ASSERT_FALSE(n->explorer);
	/* resources */
	const struct fc_resources *peer = &n->resources[FC_COMPONENT_PEER];
	CU_ASSERT_STRING_EQUAL(peer->request_cpu, "250m");
	CU_ASSERT_STRING_EQUAL(peer->request_memory, "512Mi");
	CU_ASSERT_STRING_EQUAL(peer->limit_cpu, "1");
	CU_ASSERT_STRING_EQUAL(peer->limit_memory, "1Gi");
	const struct fc_resources *tools = &n->resources[FC_COMPONENT_TOOLS];
	CU_ASSERT_STRING_EQUAL(tools->request_cpu, "50m");
	CU_ASSERT_STRING_EQUAL(tools->limit_memory, "256Mi");
	CU_ASSERT_STRING_EQUAL(n->resources[FC_COMPONENT_KAFKA].request_memory, "1Gi");
	/* anchor peers: each member's first peer */
	CU_ASSERT_EQUAL_FATAL(n->channel_count, 1);
	const struct fc_channel *ch = &n->channels[0];
	CU_ASSERT_STRING_EQUAL(ch->name, "ch1");
	CU_ASSERT_EQUAL(ch->pos.line, 23);
	CU_ASSERT_EQUAL(ch->pos.col, 11);
	CU_ASSERT_EQUAL_FATAL(ch->member_count, 2);
	CU_ASSERT_PTR_EQUAL(ch->members[0], &n->peer_orgs[0]);
	CU_ASSERT_PTR_EQUAL(ch->members[1], &n->peer_orgs[1]);
	CU_ASSERT_EQUAL_FATAL(ch->anchor_count, 2);
	CU_ASSERT_PTR_EQUAL(ch->anchors[0].org, &n->peer_orgs[0]);
	CU_ASSERT_PTR_EQUAL(ch->anchors[0].peer, &n->peer_orgs[0].peers[0]);
	CU_ASSERT_PTR_EQUAL(ch->anchors[1].org, &n->peer_orgs[1]);
	CU_ASSERT_STRING_EQUAL(ch->anchors[1].peer->name, "alpha");
	/* names */
	CU_ASSERT_STRING_EQUAL(fc_component_key(FC_COMPONENT_EXPLORER_DB), "explorerDb");
	CU_ASSERT_STRING_EQUAL(fc_component_key(FC_COMPONENT_TOOLS), "tools");
	CU_ASSERT_STRING_EQUAL(fc_consensus_name(FC_CONSENSUS_SOLO), "solo");
	CU_ASSERT_STRING_EQUAL(fc_consensus_name(FC_CONSENSUS_KAFKA), "kafka");
	CU_ASSERT_STRING_EQUAL(fc_consensus_name(FC_CONSENSUS_ETCDRAFT), "etcdraft");
	CU_ASSERT_STRING_EQUAL(fc_consensus_name(FC_CONSENSUS_BFT), "BFT");
	CU_ASSERT_STRING_EQUAL(fc_exposure_name(FC_EXPOSURE_NODEPORT), "NodePort");
	CU_ASSERT_STRING_EQUAL(fc_exposure_name(FC_EXPOSURE_CLUSTERIP), "ClusterIP");
	CU_ASSERT_STRING_EQUAL(fc_exposure_name(FC_EXPOSURE_LOADBALANCER), "LoadBalancer");
	teardown(&f);
}

static void expect_image(const struct fc_network *n, enum fc_component c, const char *repo,
                         const char *tag, int at)
{
	report(same(n->images[c].repository, repo) && same(n->images[c].tag, tag), at,
	       "image of %s is %s:%s, want %s:%s", fc_component_key(c), n->images[c].repository,
	       n->images[c].tag, repo, tag);
}
#define EXPECT_IMAGE(n, c, repo, tag) expect_image(n, c, repo, tag, __LINE__)

static void test_images_fabric_2_5(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, BASE), 0);
	const struct fc_network *n = f.net;
	EXPECT_IMAGE(n, FC_COMPONENT_PEER, "hyperledger/fabric-peer", "2.5.12");
	EXPECT_IMAGE(n, FC_COMPONENT_COUCHDB, "couchdb", "3.3.3");
	EXPECT_IMAGE(n, FC_COMPONENT_ORDERER, "hyperledger/fabric-orderer", "2.5.12");
	EXPECT_IMAGE(n, FC_COMPONENT_CA, "hyperledger/fabric-ca", "1.5.15");
	EXPECT_IMAGE(n, FC_COMPONENT_TOOLS, "hyperledger/fabric-tools", "2.5.12");
	EXPECT_IMAGE(n, FC_COMPONENT_KAFKA, "hyperledger/fabric-kafka", "0.4.22");
	EXPECT_IMAGE(n, FC_COMPONENT_ZOOKEEPER, "hyperledger/fabric-zookeeper", "0.4.22");
	/* Explorer 2.0.0 is the first with Fabric 2.5 */
	EXPECT_IMAGE(n, FC_COMPONENT_EXPLORER, "hyperledger/explorer", "2.0.0");
	EXPECT_IMAGE(n, FC_COMPONENT_EXPLORER_DB, "hyperledger/explorer-db", "2.0.0");
	EXPECT_IMAGE(n, FC_COMPONENT_KUBECTL, "alpine/kubectl", "1.34.1");
	teardown(&f);
}

static void test_images_fabric_1_4(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, HEAD("1.4.12") ORG1("1") ORDERERS("3") CONSENSUS("kafka") CIDRS),
	                0);
	EXPECT_COUNTS(&f, 0, 0);
	const struct fc_network *n = f.net;
	CU_ASSERT_EQUAL(n->consensus, FC_CONSENSUS_KAFKA);
	CU_ASSERT_STRING_EQUAL(n->ca_version, "1.4.9");
	EXPECT_IMAGE(n, FC_COMPONENT_PEER, "hyperledger/fabric-peer", "1.4.12");
	EXPECT_IMAGE(n, FC_COMPONENT_COUCHDB, "couchdb", "3.1.1");
	EXPECT_IMAGE(n, FC_COMPONENT_ORDERER, "hyperledger/fabric-orderer", "1.4.12");
	EXPECT_IMAGE(n, FC_COMPONENT_CA, "hyperledger/fabric-ca", "1.4.9");
	EXPECT_IMAGE(n, FC_COMPONENT_TOOLS, "hyperledger/fabric-tools", "1.4.12");
	EXPECT_IMAGE(n, FC_COMPONENT_KAFKA, "hyperledger/fabric-kafka", "0.4.22");
	EXPECT_IMAGE(n, FC_COMPONENT_EXPLORER, "hyperledger/explorer", "1.1.8");
	EXPECT_IMAGE(n, FC_COMPONENT_EXPLORER_DB, "hyperledger/explorer-db", "1.1.8");
	teardown(&f);
}

static void test_images_fabric_3(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, HEAD("3.1.0") ORG1("1") ORDERERS("4") CONSENSUS("BFT") CIDRS), 0);
	EXPECT_COUNTS(&f, 0, 0);
	const struct fc_network *n = f.net;
	CU_ASSERT_EQUAL(n->consensus, FC_CONSENSUS_BFT);
	CU_ASSERT_EQUAL(n->fabric.major, 3);
	CU_ASSERT_STRING_EQUAL(n->ca_version, "1.5.15");
	EXPECT_IMAGE(n, FC_COMPONENT_PEER, "hyperledger/fabric-peer", "3.1.0");
	EXPECT_IMAGE(n, FC_COMPONENT_COUCHDB, "couchdb", "3.3.3");
	EXPECT_IMAGE(n, FC_COMPONENT_ORDERER, "hyperledger/fabric-orderer", "3.1.0");
	EXPECT_IMAGE(n, FC_COMPONENT_CA, "hyperledger/fabric-ca", "1.5.15");
	EXPECT_IMAGE(n, FC_COMPONENT_TOOLS, "hyperledger/fabric-tools", "3.1.0");
	teardown(&f);
}

static void test_overrides(void)
{
	struct fixture f;
	setup(&f);
	const char *yaml =
	        "network: prod\n"
	        "chart:\n"
	        "  name: mychart\n"
	        "  version: 1.2.3-rc.1\n"
	        "  description: My network\n"
	        "  home: https://example.com\n"
	        "  sources: [https://a.example, https://b.example]\n"
	        "  maintainers:\n"
	        "    - name: Ann\n"
	        "      email: ann@example.com\n"
	        "    - name: Bob\n"
	        "      url: https://bob.example\n"
	        "fabric:\n"
	        "  version: 2.5.4\n"
	        "  caVersion: 1.5.7\n"
	        "  tls: true\n"
	        "  images:\n"
	        "    registry: registry.example.com:5000/mirror\n"
	        "    pullPolicy: Always\n"
	        "    peer: {repository: custom/peer, tag: special}\n"
	        "    couchdb: {tag: 3.2.0}\n"
	        "peerOrganizations:\n"
	        "  - name: org1\n"
	        "    mspId: Org1MSP\n"
	        "    domain: org1.example.com\n"
	        "    peers: 1\n"
	        "    stateDatabase: LevelDB\n"
	        "    ca: false\n"
	        "    cli: true\n"
	        "ordererOrganizations:\n"
	        "  - name: ord\n"
	        "    mspId: OrdMSP\n"
	        "    domain: ord.example.com\n"
	        "    orderers: 3\n"
	        "consensus:\n"
	        "  type: etcdraft\n"
	        "  batch: {timeout: 500ms, maxMessageCount: 50, absoluteMaxBytes: 10 MB, "
	        "preferredMaxBytes: 1 MB}\n"
	        "storage:\n"
	        "  nfs: {server: nfs.example.com, path: /exports}\n"
	        "  sizes: {organization: 50Gi, peer: 20Gi, zookeeper: 2Gi}\n"
	        "exposure:\n"
	        "  type: ClusterIP\n"
	        "isolation:\n"
	        "  networkPolicies: false\n"
	        "  explorerExternal: false\n"
	        "  nodeCidrs: [10.0.0.0/8, 192.168.0.0/16]\n"
	        "explorer:\n"
	        "  enabled: true\n"
	        "resources:\n"
	        "  cli: {requests: {cpu: 10m}, limits: {memory: 128Mi}}\n"
	        "  peer: {limits: {cpu: \"2\"}}\n";
	CU_ASSERT_EQUAL(build(&f, yaml), 0);
	EXPECT_COUNTS(&f, 0, 0);
	const struct fc_network *n = f.net;
	CU_ASSERT_STRING_EQUAL(n->chart_name, "mychart");
	CU_ASSERT_STRING_EQUAL(n->chart_version, "1.2.3-rc.1");
	CU_ASSERT_STRING_EQUAL(n->chart_description, "My network");
	CU_ASSERT_STRING_EQUAL(n->chart_home, "https://example.com");
	CU_ASSERT_EQUAL_FATAL(n->chart_source_count, 2);
	CU_ASSERT_STRING_EQUAL(n->chart_sources[1], "https://b.example");
	CU_ASSERT_EQUAL_FATAL(n->maintainer_count, 2);
	CU_ASSERT_STRING_EQUAL(n->maintainers[0].name, "Ann");
	CU_ASSERT_STRING_EQUAL(n->maintainers[0].email, "ann@example.com");
	CU_ASSERT_PTR_NULL(n->maintainers[0].url);
	CU_ASSERT_PTR_NULL(n->maintainers[1].email);
	CU_ASSERT_STRING_EQUAL(n->maintainers[1].url, "https://bob.example");
	CU_ASSERT_STRING_EQUAL(n->ca_version, "1.5.7");
	CU_ASSERT_STRING_EQUAL(n->pull_policy, "Always");
	EXPECT_IMAGE(n, FC_COMPONENT_PEER, "registry.example.com:5000/mirror/custom/peer",
	             "special");
	EXPECT_IMAGE(n, FC_COMPONENT_COUCHDB, "registry.example.com:5000/mirror/couchdb", "3.2.0");
	EXPECT_IMAGE(n, FC_COMPONENT_CA, "registry.example.com:5000/mirror/hyperledger/fabric-ca",
	             "1.5.7");
	EXPECT_IMAGE(n, FC_COMPONENT_ORDERER,
	             "registry.example.com:5000/mirror/hyperledger/fabric-orderer", "2.5.4");
	const struct fc_org *o = &n->peer_orgs[0];
	CU_ASSERT_EQUAL(o->state_db, FC_STATE_DB_LEVELDB);
	CU_ASSERT_FALSE(o->ca);
	CU_ASSERT_TRUE(o->cli);
	CU_ASSERT_STRING_EQUAL(n->batch.timeout, "500ms");
	CU_ASSERT_EQUAL(n->batch.max_message_count, 50);
	CU_ASSERT_STRING_EQUAL(n->batch.absolute_max_bytes, "10 MB");
	CU_ASSERT_STRING_EQUAL(n->batch.preferred_max_bytes, "1 MB");
	CU_ASSERT_EQUAL(n->storage.kind, FC_STORAGE_NFS);
	CU_ASSERT_STRING_EQUAL(n->storage.nfs_server, "nfs.example.com");
	CU_ASSERT_STRING_EQUAL(n->storage.nfs_path, "/exports");
	CU_ASSERT_STRING_EQUAL(n->storage.organization_size, "50Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_PEER], "20Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_ZOOKEEPER], "2Gi");
	CU_ASSERT_STRING_EQUAL(n->storage.sizes[FC_COMPONENT_ORDERER], "10Gi");
	CU_ASSERT_EQUAL(n->exposure, FC_EXPOSURE_CLUSTERIP);
	CU_ASSERT_FALSE(n->network_policies);
	CU_ASSERT_FALSE(n->explorer_external);
	CU_ASSERT_EQUAL(n->node_cidr_count, 2);
	CU_ASSERT_TRUE(n->explorer);
	CU_ASSERT_STRING_EQUAL(n->explorer_namespace, "explorer-prod");
	CU_ASSERT_STRING_EQUAL(n->resources[FC_COMPONENT_TOOLS].request_cpu, "10m");
	CU_ASSERT_STRING_EQUAL(n->resources[FC_COMPONENT_TOOLS].request_memory, "64Mi");
	CU_ASSERT_STRING_EQUAL(n->resources[FC_COMPONENT_TOOLS].limit_memory, "128Mi");
	CU_ASSERT_STRING_EQUAL(n->resources[FC_COMPONENT_PEER].limit_cpu, "2");
	CU_ASSERT_STRING_EQUAL(n->resources[FC_COMPONENT_PEER].request_cpu, "250m");
	/* ClusterIP: no NodePorts; the CA is off, so only peer and orderer ports */
	CU_ASSERT_EQUAL(o->ca_node_port, 0);
	CU_ASSERT_EQUAL(o->peers[0].node_port, 0);
	CU_ASSERT_EQUAL(o->peers[0].chaincode_node_port, 0);
	CU_ASSERT_EQUAL(n->orderer_orgs[0].orderers[0].node_port, 0);
	CU_ASSERT_EQUAL(n->port_count, 2 + 3);
	unsigned lo = 1, hi = 1;
	CU_ASSERT_EQUAL(fc_model_node_ports(n, &lo, &hi), 0);
	CU_ASSERT_EQUAL(lo, 0);
	CU_ASSERT_EQUAL(hi, 0);
	teardown(&f);
}

static void test_storage_class_and_load_balancer(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, HEAD("2.5.12") ORG1("1") ORDERERS("3") CONSENSUS(
	                                  "etcdraft") "storage:\n  storageClass: fast\n"
	                                              "exposure:\n  type: LoadBalancer\n"),
	                0);
	/* LoadBalancer traffic arrives from the nodes: policies without CIDRs drop it */
	EXPECT_COUNTS(&f, 0, 1);
	EXPECT_DIAG(
	        &f, "isolation-no-node-cidrs", 0, FC_SEVERITY_WARNING, 19, 9, "/exposure",
	        "NetworkPolicies will drop the LoadBalancer traffic to peers and orderers: no "
	        "nodeCidrs are allowed in; list the nodes' CIDRs in isolation.nodeCidrs (or the "
	        "clients' in exposure.clientCidrs), or keep the network inside the cluster "
	        "(exposure.type: ClusterIP)");
	CU_ASSERT_EQUAL(f.net->storage.kind, FC_STORAGE_CLASS);
	CU_ASSERT_STRING_EQUAL(f.net->storage.storage_class, "fast");
	CU_ASSERT_EQUAL(f.net->exposure, FC_EXPOSURE_LOADBALANCER);
	unsigned lo, hi;
	CU_ASSERT_EQUAL(fc_model_node_ports(f.net, &lo, &hi), 0);
	teardown(&f);
}

static void test_explicit_anchor_peers(void)
{
	struct fixture f;
	setup(&f);
	const char *yaml = HEAD("2.5.12") ORG1("3") ORDERERS("3") CONSENSUS("etcdraft") CIDRS
	        "channels:\n"
	        "  - name: ch1\n"
	        "    organizations: [org1]\n"
	        "    anchorPeers:\n"
	        "      - {organization: org1, peer: peer2}\n"
	        "      - {organization: org1, peer: peer0}\n"
	        "  - name: empty\n"
	        "    organizations: [org1]\n"
	        "    anchorPeers: []\n";
	CU_ASSERT_EQUAL(build(&f, yaml), 0);
	EXPECT_COUNTS(&f, 0, 0);
	CU_ASSERT_EQUAL_FATAL(f.net->channel_count, 2);
	const struct fc_channel *ch = &f.net->channels[0];
	CU_ASSERT_EQUAL_FATAL(ch->anchor_count, 2);
	CU_ASSERT_STRING_EQUAL(ch->anchors[0].peer->name, "peer2");
	CU_ASSERT_STRING_EQUAL(ch->anchors[1].peer->name, "peer0");
	CU_ASSERT_PTR_EQUAL(ch->anchors[0].org, &f.net->peer_orgs[0]);
	/* an explicit empty list means no anchor peers */
	CU_ASSERT_EQUAL(f.net->channels[1].anchor_count, 0);
	teardown(&f);
}

/* ---- rules ------------------------------------------------------------------ */

static void check_channel_membership(struct fixture *f)
{
	CU_ASSERT_EQUAL_FATAL(f->net->channel_count, 3);
	CU_ASSERT_EQUAL(f->net->channels[0].member_count, 1);
	CU_ASSERT_EQUAL(f->net->channels[0].anchor_count, 1);
}

/* org1 (2 peers) on lines 4-8, org2 (1 peer) 9-12, ord 13-17, consensus 18-19,
 * isolation 20-21 */
#define TWO_ORGS_TEXT                                                        \
	HEAD("2.5.12")                                                       \
	ORG1("2")                                                            \
	"  - name: org2\n    mspId: Org2MSP\n    domain: org2.example.com\n" \
	"    peers: 1\n" ORDERERS("3") CONSENSUS("etcdraft") CIDRS
static const char *const TWO_ORGS = TWO_ORGS_TEXT;

static void check_anchor_peers(struct fixture *f)
{
	const struct fc_channel *ch = &f->net->channels[0];
	CU_ASSERT_EQUAL_FATAL(ch->anchor_count, 2);
	CU_ASSERT_STRING_EQUAL(ch->anchors[0].peer->name, "peer1");
	CU_ASSERT_STRING_EQUAL(ch->anchors[1].peer->name, "peer0");
}

#define TWICE(code, nth, line, col, path, msg, first_line, first_col)                      \
	{                                                                                  \
		code, nth, FC_SEVERITY_ERROR, line, col, path, msg, first_line, first_col, \
		        "first defined here"                                               \
	}

static const struct model_case structure_cases[] = {
        {"duplicate organizations and MSP IDs",
         HEAD("2.5.12") ORG1("1") /* 4-8 */
         "  - name: org1\n" /* 9 */
         "    mspId: OrdMSP\n" /* 10 */
         "    domain: org1b.example.com\n" /* 11 */
         "    peers: 1\n" /* 12 */
         "ordererOrganizations:\n" /* 13 */
         "  - name: org1\n" /* 14 */
         "    mspId: OrdMSP\n" /* 15 */
         "    domain: ord.example.com\n" /* 16 */
         "    orderers: 3\n" /* 17 */
         CONSENSUS("etcdraft") CIDRS,
         3,
         0,
         {TWICE("duplicate-organization", 0, 9, 11, "/peerOrganizations/1/name",
                "organization 'org1' is defined twice", 5, 11),
          TWICE("duplicate-organization", 1, 14, 11, "/ordererOrganizations/0/name",
                "organization 'org1' is defined twice", 5, 11),
          TWICE("duplicate-msp-id", 0, 15, 12, "/ordererOrganizations/0/mspId",
                "MSP ID 'OrdMSP' is defined twice", 10, 12)},
         NULL,
         NULL},
        {"duplicate nodes",
         HEAD("2.5.12") /* 1-3 */
         "peerOrganizations:\n" /* 4 */
         "  - name: org1\n" /* 5 */
         "    mspId: Org1MSP\n" /* 6 */
         "    domain: org1.example.com\n" /* 7 */
         "    peers:\n" /* 8 */
         "      - name: peer0\n" /* 9 */
         "      - name: peer1\n" /* 10 */
         "      - name: peer0\n" /* 11 */
         "      - name: peer0\n" /* 12 */
         "ordererOrganizations:\n" /* 13 */
         "  - name: ord\n" /* 14 */
         "    mspId: OrdMSP\n" /* 15 */
         "    domain: ord.example.com\n" /* 16 */
         "    orderers:\n" /* 17 */
         "      - name: o1\n" /* 18 */
         "      - name: o1\n" /* 19 */
         "      - name: o2\n" /* 20 */
         CONSENSUS("etcdraft") CIDRS,
         3,
         0,
         {TWICE("duplicate-node", 0, 11, 15, "/peerOrganizations/0/peers/2/name",
                "peer 'peer0' is defined twice", 9, 15),
          TWICE("duplicate-node", 1, 12, 15, "/peerOrganizations/0/peers/3/name",
                "peer 'peer0' is defined twice", 9, 15),
          TWICE("duplicate-node", 2, 19, 15, "/ordererOrganizations/0/orderers/1/name",
                "orderer 'o1' is defined twice", 18, 15)},
         NULL,
         NULL},
        {"channel membership",
         HEAD("2.5.12") ORG1("2") ORDERERS("3") CONSENSUS("etcdraft") CIDRS
         "channels:\n" /* 18 */
         "  - name: ch1\n" /* 19 */
         "    organizations: [org1, nope, ord, org1]\n" /* 20 */
         "  - name: ch2\n" /* 21 */
         "    organizations: [org1]\n" /* 22 */
         "  - name: ch1\n" /* 23 */
         "    organizations: [org1]\n", /* 24 */
         4,
         0,
         {ERR("channel-unknown-organization", 20, 27, "/channels/0/organizations/1",
              "channel 'ch1' names unknown organization 'nope'"),
          ERR("channel-orderer-organization", 20, 33, "/channels/0/organizations/2",
              "'ord' is an orderer organization; channel members are peer organizations"),
          ERR("duplicate-channel-member", 20, 38, "/channels/0/organizations/3",
              "organization 'org1' is listed twice in channel 'ch1'"),
          TWICE("duplicate-channel", 0, 23, 11, "/channels/2/name",
                "channel 'ch1' is defined twice", 19, 11)},
         NULL,
         check_channel_membership},
        {"anchor peers",
         TWO_ORGS_TEXT "channels:\n" /* 22 */
                       "  - name: ch1\n" /* 23 */
                       "    organizations: [org1]\n" /* 24 */
                       "    anchorPeers:\n" /* 25 */
                       "      - organization: org1\n" /* 26 */
                       "        peer: peer1\n" /* 27 */
                       "      - organization: org2\n" /* 28 */
                       "        peer: peer0\n" /* 29 */
                       "      - organization: org1\n" /* 30 */
                       "        peer: peer9\n" /* 31 */
                       "      - {organization: org1, peer: peer1}\n" /* 32 */
                       "      - organization: org1\n" /* 33 */
                       "        peer: peer0\n", /* 34 */
         3,
         0,
         {ERR("anchor-peer-not-member", 28, 23, "/channels/0/anchorPeers/1/organization",
              "anchor peer organization 'org2' is not a member of channel 'ch1'"),
          ERR("anchor-peer-unknown-peer", 31, 15, "/channels/0/anchorPeers/2/peer",
              "organization 'org1' has no peer 'peer9'"),
          ERR("duplicate-anchor-peer", 32, 9, "/channels/0/anchorPeers/3",
              "'peer1' of 'org1' is an anchor peer of channel 'ch1' twice")},
         NULL,
         check_anchor_peers},
};

static void test_structure_table(void)
{
	run_cases(structure_cases, sizeof(structure_cases) / sizeof(structure_cases[0]));
}

#define SIMPLE(version, orderers, type) \
	HEAD(version) ORG1("1") ORDERERS(orderers) CONSENSUS(type) CIDRS
#define CONSENSUS_TYPE(code, sev, msg)                                  \
	{                                                               \
		code, 0, sev, 15, 9, "/consensus/type", msg, 0, 0, NULL \
	}
#define UNSUPPORTED(version, type, orderers, msg)                                                  \
	{                                                                                          \
		"consensus " type " on " version, SIMPLE(version, orderers, type), 1, 0,           \
		        {{"consensus-unsupported", 0, FC_SEVERITY_ERROR, 15, 9, "/consensus/type", \
		          msg, 3, 12, "Fabric version " version " set here"}},                     \
		        NULL, NULL                                                                 \
	}
#define CLEAN(version, type, orderers)                                                           \
	{                                                                                        \
		"consensus " type " on " version ", " orderers " orderers",                      \
		        SIMPLE(version, orderers, type), 0, 0,                                   \
		        {{NULL, 0, FC_SEVERITY_ERROR, 0, 0, NULL, NULL, 0, 0, NULL}}, NULL, NULL \
	}

/* an unsupported version: the model goes on as 2.5 so that later rules still run */
static void check_as_2_5(struct fixture *f)
{
	CU_ASSERT_EQUAL(f->net->fabric.major, 2);
	CU_ASSERT_EQUAL(f->net->fabric.minor, 5);
}

static void check_no_tls(struct fixture *f)
{
	CU_ASSERT_FALSE(f->net->tls);
}

#define BAD_VERSION(version, shown)                                                               \
	{                                                                                         \
		"Fabric version " version, SIMPLE(version, "3", "etcdraft"), 1, 0,                \
		        {{"fabric-version-unsupported", 0, FC_SEVERITY_ERROR, 3, 12,              \
		          "/fabric/version",                                                      \
		          "Fabric version '" shown "' is not supported; use 1.4.x, 2.5.x or 3.x", \
		          0, 0, NULL}},                                                           \
		        NULL, check_as_2_5                                                        \
	}
/* tls at 4:8, the consensus type at 16:9 */
#define NO_TLS(version, orderers, type)                                                                       \
	"network: net\nfabric:\n  version: " version "\n  tls: false\n" ORG1(                                 \
	        "1") "ordererOrganizations:\n  - name: ord\n    mspId: OrdMSP\n    domain: ord.example.com\n" \
	             "    orderers: " orderers "\nconsensus:\n  type: " type "\n" CIDRS
#define TLS_REQUIRED(version, orderers, type)                                                  \
	{                                                                                      \
		type " without TLS", NO_TLS(version, orderers, type), 1, 0,                    \
		        {{"consensus-tls-required", 0, FC_SEVERITY_ERROR, 4, 8, "/fabric/tls", \
		          "consensus '" type "' requires TLS", 16, 9, "consensus set here"}},  \
		        NULL, check_no_tls                                                     \
	}

static const struct model_case consensus_cases[] = {
        BAD_VERSION("2.4.0", "2.4.0"),
        BAD_VERSION("1.3.9", "1.3.9"),
        BAD_VERSION("2.6.0", "2.6.0"),
        BAD_VERSION("4.0.0", "4.0.0"),
        BAD_VERSION("0.5.0", "0.5.0"),
        BAD_VERSION("\"2.5\"", "2.5"),
        BAD_VERSION("v2.5.0", "v2.5.0"),
        BAD_VERSION("2.5.0-rc1", "2.5.0-rc1"),
        BAD_VERSION("\"\"", ""),
        BAD_VERSION("2.5.0.1", "2.5.0.1"),
        /* supported: 1.4.x, 2.5.x, 3.x */
        CLEAN("1.4.12", "etcdraft", "3"),
        CLEAN("2.5.0", "etcdraft", "3"),
        CLEAN("3.1.2", "etcdraft", "3"),
        CLEAN("3.10.0", "etcdraft", "3"),
        TLS_REQUIRED("2.5.12", "3", "etcdraft"),
        TLS_REQUIRED("3.0.0", "4", "BFT"),
        {"solo and kafka do without TLS", NO_TLS("1.4.12", "1", "solo"), 0, 0, NO_DIAGS, NULL,
         check_no_tls},
        UNSUPPORTED("2.5.12", "solo", "1",
                    "consensus 'solo' cannot join channels through the channel "
                    "participation API that Fabric 2.5 networks use; use etcdraft"),
        UNSUPPORTED("2.5.0", "kafka", "3",
                    "consensus 'kafka' cannot join channels through the channel "
                    "participation API that Fabric 2.5 networks use; use etcdraft"),
        UNSUPPORTED("3.0.0", "solo", "1",
                    "consensus 'solo' was removed in Fabric 3.0; use etcdraft or BFT"),
        UNSUPPORTED("3.1.0", "kafka", "3",
                    "consensus 'kafka' was removed in Fabric 3.0; use etcdraft or BFT"),
        UNSUPPORTED("1.4.0", "etcdraft", "3", "consensus 'etcdraft' needs Fabric 1.4.1 or later"),
        UNSUPPORTED("2.5.12", "BFT", "4", "consensus 'BFT' needs Fabric 3.0 or later"),
        UNSUPPORTED("1.4.12", "BFT", "4", "consensus 'BFT' needs Fabric 3.0 or later"),
        CLEAN("1.4.12", "solo", "1"),
        CLEAN("1.4.0", "kafka", "3"),
        CLEAN("1.4.1", "etcdraft", "3"),
        CLEAN("2.5.12", "etcdraft", "5"),
        CLEAN("3.0.0", "etcdraft", "3"),
        CLEAN("3.0.0", "BFT", "4"),
        CLEAN("3.1.0", "BFT", "7"),
        {"solo with 2 orderers",
         SIMPLE("1.4.12", "2", "solo"),
         1,
         0,
         {CONSENSUS_TYPE("consensus-orderer-count", FC_SEVERITY_ERROR,
                         "solo consensus runs exactly one orderer, the topology has 2")},
         NULL,
         NULL},
        {"BFT with 3 orderers",
         SIMPLE("3.0.0", "3", "BFT"),
         1,
         0,
         {CONSENSUS_TYPE("consensus-orderer-count", FC_SEVERITY_ERROR,
                         "BFT needs at least 4 orderers (n >= 3f + 1), the topology has 3")},
         NULL,
         NULL},
        {"BFT with 1 orderer: no Raft warning",
         SIMPLE("3.0.0", "1", "BFT"),
         1,
         0,
         {CONSENSUS_TYPE("consensus-orderer-count", FC_SEVERITY_ERROR,
                         "BFT needs at least 4 orderers (n >= 3f + 1), the topology has 1")},
         "raft-no-fault-tolerance",
         NULL},
        {"Raft with 1 orderer",
         SIMPLE("2.5.12", "1", "etcdraft"),
         0,
         1,
         {CONSENSUS_TYPE("raft-no-fault-tolerance", FC_SEVERITY_WARNING,
                         "a single Raft orderer tolerates no failure; use 3 or 5")},
         NULL,
         NULL},
        {"Raft with 4 orderers",
         SIMPLE("2.5.12", "4", "etcdraft"),
         0,
         1,
         {CONSENSUS_TYPE("raft-even-orderers", FC_SEVERITY_WARNING,
                         "4 Raft orderers tolerate no more failures than 3")},
         NULL,
         NULL},
        {"Raft with 2 orderers",
         SIMPLE("2.5.12", "2", "etcdraft"),
         0,
         1,
         {CONSENSUS_TYPE("raft-even-orderers", FC_SEVERITY_WARNING,
                         "2 Raft orderers tolerate no more failures than 1")},
         NULL,
         NULL},
        {"Raft orderers counted across organizations: 3 + 3",
         HEAD("2.5.12") ORG1("1") ORDERERS("3") "  - name: ord2\n"
                                                "    mspId: Ord2MSP\n"
                                                "    domain: o2.example\n"
                                                "    orderers: 3\n"
                                                "consensus:\n"
                                                "  type: etcdraft\n" CIDRS,
         0,
         1,
         {{"raft-even-orderers", 0, FC_SEVERITY_WARNING, 19, 9, "/consensus/type",
           "6 Raft orderers tolerate no more failures than 5", 0, 0, NULL}},
         NULL,
         NULL},
        CLEAN("3.0.0", "BFT", "6"), /* BFT is not Raft: no even-orderers warning */
};

static void test_consensus_table(void)
{
	run_cases(consensus_cases, sizeof(consensus_cases) / sizeof(consensus_cases[0]));
}

static void check_kafka_values(struct fixture *f)
{
	CU_ASSERT_EQUAL(f->net->kafka.brokers, 3);
	CU_ASSERT_EQUAL(f->net->kafka.zookeepers, 4);
	CU_ASSERT_EQUAL(f->net->kafka.min_insync_replicas, 1);
	CU_ASSERT_EQUAL(f->net->kafka.replication_factor, 3);
}

/* HEAD to ORDERERS, then the consensus section from line 14 */
#define KAFKA(settings) \
	HEAD("1.4.12") ORG1("1") ORDERERS("3") "consensus:\n  type: kafka\n  kafka:" settings CIDRS
#define RAFT_BATCH(settings) \
	HEAD("2.5.12")       \
	ORG1("1") ORDERERS("3") "consensus:\n  type: etcdraft\n  batch:" settings CIDRS
#define REPLICATION "Fabric requires 1 < minInsyncReplicas < replicationFactor < brokers, got "
#define BAD_ZOOKEEPERS(n)                                                               \
	{                                                                               \
		"kafka zookeepers: " n, KAFKA(" {zookeepers: " n "}\n"), 1, 0,          \
		        {ERR("kafka-zookeepers", 16, 23, "/consensus/kafka/zookeepers", \
		             "a ZooKeeper ensemble has 3, 5 or 7 servers, got " n)},    \
		        NULL, NULL                                                      \
	}
#define KAFKA_OK(settings)                                                              \
	{                                                                               \
		"kafka " settings, KAFKA(" " settings "\n"), 0, 0, NO_DIAGS, NULL, NULL \
	}

static const struct model_case settings_cases[] = {
        {"kafka: brokers, zookeepers and replication",
         KAFKA("\n"
               "    brokers: 3\n" /* 17 */
               "    zookeepers: 4\n"
               "    minInsyncReplicas: 1\n"
               "    replicationFactor: 3\n"),
         3,
         0,
         {ERR("kafka-brokers", 17, 14, "/consensus/kafka/brokers",
              "kafka consensus needs at least 4 brokers, got 3"),
          ERR("kafka-zookeepers", 18, 17, "/consensus/kafka/zookeepers",
              "a ZooKeeper ensemble has 3, 5 or 7 servers, got 4"),
          ERR("kafka-replication", 19, 24, "/consensus/kafka/minInsyncReplicas",
              REPLICATION "1, 3 and 3")},
         NULL,
         check_kafka_values},
        {"kafka: replication factor equal to the brokers, at replicationFactor",
         KAFKA("\n    replicationFactor: 4\n"),
         1,
         0,
         {ERR("kafka-replication", 17, 24, "/consensus/kafka/replicationFactor",
              REPLICATION "2, 4 and 4")},
         NULL,
         NULL},
        {"kafka: minInsyncReplicas equal to the replication factor, at minInsyncReplicas",
         KAFKA("\n    minInsyncReplicas: 3\n"),
         1,
         0,
         {ERR("kafka-replication", 17, 24, "/consensus/kafka/minInsyncReplicas",
              REPLICATION "3, 3 and 4")},
         NULL,
         NULL},
        {"kafka: too few brokers for the default replication, at the kafka mapping",
         KAFKA("\n    brokers: 3\n"),
         2,
         0,
         {ERR("kafka-brokers", 17, 14, "/consensus/kafka/brokers",
              "kafka consensus needs at least 4 brokers, got 3"),
          ERR("kafka-replication", 17, 5, "/consensus/kafka", REPLICATION "2, 3 and 3")},
         NULL,
         NULL},
        /* every ensemble size Fabric's kafka guide allows */
        KAFKA_OK("{zookeepers: 3}"),
        KAFKA_OK("{zookeepers: 5}"),
        KAFKA_OK("{zookeepers: 7}"),
        KAFKA_OK("{brokers: 6, minInsyncReplicas: 3, replicationFactor: 5}"),
        KAFKA_OK("{}"),
        BAD_ZOOKEEPERS("1"),
        BAD_ZOOKEEPERS("2"),
        BAD_ZOOKEEPERS("6"),
        BAD_ZOOKEEPERS("9"),
        {"kafka settings with etcdraft: a warning, and the kafka rules are not applied",
         HEAD("2.5.12") ORG1("1") ORDERERS("3") "consensus:\n"
                                                "  type: etcdraft\n"
                                                "  kafka:\n"
                                                "    brokers: 3\n" CIDRS,
         0,
         1,
         {{"consensus-settings-unused", 0, FC_SEVERITY_WARNING, 17, 5, "/consensus/kafka",
           "kafka settings are ignored with consensus 'etcdraft'", 0, 0, NULL}},
         "kafka-brokers",
         NULL},
        {"batch: preferredMaxBytes over absoluteMaxBytes",
         RAFT_BATCH("\n"
                    "    absoluteMaxBytes: 10 MB\n"
                    "    preferredMaxBytes: 10241 KB\n"), /* 18 */
         1,
         0,
         {ERR("batch-size", 18, 24, "/consensus/batch/preferredMaxBytes",
              "preferredMaxBytes (10241 KB) must not exceed absoluteMaxBytes (10 MB)")},
         NULL,
         NULL},
        {"batch: equal sizes are fine",
         RAFT_BATCH("\n"
                    "    absoluteMaxBytes: 10 MB\n"
                    "    preferredMaxBytes: 10240 KB\n"),
         0, 0, NO_DIAGS, NULL, NULL},
        {"batch: the default preferredMaxBytes (512 KB) over a smaller absolute size, at the "
         "batch mapping",
         RAFT_BATCH("\n    absoluteMaxBytes: 256 KB\n"),
         1,
         0,
         {ERR("batch-size", 17, 5, "/consensus/batch/preferredMaxBytes",
              "preferredMaxBytes (512 KB) must not exceed absoluteMaxBytes (256 KB)")},
         NULL,
         NULL},
        {"an empty node-port range: no per-port errors on top",
         HEAD("2.5.12") ORG1("1") ORDERERS("3") CONSENSUS("etcdraft") CIDRS
         "exposure:\n" /* 18 */
         "  nodePort:\n" /* 19 */
         "    rangeStart: 32000\n" /* 20 */
         "    rangeEnd: 31000\n",
         1,
         0,
         {ERR("nodeport-range", 20, 17, "/exposure/nodePort/rangeStart",
              "node-port range 32000-31000 is empty")},
         NULL,
         NULL},
        {"a one-port range is a range: the CA's port fits, the next ones do not",
         HEAD("2.5.12") ORG1("1") ORDERERS("1") CONSENSUS("etcdraft") CIDRS
         "exposure:\n  nodePort: {rangeStart: 30000, rangeEnd: 30000}\n",
         2,
         1,
         {{"raft-no-fault-tolerance", 0, FC_SEVERITY_WARNING, 15, 9, "/consensus/type",
           "a single Raft orderer tolerates no failure; use 3 or 5", 0, 0, NULL},
          ERR("nodeport-out-of-range", 8, 12, "/peerOrganizations/0/peers",
              "NodePort 30001 of peer 'peer0' of 'org1' is outside the node-port range "
              "30000-30000"),
          {"nodeport-out-of-range", 1, FC_SEVERITY_ERROR, 13, 15,
           "/ordererOrganizations/0/orderers",
           "NodePort 32701 of orderer 'orderer0' of 'ord' is outside the node-port range "
           "30000-30000",
           0, 0, NULL}},
         "nodeport-range",
         NULL},
};

static void test_settings_table(void)
{
	run_cases(settings_cases, sizeof(settings_cases) / sizeof(settings_cases[0]));
}

/* n peer organizations o1..on with one peer each, then one orderer
 * organization with 3 orderers; organization k's name is on line 4k + 1,
 * its peers value on line 4k + 4, the orderers value on line 4n + 9. */
static const char *many_orgs(struct fc_arena *arena, unsigned n)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addstr(&sb, HEAD("2.5.12") "peerOrganizations:\n");
	for (unsigned k = 1; k <= n; k++)
		fc_strbuf_addf(&sb,
		               "  - name: o%u\n    mspId: O%uMSP\n    domain: o%u.example.com\n"
		               "    peers: 1\n",
		               k, k, k);
	/* CAs exposed, so that their NodePorts (each organization's first) count */
	fc_strbuf_addstr(&sb, ORDERERS("3") CONSENSUS("etcdraft") CIDRS
	                 "exposure:\n  caExternal: true\n");
	const char *s = fc_arena_strdup(arena, sb.buf);
	fc_strbuf_release(&sb);
	return s;
}

static void test_nodeport_collision(void)
{
	struct fixture f;
	setup(&f);
	/* organization 28's range starts at 30000 + 27 * 100 = 32700, the
	 * orderers' base: its peer's ports are orderers 1 and 2's */
	CU_ASSERT_EQUAL(build(&f, many_orgs(&f.arena, 28)), -1);
	EXPECT_COUNTS(&f, 2, 0);
	CU_ASSERT_EQUAL(f.net->peer_orgs[27].port_base, 32700);
	const struct fc_diag *d;
	d = EXPECT_DIAG(&f, "nodeport-collision", 0, FC_SEVERITY_ERROR, 121, 15,
	                "/ordererOrganizations/0/orderers",
	                "NodePort 32701 of orderer 'orderer0' of 'ord' collides with peer 'peer0' "
	                "of 'o28'");
	EXPECT_NOTE(d, 0, 116, 12, "32701 assigned here");
	d = EXPECT_DIAG(&f, "nodeport-collision", 1, FC_SEVERITY_ERROR, 121, 15,
	                "/ordererOrganizations/0/orderers",
	                "NodePort 32702 of orderer 'orderer1' of 'ord' collides with peer 'peer0' "
	                "of 'o28'");
	EXPECT_NOTE(d, 0, 116, 12, "32702 assigned here");
	teardown(&f);

	/* 38 organizations: 28 collides as above, 29..38 leave the range */
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, many_orgs(&f.arena, 38)), -1);
	EXPECT_COUNTS(&f, 12, 0);
	CU_ASSERT_EQUAL(count_code(&f, "nodeport-collision"), 2);
	CU_ASSERT_EQUAL(count_code(&f, "nodeport-out-of-range"), 10);
	EXPECT_DIAG(&f, "nodeport-out-of-range", 9, FC_SEVERITY_ERROR, 153, 11,
	            "/peerOrganizations/37/ca",
	            "NodePort 33700 of the CA of 'o38' is outside the node-port range 30000-32767");
	teardown(&f);

	/* 27 organizations fit */
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, many_orgs(&f.arena, 27)), 0);
	EXPECT_COUNTS(&f, 0, 0);
	teardown(&f);
}

static void test_nodeport_stride(void)
{
	struct fixture f;
	setup(&f);
	const char *yaml = fc_arena_printf(&f.arena, "%s%s", TWO_ORGS,
	                                   "exposure:\n"
	                                   "  nodePort:\n"
	                                   "    stride: 3\n"
	                                   "  caExternal: true\n");
	CU_ASSERT_EQUAL(build(&f, yaml), -1);
	EXPECT_COUNTS(&f, 3, 0);
	EXPECT_DIAG(&f, "nodeport-stride", 0, FC_SEVERITY_ERROR, 8, 12,
	            "/peerOrganizations/0/peers",
	            "organization 'org1' has 2 peers; they need 5 ports, more than the stride of 3 "
	            "(at most 1 peer fit)");
	/* org2's range starts at 30003, inside org1's */
	const struct fc_diag *d;
	d = EXPECT_DIAG(&f, "nodeport-collision", 0, FC_SEVERITY_ERROR, 9, 11,
	                "/peerOrganizations/1/ca",
	                "NodePort 30003 of the CA of 'org2' collides with peer 'peer1' of 'org1'");
	EXPECT_NOTE(d, 0, 8, 12, "30003 assigned here");
	d = EXPECT_DIAG(
	        &f, "nodeport-collision", 1, FC_SEVERITY_ERROR, 12, 12,
	        "/peerOrganizations/1/peers",
	        "NodePort 30004 of peer 'peer0' of 'org2' collides with peer 'peer1' of 'org1'");
	EXPECT_NOTE(d, 0, 8, 12, "30004 assigned here");
	teardown(&f);

	/* exactly enough: 2 peers in a stride of 5 */
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, fc_arena_printf(&f.arena, "%s%s", TWO_ORGS,
	                                          "exposure:\n  nodePort: {stride: 5}\n")),
	                0);
	EXPECT_COUNTS(&f, 0, 0);
	CU_ASSERT_EQUAL(f.net->peer_orgs[1].port_base, 30005);
	teardown(&f);

	/* ClusterIP: the stride does not matter */
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, fc_arena_printf(&f.arena, "%s%s", TWO_ORGS,
	                                          "exposure:\n  type: ClusterIP\n"
	                                          "  nodePort: {stride: 3}\n")),
	                0);
	EXPECT_COUNTS(&f, 0, 0);
	teardown(&f);
}

/* neither isolation nor exposure (both optional): the warning still names the file */
static void check_warning_has_position(struct fixture *f)
{
	CU_ASSERT_EQUAL_FATAL(count_code(f, "isolation-no-node-cidrs"), 1);
	CU_ASSERT_PTR_NOT_NULL(f->diags.items[0]->pos.file);
	CU_ASSERT_NOT_EQUAL(f->diags.items[0]->pos.line, 0);
}

static void check_one_no_cidrs_warning(struct fixture *f)
{
	CU_ASSERT_EQUAL(count_code(f, "isolation-no-node-cidrs"), 1);
}

/* an unused explorer NodePort is not in the port map */
static void check_no_explorer_port(struct fixture *f)
{
	for (size_t i = 0; i < f->net->port_count; i++)
		CU_ASSERT_STRING_NOT_EQUAL(f->net->ports[i].component, "explorer");
}

static void check_explorer_port(struct fixture *f)
{
	CU_ASSERT_EQUAL(f->net->ports[f->net->port_count - 1].node_port, 31000);
	unsigned lo, hi;
	CU_ASSERT_EQUAL(fc_model_node_ports(f->net, &lo, &hi), 2 + 3 + 1); /* CA closed */
	CU_ASSERT_EQUAL(hi, 32703);
}

#define RAFT3 HEAD("2.5.12") ORG1("1") ORDERERS("3") CONSENSUS("etcdraft")
#define NO_CIDRS_MSG                                                                                \
	"NetworkPolicies will drop the NodePort traffic to peers and orderers: no nodeCidrs are "   \
	"allowed in; list the nodes' CIDRs in isolation.nodeCidrs, or keep the network inside the " \
	"cluster (exposure.type: ClusterIP)"
#define WARN(code, line, col, path, msg)                                       \
	{                                                                      \
		code, 0, FC_SEVERITY_WARNING, line, col, path, msg, 0, 0, NULL \
	}

static void check_explorer_inside(struct fixture *f)
{
	CU_ASSERT_FALSE(f->net->explorer_exposed);
	check_no_explorer_port(f);
}

static void check_nothing_external(struct fixture *f)
{
	for (size_t i = 0; i < f->net->port_count; i++)
		CU_ASSERT_FALSE(f->net->ports[i].external);
}

static void check_ca_closed(struct fixture *f)
{
	const struct fc_org *o = &f->net->peer_orgs[0];
	CU_ASSERT_EQUAL(o->port_base, 30000);
	CU_ASSERT_EQUAL(o->ca_node_port, 0);
	CU_ASSERT_EQUAL(o->peers[0].node_port, 30001); /* the scheme does not move */
	CU_ASSERT_EQUAL_FATAL(f->net->port_count, 1 + 2 + 3);
	CU_ASSERT_STRING_EQUAL(f->net->ports[0].component, "ca");
	CU_ASSERT_FALSE(f->net->ports[0].external);
	for (size_t i = 1; i < f->net->port_count; i++)
		CU_ASSERT_TRUE(f->net->ports[i].external);
}

static void check_all_external(struct fixture *f)
{
	CU_ASSERT_EQUAL_FATAL(f->net->port_count, 1 + 2 + 3);
	for (size_t i = 0; i < f->net->port_count; i++) {
		CU_ASSERT_TRUE(f->net->ports[i].external);
		CU_ASSERT_EQUAL(f->net->ports[i].node_port, 0);
	}
}

static void check_explorer_port_entry(struct fixture *f)
{
	const struct fc_port *last = &f->net->ports[f->net->port_count - 1];
	CU_ASSERT_PTR_NULL(last->org);
	CU_ASSERT_STRING_EQUAL(last->service, "explorer");
	CU_ASSERT_STRING_EQUAL(last->component, "explorer");
	CU_ASSERT_STRING_EQUAL(last->name, "http");
	CU_ASSERT_EQUAL(last->port, 8080);
	CU_ASSERT_EQUAL(last->node_port, 40000);
}

#define OUT_OF_RANGE(nth, line, col, path, msg)                                                   \
	{                                                                                         \
		"nodeport-out-of-range", nth, FC_SEVERITY_ERROR, line, col, path, msg, 0, 0, NULL \
	}

static const struct model_case names_and_ports_cases[] = {
        {"NodePorts out of range: one error per organization (its CA first), one per orderer",
         HEAD("2.5.12") ORG1("2") ORDERERS("3") CONSENSUS("etcdraft") CIDRS
         "exposure:\n"
         "  nodePort:\n"
         "    peerBase: 29999\n"
         "    ordererBase: 32765\n"
         "  caExternal: true\n",
         2,
         0,
         {OUT_OF_RANGE(0, 5, 11, "/peerOrganizations/0/ca",
                       "NodePort 29999 of the CA of 'org1' is outside the node-port range "
                       "30000-32767"),
          OUT_OF_RANGE(1, 13, 15, "/ordererOrganizations/0/orderers",
                       "NodePort 32768 of orderer 'orderer2' of 'ord' is outside the node-port "
                       "range 30000-32767")},
         NULL,
         NULL},
        {"a narrow range: org1's CA and first peer fit, its second peer does not (one error "
         "for the organization), every orderer is outside",
         HEAD("2.5.12") ORG1("3") ORDERERS("3") CONSENSUS("etcdraft") CIDRS
         "exposure:\n  nodePort: {rangeStart: 30000, rangeEnd: 30002}\n",
         4,
         0,
         {OUT_OF_RANGE(0, 8, 12, "/peerOrganizations/0/peers",
                       "NodePort 30003 of peer 'peer1' of 'org1' is outside the node-port range "
                       "30000-30002"),
          OUT_OF_RANGE(1, 13, 15, "/ordererOrganizations/0/orderers",
                       "NodePort 32701 of orderer 'orderer0' of 'ord' is outside the node-port "
                       "range 30000-30002"),
          OUT_OF_RANGE(2, 13, 15, "/ordererOrganizations/0/orderers",
                       "NodePort 32702 of orderer 'orderer1' of 'ord' is outside the node-port "
                       "range 30000-30002"),
          OUT_OF_RANGE(3, 13, 15, "/ordererOrganizations/0/orderers",
                       "NodePort 32703 of orderer 'orderer2' of 'ord' is outside the node-port "
                       "range 30000-30002")},
         NULL,
         NULL},
        {"the explorer's NodePort out of range",
         RAFT3 CIDRS "exposure:\n" /* 18 */
                     "  nodePort:\n" /* 19 */
                     "    explorer: 40000\n" /* 20 */
                     "explorer:\n"
                     "  enabled: true\n",
         1,
         0,
         {OUT_OF_RANGE(0, 20, 15, "/exposure/nodePort/explorer",
                       "NodePort 40000 of the explorer is outside the node-port range "
                       "30000-32767")},
         NULL,
         check_explorer_port_entry},
        {"ClusterIP: no NodePorts, nothing to check",
         RAFT3 "exposure:\n  type: ClusterIP\n  nodePort: {peerBase: 1}\n", 0, 0, NO_DIAGS, NULL,
         NULL},
        {"network policies without node CIDRs: at the isolation section",
         RAFT3 "isolation:\n" /* 16 */
               "  networkPolicies: true\n", /* 17 */
         0,
         1,
         {WARN("isolation-no-node-cidrs", 17, 3, "/isolation", NO_CIDRS_MSG)},
         NULL,
         NULL},
        {"no isolation section: at the exposure type",
         RAFT3 "exposure:\n  type: NodePort\n",
         0,
         1,
         {WARN("isolation-no-node-cidrs", 17, 9, "/exposure", NO_CIDRS_MSG)},
         NULL,
         NULL},
        {"neither section", RAFT3, 0, 1, NO_DIAGS, NULL, check_warning_has_position},
        {"an explorer NodePort that isolation.explorerExternal: false refuses",
         RAFT3 "explorer:\n  enabled: true\n" /* 16-17 */
               "exposure:\n  nodePort:\n    explorer: 31000\n" /* 18-20 */
               "isolation:\n  nodeCidrs: [10.0.0.0/8]\n  explorerExternal: false\n", /* 21-23 */
         1,
         0,
         {{"exposure-blocked", 0, FC_SEVERITY_ERROR, 20, 15, "/exposure/nodePort/explorer",
           "the explorer is exposed on NodePort 31000, but isolation.explorerExternal: false "
           "makes the NetworkPolicies drop every connection to it; remove "
           "exposure.nodePort.explorer to keep the explorer inside the cluster, or set "
           "isolation.explorerExternal: true",
           23, 21, "outside traffic to the explorer refused here"}},
         NULL,
         NULL},
        {"explorerExternal: false and no explorer NodePort: the explorer stays inside",
         RAFT3 "explorer:\n  enabled: true\nexposure:\n  type: LoadBalancer\n"
               "isolation:\n  nodeCidrs: [10.0.0.0/8]\n  explorerExternal: false\n",
         0, 0, NO_DIAGS, NULL, check_explorer_inside},
        {"an explorer NodePort without policies is no conflict",
         RAFT3 "explorer:\n  enabled: true\nexposure:\n  nodePort:\n    explorer: 31000\n"
               "isolation:\n  networkPolicies: false\n  explorerExternal: false\n",
         0, 0, NO_DIAGS, "exposure-blocked", NULL},
        {"caExternal with ClusterIP exposure",
         RAFT3 "exposure:\n  type: ClusterIP\n  caExternal: true\n", /* 16-18 */
         0,
         1,
         {WARN("ca-external-unused", 18, 15, "/exposure/caExternal",
               "exposure.caExternal has no effect with exposure.type ClusterIP: nothing is "
               "exposed outside the cluster")},
         NULL,
         check_nothing_external},
        {"the CA closed by default: reserved but not exposed", RAFT3 CIDRS, 0, 0, NO_DIAGS, NULL,
         check_ca_closed},
        {"caExternal with LoadBalancer: every Fabric port exposed, no NodePort",
         RAFT3 CIDRS "exposure:\n  type: LoadBalancer\n  caExternal: true\n", 0, 0, NO_DIAGS, NULL,
         check_all_external},
        {"no node-CIDRs warning: policies off", RAFT3 "isolation:\n  networkPolicies: false\n", 0,
         0, NO_DIAGS, NULL, NULL},
        {"no node-CIDRs warning: ClusterIP", RAFT3 "exposure:\n  type: ClusterIP\n", 0, 0, NO_DIAGS,
         NULL, NULL},
        {"an empty nodeCidrs list is no CIDR", RAFT3 "isolation:\n  nodeCidrs: []\n", 0, 1,
         NO_DIAGS, NULL, check_one_no_cidrs_warning},
        {"an explorer NodePort without the explorer",
         RAFT3 CIDRS "exposure:\n" /* 18 */
                     "  nodePort:\n" /* 19 */
                     "    explorer: 31000\n", /* 20 */
         0,
         1,
         {WARN("explorer-port-unused", 20, 15, "/exposure/nodePort/explorer",
               "an explorer NodePort is set but the explorer is not enabled")},
         NULL,
         check_no_explorer_port},
        {"an explorer NodePort with the explorer",
         RAFT3 CIDRS "exposure:\n  nodePort:\n    explorer: 31000\n"
                     "explorer:\n  enabled: true\n",
         0, 0, NO_DIAGS, NULL, check_explorer_port},
        {"the explorer's NodePort among the peers'",
         RAFT3 CIDRS "exposure:\n" /* 18 */
                     "  nodePort:\n" /* 19 */
                     "    explorer: 30002\n" /* 20 */
                     "explorer:\n"
                     "  enabled: true\n",
         1,
         0,
         {{"nodeport-collision", 0, FC_SEVERITY_ERROR, 20, 15, "/exposure/nodePort/explorer",
           "NodePort 30002 of the explorer collides with peer 'peer0' of 'org1'", 8, 12,
           "30002 assigned here"}},
         NULL,
         NULL},
        /* the organization's CA Service is "ca": a peer (or an orderer, when
         * its organization runs a CA) named "ca" would give two Services */
        {"without a CA the name 'ca' is free (orderer organizations run none by default)",
         HEAD("2.5.12") "peerOrganizations:\n"
                        "  - name: org1\n"
                        "    mspId: Org1MSP\n"
                        "    domain: org1.example.com\n"
                        "    ca: false\n"
                        "    peers:\n"
                        "      - name: ca\n"
                        "ordererOrganizations:\n"
                        "  - name: ord\n"
                        "    mspId: OrdMSP\n"
                        "    domain: ord.example.com\n"
                        "    orderers: [{name: ca}, {name: o1}, {name: o2}]\n" CONSENSUS("etcdraft")
                                CIDRS,
         0, 0, NO_DIAGS, NULL, NULL},
        {"without the explorer the name 'explorer' is free",
         HEAD("2.5.12") "peerOrganizations:\n"
                        "  - name: explorer\n"
                        "    mspId: ExMSP\n"
                        "    domain: ex.example.com\n"
                        "    peers: 1\n" ORDERERS("3") CONSENSUS("etcdraft") CIDRS,
         0, 0, NO_DIAGS, NULL, NULL},
};

static void test_names_and_ports_table(void)
{
	run_cases(names_and_ports_cases,
	          sizeof(names_and_ports_cases) / sizeof(names_and_ports_cases[0]));
}

/* Whole-number floats count as integers (JSON Schema's view of 4.0). */
static void test_whole_number_floats(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(build(&f, HEAD("2.5.12") ORG1("2.0") ORDERERS("3.0") CONSENSUS("etcdraft")
	                                  CIDRS "exposure:\n  nodePort: {stride: 10.0, peerBase: "
	                                        "31000.0}\n"),
	                0);
	EXPECT_COUNTS(&f, 0, 0);
	CU_ASSERT_EQUAL(f.net->peer_orgs[0].peer_count, 2);
	CU_ASSERT_EQUAL(f.net->orderer_count, 3);
	CU_ASSERT_EQUAL(f.net->node_port.stride, 10);
	CU_ASSERT_EQUAL(f.net->node_port.peer_base, 31000);
	teardown(&f);

	/* a fraction is not a count: the defaults apply */
	setup(&f);
	build(&f, HEAD("2.5.12") ORG1("1.5") ORDERERS("3") CONSENSUS("etcdraft") CIDRS
	      "exposure:\n  nodePort: {stride: 4.5}\n");
	CU_ASSERT_EQUAL(f.net->peer_orgs[0].peer_count, 0);
	CU_ASSERT_EQUAL(f.net->node_port.stride, 100);
	teardown(&f);
}

/* Errors already in diags do not make a good topology fail. */
static void test_only_new_errors_count(void)
{
	struct fixture f;
	setup(&f);
	fc_diag_error(&f.diags, "earlier", (struct fc_pos){0}, NULL, "from another stage");
	struct fc_node *root = NULL;
	CU_ASSERT_EQUAL_FATAL(
	        fc_load_yaml(&f.arena, "t.yaml", BASE, strlen(BASE), NULL, &root, &f.diags), 0);
	CU_ASSERT_EQUAL(fc_model_build(&f.arena, root, &f.diags, &f.net), 0);
	CU_ASSERT_EQUAL(f.diags.errors, 1);
	teardown(&f);
}

/* renewal-window-too-short: the schedules whose period the model tells, and the
 * runs it counts for the organization with the most BFT consenters (one at a
 * time; 1 run each when one orderer organization signs alone, else MAJORITY + 1) */
static void test_bft_renewal_window(void)
{
	static const struct {
		const char *consensus, *schedule, *window;
		size_t orgs, orderers;
		size_t warns;
	} cases[] = {
	        {"BFT", "0 3 * * *", "143h", 2, 2, 1}, /* 2 x (2 + 1) x 24h = 144h */
	        {"BFT", "0 3 * * *", "144h", 2, 2, 0},
	        {"BFT", "'@daily'", "143h", 2, 2, 1},
	        {"BFT", "'@weekly'", "671h", 1, 4, 1}, /* 4 x 1 x 168h */
	        {"BFT", "'@weekly'", "672h", 1, 4, 0},
	        {"BFT", "'@hourly'", "3h", 1, 4, 1},
	        {"BFT", "'*/30 * * * *'", "1h", 1, 4, 1}, /* 4 x 30 min */
	        {"BFT", "'*/30 * * * *'", "2h", 1, 4, 0},
	        {"BFT", "0 */6 * * *", "23h", 1, 4, 1},
	        {"BFT", "0 3 * * 1", "671h", 1, 4, 1},
	        {"BFT", "15 * * * *", "3h", 1, 4, 1},
	        {"BFT", "0 3 1,15 * *", "1h", 1, 4, 0}, /* no one period: not checked */
	        {"BFT", "0 3 * * 1-5", "1h", 1, 4, 0},
	        {"BFT", "0 3 * * *", "95h", 5, 1, 1}, /* 1 x (3 + 1) x 24h = 96h */
	        {"BFT", "0 3 * * *", "96h", 5, 1, 0},
	        {"etcdraft", "0 3 * * *", "1h", 1, 4, 0}, /* Raft renews in place */
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct fc_strbuf yaml = FC_STRBUF_INIT;
		fc_strbuf_addf(
		        &yaml,
		        "network: net\nfabric:\n  version: 3.1.1\nidentities: fabric-ca\n"
		        "certificates:\n  renewal:\n    schedule: %s\n    window: %s\n"
		        "peerOrganizations:\n  - name: org1\n    mspId: Org1MSP\n"
		        "    domain: org1.example.com\n    peers: 1\nordererOrganizations:\n",
		        cases[c].schedule, cases[c].window);
		for (size_t o = 0; o < cases[c].orgs; o++)
			fc_strbuf_addf(&yaml,
			               "  - name: ord%zu\n    mspId: Ord%zuMSP\n    domain: "
			               "ord%zu.example.com\n    orderers: %zu\n",
			               o, o, o, cases[c].orderers);
		fc_strbuf_addf(&yaml,
		               "consensus:\n  type: %s\nchannels:\n  - name: ch1\n"
		               "    organizations: [org1]\nexposure:\n  type: ClusterIP\n",
		               cases[c].consensus);
		struct fixture f;
		setup(&f);
		build(&f, yaml.buf);
		report(count_code(&f, "renewal-window-too-short") == cases[c].warns, __LINE__,
		       "%s %s window %s, %zu x %zu orderers: want %zu renewal-window-too-short:%s",
		       cases[c].consensus, cases[c].schedule, cases[c].window, cases[c].orgs,
		       cases[c].orderers, cases[c].warns, all_diags(&f));
		report(f.diags.errors == 0, __LINE__, "errors:%s", all_diags(&f));
		teardown(&f);
		fc_strbuf_release(&yaml);
	}
}

/* ---- documents that did not pass the schema: no crash ---------------------------- */

static void build_odd(const char *yaml, int want_rc)
{
	struct fixture f;
	setup(&f);
	struct fc_node *root = NULL;
	CU_ASSERT_EQUAL_FATAL(
	        fc_load_yaml(&f.arena, "t.yaml", yaml, strlen(yaml), NULL, &root, &f.diags), 0);
	f.rc = fc_model_build(&f.arena, root, &f.diags, &f.net);
	CU_ASSERT_PTR_NOT_NULL(f.net);
	if (want_rc != 1)
		CU_ASSERT_EQUAL(f.rc, want_rc);
	teardown(&f);
}

static void test_odd_shapes(void)
{
	/* an empty mapping: no Fabric version */
	struct fixture f;
	setup(&f);
	struct fc_node *root = NULL;
	CU_ASSERT_EQUAL_FATAL(fc_load_yaml(&f.arena, "t.yaml", "{}", 2, NULL, &root, &f.diags), 0);
	CU_ASSERT_EQUAL(fc_model_build(&f.arena, root, &f.diags, &f.net), -1);
	CU_ASSERT_EQUAL(count_code(&f, "fabric-version-unsupported"), 1);
	CU_ASSERT_EQUAL(f.net->peer_org_count, 0);
	CU_ASSERT_EQUAL(f.net->port_count, 0);
	CU_ASSERT_STRING_EQUAL(f.net->name, "");
	teardown(&f);

	build_odd("[1, 2, 3]", -1);
	build_odd("just a string", -1);
	build_odd("42", -1);
	build_odd(HEAD("2.5.12") "peerOrganizations:\n  - name: org1\n    peers: \"x\"\n"
	                         "ordererOrganizations: [{name: o, orderers: \"y\"}]\n",
	          1);
	build_odd(
	        HEAD("2.5.12") "peerOrganizations: [1, \"a\", null, [], {}, {name: 5, peers: -3}]\n"
	                       "ordererOrganizations: \"none\"\n",
	        1);
	build_odd(HEAD("2.5.12") "peerOrganizations: {org1: {peers: 2}}\n"
	                         "ordererOrganizations: [[1]]\n",
	          1);
	build_odd(
	        HEAD("2.5.12") ORG1("[1, {name: 2}, {name: p}, {}]") ORDERERS(
	                "100000") "consensus: etcdraft\n"
	                          "channels: [1, {name: 5}, {name: c, organizations: \"x\"},"
	                          " {name: d, organizations: [1, null, org1], anchorPeers: \"x\"},"
	                          " {name: e, organizations: [org1], anchorPeers: [1, {organization: 1},"
	                          " {organization: org1, peer: [1]}, {peer: p}]}]\n"
	                          "exposure: {type: 5, nodePort: {peerBase: -1, stride: 0, ordererBase: "
	                          "99999999999}}\n"
	                          "isolation: {nodeCidrs: [1, null, \"10.0.0.0/8\"]}\n"
	                          "storage: {nfs: 1, sizes: []}\n"
	                          "resources: {peer: 1, cli: {requests: 2}}\n"
	                          "explorer: {enabled: \"yes\"}\n"
	                          "chart: {name: 1, sources: [1, 2], maintainers: [1, {email: x}]}\n",
	        1);
	build_odd(HEAD("2.5.12") ORG1("0") ORDERERS("0") CONSENSUS("BFT") CIDRS, -1);
	build_odd(HEAD("1.4.12") ORG1("1") ORDERERS("1") "consensus: {type: kafka, kafka: 7}\n", 1);
	build_odd(HEAD("1.4.12") ORG1("1")
	                  ORDERERS("1") "consensus: {type: raft, batch: {absoluteMaxBytes: 5, "
	                                "preferredMaxBytes: \"x KB\"}}\n",
	          1);
	build_odd("network: [1]\nfabric: {version: 2.5}\n", -1);
	/* a channel whose member has no peers: no default anchor */
	setup(&f);
	CU_ASSERT_EQUAL_FATAL(
	        fc_load_yaml(&f.arena, "t.yaml",
	                     HEAD("2.5.12") ORG1("[]") ORDERERS("3") CONSENSUS("etcdraft") CIDRS
	                     "channels: [{name: c, organizations: [org1]}]\n",
	                     strlen(HEAD("2.5.12") ORG1("[]") ORDERERS("3") CONSENSUS("etcdraft")
	                                    CIDRS "channels: [{name: c, organizations: [org1]}]\n"),
	                     NULL, &root, &f.diags),
	        0);
	fc_model_build(&f.arena, root, &f.diags, &f.net);
	CU_ASSERT_EQUAL(f.net->channels[0].member_count, 1);
	CU_ASSERT_EQUAL(f.net->channels[0].anchor_count, 0);
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("model: derived facts", FC_TEST(test_names_and_namespaces),
	         FC_TEST(test_node_port_scheme), FC_TEST(test_orderers_numbered_across_orgs),
	         FC_TEST(test_defaults), FC_TEST(test_images_fabric_2_5),
	         FC_TEST(test_images_fabric_1_4), FC_TEST(test_images_fabric_3),
	         FC_TEST(test_overrides), FC_TEST(test_storage_class_and_load_balancer),
	         FC_TEST(test_explicit_anchor_peers));
	FC_SUITE("model: rules", FC_TEST(test_structure_table), FC_TEST(test_consensus_table),
	         FC_TEST(test_settings_table), FC_TEST(test_nodeport_collision),
	         FC_TEST(test_nodeport_stride), FC_TEST(test_names_and_ports_table),
	         FC_TEST(test_whole_number_floats), FC_TEST(test_only_new_errors_count),
	         FC_TEST(test_bft_renewal_window));
	FC_SUITE("model: odd documents", FC_TEST(test_odd_shapes));
}
