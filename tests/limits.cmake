# Limits and output safety (issue 7), checked on every build:
#   limits_bombs    tests/limits/run_limits.sh: each hostile input of
#                   tests/limits/bombs.py gets its exit status, diagnostic
#                   code and position, and nothing is written (time and
#                   memory are measured by bench/limits/run, not here)
#   output_safety   tests/limits/run_output_safety.sh: missing, unwritable
#                   and symlinked output directories, a full disk
#                   (ulimit -f), an existing different chart
find_program(FC_BASH bash REQUIRED)
fc_add_test(limits_bombs COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/limits/run_limits.sh)
fc_add_test(output_safety
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/limits/run_output_safety.sh)
set_tests_properties(limits_bombs output_safety PROPERTIES TIMEOUT 300)
