// acrt_http.h — the HTTP/1.1 client (included by acrt.h).
#ifndef AC_ACRT_HTTP_H
#define AC_ACRT_HTTP_H
#endif
