include(GoogleTest)

# parley_library(NAME SRCS ... DEPS ...): one static library per module.
function(parley_library NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  if(NOT ARG_SRCS)  # a module whose sources are not written yet
    add_library(${NAME} INTERFACE)
    target_link_libraries(${NAME} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(${NAME} STATIC ${ARG_SRCS})
  target_include_directories(${NAME} PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR})
  target_link_libraries(${NAME} PUBLIC ${ARG_DEPS})
endfunction()

# parley_unoptimized(TARGET): the target's own sources compiled at -O0 and,
# in a fuzzing tree, without libFuzzer's coverage hooks: for test code,
# whose speed does not matter (the code it tests is in the libraries, built
# as the tree says) and which is most of what a developer tree compiles.
# -O0 halves its compile time with g++ and, with the hooks gone, takes two
# thirds off with clang's ASan + UBSan (the sanitizers stay on).
function(parley_unoptimized TARGET)
  target_compile_options(${TARGET} PRIVATE -O0)
  if(PARLEY_FUZZ)
    target_compile_options(${TARGET} PRIVATE -fno-sanitize=fuzzer-no-link)
  endif()
endfunction()

# parley_test(NAME SRCS ... DEPS ... [LABELS ...]): a GoogleTest binary registered with CTest.
function(parley_test NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT PARLEY_DEVELOPER_MODE)
    return()
  endif()
  add_executable(${NAME} ${ARG_SRCS})
  target_link_libraries(${NAME} PRIVATE ${ARG_DEPS} parley_testutil GTest::gtest GTest::gtest_main)
  # Where this build keeps the binary and data (tests/testutil/paths.h); the
  # environment variables of the same names override them.
  target_compile_definitions(${NAME} PRIVATE
    PARLEY_TEST_BUILD_DIR="${PROJECT_BINARY_DIR}" PARLEY_TEST_DATA_DIR="${PARLEY_DATA_DIR}")
  parley_unoptimized(${NAME})
  gtest_discover_tests(${NAME} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} TEST_PREFIX "${NAME}."
    PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()

# parley_benchmark(NAME SRCS ... DEPS ...): a Google Benchmark main.
function(parley_benchmark NAME)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  # Sanitizer and fuzz builds time nothing: their benchmarks would only cost
  # CI compile time.
  if(NOT PARLEY_DEVELOPER_MODE OR NOT benchmark_FOUND OR PARLEY_SANITIZE OR PARLEY_FUZZ)
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

# parley_module(NAME DEPS ... [TEST_DEPS ...]): the library of one src/ folder.
# Sources are the folder's *.cc; *_test.cc files form one test binary
# NAME_test, and each *_benchmark.cc is a benchmark binary. A new file joins
# its module by being created, so modules never need build edits to grow.
function(parley_module NAME)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB all_cc CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  set(lib_cc)
  set(test_cc)
  set(bench_cc)
  foreach(f ${all_cc})
    if(f MATCHES "_test\\.cc$")
      list(APPEND test_cc ${f})
    elseif(f MATCHES "_benchmark\\.cc$")
      list(APPEND bench_cc ${f})
    else()
      list(APPEND lib_cc ${f})
    endif()
  endforeach()
  parley_library(${NAME} SRCS ${lib_cc} DEPS ${ARG_DEPS})
  if(test_cc)
    parley_test(${NAME}_test SRCS ${test_cc} DEPS ${NAME} ${ARG_TEST_DEPS})
  endif()
  foreach(f ${bench_cc})
    get_filename_component(bname ${f} NAME_WE)
    parley_benchmark(${bname} SRCS ${f} DEPS ${NAME})
  endforeach()
endfunction()
