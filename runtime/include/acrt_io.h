// acrt_io.h — async I/O on libuv: TCP streams, DNS, files, the thread pool, child processes (included by acrt.h).
#ifndef AC_ACRT_IO_H
#define AC_ACRT_IO_H
#endif
