// rt_test.h — support for the runtime's cmocka tests: an event log, a loop
// fixture, and macros that write hand-made async functions in the shape
// acc's lowering generates (docs/abi.md).  The macros use Duff-style case
// labels for brevity; test_abi.c spells one function out with the exact
// switch + goto shape of generated code.
#ifndef RT_TEST_H
#define RT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "acrt.h"

extern char rt_log[1 << 14];

// Appends one space-separated entry to rt_log.
void rt_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define LOG(...) rt_logf(__VA_ARGS__)
#define ASSERT_LOG(expected) assert_string_equal(rt_log, (expected))

// Twins run at test time: rt_log must equal the line "NAME: ..." that the
// Python twin py/FILE.py printed (tests/runtime.mk writes FILE.out into
// $RT_TWINS_DIR before the suites run).
void rt_assert_twin(const char *file, const char *name);

// `try: await t / except BaseException as e: return code`: awaits t (a
// fresh call runs inline; a handle is borrowed) and returns the error it
// raised (0 if none) instead of unwinding; a cancellation of the awaiting
// task delivered inside t is consumed there, as an except clause consumes
// a CancelledError (cancelling() stays counted).  Written by hand in the
// shape acc generates, until the language has try/catch (issue 11).
AC_ASYNC_DECL(int, rt_catch, (ac_task * t));

// Fixture: fresh log, default loop with the virtual clock; teardown closes
// the loop (which frees everything left, so LeakSanitizer sees no leak).
// The setup also arms a per-test time limit: a test (with its teardown)
// that runs longer than RT_TEST_TIMEOUT seconds (60 by default, three
// times that under AddressSanitizer) prints "TIMEOUT: NAME after N s" and
// ends the binary with status 124, so tests/run_cmocka.sh names it in a
// [FAIL] line.  The test's name comes in as cmocka's initial state.
int rt_setup(void **state);
int rt_setup_real_clock(void **state);
int rt_teardown(void **state);
// Set by a test that leaves objects for ac_loop_close to free on purpose;
// otherwise teardown fails if anything is still allocated (refcount check).
extern int rt_expect_leftovers;
#define RT_TEST(fn)                                                            \
  cmocka_unit_test_prestate_setup_teardown(fn, rt_setup, rt_teardown,          \
                                           (void *)#fn)
// The same on the real clock.
#define RT_TEST_REAL_CLOCK(fn)                                                 \
  cmocka_unit_test_prestate_setup_teardown(fn, rt_setup_real_clock,            \
                                           rt_teardown, (void *)#fn)

// Captures stderr into a buffer between rt_stderr_begin/rt_stderr_end.
void rt_stderr_begin(void);
const char *rt_stderr_end(void);

// Runs t on the default loop; returns its error.
int rt_run(ac_task *t);

// The I/O tests' helpers.  rt_settle runs the loop until the close
// callbacks of handles and exited processes have freed everything (they
// come on later loop passes); rt_run_settled is rt_run, then t released
// and the loop settled.  rt_count_fds: the process's open descriptors.
void rt_settle(void);
int rt_run_settled(ac_task *t);
int rt_count_fds(void);
// RT_RUN_FRESH(call): runs the task `call` makes on a loop of its own and
// checks that it left nothing allocated and no descriptor open (the loop's
// own descriptors, such as the reserve one libuv opens at the first
// listen, come and go with the loop).  Returns the task's error.
void rt_fresh_loop(void);
int rt_run_fresh(ac_task *t);
#define RT_RUN_FRESH(call) (rt_fresh_loop(), rt_run_fresh(call))

// ---- async functions in the generated shape ----------------------------
// FRAME: struct with `ac_task hdr;` first and a `result` member (for
// non-void functions).  Line of definition: the line of DESC.
#define ASYNC_DESC(fn, FRAME, KIND)                                            \
  static int fn##_resume(ac_task *self);                                       \
  static const uint32_t fn##_lines[] = {0};                                    \
  static const ac_desc fn##_desc = AC_DESC_INIT(                               \
      fn##_resume, #fn, "test.ac", __LINE__, fn##_lines, FRAME, result, KIND)
#define ASYNC_DESC_VOID(fn, FRAME)                                             \
  static int fn##_resume(ac_task *self);                                       \
  static const uint32_t fn##_lines[] = {0};                                    \
  static const ac_desc fn##_desc = AC_DESC_INIT_VOID(                          \
      fn##_resume, #fn, "test.ac", __LINE__, fn##_lines, FRAME)

#define BEGIN                                                                  \
  switch (self->state) {                                                       \
  case 0:;
// The end of the body falls into the function's `unwind:` label, which
// holds its defers (run on every exit, as generated code does).
#define END }
#define RESUME_AT(n)                                                           \
  __attribute__((fallthrough));                                                \
  case n:
// `await call(...)` of a fresh call; dst/size receive the result.
#define AWAIT_CALL(n, call, dst, size)                                         \
  self->state = n;                                                             \
  if (ac_await_call(self, (call)) == AC_SUSPENDED)                             \
    return AC_SUSPENDED;                                                       \
  RESUME_AT(n)                                                                 \
  if (ac_await_end(self, (dst), (size)))                                       \
    goto unwind;
// `await h` of a handle.
#define AWAIT_TASK(n, h, dst, size)                                            \
  self->state = n;                                                             \
  if (ac_await_task(self, (h)) == AC_SUSPENDED)                                \
    return AC_SUSPENDED;                                                       \
  RESUME_AT(n)                                                                 \
  if (ac_await_end(self, (dst), (size)))                                       \
    goto unwind;
#define AWAIT_VOID(n, call) AWAIT_CALL(n, call, NULL, 0)
#define RAISE(code)                                                            \
  do {                                                                         \
    self->err = (code);                                                        \
    goto unwind;                                                               \
  } while (0)

#endif
