// mylib.h — the public header of the test library: async functions that
// the application awaits.
#ifndef MYLIB_H
#define MYLIB_H
#define MYLIB_SCALE 10
async int mylib_fetch(int id);
async int mylib_twice(int x);
#endif
