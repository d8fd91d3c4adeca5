# Identities from Fabric CA (issue 18), tests/identities_ca/.
find_program(FC_BASH bash REQUIRED)
# The enrollment Job's script (files/scripts/enroll.sh) against a stand-in
# Fabric CA and the bring-up test's emulated cluster: first run, re-run,
# Secrets missing, an upload that dies half way.
fc_add_test(identities_ca_enroll
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/identities_ca/enroll_fake.sh)
set_tests_properties(identities_ca_enroll PROPERTIES LABELS "integration" TIMEOUT 300)
