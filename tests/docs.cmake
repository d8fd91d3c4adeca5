# Tests of what the README and the chart's NOTES tell a new user (issue 20,
# items 3 and 7). Included by CMakeLists.txt; fc_add_test gives each test
# FABCHART, FABCHART_SOURCE_DIR, FABCHART_BINARY_DIR and FABCHART_EXT_DIR.
#   docs_stock_cluster  samples/stock-cluster.yaml builds without warning,
#                       lints (Helm 3, 4), and its chart uses no value outside
#                       Kubernetes' defaults (tests/docs/stock_cluster.py)
#   docs_notes          the chart's NOTES for every sample name the rendered
#                       chart's namespaces, Jobs (in hook order), selectors,
#                       Secrets and CLI pods (tests/docs/notes_check.py)
#   docs_notes_commands every kubectl/helm command of those NOTES is valid: it
#                       gets as far as connecting to a closed port (needs kubectl)
find_program(FC_BASH bash REQUIRED)
fc_add_test(docs_stock_cluster COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/docs/stock_cluster.sh)
fc_add_test(docs_notes COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/docs/notes.sh)
fc_add_test(docs_notes_commands COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/docs/notes.sh commands)
set_tests_properties(docs_stock_cluster docs_notes docs_notes_commands PROPERTIES TIMEOUT 900)
set_property(TEST docs_stock_cluster docs_notes docs_notes_commands APPEND PROPERTY ENVIRONMENT
  PYTHONDONTWRITEBYTECODE=1)
fc_test_can_skip(helm docs_stock_cluster docs_notes docs_notes_commands)
fc_test_can_skip(tools docs_stock_cluster docs_notes docs_notes_commands)
