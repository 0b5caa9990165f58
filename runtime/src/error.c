// error.c — ac_strerror / ac_err_name, expanded from AC_ERRNO_MAP.
#include "internal.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>


const char *ac_strerror(int err)
{
  switch (err) {
#define XX(name, value, msg)                                                   \
  case AC_##name: return msg;
    AC_ERRNO_MAP(XX)
    AC_HTTP_ERRNO_MAP(XX)
    AC_TLS_ERRNO_MAP(XX)
    AC_SYNC_ERRNO_MAP(XX)
#undef XX
  default: return uv_strerror(err);
  }
}


const char *ac_err_name(int err)
{
  static AC__THREAD char unknown[48];
  switch (err) {
#define XX(name, value, msg)                                                   \
  case AC_##name: return #name;
    AC_ERRNO_MAP(XX)
    AC_HTTP_ERRNO_MAP(XX)
    AC_TLS_ERRNO_MAP(XX)
    AC_SYNC_ERRNO_MAP(XX)
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


// A misuse of the API (a freed task, a call from inside the loop, an await
// cycle) is refused with an error code by the caller; in debug builds (no
// NDEBUG) it is also reported here with the call site, as module+offset
// (`addr2line -e MODULE OFFSET` names the line) and the symbol if known.
void ac__misuse(const char *fn, const void *caller, const char *fmt, ...)
{
#ifndef NDEBUG
  va_list ap;
  Dl_info info;
  fprintf(stderr, "libacrt: %s: ", fn);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  if (caller != NULL && dladdr(caller, &info) != 0 && info.dli_fname != NULL) {
    fprintf(stderr, " (called from %s+0x%zx", info.dli_fname,
            (size_t)((const char *)caller - (const char *)info.dli_fbase));
    if (info.dli_sname != NULL)
      fprintf(stderr, " in %s", info.dli_sname);
    fputs(")", stderr);
  } else if (caller != NULL) {
    fprintf(stderr, " (called from %p)", caller);
  }
  fputc('\n', stderr);
#else
  (void)fn;
  (void)caller;
  (void)fmt;
#endif
}


// The check at the top of the API functions that take a task or future: a
// NULL pointer, or a pool chunk that was freed (its descriptor word is NULL
// until the chunk is reused; the pass-through build lets ASan see the rest).
int ac__bad_task(const ac_task *t, const char *fn, const void *caller)
{
  if (t == NULL) {
    ac__misuse(fn, caller, "NULL task");
    return 1;
  }
  ac__misuse(fn, caller,
             "task or future used after its last release (freed object)");
  return 1;
}
