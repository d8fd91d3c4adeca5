/*
 * Unit tests of connset: everything and nothing, intersection protocol by
 * protocol, and the text the analyzer's outputs show.
 */
#include "connset.h"
#include "cunit_main.h"

static void format_is(const struct fc_connset *c, const char *want)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_connset_format(&sb, c);
	CU_ASSERT_STRING_EQUAL(sb.buf, want);
	fc_strbuf_release(&sb);
}

static void test_all_and_empty(void)
{
	struct fc_connset c = {0};
	CU_ASSERT_TRUE(fc_connset_is_empty(&c));
	CU_ASSERT_FALSE(fc_connset_is_all(&c));
	format_is(&c, "");
	fc_connset_set_all(&c);
	CU_ASSERT_TRUE(fc_connset_is_all(&c));
	CU_ASSERT_FALSE(fc_connset_is_empty(&c));
	format_is(&c, "All Connections");
	/* one port missing on one protocol is not everything */
	fc_ivset_remove(&c.p[FC_PROTO_UDP], 53, 53);
	CU_ASSERT_FALSE(fc_connset_is_all(&c));
	format_is(&c, "SCTP 1-65535,TCP 1-65535,UDP 1-52,54-65535");
	fc_connset_clear(&c);
	CU_ASSERT_TRUE(fc_connset_is_empty(&c));
	fc_connset_release(&c);
}

static void test_intersect_and_format(void)
{
	struct fc_connset c = {0}, t = {0};
	struct fc_ivset tmp = {0};
	fc_ivset_add(&c.p[FC_PROTO_TCP], 8000, 9000);
	fc_ivset_add(&c.p[FC_PROTO_TCP], 7051, 7051);
	fc_ivset_add(&c.p[FC_PROTO_UDP], 53, 53);
	fc_ivset_add(&c.p[FC_PROTO_SCTP], 9090, 9090);
	format_is(&c, "SCTP 9090,TCP 7051,8000-9000,UDP 53");
	fc_ivset_add(&t.p[FC_PROTO_TCP], 7000, 8500);
	fc_ivset_add(&t.p[FC_PROTO_SCTP], 1, 65535);
	fc_connset_intersect(&c, &t, &tmp);
	format_is(&c, "SCTP 9090,TCP 7051,8000-8500");
	fc_connset_intersect(&c, &(struct fc_connset){0}, &tmp);
	CU_ASSERT_TRUE(fc_connset_is_empty(&c));
	fc_connset_release(&c);
	fc_connset_release(&t);
	fc_ivset_release(&tmp);
}

void fc_test_register(void)
{
	FC_SUITE("connset", FC_TEST(test_all_and_empty), FC_TEST(test_intersect_and_format));
}
