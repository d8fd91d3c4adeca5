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
# run by Helm's tpl; its DER reader against openssl (RSA, ECDSA, UTCTime and
# GeneralizedTime, under busybox too; the real cryptogen's certificates when
# FC_FABRIC_BIN_DIR has one); the helm test pod test-certs (certificate items
# of its own namespace only, its command on certificates laid out as its
# mounts).
fc_add_test(external_certs
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/external/certs.sh)
fc_test_can_skip(helm external_certs)
