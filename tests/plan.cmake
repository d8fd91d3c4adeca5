# `fabchart plan` (issue 17). Included by CMakeLists.txt.
#   plan_golden  every tests/plan/cases/NAME/ (old.yaml, new.yaml, args): the exact
#                exit status, stdout and stderr in its 'expected'; JSON output valid
#                against schemas/plan.schema.json; each class and exit status shown
#                (FABCHART_UPDATE_GOLDEN=1 rewrites the expected files)
# The signature arithmetic is unit_test_fabrules (tests/unit/test_fabrules.c).
find_program(FC_BASH bash REQUIRED)
fc_add_test(plan_golden COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/plan/run.sh)
set_tests_properties(plan_golden PROPERTIES TIMEOUT 300)

# files/scripts/config-update.sh (the channel config update Jobs) against
# scripted fakes of peer, configtxlator, configtxgen, osnadmin and kubectl
# (tests/plan/fake/): the calls of a first run, none that change anything on
# a re-run, too few signatures refused, a failed update retried, Raft and BFT
# orderers made consenters; with FC_FABRIC_BIN_DIR also the real configtxgen
# and configtxlator on real config blocks.  Needs bash and jq.
fc_add_test(plan_config_update COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/plan/config_update.sh)
set_tests_properties(plan_config_update PROPERTIES TIMEOUT 120)
# The same script with the real configtxgen and configtxlator of 2.5.12 and
# 3.1.1 on real config blocks (an organization, consenters and batch byte
# sizes added: the result equals what configtxgen writes for NEW).
# Without FC_FABRIC_BIN_DIR: Skipped (77), also under CI=true.
fc_add_test(plan_config_update_real
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/plan/config_update.sh real)
set_tests_properties(plan_config_update_real PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 120)
set_property(TEST plan_config_update_real APPEND PROPERTY ENVIRONMENT
  "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")

# `fabchart build NEW --from OLD-CHART.tgz` (tests/plan/upgrade.sh): the config
# update Jobs of each move (signers as Fabric's MAJORITY needs), none for a
# move without a config update, a refused move builds nothing; helm template
# (Helm 3 and 4) renders them as ordered post-upgrade hooks with the plan.
fc_add_test(plan_upgrade COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/plan/upgrade.sh)
fc_test_can_skip(helm plan_upgrade)
set_tests_properties(plan_upgrade PROPERTIES TIMEOUT 120)
