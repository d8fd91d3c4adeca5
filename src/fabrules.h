/*
 * fabrules - Fabric's arithmetic of channel policies: how many of a group's
 * sub-policies an ImplicitMeta policy needs, and so how many organization
 * admins must sign a config update whose mod_policy it is.
 *
 * Fabric (common/policies/implicitmeta.go, NewImplicitMetaPolicy, at v2.5.12
 * and v3.1.1): over N sub-policies (one per organization of the group), rule
 * ANY needs 1, ALL needs N, MAJORITY needs N/2 + 1 (integer division), and
 * with no sub-policy at all the threshold is 0 whatever the rule.
 *
 * The policies fabchart writes (fabcfg.c, configtx.yaml): /Channel/Admins,
 * /Channel/Application/Admins and /Channel/Orderer/Admins are all
 * "MAJORITY Admins"; an organization's own group (its anchor peers, its
 * orderer endpoints) has the organization's Admins policy, one signature.
 *
 * Ownership: nothing is allocated.
 */
#ifndef FC_FABRULES_H
#define FC_FABRULES_H

#include <stddef.h>

enum fc_implicit_rule { FC_IMPLICIT_ANY, FC_IMPLICIT_ALL, FC_IMPLICIT_MAJORITY };

/* The rule's name as configtx.yaml writes it: "ANY", "ALL", "MAJORITY". */
const char *fc_implicit_rule_name(enum fc_implicit_rule rule);

/* How many of n sub-policies the rule needs satisfied (implicitmeta.go). */
size_t fc_implicit_threshold(enum fc_implicit_rule rule, size_t n);

#endif
