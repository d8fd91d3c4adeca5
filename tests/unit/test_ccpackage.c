/*
 * Unit tests of ccpackage: the CCaaS package read back entry by entry (what
 * Fabric's persistence and the ccaas builder read: core/chaincode/
 * persistence/chaincode_package.go, ccaas_builder/cmd/{detect,build}), its
 * bytes deterministic, its gzip header without time, and the package ID.
 * That the ID equals real Fabric's is the integration test
 * tests/integration/ccpackage_fabric.sh.
 */
#include "ccpackage.h"
#include "cunit_main.h"
#include "sha256.h"
#include "tar.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	char path[64];
	char data[512];
	size_t size;
	unsigned mode;
	int64_t uid, gid, mtime;
	enum fc_tar_type type;
};

/* Reads every entry of tgz (at most max); returns how many, or -1. */
static int read_all(const void *tgz, size_t len, struct entry *out, int max)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_diags diags;
	fc_diags_init(&diags, &arena);
	struct fc_tar_read_options opt = {1 << 20, 1 << 16, "package", "archive"};
	struct fc_tar_reader *r = fc_tar_reader_new(tgz, len, &opt, &diags);
	struct fc_tar_entry e;
	int n = 0, rc;
	while ((rc = fc_tar_next(r, &e)) == 1 && n < max) {
		struct entry *x = &out[n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->path, sizeof(x->path), "%s", e.path);
		x->size = e.size;
		x->mode = e.mode;
		x->uid = e.uid;
		x->gid = e.gid;
		x->mtime = e.mtime;
		x->type = e.type;
		if (e.size >= sizeof(x->data) || fc_tar_read_data(r, x->data) != 0) {
			rc = -1;
			break;
		}
	}
	fc_tar_reader_free(r);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	return rc < 0 ? -1 : n;
}

static void test_contents(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_diags diags;
	fc_diags_init(&diags, &arena);
	struct fc_strbuf pkg = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(fc_ccpackage_build(&pkg, "basic_1.0",
	                                         "basic-org1.org1-net.svc.cluster.local:9999",
	                                         "10s", false, &diags),
	                      0);
	/* gzip: magic, deflate, no flags (no name), mtime 0 */
	CU_ASSERT_EQUAL((unsigned char)pkg.buf[0], 0x1f);
	CU_ASSERT_EQUAL((unsigned char)pkg.buf[1], 0x8b);
	CU_ASSERT_EQUAL(pkg.buf[3], 0);
	CU_ASSERT(pkg.buf[4] == 0 && pkg.buf[5] == 0 && pkg.buf[6] == 0 && pkg.buf[7] == 0);
	struct entry outer[4], inner[4];
	CU_ASSERT_EQUAL_FATAL(read_all(pkg.buf, pkg.len, outer, 4), 2);
	CU_ASSERT_STRING_EQUAL(outer[0].path, "metadata.json");
	CU_ASSERT_STRING_EQUAL(outer[1].path, "code.tar.gz");
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(outer[i].type, FC_TAR_FILE); /* Fabric takes regular files only */
		CU_ASSERT_EQUAL(outer[i].mode, 0644);
		CU_ASSERT(outer[i].uid == 0 && outer[i].gid == 0 && outer[i].mtime == 0);
	}
	CU_ASSERT_STRING_EQUAL(outer[0].data, "{\"type\":\"ccaas\",\"label\":\"basic_1.0\"}\n");
	CU_ASSERT_EQUAL_FATAL(read_all(outer[1].data, outer[1].size, inner, 4), 1);
	CU_ASSERT_STRING_EQUAL(inner[0].path, "connection.json");
	CU_ASSERT_STRING_EQUAL(inner[0].data,
	                       "{\"address\":\"basic-org1.org1-net.svc.cluster.local:9999\","
	                       "\"dial_timeout\":\"10s\",\"tls_required\":false}\n");
	CU_ASSERT_EQUAL(diags.count, 0);
	fc_strbuf_release(&pkg);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

static void test_deterministic(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_diags diags;
	fc_diags_init(&diags, &arena);
	struct fc_strbuf a = FC_STRBUF_INIT, b = FC_STRBUF_INIT, c = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL(fc_ccpackage_build(&a, "x_1", "x-o.o-n.svc.cluster.local:9999", "10s",
	                                   false, &diags),
	                0);
	CU_ASSERT_EQUAL(fc_ccpackage_build(&b, "x_1", "x-o.o-n.svc.cluster.local:9999", "10s",
	                                   false, &diags),
	                0);
	CU_ASSERT_EQUAL(fc_ccpackage_build(&c, "x_1", "x-o.o-n.svc.cluster.local:9998", "10s",
	                                   false, &diags),
	                0);
	CU_ASSERT_EQUAL(a.len, b.len);
	CU_ASSERT(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0);
	CU_ASSERT(a.len != c.len || memcmp(a.buf, c.buf, a.len) != 0);
	fc_strbuf_release(&a);
	fc_strbuf_release(&b);
	fc_strbuf_release(&c);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

static void test_package_ids(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_diags diags;
	fc_diags_init(&diags, &arena);
	struct fc_org org = {.name = "org1", .namespace = "org1-n"};
	struct fc_chaincode cc = {.name = "x", .label = "x_1", .dial_timeout = "10s"};
	struct fc_chaincode_org o = {.org = &org,
	                             .address = "x-org1.org1-n.svc.cluster.local:9999"};
	cc.orgs = &o;
	cc.org_count = 1;
	struct fc_network net = {.chaincodes = &cc, .chaincode_count = 1};
	CU_ASSERT_EQUAL_FATAL(fc_ccpackage_build_all(&arena, &net, &diags), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o.package);
	struct fc_strbuf again = FC_STRBUF_INIT;
	fc_ccpackage_build(&again, "x_1", o.address, "10s", false, &diags);
	CU_ASSERT(again.len == o.package_size && memcmp(again.buf, o.package, again.len) == 0);
	char hex[FC_SHA256_HEX_SIZE];
	fc_sha256_hex(o.package, o.package_size, hex);
	char want[128];
	snprintf(want, sizeof(want), "x_1:%s", hex);
	CU_ASSERT_STRING_EQUAL(o.package_id, want);
	fc_strbuf_release(&again);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

void fc_test_register(void)
{
	FC_SUITE("ccpackage", FC_TEST(test_contents), FC_TEST(test_deterministic),
	         FC_TEST(test_package_ids));
}
