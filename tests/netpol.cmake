# NetworkPolicy analysis (issue 6). Included by CMakeLists.txt; fc_add_test
# gives each test FABCHART and FABCHART_EXT_DIR.
#   netpol_oracle  every case of ${FC_EXT_DIR}/netpol-oracle through
#                  `fabchart netpol DIR`, byte-exact against the expected
#                  connectivity list (skipped without the data, fails so under CI=true)
#   netpol_cli     the command line: inputs (files, directories, stdin), the
#                  four formats, --check, diagnostics and exit statuses
find_program(FC_BASH bash REQUIRED)
fc_add_test(netpol_oracle
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/netpol/run_oracle.sh)
fc_add_test(netpol_cli
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/netpol/run_cli.sh)
set_tests_properties(netpol_oracle netpol_cli PROPERTIES TIMEOUT 300)
fc_test_can_skip(ext netpol_oracle)
