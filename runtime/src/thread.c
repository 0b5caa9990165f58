// thread.c — ac_to_thread: runs a C function on libuv's thread pool.
//
// The uv_work_t is embedded in the frame and the frame never resumes before
// the after-work callback: arg may point into the caller's frame.
// Cancelling a queued job removes it (uv_cancel); a running one finishes,
// then the runtime raises AC_ECANCELED (the cancel hook returns 0) and the
// result is dropped.
#include "io_internal.h"

typedef struct thread_op {
  ac__op op;
  void *result;
  void *(*fn)(void *);
  void *arg;
  void *out;  // written by the pool thread
  uv_work_t req;
} thread_op;


static void work_cb(uv_work_t *req)
{
  thread_op *f = req->data;
  f->out = f->fn(f->arg);
}


static void after_work_cb(uv_work_t *req, int status)
{
  thread_op *f = req->data;
  ac__op_complete(&f->op, status);
}


static int thread_step(ac__op *op)
{
  thread_op *f = (thread_op *)op;
  int rc;
  if (op->hdr.state != 0) {
    if (op->hdr.err == 0)
      f->result = f->out;
    return AC_DONE;
  }
  if (f->fn == NULL)
    return ac__op_fail(op, UV_EINVAL);
  f->req.data = f;
  rc = uv_queue_work(AC__UVLOOP(), &f->req, work_cb, after_work_cb);
  if (rc != 0)
    return ac__op_fail(op, rc);
  return ac__op_park(op, NULL);
}


// Queued: after_work_cb comes with UV_ECANCELED.  Running: it comes when
// fn returns, and the runtime raises the pending cancellation then.
static int thread_cancel(ac__op *op)
{
  return uv_cancel((uv_req_t *)&((thread_op *)op)->req) == 0
             ? AC__OP_CANCEL_LATER
             : AC__OP_CANCEL_NO;
}

AC__OP_TYPE(thread_type, "to_thread", thread_op, AC_KIND_PTR, thread_step,
            thread_cancel, NULL);


ac_task *ac_to_thread(void *(*fn)(void *), void *arg)
{
  return AC__OP_NEW(thread_op, &thread_type, .fn = fn, .arg = arg);
}
