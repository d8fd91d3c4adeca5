# Golden tests. Included by CMakeLists.txt; fc_add_test gives each test
# FABCHART, FABCHART_SOURCE_DIR and FABCHART_BINARY_DIR.
#   golden_invalid  tests/invalid/*.yaml (and generated oversized inputs): the
#                   exact diagnostics each states in its '# expect:' lines, exit
#                   status, and that `build` writes nothing on error
#   golden_charts   the unpacked chart of every samples/*.yaml equals
#                   tests/golden/charts/<sample>/ (FABCHART_UPDATE_GOLDEN=1
#                   tests/golden/run_golden.sh rewrites them)
#   golden_cli      the command line: version, help, exit statuses, --format
#                   json, --Werror, SOURCE_DATE_EPOCH, existing output
find_program(FC_PYTHON3 python3 REQUIRED)
find_program(FC_BASH bash REQUIRED)

fc_add_test(golden_invalid
  COMMAND ${FC_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/golden/run_invalid.py)
fc_add_test(golden_charts
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/golden/run_golden.sh)
fc_add_test(golden_cli
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/golden/run_cli.sh)
set_tests_properties(golden_invalid golden_charts golden_cli PROPERTIES TIMEOUT 600)
set_property(TEST golden_invalid APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)

# crypto-config.yaml and configtx.yaml of every sample, rule by rule (issue 5).
find_program(FC_PYTHON3 python3 REQUIRED)
fc_add_test(golden_fabric_config
  COMMAND ${FC_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/golden/fabric_config.py
          $<TARGET_FILE:fabchart> ${CMAKE_SOURCE_DIR}/samples)
set_property(TEST golden_fabric_config APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
# The templates' rules (issue 15): no hard-coded Fabric port, no list building,
# no object in _helpers.tpl, no catch-all file.
fc_add_test(golden_template_rules
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/golden/template_rules.sh)
fc_add_test(golden_shellcheck COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/golden/run_shellcheck.sh)
# Every C file is clang-format clean (.clang-format).
fc_add_test(golden_clang_format COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/golden/run_clang_format.sh)
fc_test_can_skip(tools golden_shellcheck golden_clang_format)
# The include graph of src/: no cycle, no include from a pipeline stage to a
# later one (tests/golden/include_graph.py declares the layers).
fc_add_test(golden_include_graph
  COMMAND ${FC_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/golden/include_graph.py)
set_property(TEST golden_include_graph APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
