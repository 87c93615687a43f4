# Variables for pkgconfig/numabind.pc.in, included by src/CMakeLists.txt just
# before it configures the file.
#
# Relocatable: the paths are written relative to ${pcfiledir}, so the .pc
# file is right wherever the tree is installed, including
# `cmake --install build --prefix /elsewhere` (CMAKE_INSTALL_PREFIX is only
# the configure-time default and would be wrong there).
#
# Libs.private: what a C program needs to link the static archive, which
# holds C++ code: the C++ runtime the compiler links implicitly (stdc++ with
# GCC, maybe c++ with clang), minus what a C link brings anyway, plus threads.

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

set(NUMABIND_PC_LIBS_PRIVATE "")
foreach(lib IN LISTS CMAKE_CXX_IMPLICIT_LINK_LIBRARIES)
  if(NOT lib IN_LIST CMAKE_C_IMPLICIT_LINK_LIBRARIES AND NOT lib MATCHES "^-")
    string(APPEND NUMABIND_PC_LIBS_PRIVATE " -l${lib}")
  endif()
endforeach()
if(CMAKE_THREAD_LIBS_INIT)
  string(APPEND NUMABIND_PC_LIBS_PRIVATE " ${CMAKE_THREAD_LIBS_INIT}")
endif()
string(STRIP "${NUMABIND_PC_LIBS_PRIVATE}" NUMABIND_PC_LIBS_PRIVATE)
