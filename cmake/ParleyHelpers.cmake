include(GoogleTest)

# parley_library(NAME SRCS ... DEPS ...): one static library per module.
function(parley_library NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${NAME} STATIC ${ARG_SRCS})
  target_include_directories(${NAME} PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR})
  target_link_libraries(${NAME} PUBLIC ${ARG_DEPS})
endfunction()

# parley_test(NAME SRCS ... DEPS ... [LABELS ...]): a GoogleTest binary registered with CTest.
function(parley_test NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT PARLEY_DEVELOPER_MODE)
    return()
  endif()
  add_executable(${NAME} ${ARG_SRCS})
  target_link_libraries(${NAME} PRIVATE ${ARG_DEPS} parley_testutil GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${NAME} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS "${ARG_LABELS}" ENVIRONMENT "PARLEY_DATA_DIR=${PARLEY_DATA_DIR}"
    DISCOVERY_TIMEOUT 60)
endfunction()

# parley_benchmark(NAME SRCS ... DEPS ...): a Google Benchmark main.
function(parley_benchmark NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  if(NOT PARLEY_DEVELOPER_MODE OR NOT benchmark_FOUND)
    return()
  endif()
  add_executable(${NAME} ${ARG_SRCS})
  target_link_libraries(${NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main)
endfunction()

# parley_fuzzer(NAME SRCS ... DEPS ...): a libFuzzer target.
function(parley_fuzzer NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${NAME} ${ARG_SRCS})
  target_link_libraries(${NAME} PRIVATE ${ARG_DEPS})
  target_link_options(${NAME} PRIVATE -fsanitize=fuzzer)
endfunction()
