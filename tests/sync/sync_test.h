// sync_test.h — support for the twinned programs of tests/sync/: a log of
// events per case, printed as "name: events" like the Python twins do, and
// the check that a case leaves no pool object behind.
#ifndef SYNC_TEST_H
#define SYNC_TEST_H

#include <acrt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The runtime's pool accounting (internal; the tests link libacrt.a).
size_t ac__pool_live(void);

static char case_log[16384];

// Appends one space-separated event to the case's log.
__attribute__((format(printf, 1, 2))) static void L(const char *fmt, ...)
{
  size_t len = strlen(case_log);
  va_list ap;
  if (len > 0 && len + 1 < sizeof case_log)
    case_log[len++] = ' ';
  va_start(ap, fmt);
  vsnprintf(case_log + len, sizeof case_log - len, fmt, ap);
  va_end(ap);
}

// A finished task's outcome as the twins print it ("OK", "ECANCELED", ...).
static inline const char *outcome(ac_task *t)
{
  if (!ac_task_done(t))
    return "pending";
  return ac_err_name(ac_task_error(t));
}

// The name of a plain call's error code ("OK" for 0).
static inline const char *err_of(int rc)
{
  return ac_err_name(rc);
}

static int case_failed;

// Runs one case on a fresh loop (virtual clock), prints its line, and
// checks that once it has settled no task, future or op is left.
__attribute__((unused)) static void run_case(const char *name, ac_task *t)
{
  ac_loop *loop = ac_loop_default();
  int err;
  ac_loop_set_virtual_clock(loop, 1);
  case_log[0] = 0;
  err = ac_loop_run_until_complete(loop, t);
  ac_task_release(t);
  for (int i = 0; i < 100 && ac__pool_live() != 0; i++) {
    ac_task *s = ac_sleep(0.001);
    ac_loop_run_until_complete(loop, s);
    ac_task_release(s);
  }
  if (err != 0)
    L("main-failed %s", ac_err_name(err));
  printf("%s: %s\n", name, case_log);
  if (ac__pool_live() != 0) {
    fprintf(stderr, "%s: %zu pool objects left\n", name, ac__pool_live());
    case_failed = 1;
  }
  ac_loop_close(loop);
}

#define RUN(fn) run_case(#fn, fn())

#endif
