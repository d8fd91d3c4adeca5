# Ledger snapshots (issue 19): files/scripts/snapshot.sh against a scripted
# fake `peer` (request per peer and channel, a harmless rerun, keep-N pruning;
# needs bash and coreutils only), and the CronJob, sidecars, NetworkPolicies
# and schedule grammar as Helm renders them (needs helm).
find_program(FC_BASH bash REQUIRED)
fc_add_test(snapshot_script
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/snapshot/snapshot.sh)
set_tests_properties(snapshot_script PROPERTIES TIMEOUT 120)
fc_add_test(snapshot_render
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/snapshot/render.sh)
set_property(TEST snapshot_render APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(snapshot_render PROPERTIES TIMEOUT 300)
fc_test_can_skip(helm snapshot_render)
fc_test_can_skip(ext snapshot_render)
fc_test_can_skip(tools snapshot_render)
