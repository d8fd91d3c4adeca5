# The small things of issue 20, item 6 (help help, plurals, aligned columns, netpol's
# stdin prompt). Included by CMakeLists.txt; the push items are in integration_oci_push.
find_program(FC_BASH bash REQUIRED)
fc_add_test(polish COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/polish/run.sh)
set_tests_properties(polish PROPERTIES TIMEOUT 300)
