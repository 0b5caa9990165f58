# CMakeACInformation.cmake — enable_language(AC) step 2: how CMake compiles
# .ac files with acc and links their objects (with the C compiler).
include(CMakeInitializeConfigs)

set(CMAKE_AC_FLAGS_INIT "$ENV{ACFLAGS} ${CMAKE_AC_FLAGS_INIT}")
string(APPEND CMAKE_AC_FLAGS_DEBUG_INIT " -g")
string(APPEND CMAKE_AC_FLAGS_MINSIZEREL_INIT " -Os -DNDEBUG")
string(APPEND CMAKE_AC_FLAGS_RELEASE_INIT " -O3 -DNDEBUG")
string(APPEND CMAKE_AC_FLAGS_RELWITHDEBINFO_INIT " -O2 -g -DNDEBUG")
cmake_initialize_per_config_variable(CMAKE_AC_FLAGS "Flags used by the Async C compiler")

set(CMAKE_INCLUDE_FLAG_AC "-I")
# No CMAKE_INCLUDE_SYSTEM_FLAG_AC: system include directories reach acc as
# -I, because acc reads async declarations (acrt.h's among them) only in
# headers that are not system headers.
set(CMAKE_AC_COMPILE_OPTIONS_PIC "-fPIC")
set(CMAKE_AC_COMPILE_OPTIONS_PIE "-fPIE")
set(CMAKE_SHARED_LIBRARY_AC_FLAGS "-fPIC")

# Header dependencies: acc -MD writes a gcc-style depfile naming the real
# object and source.
set(CMAKE_DEPFILE_FLAGS_AC "-MD -MT <DEP_TARGET> -MF <DEP_FILE>")
set(CMAKE_AC_DEPFILE_FORMAT gcc)
set(CMAKE_AC_DEPENDS_USE_COMPILER TRUE)

# Linking goes through the C compiler, so the platform's C link settings
# (rpath, soname, -rdynamic, ...) apply as they are.
foreach(_v SHARED_LIBRARY_CREATE_@_FLAGS SHARED_LIBRARY_LINK_@_FLAGS
           SHARED_LIBRARY_RUNTIME_@_FLAG SHARED_LIBRARY_RUNTIME_@_FLAG_SEP
           SHARED_LIBRARY_RPATH_LINK_@_FLAG SHARED_LIBRARY_SONAME_@_FLAG
           EXECUTABLE_RUNTIME_@_FLAG EXECUTABLE_RUNTIME_@_FLAG_SEP
           EXECUTABLE_RPATH_LINK_@_FLAG SHARED_MODULE_CREATE_@_FLAGS
           @_LINK_OPTIONS_PIE @_LINK_OPTIONS_NO_PIE)
  string(REPLACE "@" "C" _from "${_v}")
  string(REPLACE "@" "AC" _to "${_v}")
  if(DEFINED CMAKE_${_from} AND NOT DEFINED CMAKE_${_to})
    set(CMAKE_${_to} "${CMAKE_${_from}}")
  endif()
endforeach()

if(NOT CMAKE_AC_COMPILE_OBJECT)
  set(CMAKE_AC_COMPILE_OBJECT
      "<CMAKE_AC_COMPILER> <DEFINES> <INCLUDES> <FLAGS> -o <OBJECT> -c <SOURCE>")
endif()
set(_ac_linker "${CMAKE_C_COMPILER}")
if(NOT CMAKE_AC_LINK_EXECUTABLE)
  set(CMAKE_AC_LINK_EXECUTABLE
      "${_ac_linker} <FLAGS> <CMAKE_AC_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
endif()
if(NOT CMAKE_AC_CREATE_SHARED_LIBRARY)
  set(CMAKE_AC_CREATE_SHARED_LIBRARY
      "${_ac_linker} <CMAKE_SHARED_LIBRARY_AC_FLAGS> <LANGUAGE_COMPILE_FLAGS> <LINK_FLAGS> <CMAKE_SHARED_LIBRARY_CREATE_AC_FLAGS> <SONAME_FLAG><TARGET_SONAME> -o <TARGET> <OBJECTS> <LINK_LIBRARIES>")
endif()
if(NOT CMAKE_AC_CREATE_SHARED_MODULE)
  set(CMAKE_AC_CREATE_SHARED_MODULE "${CMAKE_AC_CREATE_SHARED_LIBRARY}")
endif()
if(NOT CMAKE_AC_ARCHIVE_CREATE)
  set(CMAKE_AC_ARCHIVE_CREATE "<CMAKE_AR> qc <TARGET> <LINK_FLAGS> <OBJECTS>")
endif()
if(NOT CMAKE_AC_ARCHIVE_APPEND)
  set(CMAKE_AC_ARCHIVE_APPEND "<CMAKE_AR> q <TARGET> <LINK_FLAGS> <OBJECTS>")
endif()
if(NOT CMAKE_AC_ARCHIVE_FINISH)
  set(CMAKE_AC_ARCHIVE_FINISH "<CMAKE_RANLIB> <TARGET>")
endif()
set(CMAKE_AC_INFORMATION_LOADED 1)
