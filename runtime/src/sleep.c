// sleep.c — ac_sleep, a hand-written async function on the task ABI.
//
// ac_sleep(0) yields exactly once (the task goes to the back of the ready
// queue, like asyncio's bare `yield`).  It allocates nothing: it returns
// the static ac__yield_task, which the await functions recognise (the
// awaiting frame itself is the one the task resumes).  ac_sleep(d > 0) schedules a timer
// handle; when it runs, the task is queued, so the task resumes on the pass
// after the deadline's pass, as asyncio's sleep future does.
#include "internal.h"

typedef struct sleep_frame {
  ac_task hdr;
  double seconds;
  ac_handle *timer;  // pending timer, or NULL
} sleep_frame;

enum { S_START, S_TIMER };

static int sleep_resume(ac_task *self);
static int sleep_cancel(ac_task *self);

static const uint32_t sleep_lines[] = {0, 0, 0};
static const ac_desc sleep_desc = {
    .resume = sleep_resume, .name = "sleep", .file = "acrt/sleep.c",
    .await_lines = sleep_lines, .nstates = 3, .line = 1,
    .frame_size = sizeof(sleep_frame), .result_off = 0, .result_size = 0,
    .size_class = AC_SIZE_CLASS(sizeof(sleep_frame)),
    .result_kind = AC_KIND_VOID, .kind = AC_DESC_FUNC,
    .cancel = sleep_cancel, .destroy = NULL};


static void sleep_fire(void *arg)
{
  sleep_frame *f = arg;
  f->timer = NULL;
  ac__wake_frame(&f->hdr, 0);
}


static int sleep_resume(ac_task *self)
{
  sleep_frame *f = (sleep_frame *)self;
  switch (self->state) {
  case S_START:
    if (self->err != 0)
      return AC_DONE;
    self->state = S_TIMER;
    f->timer = ac__call_later_try(f->seconds, sleep_fire, f);
    if (f->timer == NULL) {
      self->err = AC_ENOMEM;
      return AC_DONE;
    }
    return AC_SUSPENDED;
  default:
    if (f->timer != NULL) {
      ac_handle_cancel(f->timer);
      f->timer = NULL;
    }
    return AC_DONE;  // with self->err set if the sleep was cancelled
  }
}


static int sleep_cancel(ac_task *self)
{
  sleep_frame *f = (sleep_frame *)self;
  if (self->state != S_TIMER || f->timer == NULL)
    return 0;
  ac_handle_cancel(f->timer);
  f->timer = NULL;
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


static int yield_resume(ac_task *self)
{
  (void)self;
  return AC_DONE;
}

static const ac_desc yield_desc = {
    .resume = yield_resume, .name = "sleep", .file = "acrt/sleep.c",
    .frame_size = sizeof(ac_task), .size_class = AC_SIZE_CLASS(sizeof(ac_task)),
    .result_kind = AC_KIND_VOID, .kind = AC_DESC_FUNC};

ac_task ac__yield_task = {
    .desc = &yield_desc,
    .flags = AC__F_ROOT | AC__F_STARTED | AC__F_DONE | AC__F_OBSERVED,
    .refs = 1};


ac_task *ac_sleep(double seconds)
{
  if (!(seconds > 0))
    return &ac__yield_task;
  {
  ac_task *t = ac__frame_try_new(&sleep_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  sleep_frame *f = (sleep_frame *)t;
  f->seconds = seconds;
  f->timer = NULL;
  return t;
  }
}
