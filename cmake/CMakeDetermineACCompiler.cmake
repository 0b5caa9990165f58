# CMakeDetermineACCompiler.cmake — enable_language(AC) step 1: find acc
# (CMAKE_AC_COMPILER, else $ACC, else acc on the PATH) and record it.
if(NOT CMAKE_AC_COMPILER)
  if(DEFINED ENV{ACC} AND NOT "$ENV{ACC}" STREQUAL "")
    set(CMAKE_AC_COMPILER "$ENV{ACC}" CACHE FILEPATH "The Async C compiler")
  else()
    find_program(CMAKE_AC_COMPILER NAMES acc DOC "The Async C compiler")
  endif()
endif()
mark_as_advanced(CMAKE_AC_COMPILER)
if(NOT CMAKE_AC_COMPILER)
  message(FATAL_ERROR "Async C: acc not found; set CMAKE_AC_COMPILER or ACC")
endif()
set(CMAKE_AC_COMPILER_ENV_VAR "ACC")
configure_file("${CMAKE_CURRENT_LIST_DIR}/CMakeACCompiler.cmake.in"
               "${CMAKE_PLATFORM_INFO_DIR}/CMakeACCompiler.cmake" @ONLY)
