# The official JSON-Schema-Test-Suite (issue 3): drafts 2020-12 and 07, every
# top-level file plus the optional format files of the asserted formats, with
# the cases the validator cannot run listed in tests/suites/jsonschema_skip.txt.
add_executable(jsonschema_suite tests/suites/jsonschema_suite.c)
target_link_libraries(jsonschema_suite PRIVATE fabchart_core)
fc_add_test(jsonschema_suite
  COMMAND jsonschema_suite "${CMAKE_SOURCE_DIR}/tests/suites/jsonschema_skip.txt")
fc_test_can_skip(ext jsonschema_suite)
