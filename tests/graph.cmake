# `fabchart graph` (issue 20, item 4). Included by CMakeLists.txt.
#   graph  every sample: DOT through real Graphviz to well-formed SVG, Mermaid
#          through Mermaid's own parser (and the chart README's block equals it),
#          golden DOT and Mermaid for seed-kafka, the tool-missing and usage errors
find_program(FC_BASH bash REQUIRED)
fc_add_test(graph COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/graph/run.sh)
set_tests_properties(graph PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
