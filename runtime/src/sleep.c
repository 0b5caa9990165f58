// sleep.c — ac_sleep: an op (internal.h) with its timer handle inside.
//
// ac_sleep(0) yields exactly once (the task goes to the back of the ready
// queue, like asyncio's bare `yield`).  It allocates nothing: it returns
// the static ac__yield_task, which the await functions recognise (the
// awaiting frame itself is the one the task resumes).  ac_sleep(d > 0)
// schedules a timer handle; when it runs, the op completes and the task is
// queued, so the task resumes on the pass after the deadline's pass, as
// asyncio's sleep future does.  d counts from the loop's time as last read
// (the pass's start, or an ac_loop_time call since: loop.c's timer_base).
#include "internal.h"

typedef struct sleep_op {
  ac__op op;
  // Its own timer: no handle to allocate and free, and one object less to
  // touch when it fires (100,000 sleeps, bench e).  Its `when` holds the
  // delay until the step arms it.  The op outlives the timer's stay on the
  // ready queue: a cancelled op completes at once, but its task resumes
  // (and frees it) only after the pass that queued the timer has run it.
  ac_handle timer;
} sleep_op;


static void sleep_fire(void *arg)
{
  ac__op_complete(&((sleep_op *)arg)->op, 0);
}


// Starts the timer; once woken the sleep is over (op.hdr.err says how).
static int sleep_step(ac__op *op)
{
  sleep_op *s = (sleep_op *)op;
  if (op->hdr.state != 0)
    return AC_DONE;
  if (ac__timer_start(&s->timer, s->timer.when, sleep_fire, s) != 0)
    return ac__op_fail(op, AC_ENOMEM);
  return ac__op_park(op, NULL);
}


// (Parked, so its timer is armed: in the timers, or queued.)
static int sleep_cancel(ac__op *op)
{
  ac_handle_cancel(&((sleep_op *)op)->timer);
  return AC__OP_CANCEL_NOW;
}

AC__OP_TYPE_VOID(sleep_type, "sleep", sleep_op, sleep_step, sleep_cancel, NULL);


static int yield_resume(ac_task *self)
{
  (void)self;
  return AC_DONE;
}

static const ac_desc yield_desc = {.resume = yield_resume,
                                   .name = "sleep",
                                   .file = "acrt/sleep.c",
                                   .frame_size = sizeof(ac_task),
                                   .size_class = AC_SIZE_CLASS(sizeof(ac_task)),
                                   .result_kind = AC_KIND_VOID,
                                   .kind = AC_DESC_FUNC};

ac_task ac__yield_task = {.q = {.desc = &yield_desc},
                          .flags = AC__F_ROOT | AC__F_STARTED | AC__F_DONE |
                                   AC__F_OBSERVED,
                          .refs = 1};


ac_task *ac_sleep(double seconds)
{
  if (!(seconds > 0))
    return &ac__yield_task;
  return AC__OP_NEW(sleep_op, &sleep_type, .timer.when = seconds);
}
