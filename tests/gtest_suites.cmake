# Writes one ctest test per GoogleTest suite of a test binary: run after the
# binary is built (tests/CMakeLists.txt), with
#   -D TEST_BINARY=... -D WORKING_DIR=... -D OUT=FILE
# A suite's tests run in one process, so that its SetUpTestSuite (a scenario
# simulated and ingested: seconds, and more under the sanitizers) runs once,
# not once for each test as when every test is a process of its own.
execute_process(COMMAND ${TEST_BINARY} --gtest_list_tests
                OUTPUT_VARIABLE listing ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${TEST_BINARY} --gtest_list_tests failed (${status}): ${errors}")
endif()
string(REPLACE "\n" ";" lines "${listing}")
set(suites "")
foreach(line IN LISTS lines)
  # A suite is a line of its own, not indented: "Suite." or "Prefix/Suite/0."
  if(line MATCHES "^([A-Za-z0-9_/]+)\\.")
    list(APPEND suites ${CMAKE_MATCH_1})
  endif()
endforeach()
list(LENGTH suites count)
if(count EQUAL 0)
  message(FATAL_ERROR "${TEST_BINARY} lists no test suite")
endif()
set(text "# Written by tests/gtest_suites.cmake from ${TEST_BINARY} --gtest_list_tests\n")
foreach(suite IN LISTS suites)
  string(APPEND text "add_test([==[${suite}]==] [==[${TEST_BINARY}]==] [==[--gtest_filter=${suite}.*]==])\n"
                     "set_tests_properties([==[${suite}]==] PROPERTIES WORKING_DIRECTORY [==[${WORKING_DIR}]==])\n")
endforeach()
file(WRITE ${OUT}.new "${text}")
file(RENAME ${OUT}.new ${OUT})
