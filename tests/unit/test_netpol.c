/*
 * Unit tests of netpol: each Kubernetes NetworkPolicy rule on a small
 * manifest with its exact connection list (isolation per direction, union of
 * policies, every kind of peer and selector, ports, protocols, named ports,
 * endPort, default policyTypes, namespaces, workload grouping), the
 * diagnostics of malformed manifests with their positions, the formats, the
 * comparison helper, objects built in memory, and the time of a network the
 * size of the seed's.
 */
#include "cunit_main.h"
#include "emit.h"
#include "load.h"
#include "netpol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct fc_arena arena;
static struct fc_diags diags;
static struct fc_netpol *np;

/* Loads a YAML stream into a new context; returns the loader's status. */
static int add_yaml(const char *yaml)
{
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	np = fc_netpol_new(&arena);
	struct fc_node **docs;
	size_t n;
	if (fc_load_yaml_stream(&arena, "m.yaml", yaml, strlen(yaml), 1 << 20, &docs, &n, &diags) !=
	    0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (fc_netpol_add_object(np, docs[i], &diags) != 0)
			rc = -1;
	return rc;
}

static const char *format(enum fc_netpol_format f)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_netpol_format(np, f, &sb);
	const char *s = fc_arena_strndup(&arena, sb.buf, sb.len);
	fc_strbuf_release(&sb);
	return s;
}

/* The text list of yaml, or NULL when it is rejected. */
static const char *analyse(const char *yaml)
{
	if (add_yaml(yaml) != 0 || fc_netpol_analyze(np, &diags) != 0)
		return NULL;
	return format(FC_NETPOL_TEXT);
}

/* The lines of list that contain needle (in the arena). */
static const char *lines_with(const char *list, const char *needle)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (const char *line = list; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
		char *copy = fc_arena_strndup(&arena, line, len);
		if (strstr(copy, needle))
			fc_strbuf_add(&sb, line, len);
		line += len;
	}
	const char *r = fc_arena_strndup(&arena, sb.buf, sb.len);
	fc_strbuf_release(&sb);
	return r;
}

static void finish(void)
{
	fc_netpol_free(np);
	np = NULL;
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

static void dump_diags(void)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; i < diags.count; i++)
		fc_diag_format_text(&sb, diags.items[i], NULL, 0);
	fprintf(stderr, "%s", sb.buf);
	fc_strbuf_release(&sb);
}

/* yaml gives exactly the connection list want, without any diagnostic. */
#define ASSERT_LIST(yaml, want)                                                                   \
	do {                                                                                      \
		const char *got_ = analyse(yaml);                                                 \
		if (!got_ || strcmp(got_, want) != 0 || diags.count) {                            \
			fprintf(stderr, "\n%s:%d: expected\n%s--- got\n%s\n", __FILE__, __LINE__, \
			        (const char *)(want), got_ ? got_ : "(nothing)");                 \
			dump_diags();                                                             \
			CU_FAIL("connection list differs");                                       \
		}                                                                                 \
		finish();                                                                         \
	} while (0)

/* Diagnostic i has severity, code, line:col and message. */
#define ASSERT_DIAG(i, sev, code_, line_, col_, msg)                                  \
	do {                                                                          \
		const struct fc_diag *d_ = (i) < diags.count ? diags.items[i] : NULL; \
		CU_ASSERT_PTR_NOT_NULL(d_);                                           \
		if (d_) {                                                             \
			CU_ASSERT_EQUAL(d_->severity, sev);                           \
			CU_ASSERT_STRING_EQUAL(d_->code, code_);                      \
			CU_ASSERT_EQUAL(d_->pos.line, line_);                         \
			CU_ASSERT_EQUAL(d_->pos.col, col_);                           \
			CU_ASSERT_STRING_EQUAL(d_->message, msg);                     \
		}                                                                     \
	} while (0)

#define ALL "0.0.0.0-255.255.255.255[External]"

/* Pods: name, namespace, labels (a flow mapping). */
#define POD(name, ns, labels) \
	"---\nkind: Pod\nmetadata: {name: " name ", namespace: " ns ", labels: " labels "}\n"
/* A pod with container ports (a flow sequence of port mappings). */
#define POD_PORTS(name, ns, labels, ports)                                              \
	"---\nkind: Pod\nmetadata: {name: " name ", namespace: " ns ", labels: " labels \
	"}\nspec: {containers: [{name: c, ports: " ports "}]}\n"
#define NETPOL(name, ns, spec)                                                               \
	"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " name \
	", namespace: " ns "}\nspec: " spec "\n"

/* ---- isolation ----------------------------------------------------------- */

static void test_no_policy_allows_everything(void)
{
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}"),
	            ALL " => ns/a[Pod] : All Connections\n" ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => " ALL " : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	                "ns/b[Pod] => " ALL " : All Connections\n"
	                "ns/b[Pod] => ns/a[Pod] : All Connections\n");
}

static void test_no_workloads_no_connections(void)
{
	ASSERT_LIST(NETPOL("p", "ns",
	                   "{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: "
	                   "10.0.0.0/8}}]}]}"),
	            "");
}

static void test_deny_all_ingress(void)
{
	/* a is isolated for ingress and nothing is allowed in; egress is free */
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}")
	                    NETPOL("deny", "ns", "{podSelector: {matchLabels: {app: a}}}"),
	            ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => " ALL " : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	                "ns/b[Pod] => " ALL " : All Connections\n");
}

static void test_deny_all_egress(void)
{
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}")
	                    NETPOL("deny", "ns", "{podSelector: {}, policyTypes: [Egress]}"),
	            ALL " => ns/a[Pod] : All Connections\n" ALL
	                " => ns/b[Pod] : All Connections\n");
}

static void test_default_policy_types(void)
{
	/* egress rules make a policy without policyTypes isolate egress too
	   (ingress always: nothing may reach a) */
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {matchLabels: {app: a}}, egress: [{to: "
	                           "[{podSelector: {matchLabels: {app: b}}}], ports: [{port: "
	                           "53, protocol: UDP}]}]}"),
	            ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : UDP 53\n"
	                "ns/b[Pod] => " ALL " : All Connections\n");
	/* ingress rules only: egress stays open */
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {matchLabels: {app: a}}, ingress: [{from: "
	                           "[{podSelector: {}}]}]}"),
	            ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => " ALL " : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	                "ns/b[Pod] => " ALL " : All Connections\n"
	                "ns/b[Pod] => ns/a[Pod] : All Connections\n");
	/* policyTypes given: egress rules of a policy that lists only Ingress are inert */
	ASSERT_LIST(POD("a", "ns", "{app: a}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {}, policyTypes: [Ingress], egress: [{to: []}]}"),
	            "ns/a[Pod] => " ALL " : All Connections\n");
}

static void test_both_directions_intersect(void)
{
	/* a may send TCP 80-90 to b; b accepts TCP 85-100 and UDP 53 */
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}") NETPOL(
	                    "out", "ns",
	                    "{podSelector: {matchLabels: {app: a}}, policyTypes: [Egress], "
	                    "egress: [{ports: [{port: 80, endPort: 90}]}]}")
	                    NETPOL("in", "ns",
	                           "{podSelector: {matchLabels: {app: b}}, ingress: [{ports: "
	                           "[{port: 85, endPort: 100}, {port: 53, protocol: UDP}]}]}"),
	            ALL " => ns/a[Pod] : All Connections\n" ALL " => ns/b[Pod] : TCP "
	                "85-100,UDP 53\n"
	                "ns/a[Pod] => " ALL " : TCP 80-90\n"
	                "ns/a[Pod] => ns/b[Pod] : TCP 85-90\n"
	                "ns/b[Pod] => " ALL " : All Connections\n"
	                "ns/b[Pod] => ns/a[Pod] : All Connections\n");
}

static void test_union_of_policies(void)
{
	ASSERT_LIST(POD("a", "ns", "{app: a, tier: db}") POD("b", "ns", "{app: b}")
	                    NETPOL("p1", "ns",
	                           "{podSelector: {matchLabels: {app: a}}, ingress: [{ports: "
	                           "[{port: 5432}, {port: 9187}]}]}")
	                            NETPOL("p2", "ns",
	                                   "{podSelector: {matchLabels: {tier: db}}, ingress: "
	                                   "[{from: [{podSelector: {matchLabels: {app: b}}}], "
	                                   "ports: [{port: 5433}, {port: 9188, protocol: "
	                                   "SCTP}]}]}"),
	            ALL " => ns/a[Pod] : TCP 5432,9187\n" ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => " ALL " : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	                "ns/b[Pod] => " ALL " : All Connections\n"
	                "ns/b[Pod] => ns/a[Pod] : SCTP 9188,TCP 5432-5433,9187\n");
}

/* ---- peers ---------------------------------------------------------------- */

static void test_pod_selector_is_namespaced(void)
{
	/* a podSelector alone selects pods of the policy's namespace only */
	ASSERT_LIST(POD("db", "data", "{app: db}") POD("app", "data", "{role: client}")
	                    POD("app", "web", "{role: client}")
	                            NETPOL("db", "data",
	                                   "{podSelector: {matchLabels: {app: db}}, policyTypes: "
	                                   "[Ingress], ingress: [{from: [{podSelector: "
	                                   "{matchLabels: {role: client}}}]}]}"),
	            ALL " => data/app[Pod] : All Connections\n" ALL
	                " => web/app[Pod] : All Connections\n"
	                "data/app[Pod] => " ALL " : All Connections\n"
	                "data/app[Pod] => data/db[Pod] : All Connections\n"
	                "data/app[Pod] => web/app[Pod] : All Connections\n"
	                "data/db[Pod] => " ALL " : All Connections\n"
	                "data/db[Pod] => data/app[Pod] : All Connections\n"
	                "data/db[Pod] => web/app[Pod] : All Connections\n"
	                "web/app[Pod] => " ALL " : All Connections\n"
	                "web/app[Pod] => data/app[Pod] : All Connections\n");
}

#define THREE_NAMESPACES                                                                \
	"---\nkind: Namespace\nmetadata: {name: org1, labels: {fabric: peer}}\n"        \
	"---\nkind: Namespace\nmetadata: {name: org2, labels: {fabric: peer}}\n"        \
	"---\nkind: Namespace\nmetadata: {name: ord, labels: {fabric: orderer}}\n" POD( \
	        "peer0", "org1", "{app: peer}") POD("cli", "org2", "{app: cli}")        \
	        POD("orderer0", "ord", "{app: orderer}")

/* Keeps the lines whose destination is ord/orderer0 from list. */
static void test_namespace_selector(void)
{
	ASSERT_LIST(THREE_NAMESPACES NETPOL("orderer", "ord",
	                                    "{podSelector: {}, policyTypes: [Ingress, Egress], "
	                                    "ingress: [{from: [{namespaceSelector: {matchLabels: "
	                                    "{fabric: peer}}}], ports: [{port: 7050}]}]}"),
	            ALL " => org1/peer0[Pod] : All Connections\n" ALL
	                " => org2/cli[Pod] : All Connections\n"
	                "org1/peer0[Pod] => " ALL " : All Connections\n"
	                "org1/peer0[Pod] => ord/orderer0[Pod] : TCP 7050\n"
	                "org1/peer0[Pod] => org2/cli[Pod] : All Connections\n"
	                "org2/cli[Pod] => " ALL " : All Connections\n"
	                "org2/cli[Pod] => ord/orderer0[Pod] : TCP 7050\n"
	                "org2/cli[Pod] => org1/peer0[Pod] : All Connections\n");
}

static void test_both_selectors_in_one_peer(void)
{
	/* namespaceSelector AND podSelector in one peer: peers of peer namespaces */
	ASSERT_LIST(THREE_NAMESPACES NETPOL("orderer", "ord",
	                                    "{podSelector: {}, ingress: [{from: "
	                                    "[{namespaceSelector: {matchLabels: {fabric: peer}}, "
	                                    "podSelector: {matchLabels: {app: peer}}}]}]}"),
	            ALL " => org1/peer0[Pod] : All Connections\n" ALL
	                " => org2/cli[Pod] : All Connections\n"
	                "ord/orderer0[Pod] => " ALL " : All Connections\n"
	                "ord/orderer0[Pod] => org1/peer0[Pod] : All Connections\n"
	                "ord/orderer0[Pod] => org2/cli[Pod] : All Connections\n"
	                "org1/peer0[Pod] => " ALL " : All Connections\n"
	                "org1/peer0[Pod] => ord/orderer0[Pod] : All Connections\n"
	                "org1/peer0[Pod] => org2/cli[Pod] : All Connections\n"
	                "org2/cli[Pod] => " ALL " : All Connections\n"
	                "org2/cli[Pod] => org1/peer0[Pod] : All Connections\n");
	/* two peers are OR: peer namespaces, or app=peer pods of the policy's namespace */
	ASSERT_LIST(THREE_NAMESPACES NETPOL("orderer", "ord",
	                                    "{podSelector: {}, ingress: [{from: "
	                                    "[{namespaceSelector: {matchLabels: {fabric: peer}}}, "
	                                    "{podSelector: {matchLabels: {app: peer}}}]}]}"),
	            ALL " => org1/peer0[Pod] : All Connections\n" ALL
	                " => org2/cli[Pod] : All Connections\n"
	                "ord/orderer0[Pod] => " ALL " : All Connections\n"
	                "ord/orderer0[Pod] => org1/peer0[Pod] : All Connections\n"
	                "ord/orderer0[Pod] => org2/cli[Pod] : All Connections\n"
	                "org1/peer0[Pod] => " ALL " : All Connections\n"
	                "org1/peer0[Pod] => ord/orderer0[Pod] : All Connections\n"
	                "org1/peer0[Pod] => org2/cli[Pod] : All Connections\n"
	                "org2/cli[Pod] => " ALL " : All Connections\n"
	                "org2/cli[Pod] => ord/orderer0[Pod] : All Connections\n"
	                "org2/cli[Pod] => org1/peer0[Pod] : All Connections\n");
}

static void test_namespace_name_label(void)
{
	/* kubernetes.io/metadata.name holds for declared namespaces without it and
	   for namespaces no Namespace object declares */
	ASSERT_LIST("---\nkind: Namespace\nmetadata: {name: a}\n" POD("x", "a", "{}")
	                    POD("y", "b", "{}") POD("z", "c", "{}")
	                            NETPOL("p", "c",
	                                   "{podSelector: {}, ingress: [{from: "
	                                   "[{namespaceSelector: {matchExpressions: [{key: "
	                                   "kubernetes.io/metadata.name, operator: In, values: "
	                                   "[a, b]}]}}], ports: [{port: 443}]}]}"),
	            ALL " => a/x[Pod] : All Connections\n" ALL " => b/y[Pod] : All Connections\n"
	                "a/x[Pod] => " ALL " : All Connections\n"
	                "a/x[Pod] => b/y[Pod] : All Connections\n"
	                "a/x[Pod] => c/z[Pod] : TCP 443\n"
	                "b/y[Pod] => " ALL " : All Connections\n"
	                "b/y[Pod] => a/x[Pod] : All Connections\n"
	                "b/y[Pod] => c/z[Pod] : TCP 443\n"
	                "c/z[Pod] => " ALL " : All Connections\n"
	                "c/z[Pod] => a/x[Pod] : All Connections\n"
	                "c/z[Pod] => b/y[Pod] : All Connections\n");
}

static void test_empty_selectors(void)
{
	/* namespaceSelector {} is every pod of the cluster (not outside it);
	   podSelector {} every pod of the namespace */
	ASSERT_LIST(POD("a", "x", "{}") POD("b", "y", "{}") NETPOL(
	                    "p", "x",
	                    "{podSelector: {}, ingress: [{from: [{namespaceSelector: {}}]}]}"),
	            ALL " => y/b[Pod] : All Connections\n"
	                "x/a[Pod] => " ALL " : All Connections\n"
	                "x/a[Pod] => y/b[Pod] : All Connections\n"
	                "y/b[Pod] => " ALL " : All Connections\n"
	                "y/b[Pod] => x/a[Pod] : All Connections\n");
	ASSERT_LIST(POD("a", "x", "{}") POD("b", "y", "{}") NETPOL(
	                    "p", "x", "{podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}"),
	            ALL " => y/b[Pod] : All Connections\n"
	                "x/a[Pod] => " ALL " : All Connections\n"
	                "x/a[Pod] => y/b[Pod] : All Connections\n"
	                "y/b[Pod] => " ALL " : All Connections\n");
	/* a rule without from (or with from: []) admits everyone, outside included;
	   ports: [] every port */
	ASSERT_LIST(POD("a", "x", "{}") POD("b", "y", "{}")
	                    NETPOL("p", "x", "{podSelector: {}, ingress: [{from: [], ports: []}]}"),
	            ALL " => x/a[Pod] : All Connections\n" ALL " => y/b[Pod] : All Connections\n"
	                "x/a[Pod] => " ALL " : All Connections\n"
	                "x/a[Pod] => y/b[Pod] : All Connections\n"
	                "y/b[Pod] => " ALL " : All Connections\n"
	                "y/b[Pod] => x/a[Pod] : All Connections\n");
	/* a policy without podSelector selects every pod of its namespace */
	ASSERT_LIST(POD("a", "x", "{}") NETPOL("p", "x", "{policyTypes: [Egress]}"),
	            ALL " => x/a[Pod] : All Connections\n");
}

static void test_match_expressions(void)
{
	const char *pods = POD("in", "ns", "{tier: web}") POD("notin", "ns", "{tier: db}")
	        POD("none", "ns", "{}") POD("target", "ns", "{app: t}");
	const char *yaml[4];
	const char *want[4] = {
	        /* In [web, cache] */
	        "ns/in[Pod] => ns/target[Pod] : TCP 1\n",
	        /* NotIn [web]: also pods without the key */
	        "ns/none[Pod] => ns/target[Pod] : TCP 1\n"
	        "ns/notin[Pod] => ns/target[Pod] : TCP 1\n",
	        /* Exists */
	        "ns/in[Pod] => ns/target[Pod] : TCP 1\n"
	        "ns/notin[Pod] => ns/target[Pod] : TCP 1\n",
	        /* DoesNotExist (the target itself has no tier, but self is never listed) */
	        "ns/none[Pod] => ns/target[Pod] : TCP 1\n",
	};
	const char *exprs[4] = {"{key: tier, operator: In, values: [web, cache]}",
	                        "{key: tier, operator: NotIn, values: [web]}",
	                        "{key: tier, operator: Exists}",
	                        "{key: tier, operator: DoesNotExist}"};
	for (int i = 0; i < 4; i++) {
		char buf[1024];
		snprintf(buf, sizeof(buf),
		         "%s---\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec: "
		         "{podSelector: {matchLabels: {app: t}}, ingress: [{from: [{podSelector: "
		         "{matchExpressions: [%s]}}], ports: [{port: 1}]}]}\n",
		         pods, exprs[i]);
		yaml[i] = buf;
		const char *got = lines_with(analyse(yaml[i]), "=> ns/target");
		if (strcmp(got, want[i]) != 0) {
			fprintf(stderr, "\n%s: expected\n%s--- got\n%s", exprs[i], want[i], got);
			CU_FAIL("match expression");
		}
		finish();
	}
	/* matchLabels and matchExpressions are ANDed */
	ASSERT_LIST(POD("a", "ns", "{app: x, tier: web}") POD("b", "ns", "{app: x, tier: db}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {matchLabels: {app: x}, matchExpressions: "
	                           "[{key: tier, operator: In, values: [web]}]}, policyTypes: "
	                           "[Ingress]}"),
	            ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => " ALL " : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	                "ns/b[Pod] => " ALL " : All Connections\n");
}

/* ---- ipBlock -------------------------------------------------------------- */

static void test_ipblock_with_except(void)
{
	/* sources are cut at the ingress blocks' bounds; a pod is never an ipBlock */
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {matchLabels: {app: a}}, ingress: [{from: "
	                           "[{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, "
	                           "10.200.0.0/16]}}, {ipBlock: {cidr: 192.168.1.7/32}}], "
	                           "ports: [{port: 443}]}]}"),
	            "0.0.0.0-9.255.255.255[External] => ns/b[Pod] : All Connections\n"
	            "10.0.0.0-10.0.255.255[External] => ns/a[Pod] : TCP 443\n"
	            "10.0.0.0-10.0.255.255[External] => ns/b[Pod] : All Connections\n"
	            "10.1.0.0-10.1.255.255[External] => ns/b[Pod] : All Connections\n"
	            "10.2.0.0-10.199.255.255[External] => ns/a[Pod] : TCP 443\n"
	            "10.2.0.0-10.199.255.255[External] => ns/b[Pod] : All Connections\n"
	            "10.200.0.0-10.200.255.255[External] => ns/b[Pod] : All Connections\n"
	            "10.201.0.0-10.255.255.255[External] => ns/a[Pod] : TCP 443\n"
	            "10.201.0.0-10.255.255.255[External] => ns/b[Pod] : All Connections\n"
	            "11.0.0.0-192.168.1.6[External] => ns/b[Pod] : All Connections\n"
	            "192.168.1.7-192.168.1.7[External] => ns/a[Pod] : TCP 443\n"
	            "192.168.1.7-192.168.1.7[External] => ns/b[Pod] : All Connections\n"
	            "192.168.1.8-255.255.255.255[External] => ns/b[Pod] : All Connections\n"
	            "ns/a[Pod] => " ALL " : All Connections\n"
	            "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	            "ns/b[Pod] => " ALL " : All Connections\n");
}

static void test_egress_ipblock(void)
{
	/* destinations are cut at egress blocks' bounds, sources stay whole;
	   host bits of a CIDR are ignored */
	ASSERT_LIST(POD("a", "ns", "{app: a}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {}, policyTypes: [Egress], egress: [{to: "
	                           "[{ipBlock: {cidr: 172.16.5.9/12}}], ports: [{port: 53, "
	                           "protocol: UDP}, {port: 53}]}]}"),
	            ALL " => ns/a[Pod] : All Connections\n"
	                "ns/a[Pod] => 172.16.0.0-172.31.255.255[External] : TCP 53,UDP 53\n");
}

static void test_ipv6_ipblock(void)
{
	const char *got = analyse(POD("a", "ns", "{}") NETPOL(
	        "p", "ns", "{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: fd00::/8}}]}]}"));
	CU_ASSERT_STRING_EQUAL(got, "ns/a[Pod] => " ALL " : All Connections\n");
	CU_ASSERT_EQUAL(diags.errors, 0);
	CU_ASSERT_EQUAL(diags.warnings, 1);
	ASSERT_DIAG(0, FC_SEVERITY_WARNING, "netpol-ipv6", 8, 60,
	            "IPv6 ipBlock 'fd00::/8' is outside the IPv4 analysis and matches no "
	            "address there");
	finish();
}

/* ---- ports ---------------------------------------------------------------- */

static void test_ports_and_protocols(void)
{
	/* merged ranges, adjacent ports, a protocol without port, SCTP first */
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {matchLabels: {app: a}}, ingress: [{from: "
	                           "[{podSelector: {}}], ports: [{port: 8080}, {port: 8081}, "
	                           "{port: 9000, endPort: 9100}, {port: 9050, endPort: 9200}, "
	                           "{protocol: UDP}, {port: 3868, protocol: SCTP}, {port: 65535, "
	                           "endPort: 65535}]}]}"),
	            ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => " ALL " : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	                "ns/b[Pod] => " ALL " : All Connections\n"
	                "ns/b[Pod] => ns/a[Pod] : SCTP 3868,TCP 8080-8081,9000-9200,65535,UDP "
	                "1-65535\n");
	/* every port of every protocol, written out, is All Connections */
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {matchLabels: {app: a}}, ingress: [{from: "
	                           "[{podSelector: {}}], ports: [{protocol: TCP}, {protocol: UDP}, "
	                           "{protocol: SCTP, port: 1, endPort: 65535}]}]}"),
	            ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => " ALL " : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	                "ns/b[Pod] => " ALL " : All Connections\n"
	                "ns/b[Pod] => ns/a[Pod] : All Connections\n");
	/* two protocols in full are not all */
	ASSERT_LIST(POD("a", "ns", "{app: a}") POD("b", "ns", "{app: b}")
	                    NETPOL("p", "ns",
	                           "{podSelector: {matchLabels: {app: a}}, ingress: [{from: "
	                           "[{podSelector: {}}], ports: [{protocol: TCP}, {protocol: "
	                           "UDP}]}]}"),
	            ALL " => ns/b[Pod] : All Connections\n"
	                "ns/a[Pod] => " ALL " : All Connections\n"
	                "ns/a[Pod] => ns/b[Pod] : All Connections\n"
	                "ns/b[Pod] => " ALL " : All Connections\n"
	                "ns/b[Pod] => ns/a[Pod] : TCP 1-65535,UDP 1-65535\n");
}

static void test_named_ports(void)
{
	/* resolved on each destination: grpc is 7051 on peer0 (the first of that
	   name), 8051 on peer1; ops is UDP on peer0 while the rule says TCP, and
	   nothing is named missing: both are dropped, with a warning each */
	const char *got = analyse(
	        POD_PORTS("peer0", "ns", "{app: peer}",
	                  "[{name: grpc, containerPort: 7051}, {name: ops, containerPort: 9443, "
	                  "protocol: UDP}, {name: grpc, containerPort: 1}]")
	                POD_PORTS("peer1", "ns", "{app: peer}",
	                          "[{name: grpc, containerPort: 8051, protocol: TCP}]")
	                        POD("cli", "ns", "{app: cli}") NETPOL(
	                                "p", "ns",
	                                "{podSelector: {matchLabels: {app: peer}}, ingress: [{from: "
	                                "[{podSelector: {matchLabels: {app: cli}}}], ports: [{port: "
	                                "grpc}, {port: ops}, {port: missing, protocol: UDP}]}]}"));
	CU_ASSERT_STRING_EQUAL(lines_with(got, "cli[Pod] =>"),
	                       "ns/cli[Pod] => " ALL " : All Connections\n"
	                       "ns/cli[Pod] => ns/peer0[Pod] : TCP 7051\n"
	                       "ns/cli[Pod] => ns/peer1[Pod] : TCP 8051\n");
	CU_ASSERT_STRING_EQUAL(lines_with(got, "=> ns/peer"),
	                       "ns/cli[Pod] => ns/peer0[Pod] : TCP 7051\n"
	                       "ns/cli[Pod] => ns/peer1[Pod] : TCP 8051\n");
	CU_ASSERT_EQUAL(diags.errors, 0);
	CU_ASSERT_EQUAL(diags.warnings, 2);
	fc_diags_sort(&diags);
	ASSERT_DIAG(0, FC_SEVERITY_WARNING, "netpol-named-port", 16, 132,
	            "named port 'ops' (TCP) of NetworkPolicy 'ns/p' matches no container port of "
	            "the pods it reaches");
	ASSERT_DIAG(1, FC_SEVERITY_WARNING, "netpol-named-port", 16, 145,
	            "named port 'missing' (UDP) of NetworkPolicy 'ns/p' matches no container port "
	            "of the pods it reaches");
	finish();
	/* egress: the name resolves on the destination, never on an ipBlock (app is
	   also isolated for ingress, having no policyTypes) */
	ASSERT_LIST(POD_PORTS("db", "ns", "{app: db}", "[{name: sql, containerPort: 5432}]")
	                    POD_PORTS("app", "ns", "{app: app}", "[{name: sql, containerPort: 1}]")
	                            NETPOL("p", "ns",
	                                   "{podSelector: {matchLabels: {app: app}}, egress: [{to: "
	                                   "[{podSelector: {matchLabels: {app: db}}}, {ipBlock: "
	                                   "{cidr: 0.0.0.0/0}}], ports: [{port: sql}]}]}"),
	            ALL " => ns/db[Pod] : All Connections\n"
	                "ns/app[Pod] => ns/db[Pod] : TCP 5432\n"
	                "ns/db[Pod] => " ALL " : All Connections\n");
}

/* ---- workloads ------------------------------------------------------------ */

static void test_workload_kinds(void)
{
	/* template labels and ports; no namespace is "default"; CronJob's template
	   is under jobTemplate; replicas do not matter */
	ASSERT_LIST(
	        "---\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 3, template: "
	        "{metadata: {labels: {app: api}}, spec: {containers: [{name: c, ports: [{name: "
	        "http, containerPort: 8080}]}]}}}\n"
	        "---\nkind: StatefulSet\nmetadata: {name: db}\nspec: {template: {metadata: "
	        "{labels: {app: db}}}}\n"
	        "---\nkind: CronJob\nmetadata: {name: backup}\nspec: {jobTemplate: {spec: "
	        "{template: {metadata: {labels: {app: backup}}}}}}\n"
	        "---\nkind: DaemonSet\nmetadata: {name: logs, namespace: kube-system}\n"
	        "---\nkind: Service\nmetadata: {name: api}\n"
	        "---\nkind: ConfigMap\nmetadata: {name: cfg}\n" NETPOL(
	                "api", "default",
	                "{podSelector: {matchLabels: {app: api}}, ingress: [{from: "
	                "[{podSelector: {matchLabels: {app: backup}}}], ports: [{port: http}]}]}")
	                NETPOL("db", "default",
	                       "{podSelector: {matchLabels: {app: db}}, ingress: [{from: "
	                       "[{podSelector: {matchExpressions: [{key: app, operator: In, "
	                       "values: [api]}]}}]}]}"),
	        ALL " => default/backup[CronJob] : All Connections\n" ALL
	            " => kube-system/logs[DaemonSet] : All Connections\n"
	            "default/api[Deployment] => " ALL " : All Connections\n"
	            "default/api[Deployment] => default/backup[CronJob] : All Connections\n"
	            "default/api[Deployment] => default/db[StatefulSet] : All Connections\n"
	            "default/api[Deployment] => kube-system/logs[DaemonSet] : All "
	            "Connections\n"
	            "default/backup[CronJob] => " ALL " : All Connections\n"
	            "default/backup[CronJob] => default/api[Deployment] : TCP 8080\n"
	            "default/backup[CronJob] => kube-system/logs[DaemonSet] : All "
	            "Connections\n"
	            "default/db[StatefulSet] => " ALL " : All Connections\n"
	            "default/db[StatefulSet] => default/backup[CronJob] : All Connections\n"
	            "default/db[StatefulSet] => kube-system/logs[DaemonSet] : All "
	            "Connections\n"
	            "kube-system/logs[DaemonSet] => " ALL " : All Connections\n"
	            "kube-system/logs[DaemonSet] => default/backup[CronJob] : All "
	            "Connections\n");
}

#define OWNED(name, labels, owner)                                                                \
	"---\nkind: Pod\nmetadata: {name: " name ", labels: " labels ", ownerReferences: [" owner \
	"]}\n"

static void test_pods_grouped_by_owner(void)
{
	/* two pods of one ReplicaSet are one peer; a Node owner leaves a bare pod;
	   only the controller reference counts; an owner without kind is [Pod] */
	ASSERT_LIST(OWNED("web-1", "{app: web}",
	                  "{kind: Deployment, name: other, controller: false}, {kind: ReplicaSet, "
	                  "name: web-5d9, controller: true}")
	                    OWNED("web-2", "{app: web}",
	                          "{kind: ReplicaSet, name: web-5d9, "
	                          "controller: true}") OWNED("kube-proxy", "{}",
	                                                     "{kind: Node, name: n1, controller: "
	                                                     "true}")
	                            OWNED("x-1", "{app: x}", "{name: x, controller: true}")
	                                    NETPOL("deny", "default",
	                                           "{podSelector: {}, policyTypes: "
	                                           "[Egress]}"),
	            ALL " => default/kube-proxy[Pod] : All Connections\n" ALL
	                " => default/web-5d9[ReplicaSet] : All Connections\n" ALL
	                " => default/x[Pod] : All Connections\n");
}

static void test_lists(void)
{
	/* List items carry their kind; <Kind>List items may omit it */
	ASSERT_LIST("kind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n"
	            "- kind: NamespaceList\n  items: [{metadata: {name: x, labels: {t: y}}}]\n"
	            "---\nkind: PodList\nitems: [{metadata: {name: b, namespace: x}}]\n"
	            "---\nkind: NetworkPolicyList\nitems: [{metadata: {name: p}, spec: "
	            "{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {t: "
	            "y}}}]}]}}]\n",
	            ALL " => x/b[Pod] : All Connections\n"
	                "default/a[Pod] => " ALL " : All Connections\n"
	                "default/a[Pod] => x/b[Pod] : All Connections\n"
	                "x/b[Pod] => " ALL " : All Connections\n"
	                "x/b[Pod] => default/a[Pod] : All Connections\n");
}

static void test_owner_labels(void)
{
	/* pods of one owner with different labels: fine while no selector tells
	   them apart */
	const char *pods = OWNED("p1", "{app: q, tier: agent}",
	                         "{kind: Job, name: j, controller: true}")
	        OWNED("p2", "{app: q, tier: analyzer}", "{kind: Job, name: j, controller: true}")
	                POD("other", "default", "{}");
	char yaml[2048];
	snprintf(yaml, sizeof(yaml), "%s%s", pods,
	         NETPOL("p", "default",
	                "{podSelector: {matchExpressions: [{key: tier, operator: Exists}]}, "
	                "ingress: [{from: [{podSelector: {matchLabels: {app: q}}}]}]}"));
	ASSERT_LIST(yaml, ALL " => default/other[Pod] : All Connections\n"
	                      "default/j[Job] => " ALL " : All Connections\n"
	                      "default/j[Job] => default/other[Pod] : All Connections\n"
	                      "default/other[Pod] => " ALL " : All Connections\n");
	snprintf(yaml, sizeof(yaml), "%s%s", pods,
	         NETPOL("p", "default",
	                "{podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {tier: "
	                "agent}}}]}]}"));
	CU_ASSERT_PTR_NULL(analyse(yaml));
	CU_ASSERT_EQUAL(diags.errors, 1);
	ASSERT_DIAG(0, FC_SEVERITY_ERROR, "netpol-owner-labels", 6, 18,
	            "pods 'p2' and 'p1' of 'default/j[Job]' have different labels, and "
	            "NetworkPolicy 'default/p' selects only one of them; a workload needs one "
	            "label set");
	if (diags.count && diags.items[0]->notes) {
		CU_ASSERT_EQUAL(diags.items[0]->notes->pos.line, 3);
		CU_ASSERT_STRING_EQUAL(diags.items[0]->notes->message, "pod 'p1' is here");
	}
	finish();
}

/* ---- diagnostics ---------------------------------------------------------- */

static void test_malformed_manifests(void)
{
	const char *yaml = "kind: NetworkPolicy\n" /* 1 */
	                   "metadata: {name: p, labels: [x]}\n" /* 2 */
	                   "spec:\n" /* 3 */
	                   "  podSelector: {matchExpressions: [{key: a, operator: Exists, "
	                   "values: [b]}]}\n" /* 4 */
	                   "  egress:\n" /* 5 */
	                   "  - to: [{ipBlock: {cidr: 300.0.0.0/8}}, {ipBlock: {except: "
	                   "[1.0.0.0/8]}}]\n" /* 6 */
	                   "    ports: [{port: 80, endPort: 70000}, {endPort: 90}, {port: "
	                   "-1}, 7]\n" /* 7 */
	                   "  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [fe80::/10, "
	                   "10.1.0.0]}}]\n" /* 8 */
	                   "---\n" /* 9 */
	                   "kind: Pod\n" /* 10 */
	                   "metadata: {name: a, ownerReferences: [{controller: yes}]}\n" /* 11 */
	                   "spec: {containers: [{ports: [{containerPort: 1.5}]}]}\n"; /* 12 */
	CU_ASSERT_PTR_NULL(analyse(yaml));
	fc_diags_sort(&diags);
	CU_ASSERT_EQUAL(diags.errors, 12);
	CU_ASSERT_EQUAL(diags.warnings, 0);
	ASSERT_DIAG(0, FC_SEVERITY_ERROR, "netpol-field", 2, 29,
	            "'labels' must be a mapping, not a list");
	ASSERT_DIAG(1, FC_SEVERITY_ERROR, "netpol-selector", 4, 71,
	            "operator Exists takes no values");
	ASSERT_DIAG(2, FC_SEVERITY_ERROR, "netpol-cidr", 6, 27,
	            "'300.0.0.0/8' is not a CIDR (like 10.0.0.0/8)");
	ASSERT_DIAG(3, FC_SEVERITY_ERROR, "netpol-cidr", 6, 52, "ipBlock without cidr");
	ASSERT_DIAG(4, FC_SEVERITY_ERROR, "netpol-port", 7, 33, "endPort 70000 is outside 1-65535");
	ASSERT_DIAG(5, FC_SEVERITY_ERROR, "netpol-port", 7, 51, "endPort needs a port");
	ASSERT_DIAG(6, FC_SEVERITY_ERROR, "netpol-port", 7, 63, "port -1 is outside 1-65535");
	ASSERT_DIAG(7, FC_SEVERITY_ERROR, "netpol-field", 7, 68,
	            "a port must be a mapping, not an integer");
	ASSERT_DIAG(8, FC_SEVERITY_ERROR, "netpol-cidr", 8, 48,
	            "except 'fe80::/10' is not in the address family of cidr '10.0.0.0/8'");
	ASSERT_DIAG(9, FC_SEVERITY_ERROR, "netpol-cidr", 8, 59,
	            "'10.1.0.0' is not a CIDR (like 10.0.0.0/8)");
	ASSERT_DIAG(10, FC_SEVERITY_ERROR, "netpol-field", 11, 52,
	            "'controller' must be a boolean, not a string");
	ASSERT_DIAG(11, FC_SEVERITY_ERROR, "netpol-field", 12, 46,
	            "containerPort must be an integer, not a number");
	if (diags.count > 6)
		CU_ASSERT_STRING_EQUAL(diags.items[6]->path, "/spec/egress/0/ports/2/port");
	finish();
}

static void test_duplicates(void)
{
	CU_ASSERT_PTR_NULL(analyse(
	        "kind: Namespace\nmetadata: {name: a}\n---\n"
	        "kind: Namespace\nmetadata: {name: a}\n" NETPOL("p", "a", "{}")
	                NETPOL("p", "a", "{}") "---\nkind: Deployment\nmetadata: {name: d}\n"
	                                       "---\nkind: Deployment\nmetadata: {name: d}\n"
	                                       "---\nkind: StatefulSet\nmetadata: {name: d}\n"));
	fc_diags_sort(&diags);
	CU_ASSERT_EQUAL(diags.errors, 3);
	ASSERT_DIAG(0, FC_SEVERITY_ERROR, "netpol-duplicate", 5, 18,
	            "Namespace 'a' is defined twice");
	ASSERT_DIAG(1, FC_SEVERITY_ERROR, "netpol-duplicate", 14, 18,
	            "NetworkPolicy 'a/p' is defined twice");
	ASSERT_DIAG(2, FC_SEVERITY_ERROR, "netpol-duplicate", 21, 18,
	            "Deployment 'default/d' is defined twice");
	if (diags.count == 3 && diags.items[2]->notes)
		CU_ASSERT_EQUAL(diags.items[2]->notes->pos.line, 18);
	finish();
}

static void test_not_objects(void)
{
	CU_ASSERT_PTR_NULL(analyse("--- null\n--- [1]\n---\nmetadata: {name: x}\n---\n"
	                           "kind: [Pod]\n---\nkind: Pod\nmetadata: {namespace: x}\n"));
	fc_diags_sort(&diags);
	CU_ASSERT_EQUAL(diags.errors, 4);
	ASSERT_DIAG(0, FC_SEVERITY_ERROR, "netpol-object", 2, 5,
	            "a Kubernetes object must be a mapping, not a list");
	ASSERT_DIAG(1, FC_SEVERITY_ERROR, "netpol-object", 4, 1, "object without kind");
	ASSERT_DIAG(2, FC_SEVERITY_ERROR, "netpol-field", 6, 7,
	            "'kind' must be a string, not a list");
	ASSERT_DIAG(3, FC_SEVERITY_ERROR, "netpol-name", 8, 1, "Pod without metadata.name");
	/* a context with errors refuses to analyse */
	CU_ASSERT_EQUAL(fc_netpol_analyze(np, &diags), -1);
	size_t n;
	CU_ASSERT_PTR_NULL(fc_netpol_connections(np, &n));
	CU_ASSERT_EQUAL(n, 0);
	finish();
}

/* ---- formats and comparison ---------------------------------------------- */

static void test_formats(void)
{
	CU_ASSERT_PTR_NOT_NULL(analyse(POD("a", "n\"s", "{}") POD("b", "n\"s", "{}") NETPOL(
	        "p", "n\"s",
	        "{podSelector: {}, ingress: [{from: [{podSelector: {}}], ports: [{port: 1}, {port: "
	        "3, protocol: UDP}]}]}")));
	CU_ASSERT_STRING_EQUAL(
	        format(FC_NETPOL_CSV),
	        "src,dst,conn\n"
	        "\"n\"\"s/a[Pod]\",0.0.0.0-255.255.255.255[External],All Connections\n"
	        "\"n\"\"s/a[Pod]\",\"n\"\"s/b[Pod]\",\"TCP 1,UDP 3\"\n"
	        "\"n\"\"s/b[Pod]\",0.0.0.0-255.255.255.255[External],All Connections\n"
	        "\"n\"\"s/b[Pod]\",\"n\"\"s/a[Pod]\",\"TCP 1,UDP 3\"\n");
	const char *json = format(FC_NETPOL_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(json, "{\"name\": \"n\\\"s/a[Pod]\", \"kind\": \"Pod\", "
	                                    "\"namespace\": \"n\\\"s\", \"workload\": \"a\"}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"conn\": \"TCP 1,UDP 3\", \"all\": false, \"ports\": "
	                                    "{\"TCP\": [[1, 1]], \"UDP\": [[3, 3]]}}"));
	const char *dot = format(FC_NETPOL_DOT);
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(dot, "\tsubgraph \"cluster_n\\\"s\" {\n\t\tlabel=\"n\\\"s\"\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(dot, "\t\"n\\\"s/a[Pod]\" -> \"n\\\"s/b[Pod]\" [label=\"TCP "
	                                   "1,UDP 3\"]\n"));
	size_t n;
	const struct fc_netpol_conn *c = fc_netpol_connections(np, &n);
	CU_ASSERT_EQUAL(n, 4);
	if (n == 4) {
		CU_ASSERT_STRING_EQUAL(c[1].src, "n\"s/a[Pod]");
		CU_ASSERT_STRING_EQUAL(c[1].dst, "n\"s/b[Pod]");
		CU_ASSERT_STRING_EQUAL(c[1].conn, "TCP 1,UDP 3");
	}
	finish();
	/* nothing to list */
	CU_ASSERT_PTR_NOT_NULL(analyse(""));
	CU_ASSERT_STRING_EQUAL(format(FC_NETPOL_CSV), "src,dst,conn\n");
	CU_ASSERT_STRING_EQUAL(format(FC_NETPOL_JSON),
	                       "{\n  \"peers\": [],\n  \"connections\": []\n}\n");
	finish();
	enum fc_netpol_format f;
	CU_ASSERT_EQUAL(fc_netpol_parse_format("dot", &f), 0);
	CU_ASSERT_EQUAL(f, FC_NETPOL_DOT);
	CU_ASSERT_EQUAL(fc_netpol_parse_format("yaml", &f), -1);
}

static void test_compare(void)
{
	struct fc_strbuf diff = FC_STRBUF_INIT;
	const char *actual = "a => b : TCP 1\nb => a : All Connections\n";
	const char *same = "\r\nb => a : All Connections  \r\n\na => b : TCP 1";
	CU_ASSERT_TRUE(fc_netpol_compare(same, strlen(same), actual, strlen(actual), &diff));
	CU_ASSERT_EQUAL(diff.len, 0);
	const char *expected = "c => a : UDP 53\na => b : TCP 1\nb => a : TCP 2\n";
	CU_ASSERT_FALSE(
	        fc_netpol_compare(expected, strlen(expected), actual, strlen(actual), &diff));
	CU_ASSERT_STRING_EQUAL(diff.buf, "- b => a : TCP 2\n- c => a : UDP 53\n"
	                                 "+ b => a : All Connections\n");
	fc_strbuf_reset(&diff);
	CU_ASSERT_FALSE(fc_netpol_compare("", 0, actual, strlen(actual), &diff));
	CU_ASSERT_STRING_EQUAL(diff.buf, "+ a => b : TCP 1\n+ b => a : All Connections\n");
	fc_strbuf_release(&diff);
}

/* ---- objects built in memory --------------------------------------------- */

static struct fc_node *labels_map(const char *key, const char *value)
{
	struct fc_node *m = fc_tree_map(&arena);
	fc_tree_set(&arena, m, key, fc_tree_str(&arena, value), NULL);
	return m;
}

static struct fc_node *object(const char *kind, const char *name, const char *ns)
{
	struct fc_node *o = fc_tree_map(&arena);
	fc_tree_set(&arena, o, "kind", fc_tree_str(&arena, kind), NULL);
	struct fc_node *meta = fc_tree_set(&arena, o, "metadata", fc_tree_map(&arena), NULL);
	fc_tree_set(&arena, meta, "name", fc_tree_str(&arena, name), NULL);
	fc_tree_set(&arena, meta, "namespace", fc_tree_str(&arena, ns), NULL);
	return o;
}

static void test_objects_in_memory(void)
{
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	np = fc_netpol_new(&arena);
	/* a Deployment with a labelled template and a port, and a policy */
	struct fc_node *d = object("Deployment", "peer0", "org1");
	struct fc_node *spec = fc_tree_set(&arena, d, "spec", fc_tree_map(&arena), NULL);
	struct fc_node *tmpl = fc_tree_set(&arena, spec, "template", fc_tree_map(&arena), NULL);
	struct fc_node *tmeta = fc_tree_set(&arena, tmpl, "metadata", fc_tree_map(&arena), NULL);
	fc_tree_set(&arena, tmeta, "labels", labels_map("app", "peer"), NULL);
	struct fc_node *pspec = fc_tree_set(&arena, tmpl, "spec", fc_tree_map(&arena), NULL);
	struct fc_node *cs = fc_tree_set(&arena, pspec, "containers", fc_tree_seq(&arena), NULL);
	struct fc_node *c = fc_tree_push(&arena, cs, fc_tree_map(&arena));
	struct fc_node *ports = fc_tree_set(&arena, c, "ports", fc_tree_seq(&arena), NULL);
	struct fc_node *p = fc_tree_push(&arena, ports, fc_tree_map(&arena));
	fc_tree_set(&arena, p, "name", fc_tree_str(&arena, "grpc"), NULL);
	fc_tree_set(&arena, p, "containerPort", fc_tree_int(&arena, 7051), NULL);
	CU_ASSERT_EQUAL(fc_netpol_add_object(np, d, &diags), 0);
	CU_ASSERT_EQUAL(fc_netpol_add_object(np, object("Pod", "cli", "org2"), &diags), 0);

	struct fc_node *pol = object("NetworkPolicy", "peer", "org1");
	struct fc_node *ps = fc_tree_set(&arena, pol, "spec", fc_tree_map(&arena), NULL);
	struct fc_node *sel = fc_tree_set(&arena, ps, "podSelector", fc_tree_map(&arena), NULL);
	fc_tree_set(&arena, sel, "matchLabels", labels_map("app", "peer"), NULL);
	struct fc_node *ing = fc_tree_set(&arena, ps, "ingress", fc_tree_seq(&arena), NULL);
	struct fc_node *rule = fc_tree_push(&arena, ing, fc_tree_map(&arena));
	struct fc_node *from = fc_tree_set(&arena, rule, "from", fc_tree_seq(&arena), NULL);
	struct fc_node *peer = fc_tree_push(&arena, from, fc_tree_map(&arena));
	struct fc_node *nsel =
	        fc_tree_set(&arena, peer, "namespaceSelector", fc_tree_map(&arena), NULL);
	fc_tree_set(&arena, nsel, "matchLabels", labels_map("kubernetes.io/metadata.name", "org2"),
	            NULL);
	struct fc_node *rports = fc_tree_set(&arena, rule, "ports", fc_tree_seq(&arena), NULL);
	struct fc_node *rp = fc_tree_push(&arena, rports, fc_tree_map(&arena));
	fc_tree_set(&arena, rp, "port", fc_tree_str(&arena, "grpc"), NULL);
	CU_ASSERT_EQUAL(fc_netpol_add_object(np, pol, &diags), 0);
	CU_ASSERT_EQUAL(fc_netpol_add_object(np, NULL, &diags), 0);

	CU_ASSERT_EQUAL(fc_netpol_analyze(np, &diags), 0);
	CU_ASSERT_STRING_EQUAL(format(FC_NETPOL_TEXT),
	                       ALL " => org2/cli[Pod] : All Connections\n"
	                           "org1/peer0[Deployment] => " ALL " : All Connections\n"
	                           "org1/peer0[Deployment] => org2/cli[Pod] : All Connections\n"
	                           "org2/cli[Pod] => " ALL " : All Connections\n"
	                           "org2/cli[Pod] => org1/peer0[Deployment] : TCP 7051\n");
	CU_ASSERT_EQUAL(diags.count, 0);
	/* a second analysis gives the same verdict and changes nothing */
	CU_ASSERT_EQUAL(fc_netpol_analyze(np, &diags), 0);
	size_t n;
	fc_netpol_connections(np, &n);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_EQUAL(diags.count, 0);
	finish();
}

/* ---- the seed's size ----------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void test_seed_sized_network_is_fast(void)
{
	/* the seed: 2 peer orgs x 2 peers + CouchDB + CA + CLI, an orderer org
	   with Kafka 4 + ZooKeeper 3: 19 workloads, 12 policies */
	struct fc_strbuf y = FC_STRBUF_INIT;
	const char *orgs[] = {"org1", "org2", "orderer"};
	for (int o = 0; o < 3; o++) {
		fc_strbuf_addf(&y,
		               "---\nkind: Namespace\nmetadata: {name: %s, labels: {fabric/org: "
		               "%s, fabric/kind: %s}}\n",
		               orgs[o], orgs[o], o < 2 ? "peer" : "orderer");
		const char *apps[] = {"peer0", "peer1", "couchdb0", "couchdb1", "ca", "cli"};
		const char *ord[] = {"orderer0", "kafka0", "kafka1", "kafka2",
		                     "kafka3",   "zk0",    "zk1"};
		for (int w = 0; w < (o < 2 ? 6 : 7); w++) {
			const char *name = o < 2 ? apps[w] : ord[w];
			fc_strbuf_addf(
			        &y,
			        "---\nkind: StatefulSet\nmetadata: {name: %s, namespace: %s}\n"
			        "spec: {template: {metadata: {labels: {app: %s, org: %s}}, spec: "
			        "{containers: [{name: c, ports: [{name: main, containerPort: "
			        "%d}, {name: ops, containerPort: 9443}]}]}}}\n",
			        name, orgs[o], name, orgs[o], 7050 + w);
		}
		fc_strbuf_addf(&y,
		               "---\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: %s}\n"
		               "spec: {podSelector: {}, policyTypes: [Ingress, Egress], egress: "
		               "[{to: [{namespaceSelector: {}}], ports: [{port: 53, protocol: "
		               "UDP}]}]}\n",
		               orgs[o]);
		fc_strbuf_addf(&y,
		               "---\nkind: NetworkPolicy\nmetadata: {name: same-org, namespace: "
		               "%s}\nspec: {podSelector: {}, ingress: [{from: [{podSelector: "
		               "{}}]}], egress: [{to: [{podSelector: {}}]}]}\n",
		               orgs[o]);
		fc_strbuf_addf(&y,
		               "---\nkind: NetworkPolicy\nmetadata: {name: cross-org, namespace: "
		               "%s}\nspec: {podSelector: {matchExpressions: [{key: app, operator: "
		               "In, values: [peer0, peer1, orderer0]}]}, ingress: [{from: "
		               "[{namespaceSelector: {matchExpressions: [{key: fabric/kind, "
		               "operator: Exists}]}, podSelector: {matchLabels: {app: peer0}}}], "
		               "ports: [{port: main}, {port: 7060, endPort: 7070}]}], egress: "
		               "[{to: [{namespaceSelector: {}}], ports: [{port: main}]}]}\n",
		               orgs[o]);
		fc_strbuf_addf(&y,
		               "---\nkind: NetworkPolicy\nmetadata: {name: outside, namespace: "
		               "%s}\nspec: {podSelector: {matchLabels: {app: ca}}, ingress: "
		               "[{from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, "
		               "172.16.0.0/12]}}], ports: [{port: 7054}]}]}\n",
		               orgs[o]);
	}
	double best = 1e9;
	for (int run = 0; run < 3; run++) {
		double t0 = now_ms();
		CU_ASSERT_PTR_NOT_NULL(analyse(y.buf));
		double t = now_ms() - t0;
		if (t < best)
			best = t;
		size_t n;
		fc_netpol_connections(np, &n);
		CU_ASSERT(n > 100);
		finish();
	}
	fc_strbuf_release(&y);
	printf("\n  seed-sized network (19 workloads, 12 policies): %.2f ms ", best);
	/* under valgrind everything is ~50x slower: the bound means nothing there */
	if (!getenv("FABCHART_UNDER_VALGRIND"))
		CU_ASSERT(best < 50.0);
}

void fc_test_register(void)
{
	FC_SUITE("netpol_isolation", FC_TEST(test_no_policy_allows_everything),
	         FC_TEST(test_no_workloads_no_connections), FC_TEST(test_deny_all_ingress),
	         FC_TEST(test_deny_all_egress), FC_TEST(test_default_policy_types),
	         FC_TEST(test_both_directions_intersect), FC_TEST(test_union_of_policies));
	FC_SUITE("netpol_peers", FC_TEST(test_pod_selector_is_namespaced),
	         FC_TEST(test_namespace_selector), FC_TEST(test_both_selectors_in_one_peer),
	         FC_TEST(test_namespace_name_label), FC_TEST(test_empty_selectors),
	         FC_TEST(test_match_expressions), FC_TEST(test_ipblock_with_except),
	         FC_TEST(test_egress_ipblock), FC_TEST(test_ipv6_ipblock));
	FC_SUITE("netpol_ports", FC_TEST(test_ports_and_protocols), FC_TEST(test_named_ports));
	FC_SUITE("netpol_workloads", FC_TEST(test_workload_kinds),
	         FC_TEST(test_pods_grouped_by_owner), FC_TEST(test_lists),
	         FC_TEST(test_owner_labels));
	FC_SUITE("netpol_diagnostics", FC_TEST(test_malformed_manifests), FC_TEST(test_duplicates),
	         FC_TEST(test_not_objects));
	FC_SUITE("netpol_output", FC_TEST(test_formats), FC_TEST(test_compare),
	         FC_TEST(test_objects_in_memory), FC_TEST(test_seed_sized_network_is_fast));
}
