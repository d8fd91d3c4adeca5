# valgrind memcheck (issue 7), for builds without sanitizers (valgrind and
# ASan do not mix): -DFC_VALGRIND=ON registers, with the label `valgrind`,
#   valgrind_unit_<test>   each unit-test executable under
#                          valgrind --error-exitcode=1 --leak-check=full
#   valgrind_golden_<...>  the golden tests with every fabchart they start
#                          under valgrind (tests/valgrind/run_with_valgrind.sh)
#   valgrind_fuzz_<h>      each fuzz corpus replayed under valgrind (it sees
#                          reads of uninitialized memory, which ASan does not)
#   valgrind_oom_pipeline  tests/oom/oom_pipeline.c under valgrind
# scripts/test-valgrind configures build-valgrind/ this way and runs them.
# Every one of these tests sees FABCHART_UNDER_VALGRIND=1, so that a test
# with a time budget can skip it (valgrind runs code 20-50 times slower).
option(FC_VALGRIND "Register the valgrind memcheck tests (needs FC_SANITIZE=OFF)" OFF)
if(FC_VALGRIND)
  if(FC_SANITIZE)
    message(FATAL_ERROR "FC_VALGRIND=ON needs FC_SANITIZE=OFF: valgrind and ASan do not mix")
  endif()
  find_program(FC_VALGRIND_EXE valgrind REQUIRED)
  find_program(FC_PYTHON3 python3 REQUIRED)
  find_program(FC_BASH bash REQUIRED)
  set(fc_valgrind_opts -q --error-exitcode=1 --leak-check=full
    --errors-for-leak-kinds=definite,indirect,possible
    --show-leak-kinds=definite,indirect,possible)
  file(GLOB fc_valgrind_units CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/test_*.c")
  set(fc_valgrind_tests)
  foreach(src ${fc_valgrind_units})
    get_filename_component(name ${src} NAME_WE)
    fc_add_test(valgrind_unit_${name}
      COMMAND ${FC_VALGRIND_EXE} ${fc_valgrind_opts} $<TARGET_FILE:${name}>)
    list(APPEND fc_valgrind_tests valgrind_unit_${name})
  endforeach()
  set(fc_run_vg ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/valgrind/run_with_valgrind.sh)
  # (every case's `validate --format json` and `build`; the text-output run of
  # golden_invalid is left to the ASan suite and valgrind_golden_cli)
  fc_add_test(valgrind_golden_invalid
    COMMAND ${fc_run_vg} ${FC_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/golden/run_invalid.py)
  fc_add_test(valgrind_golden_charts
    COMMAND ${fc_run_vg} ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/golden/run_golden.sh)
  fc_add_test(valgrind_golden_cli
    COMMAND ${fc_run_vg} ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/golden/run_cli.sh)
  list(APPEND fc_valgrind_tests valgrind_golden_invalid valgrind_golden_charts
    valgrind_golden_cli)
  # FC_FUZZ_HARNESSES comes from tests/fuzz.cmake, included before this file
  foreach(harness ${FC_FUZZ_HARNESSES})
    fc_add_test(valgrind_fuzz_${harness}
      COMMAND ${FC_VALGRIND_EXE} ${fc_valgrind_opts} $<TARGET_FILE:fuzz_${harness}_replay>
      "${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${harness}")
    list(APPEND fc_valgrind_tests valgrind_fuzz_${harness})
  endforeach()
  # tests/oom.cmake: the out-of-memory runs (its own schedule under valgrind)
  fc_add_test(valgrind_oom_pipeline
    COMMAND ${FC_VALGRIND_EXE} ${fc_valgrind_opts} $<TARGET_FILE:oom_pipeline>)
  list(APPEND fc_valgrind_tests valgrind_oom_pipeline)
  set_tests_properties(${fc_valgrind_tests} PROPERTIES LABELS valgrind TIMEOUT 1800)
  # tests that time themselves skip their budgets under valgrind's slowdown
  foreach(test ${fc_valgrind_tests})
    set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT FABCHART_UNDER_VALGRIND=1)
  endforeach()
  set_property(TEST valgrind_golden_invalid APPEND PROPERTY ENVIRONMENT
    PYTHONDONTWRITEBYTECODE=1)
endif()
