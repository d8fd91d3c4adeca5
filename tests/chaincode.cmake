# Chaincode packages against real Fabric (issue 16): the package IDs fabchart
# writes equal `peer lifecycle chaincode calculatepackageid`'s, for the peers
# of Fabric 2.5.12 and 3.1.1 under FC_FABRIC_BIN_DIR (as tests/bringup_real
# uses it).  Without them: Skipped (77), also under CI=true.
find_program(FC_BASH bash REQUIRED)
set(FC_FABRIC_BIN_DIR "$ENV{FC_FABRIC_BIN_DIR}" CACHE PATH
  "real Fabric tools for the bring-up test (v<version>/bin/cryptogen, ...)")
fc_add_test(integration_ccpackage_fabric
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/ccpackage_fabric.sh)
set_tests_properties(integration_ccpackage_fabric PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 300)
set_property(TEST integration_ccpackage_fabric APPEND PROPERTY ENVIRONMENT
  "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")
# The logging spec grammar of values.schema.json against the real peers' own
# (issue 19): Helm 3 and 4 accept a spec exactly when Fabric 1.4.12, 2.5.12
# and 3.1.1 do.  Without FC_FABRIC_BIN_DIR: Skipped (77), also under CI=true.
fc_add_test(integration_logging_fabric
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/logging_fabric.sh)
set_tests_properties(integration_logging_fabric PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 600)
set_property(TEST integration_logging_fabric APPEND PROPERTY ENVIRONMENT
  "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")

# The peers' ccaas builder is the official image's (tests/chaincode/
# peer_builder.sh): Fabric's source at v2.5.12 and v3.1.1 under FC_FABRIC_SRC
# (a git directory); without it Skipped (77), also under CI=true; needs helm.
set(FC_FABRIC_SRC "$ENV{FC_FABRIC_SRC}" CACHE PATH
  "git directory of hyperledger/fabric with the tags v2.5.12 and v3.1.1")
fc_add_test(chaincode_peer_builder
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/chaincode/peer_builder.sh)
set_property(TEST chaincode_peer_builder APPEND PROPERTY ENVIRONMENT
  "FC_FABRIC_SRC=${FC_FABRIC_SRC}")
fc_test_can_skip(helm chaincode_peer_builder)
set_tests_properties(chaincode_peer_builder PROPERTIES TIMEOUT 300)

# lifecycle.sh against a scripted fake peer (tests/chaincode/lifecycle.sh):
# the calls of a first run, none that change anything on a second, bounded
# polling of commit readiness.  Needs only sh and coreutils.
fc_add_test(chaincode_lifecycle
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/chaincode/lifecycle.sh)
set_tests_properties(chaincode_lifecycle PROPERTIES TIMEOUT 120)

# Each chaincode server reachable only from its organization's peers
# (tests/chaincode/netpol.sh, by `fabchart netpol --topology`).
fc_add_test(chaincode_netpol
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/chaincode/netpol.sh)
fc_test_can_skip(tools chaincode_netpol)

# Peer-to-chaincode TLS with Fabric's own tools (tests/chaincode/tls_fabric.sh):
# the identity Job's pairs from the real cryptogen, the real ccaas builder
# filling connection.json from the peers' configuration, a mutual TLS
# handshake with openssl.  Needs FC_FABRIC_BIN_DIR with v3.1.1/bin/cryptogen
# and v3.1.1/ccaas/bin/build; without them Skipped (77), also under CI=true.
fc_add_test(chaincode_tls_fabric
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/chaincode/tls_fabric.sh)
set_tests_properties(chaincode_tls_fabric PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 300)
set_property(TEST chaincode_tls_fabric APPEND PROPERTY ENVIRONMENT
  PYTHONDONTWRITEBYTECODE=1 "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")
