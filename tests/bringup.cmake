# The bring-up test of issue 13 (tests/bringup/): for every sample, the
# chart's own Job scripts and commands run from the rendered manifests against
# an emulated Kubernetes API that enforces the chart's RBAC, with stand-ins
# for kubectl and the Fabric binaries: helm install, helm test, a retried and
# a half-failed identity Job, helm upgrade with one more peer and with one
# more organization.  Skipped (77) without Helm, python3-yaml or mount
# namespaces, except under CI=true.  FC_FABRIC_BIN_DIR (cache or environment)
# points at real Fabric tools for the identity Job.
find_program(FC_BASH bash REQUIRED)
set(FC_FABRIC_BIN_DIR "$ENV{FC_FABRIC_BIN_DIR}" CACHE PATH
  "real Fabric tools for the bring-up test (v<version>/bin/cryptogen, ...)")
foreach(sample seed-kafka raft-2.5 bft-3.x dev-minimal stock-cluster)
  fc_add_test(bringup_${sample}
    COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/bringup/bringup.sh ${sample})
  # COST: among the suite's longest tests (10-30 s of CPU each); ctest -j
  # starts the costliest first, so that the short ones fill the other slot
  # instead of leaving the bring-ups to run at the end one by one (a clean
  # clone has no CTestCostData.txt to tell it)
  set_tests_properties(bringup_${sample} PROPERTIES
    LABELS "integration;bringup" SKIP_RETURN_CODE 77 TIMEOUT 3600 COST 30)
  set_property(TEST bringup_${sample} APPEND PROPERTY ENVIRONMENT
    PYTHONDONTWRITEBYTECODE=1 "FC_FABRIC_BIN_DIR=${FC_FABRIC_BIN_DIR}")
endforeach()
