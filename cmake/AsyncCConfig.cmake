# AsyncCConfig.cmake — find_package(AsyncC): Async C for CMake projects.
#
#   find_package(AsyncC 0.1 REQUIRED)
#   add_library(net STATIC net.ac)          # .ac sources, like .c ones
#   add_executable(app main.ac)
#   target_link_libraries(app net AsyncC::acrt)
#
# It enables the language AC (CMakeDetermineACCompiler.cmake and friends
# beside this file): .ac files are compiled by acc with the target's include
# directories, definitions, options and CMAKE_AC_FLAGS[_<CONFIG>], and their
# header dependencies come from acc -MD (Ninja and Makefile generators).
# Targets link with the C compiler; AsyncC::acrt is the runtime (the shared
# libacrt), AsyncC::acrt_static the static one.  The package is relocatable:
# everything is found relative to this file.
#
# Sets AsyncC_VERSION, AsyncC_PREFIX, AsyncC_ACC (the acc it found).
# (No cmake_minimum_required here: it would change the caller's policies.)
if(CMAKE_VERSION VERSION_LESS 3.20)
  set(AsyncC_FOUND FALSE)
  set(AsyncC_NOT_FOUND_MESSAGE "Async C needs CMake 3.20 or later (compiler depfiles)")
  return()
endif()

get_filename_component(AsyncC_PREFIX "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT CMAKE_AC_COMPILER AND NOT DEFINED ENV{ACC}
   AND EXISTS "${AsyncC_PREFIX}/bin/acc")
  set(CMAKE_AC_COMPILER "${AsyncC_PREFIX}/bin/acc" CACHE FILEPATH
      "The Async C compiler")
endif()

list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")
# AC objects are linked by the C compiler.
get_property(_asyncc_langs GLOBAL PROPERTY ENABLED_LANGUAGES)
if(NOT "C" IN_LIST _asyncc_langs)
  enable_language(C)
endif()
enable_language(AC)
set(AsyncC_ACC "${CMAKE_AC_COMPILER}")

if(NOT TARGET AsyncC::acrt)
  add_library(AsyncC::acrt SHARED IMPORTED)
  set_target_properties(AsyncC::acrt PROPERTIES
    IMPORTED_LOCATION "${AsyncC_PREFIX}/lib/libacrt.so.0"
    IMPORTED_SONAME "libacrt.so.0"
    INTERFACE_INCLUDE_DIRECTORIES "${AsyncC_PREFIX}/include")
  add_library(AsyncC::acrt_static STATIC IMPORTED)
  set_target_properties(AsyncC::acrt_static PROPERTIES
    IMPORTED_LOCATION "${AsyncC_PREFIX}/lib/libacrt.a"
    INTERFACE_INCLUDE_DIRECTORIES "${AsyncC_PREFIX}/include"
    INTERFACE_LINK_LIBRARIES "curl;ssl;crypto;uv;pthread;dl;m")
endif()
