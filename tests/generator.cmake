# Random topologies (issue 14): tests/generator/gen.py writes them from a seed,
# tests/generator/run.py builds each one and checks every chart that builds
# (helm lint --strict with Helm 3 and 4, helm template, the strict Kubernetes
# schemas, unique objects, pod and Service naming rules, the inventory when
# fc_inventory is built) and that every rejected one has an error at a
# topology line.  ctest runs a fast fixed subset; the whole run (2,000) is
# `tests/generator/run.py --count 2000 --seed 1 --jobs 2 --fabchart ...`.
# Without helm or the schemas it exits 77 (skipped), and fails under CI=true.
find_program(FC_PYTHON3 python3 REQUIRED)
fc_add_test(generator_topologies
  COMMAND ${FC_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/generator/run.py
          --count 40 --seed ci --jobs 2
          --results ${CMAKE_BINARY_DIR}/generator-results
          --fabchart $<TARGET_FILE:fabchart>)
set_tests_properties(generator_topologies PROPERTIES
  LABELS integration TIMEOUT 900 SKIP_RETURN_CODE 77)
set_property(TEST generator_topologies APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
