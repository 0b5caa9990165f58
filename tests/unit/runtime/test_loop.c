// test_loop.c — the event loop: call_soon/call_later order, passes, the
// virtual clock, run_until_complete, close.  Expected orders come from
// py/twins.py (Python 3.11 asyncio; output in py/twins.out).
#include "rt_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void log_cb(void *arg)
{
  LOG("%s", (const char *)arg);
}


static void stop_cb(void *arg)
{
  (void)arg;
  ac_loop_stop(ac_loop_default());
}


static void run_forever(void)
{
  ac_future *f = ac_future_new(0);  // never set: runs until ac_loop_stop
  assert_int_equal(rt_run(f), AC_ESTALLED);
  ac_future_release(f);
}


// twin: loop_call_soon_fifo
static void test_loop_call_soon_fifo(void **state)
{
  ac_loop *loop = ac_loop_default();
  (void)state;
  ac_call_soon(loop, log_cb, (void *)"a");
  ac_call_soon(loop, log_cb, (void *)"b");
  ac_call_soon(loop, log_cb, (void *)"c");
  ac_call_soon(loop, stop_cb, NULL);
  run_forever();
  ASSERT_LOG("a b c");
}


static void schedules_x(void *arg)
{
  (void)arg;
  LOG("a");
  ac_call_soon(ac_loop_default(), log_cb, (void *)"x");
}


static void stop_next_pass(void *arg)
{
  (void)arg;
  ac_call_soon(ac_loop_default(), stop_cb, NULL);
}


// twin: loop_call_soon_from_callback_next_pass
static void test_loop_pass_runs_only_what_was_ready(void **state)
{
  ac_loop *loop = ac_loop_default();
  (void)state;
  ac_call_soon(loop, schedules_x, NULL);
  ac_call_soon(loop, log_cb, (void *)"b");
  ac_call_soon(loop, stop_next_pass, NULL);
  run_forever();
  ASSERT_LOG("a b x");
}


// twin: loop_timers_deadline_order
static void test_loop_timers_fire_in_deadline_order(void **state)
{
  ac_loop *loop = ac_loop_default();
  (void)state;
  ac_call_later(loop, 0.03, log_cb, (void *)"A");
  ac_call_later(loop, 0.01, log_cb, (void *)"B");
  ac_call_later(loop, 0.02, log_cb, (void *)"C");
  ac_call_later(loop, 0.04, stop_cb, NULL);
  run_forever();
  ASSERT_LOG("B C A");
  assert_true(ac_loop_time(loop) >= 0.04);
}


// twin: loop_equal_deadlines_fifo.  Python prints "0 2 1 3 4": heapq is not
// stable for TimerHandles with equal `when`.  libacrt breaks ties FIFO
// (documented deviation: deterministic order).
static void test_loop_equal_deadlines_fire_fifo(void **state)
{
  ac_loop *loop = ac_loop_default();
  static const char *names[] = {"0", "1", "2", "3", "4"};
  double when = ac_loop_time(loop) + 0.01;
  int i;
  (void)state;
  for (i = 0; i < 5; i++)
    ac_call_at(loop, when, log_cb, (void *)names[i]);
  ac_call_at(loop, when + 0.01, stop_cb, NULL);
  run_forever();
  ASSERT_LOG("0 1 2 3 4");
}


// twin: loop_handle_cancel
static void test_loop_cancelled_handles_never_run(void **state)
{
  ac_loop *loop = ac_loop_default();
  ac_handle *h, *t;
  (void)state;
  ac_call_soon(loop, log_cb, (void *)"a");
  h = ac_call_soon(loop, log_cb, (void *)"b");
  ac_call_soon(loop, log_cb, (void *)"c");
  t = ac_call_later(loop, 0.01, log_cb, (void *)"T");
  ac_handle_cancel(h);
  ac_handle_cancel(t);
  ac_call_later(loop, 0.02, stop_cb, NULL);
  run_forever();
  ASSERT_LOG("a c");
}


static void set_future(void *arg)
{
  int v = 7;
  LOG("set");
  ac_future_set_result(arg, &v);
}


// twin: loop_run_until_complete_future (sample future_result)
static void test_loop_run_until_complete_future_set_by_call_soon(void **state)
{
  ac_future *f = ac_future_new(sizeof(int));
  (void)state;
  LOG("scheduling");
  ac_call_soon(ac_loop_default(), set_future, f);
  LOG("entering");
  assert_int_equal(rt_run(f), 0);
  LOG("returned %d", AC_TASK_RESULT(f, int));
  ASSERT_LOG("scheduling entering set returned 7");
  ac_future_release(f);
}


typedef struct hour_frame {
  ac_task hdr;
} hour_frame;
ASYNC_DESC_VOID(sleep_hour, hour_frame);

static int sleep_hour_resume(ac_task *self)
{
  BEGIN
  AWAIT_VOID(1, ac_sleep(3600.0))
  END
unwind:
  return AC_DONE;
}


static ac_task *sleep_hour(void)
{
  return ac_frame_new(&sleep_hour_desc);
}


static double wall(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


static void test_loop_virtual_clock_sleeps_an_hour_at_once(void **state)
{
  ac_loop *loop = ac_loop_default();
  double w0 = wall(), t0 = ac_loop_time(loop);
  ac_task *t = sleep_hour();
  (void)state;
  assert_int_equal(rt_run(t), 0);
  assert_true(ac_loop_time(loop) - t0 == 3600.0);
  assert_true(wall() - w0 < 0.5);
  ac_task_release(t);
}


typedef struct short_frame {
  ac_task hdr;
} short_frame;
ASYNC_DESC_VOID(sleep_short, short_frame);

static int sleep_short_resume(ac_task *self)
{
  BEGIN
  AWAIT_VOID(1, ac_sleep(0.05))
  END
unwind:
  return AC_DONE;
}


static double cpu(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


// A real sleep blocks in libuv (no busy waiting) and takes real time.
static void test_loop_real_clock_sleep_blocks_for_real_time(void **state)
{
  ac_loop *loop = ac_loop_default();
  double w0 = wall(), c0 = cpu(), t0 = ac_loop_time(loop);
  ac_task *t = ac_frame_new(&sleep_short_desc);
  (void)state;
  assert_int_equal(rt_run(t), 0);
  assert_true(ac_loop_time(loop) - t0 >= 0.05);
  assert_true(wall() - w0 >= 0.049);
  assert_true(cpu() - c0 < 0.025);
  ac_task_release(t);
}


// Spins (without reading the loop's clock) until the real clock has moved
// on by at least `seconds`.
static void spin(double seconds)
{
  double w0 = wall();
  while (wall() - w0 < seconds) {
  }
}


static double base_read;  // an ac_loop_time reading taken in a pass, or -1
static double b_fired_at;

static void b_cb(void *arg)
{
  b_fired_at = ac_loop_time(ac_loop_default());
  log_cb(arg);
}


// Arms A (10 ms), works 3 ms, then arms B (9 ms); with arg != NULL it reads
// the loop's clock between the two.
static void arms_across_a_long_step(void *arg)
{
  ac_loop *loop = ac_loop_default();
  ac_call_later(loop, 0.010, log_cb, (void *)"A");
  spin(0.003);
  if (arg != NULL)
    base_read = ac_loop_time(loop);
  ac_call_later(loop, 0.009, b_cb, (void *)"B");
  ac_call_later(loop, 0.030, stop_cb, NULL);
}


// Delays armed while a pass runs count from the loop's time at the pass's
// start (libuv's uv_now, what uv_timer_start counts from), not from the
// moment of the call: B, armed 3 ms later in the same step for 9 ms, is due
// before A (10 ms).
static void test_loop_timers_of_a_pass_count_from_its_start(void **state)
{
  ac_loop *loop = ac_loop_default();
  (void)state;
  ac_call_soon(loop, arms_across_a_long_step, NULL);
  run_forever();
  ASSERT_LOG("B A");
}


// Reading the loop's clock (ac_loop_time) restarts the count: B then counts
// from the reading, so it is due after A, and it never fires before the
// clock has advanced 9 ms from that reading.
static void test_loop_reading_the_clock_restarts_the_count(void **state)
{
  ac_loop *loop = ac_loop_default();
  (void)state;
  base_read = -1;
  ac_call_soon(loop, arms_across_a_long_step, (void *)"read");
  run_forever();
  ASSERT_LOG("A B");
  assert_true(base_read >= 0);
  assert_true(b_fired_at - base_read >= 0.009);
}


static uv_timer_t uv_side_timer;

static void log_and_stop(void *arg)
{
  log_cb(arg);
  stop_cb(NULL);
}


static void arm_from_libuv(uv_timer_t *t)
{
  (void)t;
  ac_call_later(ac_loop_default(), 0.025, log_and_stop, (void *)"B");
}


static void arms_a_and_a_libuv_timer(void *arg)
{
  ac_loop *loop = ac_loop_default();
  (void)arg;
  ac_call_later(loop, 0.030, log_cb, (void *)"A");
  uv_update_time(ac_loop_uv(loop));
  uv_timer_start(&uv_side_timer, arm_from_libuv, 20, 0);
}


// A delay armed outside a pass (here in a libuv callback, which runs while
// the loop polls) counts from the time of the call: the reading of the last
// pass is as old as the poll's wait.  B (25 ms, armed 20 ms after A) is due
// after A (30 ms).
static void
test_loop_timers_armed_outside_a_pass_count_from_the_call(void **state)
{
  ac_loop *loop = ac_loop_default();
  (void)state;
  uv_timer_init(ac_loop_uv(loop), &uv_side_timer);
  ac_call_soon(loop, arms_a_and_a_libuv_timer, NULL);
  run_forever();
  uv_close((uv_handle_t *)&uv_side_timer, NULL);
  ASSERT_LOG("A B");
}


// Many timers: pseudo-random deadlines (some equal, some already past, some
// beyond the wheel's second: the heap), every tenth callback arms another
// one a fraction of a millisecond ahead, and each callback cancels some
// timer that has not fired yet (often one of the same millisecond: the
// wheel's open slot).  Every timer not cancelled fires exactly once, in
// (deadline, FIFO) order, never before its deadline.
typedef struct many_timer {
  double when;
  int seq;  // arming order: FIFO among equal deadlines
  int fired, cancelled;
  ac_handle *h;
} many_timer;

typedef struct many_state {
  many_timer *t;
  int n, cap, last, fired, cancelled, bad;
  unsigned rnd;
} many_state;

static many_state many;

static unsigned many_rand(void)
{
  many.rnd = many.rnd * 1103515245u + 12345u;
  return many.rnd >> 8;
}


static void many_cb(void *arg);

static void many_arm(double when)
{
  many_timer *m = &many.t[many.n];
  m->when = when;
  m->seq = many.n;
  m->fired = m->cancelled = 0;
  m->h = ac_call_at(ac_loop_default(), when, many_cb, m);
  many.n++;
}


static void many_cb(void *arg)
{
  many_timer *m = arg, *p;
  ac_loop *loop = ac_loop_default();
  double now = ac_loop_time(loop);
  unsigned r = many_rand();
  if (now < m->when || m->fired || m->cancelled)
    many.bad++;
  if (many.last >= 0) {
    p = &many.t[many.last];
    if (p->when > m->when || (p->when == m->when && p->seq > m->seq))
      many.bad++;
  }
  m->fired = 1;
  many.fired++;
  many.last = m->seq;
  p = &many.t[r % (unsigned)many.n];
  if (!p->fired && !p->cancelled && r % 3 != 0) {
    ac_handle_cancel(p->h);
    p->cancelled = 1;
    many.cancelled++;
  }
  if (m->seq % 10 == 0 && many.n < many.cap)
    many_arm(now + (double)(r % 4) * 0.0003);
}


// Stops the loop once every timer has fired or been cancelled (a late
// callback may still arm one on a loaded machine).
static void many_stop(void *arg)
{
  ac_loop *loop = ac_loop_default();
  if (many.fired + many.cancelled < many.n)
    ac_call_later(loop, 0.01, many_stop, arg);
  else
    ac_loop_stop(loop);
}


static void many_timers(int n, double span, int far)
{
  ac_loop *loop = ac_loop_default();
  double base = ac_loop_time(loop), end = base + span + 0.002;
  int i;
  many = (many_state){.cap = n + n / 10 + 1, .last = -1, .rnd = 12345};
  many.t = calloc((size_t)many.cap, sizeof *many.t);
  assert_non_null(many.t);
  for (i = 0; i < n; i++) {
    unsigned r = many_rand();
    double when = base + span * (double)(r % 100000) / 100000.0;
    if (r % 7 == 0 && i > 0)
      when = many.t[i - 1].when;  // equal deadlines
    else if (r % 13 == 0)
      when = base - 0.001;  // already past
    else if (far && r % 11 == 0)
      when = base + 1.0 + 2.0 * (double)(r % 1000) / 1000.0;
    if (when > end)
      end = when;
    many_arm(when);
  }
  ac_call_at(loop, end + 0.01, many_stop, NULL);
  run_forever();
  assert_int_equal(many.bad, 0);
  assert_true(many.n > n);
  assert_true(many.cancelled > 0);
  assert_int_equal(many.fired + many.cancelled, many.n);
  free(many.t);
}


static void test_loop_many_timers_virtual_clock(void **state)
{
  (void)state;
  many_timers(20000, 0.04, 1);  // ~400 a millisecond
}


static void test_loop_many_timers_real_clock(void **state)
{
  (void)state;
  many_timers(3000, 0.03, 0);
}


static void test_loop_run_until_complete_stalls_without_work(void **state)
{
  ac_future *f = ac_future_new(0);
  (void)state;
  assert_int_equal(rt_run(f), AC_ESTALLED);
  assert_false(ac_task_done(f));
  ac_future_release(f);
}


typedef struct nap_frame {
  ac_task hdr;
} nap_frame;
ASYNC_DESC_VOID(nap, nap_frame);

static int nap_resume(ac_task *self)
{
  BEGIN
  AWAIT_VOID(1, ac_sleep(0.01))
  LOG("woke");
  END
unwind:
  return AC_DONE;
}


static ac_task *nap(void)
{
  return ac_frame_new(&nap_desc);
}


static void cancel_nap(void *arg)
{
  LOG("cb");
  ac_task_cancel(arg);
}


// twin: loop_sleep_cancelled_after_its_timer_fired
// A callback due at the same instant as a task's sleep, armed first,
// cancels the task after the pass has queued the sleep's timer: the timer
// (which lives in the sleep's op) is skipped, and the task, which frees
// the op, resumes only on the next pass (ASan and the pass-through pools:
// no use after free; a timer freed as a handle of its own is caught).
static void test_loop_sleep_cancelled_after_its_timer_fired(void **state)
{
  ac_task *t = ac_create_task(nap());
  (void)state;
  ac_call_later(ac_loop_default(), 0.01, cancel_nap, t);
  if (rt_run(t) == AC_ECANCELED)
    LOG("nap cancelled");
  ASSERT_LOG("cb nap cancelled");
  ac_task_release(t);
}


static void test_loop_close_frees_unreleased_handles(void **state)
{
  ac_task *t = ac_create_task(sleep_hour());
  ac_future *f = ac_future_new(16);
  (void)state;
  rt_expect_leftovers = 1;
  ac_call_later(ac_loop_default(), 10, log_cb, (void *)"never");
  (void)t;
  (void)f;
  // No release: ac_loop_close (teardown) cancels t and frees t, f and the
  // timer; LeakSanitizer checks it in the SAN build.
}


static void test_loop_clock_env_selects_virtual_time(void **state)
{
  ac_loop *loop;
  ac_task *t;
  double w0 = wall();
  (void)state;
  ac_loop_close(ac_loop_default());
  setenv("AC_CLOCK", "virtual", 1);
  loop = ac_loop_default();
  unsetenv("AC_CLOCK");
  assert_true(ac_loop_time(loop) == 0.0);
  t = sleep_hour();
  assert_int_equal(rt_run(t), 0);
  assert_true(ac_loop_time(loop) == 3600.0);
  assert_true(wall() - w0 < 0.5);
  ac_task_release(t);
}


static void test_loop_uv_is_exposed(void **state)
{
  uv_loop_t *uv = ac_loop_uv(ac_loop_default());
  (void)state;
  assert_non_null(uv);
  assert_int_equal(uv_loop_alive(uv), 0);
}


static void test_loop_strerror_names_codes(void **state)
{
  (void)state;
  assert_string_equal(ac_err_name(AC_ECANCELED), "ECANCELED");
  assert_string_equal(ac_err_name(AC_ETIMEDOUT), "ETIMEDOUT");
  assert_string_equal(ac_err_name(UV_ECONNREFUSED), "ECONNREFUSED");
  assert_string_equal(ac_err_name(AC_ERESULTSIZE), "ERESULTSIZE");
  assert_string_equal(ac_strerror(AC_ETIMEDOUT), "timed out");
  assert_int_equal(AC_ECANCELED, UV_ECANCELED);
}


int main(void)
{
  const struct CMUnitTest tests[] = {
      RT_TEST(test_loop_call_soon_fifo),
      RT_TEST(test_loop_pass_runs_only_what_was_ready),
      RT_TEST(test_loop_timers_fire_in_deadline_order),
      RT_TEST(test_loop_equal_deadlines_fire_fifo),
      RT_TEST(test_loop_cancelled_handles_never_run),
      RT_TEST(test_loop_run_until_complete_future_set_by_call_soon),
      RT_TEST(test_loop_virtual_clock_sleeps_an_hour_at_once),
      RT_TEST_REAL_CLOCK(test_loop_real_clock_sleep_blocks_for_real_time),
      RT_TEST_REAL_CLOCK(test_loop_timers_of_a_pass_count_from_its_start),
      RT_TEST_REAL_CLOCK(test_loop_reading_the_clock_restarts_the_count),
      RT_TEST_REAL_CLOCK(
          test_loop_timers_armed_outside_a_pass_count_from_the_call),
      RT_TEST(test_loop_many_timers_virtual_clock),
      RT_TEST(test_loop_sleep_cancelled_after_its_timer_fired),
      RT_TEST_REAL_CLOCK(test_loop_many_timers_real_clock),
      RT_TEST(test_loop_run_until_complete_stalls_without_work),
      RT_TEST(test_loop_close_frees_unreleased_handles),
      RT_TEST(test_loop_clock_env_selects_virtual_time),
      RT_TEST(test_loop_uv_is_exposed),
      RT_TEST(test_loop_strerror_names_codes),
  };
  return cmocka_run_group_tests_name("loop", tests, NULL, NULL);
}
