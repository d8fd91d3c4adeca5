# Who may read or make which Secret with identities: fabric-ca (rendered RBAC,
# the enrollment and genesis plans), and that the same rules catch the
# cryptogen identity Job (tests/external/rbac.sh, rbac_check.py; issue 18).
find_program(FC_BASH bash REQUIRED)
fc_add_test(external_rbac
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/external/rbac.sh)
set_property(TEST external_rbac APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
fc_test_can_skip(helm external_rbac)
