# The real-binaries part of the bring-up test of issue 13
# (tests/bringup/real/): the chart's Jobs, orderers, peers and CA run with
# real Fabric binaries, every pod in its own network namespace, then helm test
# and the checks that the network is up.  Needs FC_FABRIC_BIN_DIR (cache or
# environment; v<version>/bin, v<version>/config, fabric-ca-v*/bin): without
# it, Skipped (77), also under CI=true.  1.4: solo and etcdraft variants of
# the seed network (no Kafka here).  bringup_real_chaincode: the chaincode
# sample (samples/chaincode-3.x.yaml) also needs v3.1.1/ccaas/bin (the peer
# image's ccaas builder) and chaincode/bin/fabchart-ccserver (our chaincode
# server, tests/bringup/real/ccserver) there, else Skipped; its chaincodes are
# installed, approved and committed by the chart's Jobs, then invoked and
# queried through every peer that runs them.  bringup_real_upgrade_org
# (issue 17): bringup/real/upgrade-org.yaml, then helm upgrade to
# upgrade-org.new.yaml (org3 joins the channel) built --from its chart: the
# config-update Jobs against the real orderer, org3's peer joins and catches
# up, helm test, and the upgrade hooks once more change nothing;
# bringup_real_upgrade_orderer: the same with a second orderer instead (its
# consenter Job; osnadmin shows it an active consenter).  bringup_real_fabric_ca
# (issue 18): bringup/real/fabric-ca.yaml, the consortium-ca sample on Fabric
# 2.5.5 (what Debian's Go builds): each organization's enrollment Job against
# its real fabric-ca-server (fabric-ca-v*/bin with fabric-ca-client), the
# genesis Job from published certificates, the channel formed, helm test.
find_program(FC_BASH bash REQUIRED)
set(FC_FABRIC_BIN_DIR "$ENV{FC_FABRIC_BIN_DIR}" CACHE PATH
  "real Fabric tools for the bring-up test (v<version>/bin/cryptogen, ...)")
foreach(name dev-minimal raft-2.5 bft-3.x stock-cluster seed-solo seed-etcdraft chaincode upgrade_org
    upgrade_orderer fabric_ca)
  set(topology ${name})
  if(name STREQUAL "chaincode")
    set(topology chaincode-3.x)
  elseif(name STREQUAL "fabric_ca")
    set(topology fabric-ca)
  elseif(name MATCHES "^upgrade_")
    string(REPLACE "_" "-" topology ${name})
  endif()
  fc_add_test(bringup_real_${name}
    COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/bringup/real/bringup_real.sh ${topology})
  set_tests_properties(bringup_real_${name} PROPERTIES
    LABELS "integration;bringup;real" SKIP_RETURN_CODE 77 TIMEOUT 1500 RUN_SERIAL ON)
  set_property(TEST bringup_real_${name} APPEND PROPERTY ENVIRONMENT
    PYTHONDONTWRITEBYTECODE=1 "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")
endforeach()
