# Out of memory (issue 15), as Lua's tests do it (ltests.c l_alloc):
#   oom_pipeline  tests/oom/oom_pipeline.c: `fabchart build`'s pipeline
#                 (fc_compile, load to pack) on every sample with the N-th
#                 allocation failing, N = 1, 2, 3, ... until a run completes;
#                 every run ends in the out-of-memory exit 3, a clean [io]
#                 error or the same chart; never a crash, a sanitizer report
#                 or (in the sanitized build) a leak.
# The hook is the linker's: --wrap routes malloc, calloc, realloc and strdup of
# the library and of the libyaml, PCRE2 and zlib it links statically through
# the test's counting wrappers, and free, so that it knows which blocks a run left.  With -DFC_STATIC_DEPS=OFF those libraries'
# own allocations are out of its reach (the library's are still counted).
# Under -DFC_VALGRIND=ON tests/valgrind.cmake runs it under memcheck too.
add_executable(oom_pipeline tests/oom/oom_pipeline.c)
target_link_libraries(oom_pipeline PRIVATE fabchart_core)
target_link_options(oom_pipeline PRIVATE
  -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=free)
fc_add_test(oom_pipeline COMMAND oom_pipeline)
set_tests_properties(oom_pipeline PROPERTIES TIMEOUT 600)
