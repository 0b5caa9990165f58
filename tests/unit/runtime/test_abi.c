// test_abi.c — the task ABI itself: header size, the exact shape of
// generated code (docs/abi.md), the inline fast path, frame recycling, a
// million nested awaits with and without suspensions, and the runtime's
// mechanism for native awaitables (the op, docs/abi.md §7).
#include "rt_test.h"

#include "../../../runtime/src/internal.h"  // the op (runtime-private)

#include <stdio.h>
#include <string.h>

static void test_abi_task_header_is_56_bytes(void **state)
{
  (void)state;
  assert_int_equal(sizeof(ac_task), 7 * sizeof(void *));
  if (sizeof(void *) == 8)
    assert_int_equal(sizeof(ac_task), 56);
}

// A future is the part of the header up to `refs` plus its result size:
// 32 bytes on LP64, so a future without a result fills a 32-byte pool
// chunk, and a suspended task of one pointer argument with its future
// takes 64 + 32 bytes (bench d).  Its waiter list head and result live
// inside those bytes.
static void test_abi_future_is_32_bytes(void **state)
{
  ac_future *f = ac_future_new(sizeof(int));
  int v = 7;
  (void)state;
  assert_int_equal(sizeof(ac__future), 4 * sizeof(void *));
  if (sizeof(void *) == 8)
    assert_int_equal(sizeof(ac__future), 32);
  assert_int_equal(offsetof(ac__future, data), sizeof(ac__future));
  assert_string_equal(ac_task_name(f), "Future");
  assert_int_equal(ac_future_set_result(f, &v), 0);
  assert_int_equal(*(const int *)ac_task_result(f, sizeof(int)), 7);
  ac_future_release(f);
}

// ---------------------------------------------------------------------------
// What acc generates for (docs/abi.md walks through it):
//
//   async int twice(int x) { return 2 * x; }
//
//   async int add_later(int a, int b) {        // line 10 of demo.ac
//     defer LOG("defer");                      // line 11
//     await ac_sleep(0.5);                     // line 12
//     int c = await twice(a);                  // line 13
//     return c + b;                            // line 14
//   }

struct twice__frame {
  ac_task ac_hdr;  // task header, always first
  int ac_result;   // result slot
  int x;           // parameters, then locals that live across awaits
};
static int twice__resume(ac_task *ac_self);
static const uint32_t twice__lines[] = {0};
static const ac_desc twice__desc =
    AC_DESC_INIT(twice__resume, "twice", "demo.ac", 3, twice__lines,
                 struct twice__frame, ac_result, AC_KIND_INT);

static int twice__resume(ac_task *ac_self)
{
  struct twice__frame *ac_f = (struct twice__frame *)ac_self;
  switch (ac_self->state) {
  case 0: goto ac_s0;
  default: return AC_DONE;
  }
ac_s0:
  ac_f->ac_result = 2 * ac_f->x;
  return AC_DONE;
}

static ac_task *twice(int x)
{
  ac_task *ac_t = ac_frame_new(&twice__desc);
  ((struct twice__frame *)ac_t)->x = x;
  return ac_t;
}

struct add_later__frame {
  ac_task ac_hdr;
  int ac_result;
  int a, b;
  int c;
  unsigned ac_defers;  // which defers are active (bit per defer)
};
static int add_later__resume(ac_task *ac_self);
static const uint32_t add_later__lines[] = {0, 12, 13};  // state -> await line
static const ac_desc add_later__desc = AC_DESC_INIT(
    add_later__resume, "add_later", "demo.ac", 10, add_later__lines,
    struct add_later__frame, ac_result, AC_KIND_INT);

static int add_later__resume(ac_task *ac_self)
{
  struct add_later__frame *ac_f = (struct add_later__frame *)ac_self;
  switch (ac_self->state) {
  case 0: goto ac_s0;
  case 1: goto ac_s1;
  case 2: goto ac_s2;
  default: return AC_DONE;
  }
ac_s0:
  ac_f->ac_defers = 1u;  // defer LOG("defer");
  // await ac_sleep(0.5);
  ac_self->state = 1;
  if (ac_await_call(ac_self, ac_sleep(0.5)) == AC_SUSPENDED)
    return AC_SUSPENDED;
ac_s1:
  if (ac_await_end(ac_self, NULL, 0))
    goto ac_unwind;
  // int c = await twice(a);
  ac_self->state = 2;
  if (ac_await_call(ac_self, twice(ac_f->a)) == AC_SUSPENDED)
    return AC_SUSPENDED;
ac_s2:
  if (ac_await_end(ac_self, &ac_f->c, AC_RESULT_SIZE(ac_f->c)))
    goto ac_unwind;
  // return c + b;  (the value is stored first, then the defers run)
  AC_FRAME_RESULT(ac_self, int) = ac_f->c + ac_f->b;
ac_unwind:  // also the normal exit path
  if (ac_f->ac_defers & 1u)
    LOG("defer");
  return AC_DONE;  // ac_self->err says how the task ended
}

static ac_task *add_later(int a, int b)
{
  ac_task *ac_t = ac_frame_new(&add_later__desc);
  if (ac_frame_failed(ac_t))
    return ac_t;
  struct add_later__frame *ac_f = (struct add_later__frame *)ac_t;
  ac_f->a = a;
  ac_f->b = b;
  return ac_t;
}

static void test_abi_generated_shape_runs(void **state)
{
  ac_task *t = add_later(20, 2);
  (void)state;
  assert_false(ac_task_done(t));  // a call does not run the body
  assert_int_equal(ac_loop_run_until_complete(ac_loop_default(), t), 0);
  assert_int_equal(AC_TASK_RESULT(t, int), 42);
  assert_true(ac_loop_time(ac_loop_default()) >= 0.5);
  ASSERT_LOG("defer");
  ac_task_release(t);
}

static void cancel_cb(void *arg)
{
  ac_task_cancel(arg);
}

static void test_abi_generated_shape_unwinds_on_cancel(void **state)
{
  ac_task *t = ac_create_task(add_later(20, 2));
  ac_future *f = ac_future_new(0);
  (void)state;
  ac_call_later(ac_loop_default(), 0.1, cancel_cb, t);
  assert_int_equal(ac_loop_run_until_complete(ac_loop_default(), t),
                   AC_ECANCELED);
  ASSERT_LOG("defer");
  assert_true(ac_loop_time(ac_loop_default()) < 0.5);
  ac_task_release(t);
  ac_future_release(f);
}

// `await twice(x)` with the callee's resume function named (direct call).
struct sum__frame {
  ac_task ac_hdr;
  int ac_result;
  int i, v;
};
static int sum__resume(ac_task *ac_self);
static const uint32_t sum__lines[] = {0, 21};
static const ac_desc sum__desc =
    AC_DESC_INIT(sum__resume, "sum", "demo.ac", 20, sum__lines,
                 struct sum__frame, ac_result, AC_KIND_INT);

static int sum__resume(ac_task *ac_self)
{
  struct sum__frame *ac_f = (struct sum__frame *)ac_self;
  switch (ac_self->state) {
  case 0: goto ac_s0;
  case 1: goto ac_s1;
  default: return AC_DONE;
  }
ac_s0:
  ac_f->v = 1;
  for (ac_f->i = 0; ac_f->i < 10; ac_f->i++) {
    ac_self->state = 1;
    if (ac_await_call_fn(ac_self, twice(ac_f->v), twice__resume) ==
        AC_SUSPENDED)
      return AC_SUSPENDED;
  ac_s1:
    if (ac_await_end(ac_self, &ac_f->v, AC_RESULT_SIZE(ac_f->v)))
      goto ac_unwind;
  }
  ac_f->ac_result = ac_f->v;
ac_unwind:
  return AC_DONE;
}

static void test_abi_await_call_fn_runs_the_named_resume(void **state)
{
  ac_task *t = ac_frame_new(&sum__desc);
  (void)state;
  assert_int_equal(ac_loop_run_until_complete(ac_loop_default(), t), 0);
  assert_int_equal(AC_TASK_RESULT(t, int), 1024);
  ac_task_release(t);
}

// ---------------------------------------------------------------------------
// Frames come from the pools: a freed frame is reused by the next call.
static void test_abi_frames_are_recycled_from_the_pool(void **state)
{
  ac_task *a, *b;
  (void)state;
#ifdef AC_POOL_PASSTHROUGH
  skip();  // every frame is its own malloc there
#endif
  a = twice(1);
  ac_task_release(a);
  b = twice(2);
  assert_ptr_equal(a, b);
  ac_task_release(b);
}

// ---------------------------------------------------------------------------
// depth(n): if n == 0 return 0 (after a sleep(0) if `sleepy`);
//           every 1000th level sleeps(0) first if sleepy;
//           return 1 + await depth(n - 1)
struct depth__frame {
  ac_task ac_hdr;
  int ac_result;
  int n;
  int sleepy;
  int sub;
};
static int depth__resume(ac_task *ac_self);
static const uint32_t depth__lines[] = {0, 5, 6};
static const ac_desc depth__desc =
    AC_DESC_INIT(depth__resume, "depth", "demo.ac", 4, depth__lines,
                 struct depth__frame, ac_result, AC_KIND_INT);

static int unwound;

static ac_task *depth(int n, int sleepy)
{
  ac_task *t = ac_frame_new(&depth__desc);
  ((struct depth__frame *)t)->n = n;
  ((struct depth__frame *)t)->sleepy = sleepy;
  return t;
}

static int depth__resume(ac_task *ac_self)
{
  struct depth__frame *ac_f = (struct depth__frame *)ac_self;
  switch (ac_self->state) {
  case 0: goto ac_s0;
  case 1: goto ac_s1;
  case 2: goto ac_s2;
  default: return AC_DONE;
  }
ac_s0:
  if (ac_f->sleepy && ac_f->n % 1000 == 0) {
    ac_self->state = 1;
    if (ac_await_call(ac_self, ac_sleep(0)) == AC_SUSPENDED)
      return AC_SUSPENDED;
  ac_s1:
    if (ac_await_end(ac_self, NULL, 0))
      goto ac_unwind;
  }
  if (ac_f->n == 0) {
    ac_f->ac_result = 0;
    return AC_DONE;
  }
  ac_self->state = 2;
  if (ac_await_call(ac_self, depth(ac_f->n - 1, ac_f->sleepy)) == AC_SUSPENDED)
    return AC_SUSPENDED;
ac_s2:
  if (ac_await_end(ac_self, &ac_f->sub, AC_RESULT_SIZE(ac_f->sub)))
    goto ac_unwind;
  ac_f->ac_result = 1 + ac_f->sub;
ac_unwind:
  if (ac_self->err != 0)
    unwound++;
  return AC_DONE;
}

static void count_pass(void *arg)
{
  ++*(int *)arg;
}

static void test_abi_million_nested_awaits_without_suspension(void **state)
{
  ac_task *t = ac_create_task(depth(1000000, 0));
  int passes = 0;
  (void)state;
  ac_call_soon(ac_loop_default(), count_pass, &passes);
  assert_int_equal(ac_loop_run_until_complete(ac_loop_default(), t), 0);
  assert_int_equal(AC_TASK_RESULT(t, int), 1000000);
  assert_int_equal(passes, 1);  // the whole chain ran in one step
  ac_task_release(t);
}

static void test_abi_million_nested_awaits_with_suspensions(void **state)
{
  ac_task *t = ac_create_task(depth(1000000, 1));
  (void)state;
  assert_int_equal(ac_loop_run_until_complete(ac_loop_default(), t), 0);
  assert_int_equal(AC_TASK_RESULT(t, int), 1000000);
  ac_task_release(t);
}

static int countdown;

static void cancel_after(void *arg)
{
  if (--countdown > 0)
    ac_call_soon(ac_loop_default(), cancel_after, arg);
  else
    ac_task_cancel(arg);
}

static void test_abi_million_nested_awaits_cancelled_at_the_leaf(void **state)
{
  ac_task *t = ac_create_task(depth(1000000, 1));
  (void)state;
  // Cancels after 500 passes: the chain is ~500,000 frames deep, waiting
  // in a sleep(0); every frame unwinds, iteratively.
  countdown = 500;
  unwound = 0;
  ac_call_soon(ac_loop_default(), cancel_after, t);
  assert_int_equal(ac_loop_run_until_complete(ac_loop_default(), t),
                   AC_ECANCELED);
  assert_true(unwound > 400000);
  assert_true(unwound < 600000);
  ac_task_release(t);
}

// ---------------------------------------------------------------------------
// A native awaitable written with the op mechanism (docs/abi.md §7 shows it
// verbatim): an event a task can wait for.

typedef struct event {
  ac__op *waiter;  // slot: the op waiting, or NULL
  int set;
} event;

typedef struct event_wait_op {
  ac__op op;  // first: the op is a frame
  event *ev;
} event_wait_op;

// Waits unless the event is set; once woken it is over (op->hdr.err says
// how: 0, or AC_ECANCELED if the wait was cancelled).
static int event_wait_step(ac__op *op)
{
  event_wait_op *w = (event_wait_op *)op;
  if (op->hdr.state != 0 || w->ev->set)
    return AC_DONE;
  return ac__op_park(op, &w->ev->waiter);
}

// No cancel hook: leaving the slot is all a cancelled wait has to do.
AC__OP_TYPE_VOID(event_wait_type, "event_wait", event_wait_op, event_wait_step,
                 NULL, NULL);

static ac_task *event_wait(event *ev)
{
  return AC__OP_NEW(event_wait_op, &event_wait_type, .ev = ev);
}

static void event_set(event *ev)
{
  ev->set = 1;
  ac__op_wake(&ev->waiter, 0);  // completes the op parked there, if any
}

// (end of the docs' example)

static void set_event_cb(void *arg)
{
  event_set(arg);
}

static void test_abi_op_waits_until_completed(void **state)
{
  event ev = {NULL, 0};
  ac_task *t = ac_create_task(event_wait(&ev));
  (void)state;
  ac_call_later(ac_loop_default(), 0.5, set_event_cb, &ev);
  assert_int_equal(rt_run(t), 0);
  assert_true(ac_loop_time(ac_loop_default()) >= 0.5);
  assert_null(ev.waiter);
  ac_task_release(t);
  // Already set: done without suspending, awaited inline by wait_for.
  t = ac_create_task(ac_wait_for(event_wait(&ev), 1.0, NULL, 0));
  assert_int_equal(rt_run(t), 0);
  ac_task_release(t);
}

static void test_abi_op_cancel_and_busy_slot(void **state)
{
  event ev = {NULL, 0};
  ac_task *a = ac_create_task(event_wait(&ev));
  ac_task *b = ac_create_task(event_wait(&ev));
  ac_task *c;
  (void)state;
  // a parks in the slot first; b finds it taken.
  assert_int_equal(rt_run(b), UV_EBUSY);
  assert_ptr_equal(ev.waiter, a);
  // Cancelling a parked op leaves the slot at once and raises ECANCELED.
  assert_int_equal(ac_task_cancel(a), 1);
  assert_null(ev.waiter);
  assert_int_equal(rt_run(a), AC_ECANCELED);
  // Awaited inline (by wait_for), timed out: cancelled through the chain.
  c = ac_create_task(ac_wait_for(event_wait(&ev), 0.25, NULL, 0));
  assert_int_equal(rt_run(c), AC_ETIMEDOUT);
  assert_null(ev.waiter);
  ac_task_release(a);
  ac_task_release(b);
  ac_task_release(c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      RT_TEST(test_abi_task_header_is_56_bytes),
      RT_TEST(test_abi_future_is_32_bytes),
      RT_TEST(test_abi_generated_shape_runs),
      RT_TEST(test_abi_generated_shape_unwinds_on_cancel),
      RT_TEST(test_abi_await_call_fn_runs_the_named_resume),
      RT_TEST(test_abi_frames_are_recycled_from_the_pool),
      RT_TEST(test_abi_million_nested_awaits_without_suspension),
      RT_TEST(test_abi_million_nested_awaits_with_suspensions),
      RT_TEST(test_abi_million_nested_awaits_cancelled_at_the_leaf),
      RT_TEST(test_abi_op_waits_until_completed),
      RT_TEST(test_abi_op_cancel_and_busy_slot),
  };
  return cmocka_run_group_tests_name("abi", tests, NULL, NULL);
}
