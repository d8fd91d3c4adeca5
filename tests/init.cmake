# `fabchart init` (issue 20, item 2). Included by CMakeLists.txt.
#   init  every combination of its options that Fabric allows builds (--Werror) and
#         passes helm lint --strict (Helm 3 and 4), is schema-valid and commented; the
#         refused combinations and bad values, --force, `-`, the $schema line, and the
#         questions on a terminal (tests/init/run.sh)
find_program(FC_BASH bash REQUIRED)
fc_add_test(init COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/init/run.sh)
set_tests_properties(init PROPERTIES TIMEOUT 900) # about 60 s on an idle 2-core machine
fc_test_can_skip(helm init)
