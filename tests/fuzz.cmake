# Fuzz harnesses (issue 7): tests/fuzz/fuzz_<harness>.c, each with its corpus
# in tests/fuzz/corpus/<harness>/.
#
# Every build: fuzz_<harness>_replay (the harness + tests/fuzz/replay_main.c)
# and a ctest test of the same name that runs every corpus file through the
# harness once, so the sanitizers of a sanitized build (FC_SANITIZE, as CI
# builds) check each input.
#
# -DFC_FUZZ=ON (clang only; implies the sanitizers): also builds the real
# libFuzzer binaries fuzz_<harness>, with the library instrumented for
# coverage.  Run them on a scratch copy of the corpus, e.g.
#   build-fuzz/fuzz_load -max_len=65536 -timeout=5 -rss_limit_mb=2048 \
#       work/load tests/fuzz/corpus/load
# and fold what they find back with -merge=1 (see tests/fuzz/README.md).
option(FC_FUZZ "Build the libFuzzer harnesses (clang)" OFF)

set(FC_FUZZ_HARNESSES load schema compile chart)
if(EXISTS "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_netpol.c")
  list(APPEND FC_FUZZ_HARNESSES netpol)
endif()

if(FC_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "FC_FUZZ=ON needs clang (cmake -DCMAKE_C_COMPILER=clang)")
  endif()
  if(NOT FC_SANITIZE)
    message(FATAL_ERROR "FC_FUZZ=ON needs FC_SANITIZE=ON (fuzz with ASan and UBSan)")
  endif()
  target_compile_options(fabchart_core PRIVATE -fsanitize=fuzzer-no-link)
endif()

foreach(harness ${FC_FUZZ_HARNESSES})
  set(src "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${harness}.c")
  add_executable(fuzz_${harness}_replay ${src} tests/fuzz/replay_main.c)
  target_link_libraries(fuzz_${harness}_replay PRIVATE fabchart_core)
  fc_add_test(fuzz_${harness}_replay COMMAND fuzz_${harness}_replay
    "${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${harness}")
  set_tests_properties(fuzz_${harness}_replay PROPERTIES TIMEOUT 600)
  if(FC_FUZZ)
    add_executable(fuzz_${harness} ${src})
    target_compile_options(fuzz_${harness} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${harness} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_${harness} PRIVATE fabchart_core)
  endif()
endforeach()
