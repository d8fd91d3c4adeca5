/*
 * fabrules - Fabric's ImplicitMeta arithmetic; see fabrules.h.
 */
#include "fabrules.h"

const char *fc_implicit_rule_name(enum fc_implicit_rule rule)
{
	switch (rule) {
	case FC_IMPLICIT_ANY: return "ANY";
	case FC_IMPLICIT_ALL: return "ALL";
	case FC_IMPLICIT_MAJORITY: break;
	}
	return "MAJORITY";
}

size_t fc_implicit_threshold(enum fc_implicit_rule rule, size_t n)
{
	/* common/policies/implicitmeta.go at v3.1.1: "In the special case that there
	 * are no policies, consider 0 to be a majority or any" */
	if (n == 0)
		return 0;
	switch (rule) {
	case FC_IMPLICIT_ANY: return 1;
	case FC_IMPLICIT_ALL: return n;
	case FC_IMPLICIT_MAJORITY: break;
	}
	return n / 2 + 1;
}
