# Small helpers so each target is a few lines (in the spirit of Abseil's absl_cc_test).

# tokenmill_test(NAME SRCS a.cc b.cc [DEPS x y])
function(tokenmill_test name)
  cmake_parse_arguments(T "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${T_SRCS})
  target_link_libraries(${name} PRIVATE tokenmill GTest::gtest GTest::gtest_main GTest::gmock ${T_DEPS})
  # The tests' own code is glue around the library, which keeps its optimization: -O1 compiles
  # it in two thirds of -O3's time.
  target_compile_options(${name} PRIVATE -O1)
  # A test binary's files compile as a few unity files: each parses GoogleTest, the JSON
  # library and the tokenizer headers once instead of once per file.
  set_target_properties(${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 6)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${name} PRIVATE -Wno-subobject-linkage)  # see the top CMakeLists.txt
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()
