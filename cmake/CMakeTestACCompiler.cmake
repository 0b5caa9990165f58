# CMakeTestACCompiler.cmake — enable_language(AC) step 3: acc must run.
if(NOT CMAKE_AC_COMPILER_WORKS)
  execute_process(COMMAND "${CMAKE_AC_COMPILER}" --version
                  RESULT_VARIABLE _ac_status OUTPUT_VARIABLE _ac_out
                  ERROR_VARIABLE _ac_out)
  if(NOT _ac_status EQUAL 0)
    message(FATAL_ERROR "Async C: '${CMAKE_AC_COMPILER} --version' failed:\n${_ac_out}")
  endif()
  string(REGEX MATCH "acc \\(Async C\\) [^\n]*" _ac_ver "${_ac_out}")
  message(STATUS "Check for working AC compiler: ${CMAKE_AC_COMPILER} (${_ac_ver}) - works")
  set(CMAKE_AC_COMPILER_WORKS 1 CACHE INTERNAL "")
endif()
