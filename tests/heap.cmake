# The heap on transparent huge pages (src/cli/cli_heap.c; issue 15's
# benchmarks: page faults were most of a build's wall time):
#   heap_hugepages  tests/heap/heap_hugepages.c, built without sanitizers,
#                   whose allocators replace the heap the function advises;
#                   Skipped where the kernel has no transparent huge pages
#                   (failed under CI=true).
add_executable(heap_hugepages tests/heap/heap_hugepages.c src/cli/cli_heap.c)
target_include_directories(heap_hugepages PRIVATE "${CMAKE_SOURCE_DIR}/src/cli")
target_compile_options(heap_hugepages PRIVATE -fno-sanitize=all)
target_link_options(heap_hugepages PRIVATE -fno-sanitize=all)
fc_add_test(heap_hugepages COMMAND heap_hugepages)
set_tests_properties(heap_hugepages PROPERTIES SKIP_RETURN_CODE 77)
