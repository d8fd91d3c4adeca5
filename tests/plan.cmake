# `fabchart plan` (issue 17). Included by CMakeLists.txt.
#   plan_golden  every tests/plan/cases/NAME/ (old.yaml, new.yaml, args): the exact
#                exit status, stdout and stderr in its 'expected'; JSON output valid
#                against schemas/plan.schema.json; each class and exit status shown
#                (FABCHART_UPDATE_GOLDEN=1 rewrites the expected files)
# The signature arithmetic is unit_test_fabrules (tests/unit/test_fabrules.c).
find_program(FC_BASH bash REQUIRED)
fc_add_test(plan_golden COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/plan/run.sh)
set_tests_properties(plan_golden PROPERTIES TIMEOUT 300)
