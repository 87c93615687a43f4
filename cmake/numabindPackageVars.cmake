# Variables for pkgconfig/numabind.pc.in and cmake/numabindConfig.cmake.in,
# included by src/CMakeLists.txt before it configures them.
#
# Relocatable: the paths are written relative to ${pcfiledir}, so the .pc
# file is right wherever the tree is installed, including
# `cmake --install build --prefix /elsewhere` (CMAKE_INSTALL_PREFIX is only
# the configure-time default and would be wrong there).
#
# The static archive holds C++ code, so a program linked by the C driver
# needs the C++ runtime the C++ compiler links implicitly (stdc++ with GCC,
# c++ with clang's libc++), minus what a C link brings anyway:
# NUMABIND_CXX_RUNTIME_LIBS. The .pc file lists them (plus threads) in
# Libs.private; the CMake package adds them to numabind::numabind_static for
# consumers that link as C (CMake drops the archive's CXX link language when
# the consuming project has not enabled CXX).

if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(NUMABIND_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(NUMABIND_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(NUMABIND_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  # From <prefix>/<libdir>/pkgconfig back up to <prefix>: "../.." for "lib".
  file(RELATIVE_PATH numabind_pc_up "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
  string(REGEX REPLACE "/$" "" numabind_pc_up "${numabind_pc_up}")
  set(NUMABIND_PC_PREFIX "\${pcfiledir}/${numabind_pc_up}")
  set(NUMABIND_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(NUMABIND_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()

set(NUMABIND_CXX_RUNTIME_LIBS "")
foreach(lib IN LISTS CMAKE_CXX_IMPLICIT_LINK_LIBRARIES)
  if(NOT lib IN_LIST CMAKE_C_IMPLICIT_LINK_LIBRARIES AND NOT lib MATCHES "^-"
     AND NOT lib IN_LIST NUMABIND_CXX_RUNTIME_LIBS)
    list(APPEND NUMABIND_CXX_RUNTIME_LIBS ${lib})
  endif()
endforeach()

set(NUMABIND_PC_LIBS_PRIVATE "")
foreach(lib IN LISTS NUMABIND_CXX_RUNTIME_LIBS)
  string(APPEND NUMABIND_PC_LIBS_PRIVATE " -l${lib}")
endforeach()
if(CMAKE_THREAD_LIBS_INIT)
  string(APPEND NUMABIND_PC_LIBS_PRIVATE " ${CMAKE_THREAD_LIBS_INIT}")
endif()
string(STRIP "${NUMABIND_PC_LIBS_PRIVATE}" NUMABIND_PC_LIBS_PRIVATE)
