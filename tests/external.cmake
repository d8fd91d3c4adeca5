# Reaching the network from outside (issue 18), tests/external/.
find_program(FC_BASH bash REQUIRED)
set(FC_FABRIC_BIN_DIR "$ENV{FC_FABRIC_BIN_DIR}" CACHE PATH
  "real Fabric tools for the bring-up test (v<version>/bin/cryptogen, ...)")
# External names in the TLS certificates of the real cryptogen and in the
# orderer endpoints of the real configtxgen's channel block (Fabric 2.5.12 and
# 3.1.1 under FC_FABRIC_BIN_DIR).  Without them: Skipped (77), also under CI=true.
fc_add_test(external_sans_fabric
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/external/sans_fabric.sh)
set_tests_properties(external_sans_fabric PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 120)
set_property(TEST external_sans_fabric APPEND PROPERTY ENVIRONMENT
  "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")
# The connection profile of each peer organization: the rendered Job and RBAC
# (Helm 3), profile.sh against certificates made by openssl and a recording
# fake kubectl, the result against tests/external/connection-profile.schema.json
# and the port map.
fc_add_test(external_profile
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/external/profile.sh)
set_property(TEST external_profile APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
fc_test_can_skip(helm external_profile)
# The certificate expiry listing (files/scripts/certs.sh) on openssl
# certificates with short lifetimes, and the go-template of its NOTES command
# run by Helm's tpl.
fc_add_test(external_certs
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/external/certs.sh)
fc_test_can_skip(helm external_certs)
# The genesis Job of identities: fabric-ca with the real configtxgen and
# configtxlator of a Fabric 2.5 release under FC_FABRIC_BIN_DIR (v2.5.*/bin):
# blocks from published certificates only (tests/external/genesis.sh).
# Skipped (77) without them, also under CI=true.
fc_add_test(external_genesis_fabric
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/external/genesis.sh)
set_tests_properties(external_genesis_fabric PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 300)
set_property(TEST external_genesis_fabric APPEND PROPERTY ENVIRONMENT
  PYTHONDONTWRITEBYTECODE=1 "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")
# IPv6 external hosts (tests/external/ipv6.yaml) and exposure.type Ingress
# (tests/external/ingress.yaml): helm lint --strict (Helm 3 and 4), the
# inventory against helm template, the strict Kubernetes schemas, bracketed
# addresses and raw SANs, the Ingress objects, and the controller's
# namespace in `fabchart netpol` (tests/external/ingress_check.py).
fc_add_test(external_ingress
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/external/ingress.sh)
set_property(TEST external_ingress APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1
  "FC_INVENTORY=$<TARGET_FILE:fc_inventory>")
fc_test_can_skip(helm external_ingress)
fc_test_can_skip(ext external_ingress)
