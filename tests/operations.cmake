# TLS on the operations endpoints (issue 19, tests/monitoring/operations_tls.sh):
# the rendered env, probes and PodMonitors (needs helm), and real orderers
# (2.5.12, 3.1.1) and a peer (3.1.1) started with the rendered variables
# answering /healthz over TLS (FC_FABRIC_BIN_DIR; without it Skipped, also
# under CI=true, as integration_logging_fabric).
find_program(FC_BASH bash REQUIRED)
fc_add_test(integration_operations_tls
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/monitoring/operations_tls.sh render)
set_property(TEST integration_operations_tls APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(integration_operations_tls PROPERTIES TIMEOUT 300)
fc_test_can_skip(helm integration_operations_tls)
fc_test_can_skip(tools integration_operations_tls)
set(FC_FABRIC_BIN_DIR "$ENV{FC_FABRIC_BIN_DIR}" CACHE PATH
  "real Fabric tools for the bring-up test (v<version>/bin/cryptogen, ...)")
fc_add_test(integration_operations_tls_fabric
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/monitoring/operations_tls.sh fabric)
set_tests_properties(integration_operations_tls_fabric PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 300)
set_property(TEST integration_operations_tls_fabric APPEND PROPERTY ENVIRONMENT
  "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}" PYTHONDONTWRITEBYTECODE=1)
