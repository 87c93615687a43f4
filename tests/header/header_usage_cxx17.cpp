// The C99 usage program, compiled as C++17: the header's extern "C" block and
// every declaration must also be valid C++, with the same warnings as errors.
#include "header_usage.c"
