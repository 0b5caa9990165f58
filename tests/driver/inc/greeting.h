// greeting.h — included by flags.ac through -I.
#ifndef N
#define N 0
#endif
