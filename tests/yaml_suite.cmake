# The YAML test suite (issue 7): every case of $FC_EXT_DIR/yaml-test-suite
# through fc_load_yaml, compared with libyaml's own verdict; the loader's
# deliberate rejections are the rules of tests/suites/yaml_suite_deviations.txt.
add_executable(yaml_suite tests/suites/yaml_suite.c)
target_link_libraries(yaml_suite PRIVATE fabchart_core)
fc_add_test(yaml_suite
  COMMAND yaml_suite "${CMAKE_SOURCE_DIR}/tests/suites/yaml_suite_deviations.txt")
fc_test_can_skip(ext yaml_suite)
