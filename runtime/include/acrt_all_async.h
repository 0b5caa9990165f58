// acrt_all_async.h — what `acc --all-async` makes every translated file see
// before its first line (docs/acc.md): the task ABI that the lowered
// functions compile against, and ac_run for the generated main.
//
// It must include no header that reads the feature-test macros (a
// program's own `#define _GNU_SOURCE` on its first line must still work),
// so the fixed-width types come from the compiler's predefined macros; the
// program's own <stdint.h> later declares the same typedefs again, which
// C11 allows.
#ifndef AC_ACRT_ALL_ASYNC_H
#define AC_ACRT_ALL_ASYNC_H
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __INT32_TYPE__ int32_t;
#define AC__ABI_NO_LIBC 1
#include "acrt_abi.h"
#undef AC__ABI_NO_LIBC
int ac_run(ac_task *main);
#endif
