// acrt.h — the public API of libacrt, the Async C runtime (placeholder).
#ifndef AC_ACRT_H
#define AC_ACRT_H
typedef struct ac_task ac_task;
int ac_version(void);
#endif
