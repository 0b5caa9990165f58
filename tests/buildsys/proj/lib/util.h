// util.h — a private header of the library.
#ifndef UTIL_H
#define UTIL_H
async int util_sum(int a, int b);
#endif
