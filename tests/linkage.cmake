# linkage: what the fabchart binary loads at start-up (tests/linkage.sh).
# FC_STATIC_DEPS=ON: libyaml, PCRE2, Nettle, libarchive and zlib are inside
# the binary and only libc (and libm) are shared libraries it names, besides
# the sanitizers' own; OFF: it names the shared libarchive and zlib.
find_program(FC_BASH bash REQUIRED)
if(FC_STATIC_DEPS)
  set(FC_LINKAGE static)
else()
  set(FC_LINKAGE shared)
endif()
fc_add_test(linkage COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/linkage.sh
  $<TARGET_FILE:fabchart> ${FC_LINKAGE})
set_tests_properties(linkage PROPERTIES SKIP_RETURN_CODE 77)
