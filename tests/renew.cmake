# Certificate renewal (issue 18): files/scripts/renew.sh, the renewal
# CronJob's script, against a scripted fake fabric-ca-client and fake kubectl
# that record their calls, on openssl certificates with short lifetimes: only
# expiring certificates are reenrolled, with the same key; the Secrets holding
# them are replaced; the pods using them restart one at a time, each Ready
# before the next; BFT consenters of two orderer organizations are renewed by
# a channel config update each signs (with the recording fakes of peer and
# configtxlator of tests/plan/fake) before the orderer restarts, and a request
# with another key or for another MSP is refused; mutations of the script are
# caught.  Needs openssl, kubectl (local printing only) and python3 yaml.
find_program(FC_BASH bash REQUIRED)
fc_add_test(renew_script
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/renew/renew.sh)
set_property(TEST renew_script APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(renew_script PROPERTIES TIMEOUT 300)
fc_test_can_skip(tools renew_script)
# templates/renew.yaml as Helm 3 renders it: nothing with cryptogen (the
# chart byte-identical), and in fabric-ca mode the CronJob and RBAC of each
# organization, in its namespace only (no Secret of another, none with a CA key).
fc_add_test(renew_render
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/renew/render.sh)
set_property(TEST renew_render APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(renew_render PROPERTIES TIMEOUT 300)
fc_test_can_skip(helm renew_render)
# renew.sh's reenroll step with a real fabric-ca-client against a real
# fabric-ca-server on 127.0.0.1 serving ca-org1 and tlsca-org1: same key, new
# certificate at the right CA; without reusekey the real client makes a new
# key and the step refuses it.  Without FC_FABRIC_CA_BIN_DIR (fabric-ca-server
# and fabric-ca-client built from the release tag): Skipped, also under CI.
set(FC_FABRIC_CA_BIN_DIR "$ENV{FC_FABRIC_CA_BIN_DIR}" CACHE PATH
  "real fabric-ca-server and fabric-ca-client (a directory holding both)")
fc_add_test(renew_real
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/renew/real.sh)
set_tests_properties(renew_real PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 120)
set_property(TEST renew_real APPEND PROPERTY ENVIRONMENT
  "FC_FABRIC_CA_BIN_DIR=${FC_FABRIC_CA_BIN_DIR}")
# The BFT consenter's renewal (renew_script's part 9) with a real configtxlator
# of Fabric 3 on real Blocks and Envelopes and the real `peer channel
# signconfigtx`: the signed update writes Orderers and BlockValidation alone,
# and the new block's policy is the one Fabric builds from the mapping.
# FC_FABRIC_BIN_DIR (v3*/bin/configtxlator, v*/bin/peer with ../config):
# Skipped without it, also under CI.
fc_add_test(renew_bft_real
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/renew/renew.sh real)
set_tests_properties(renew_bft_real PROPERTIES
  LABELS "integration;real" SKIP_RETURN_CODE 77 TIMEOUT 300)
set_property(TEST renew_bft_real APPEND PROPERTY ENVIRONMENT
  PYTHONDONTWRITEBYTECODE=1 "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")
