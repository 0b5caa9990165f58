// thread.c — ac_to_thread: runs a C function on libuv's thread pool.
//
// The uv_work_t is embedded in the frame and the frame never resumes before
// the after-work callback: arg may point into the caller's frame.
// Cancelling a queued job removes it (uv_cancel); a running one finishes,
// then the runtime raises AC_ECANCELED (the cancel hook returns 0) and the
// result is dropped.
#include "io_internal.h"

typedef struct thread_frame {
  ac_task hdr;
  void *result;
  void *(*fn)(void *);
  void *arg;
  void *out;           // written by the pool thread
  uv_work_t req;
} thread_frame;

static int thread_resume(ac_task *self);
static int thread_cancel(ac_task *self);
AC__IO_DESC(thread_desc, thread_resume, "to_thread", thread_frame,
            thread_cancel, NULL, AC_KIND_PTR);


static void work_cb(uv_work_t *req)
{
  thread_frame *f = req->data;
  f->out = f->fn(f->arg);
}


static void after_work_cb(uv_work_t *req, int status)
{
  thread_frame *f = req->data;
  ac__wake_frame(&f->hdr, status);
}


static int thread_resume(ac_task *self)
{
  thread_frame *f = (thread_frame *)self;
  int rc;
  if (self->state != 0) {
    if (self->err == 0)
      f->result = f->out;
    return AC_DONE;
  }
  if (self->err != 0)
    return AC_DONE;
  if (f->fn == NULL) {
    self->err = UV_EINVAL;
    return AC_DONE;
  }
  f->req.data = f;
  rc = uv_queue_work(ac_loop_uv(ac__loop_get()), &f->req, work_cb,
                     after_work_cb);
  if (rc != 0) {
    self->err = rc;
    return AC_DONE;
  }
  self->state = 1;
  return AC_SUSPENDED;
}


static int thread_cancel(ac_task *self)
{
  thread_frame *f = (thread_frame *)self;
  if (self->state != 1)
    return 0;
  // Queued: after_work_cb comes with UV_ECANCELED.  Running: it comes when
  // fn returns, and the runtime raises the pending cancellation then.
  return uv_cancel((uv_req_t *)&f->req) == 0;
}


ac_task *ac_to_thread(void *(*fn)(void *), void *arg)
{
  ac_task *t = ac__frame_try_new(&thread_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  thread_frame *f = (thread_frame *)t;
  f->result = NULL;
  f->fn = fn;
  f->arg = arg;
  f->out = NULL;
  return t;
}
