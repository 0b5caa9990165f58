// acrt_forward.h — what acc makes every .ac file see before its first line.
//
// An async prototype becomes `ac_task *f(...)`, which needs the name
// ac_task even in a file that never includes <acrt.h>.  This header gives
// only that, and includes nothing: a file's own feature-test macros
// (`#define _GNU_SOURCE` on its first line) must still come before any
// system header.  Files that define async functions or call the runtime
// include <acrt.h> as usual.
#ifndef AC_ACRT_FORWARD_H
#define AC_ACRT_FORWARD_H
typedef struct ac_task ac_task;
#endif
