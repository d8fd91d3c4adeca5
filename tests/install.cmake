# Installing like a real tool (issue 20, item 1). Included by CMakeLists.txt.
#   install  `cmake --install` into a temporary prefix: the binary, fabchart(1) (man
#            --warnings, in step with --help and help CMD), bash completion (scripted
#            COMP_WORDS runs), zsh/fish files, the schema; then `cpack -G DEB` and the
#            package unpacked with dpkg-deb -x
find_program(FC_BASH bash REQUIRED)
fc_add_test(install COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/install/run.sh)
# RUN_SERIAL: cpack runs the build's preinstall step, which relinks fabchart when a
# source changed since the build (other tests would see the binary being written).
set_tests_properties(install PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
