# NetworkPolicy analysis (issue 6). Included by CMakeLists.txt; fc_add_test
# gives each test FABCHART and FABCHART_EXT_DIR.
#   netpol_oracle  every case of ${FC_EXT_DIR}/netpol-oracle through
#                  `fabchart netpol DIR`, byte-exact against the expected
#                  connectivity list (skipped without the data, fails so under CI=true)
#   netpol_cli     the command line: inputs (files, directories, stdin), the
#                  four formats, --check, diagnostics and exit statuses
#   netpol_exposure  exposure against isolation (issue 14 point 4): on every
#                  sample (and variants) and 40 generated topologies, the
#                  port map's external ports are exactly what the policies
#                  admit from the declared outside sources
find_program(FC_BASH bash REQUIRED)
fc_add_test(netpol_oracle
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/netpol/run_oracle.sh)
fc_add_test(netpol_cli
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/netpol/run_cli.sh)
find_program(FC_PYTHON3 python3 REQUIRED)
fc_add_test(netpol_exposure
  COMMAND ${FC_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/netpol/run_exposure.py
          --fabchart $<TARGET_FILE:fabchart> --source ${CMAKE_SOURCE_DIR} --count 40)
set_tests_properties(netpol_oracle netpol_cli PROPERTIES TIMEOUT 300)
set_tests_properties(netpol_exposure PROPERTIES TIMEOUT 900 SKIP_RETURN_CODE 77)
set_property(TEST netpol_exposure APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
fc_test_can_skip(ext netpol_oracle)
