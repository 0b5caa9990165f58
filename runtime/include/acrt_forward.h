/* acrt_forward.h: what acc makes every .ac file see before its first line.
 *
 * An async prototype becomes `ac_task *f(...)`, which needs the name
 * ac_task even in a file that never includes <acrt.h>.  This header gives
 * only that, and includes nothing: the feature-test macros of a file
 * (`#define _GNU_SOURCE` on its first line) must still come before any
 * system header.  Files that define async functions or call the runtime
 * include <acrt.h> as usual.
 *
 * Plain C89 goes through acc too (-std=c89, -ansi, -pedantic-errors,
 * -Wc90-c99-compat): so this header uses block comments only, and no
 * apostrophe, which a C89 preprocessor would read as a character constant.
 */
#ifndef AC_ACRT_FORWARD_H
#define AC_ACRT_FORWARD_H
typedef struct ac_task ac_task;
#endif
