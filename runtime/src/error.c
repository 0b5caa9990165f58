// error.c — ac_strerror / ac_err_name, expanded from AC_ERRNO_MAP.
#include "internal.h"

#include <stdio.h>
#include <string.h>


const char *ac_strerror(int err)
{
  switch (err) {
#define XX(name, value, msg) case AC_##name: return msg;
    AC_ERRNO_MAP(XX)
    AC_HTTP_ERRNO_MAP(XX)
#undef XX
  default:
    return uv_strerror(err);
  }
}


const char *ac_err_name(int err)
{
  static char unknown[48];
  switch (err) {
#define XX(name, value, msg) case AC_##name: return #name;
    AC_ERRNO_MAP(XX)
    AC_HTTP_ERRNO_MAP(XX)
#undef XX
  default:
    if (err == 0)
      return "OK";
    // uv_err_name leaks for unknown codes; uv_err_name_r does not.
    uv_err_name_r(err, unknown, sizeof unknown);
    if (strncmp(unknown, "Unknown system error", 20) == 0)
      snprintf(unknown, sizeof unknown, "Unknown error %d", err);
    return unknown;
  }
}
