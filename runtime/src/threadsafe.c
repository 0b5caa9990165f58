// threadsafe.c — crossing threads: ac_call_soon_threadsafe, loop holds,
// and ac_loop_submit with its thread-side handle (asyncio's
// call_soon_threadsafe and run_coroutine_threadsafe).
//
// Other threads never touch the loop's ready queue or pools.  They append
// (cb, arg) items, malloc'd, to one mutex-protected FIFO, raise an atomic
// flag and send the loop's uv_async_t.  The loop moves the items to its
// ready queue (as ac_call_soon handles) at the start of each pass and
// after each poll: a flag test per pass when nothing crosses.  The async
// handle only wakes the poll; it keeps the loop alive (is referenced) only
// while a hold is taken, so a loop nobody will call does not wait forever.
//
// ac_loop_submit is a call_soon_threadsafe of submit_cb, which makes the
// task on the loop's thread and chains its outcome, through a done
// callback, into the ac_cfuture; threads wait on one condition variable.
#include "internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct ts_item {
  struct ts_item *next;
  ac_cb cb;
  void *arg;
} ts_item;

enum { CF_PENDING, CF_DONE, CF_CANCELLED };

struct ac_cfuture {
  int refs;   // the caller's handle, the loop's side, a posted cancel
  int state;  // CF_*
  int err;
  size_t size;  // result size (CF_DONE, err 0)
  void *result;
  ac_loop *loop;
  ac_task_factory make;
  void *arg;
  // The loop's thread only:
  ac_task *task;                   // the task made, until its done callback
  struct ac_cfuture *prev, *next;  // live submissions (closed with the loop)
};

// Everything another thread reads is under mu (or atomic).
static struct {
  uv_once_t once;
  uv_mutex_t mu;
  uv_cond_t cond;  // a cfuture finished
  ts_item *head, *tail;
  ac_loop *loop;  // the open loop, NULL when closed
  uv_thread_t thread;
  uv_async_t async;
  int async_live;  // async initialised and not closed
  atomic_int pending;
  atomic_long holds;
  ac_cfuture *live;  // loop's thread only
} ts = {.once = UV_ONCE_INIT};


static void ts_init_once(void)
{
  if (uv_mutex_init(&ts.mu) != 0 || uv_cond_init(&ts.cond) != 0)
    ac__oom();
}


static void on_async(uv_async_t *a)
{
  (void)a;  // only wakes the poll; the pass drains the queue itself
}


// At loop creation, on the loop's thread.
void ac__ts_open(ac_loop *loop)
{
  uv_once(&ts.once, ts_init_once);
  uv_mutex_lock(&ts.mu);
  if (uv_async_init(&loop->uv, &ts.async, on_async) != 0)
    ac__oom();
  uv_unref((uv_handle_t *)&ts.async);
  ts.async_live = 1;
  ts.loop = loop;
  ts.thread = uv_thread_self();
  uv_mutex_unlock(&ts.mu);
}


// Whether the caller runs on loop's thread (loop open).
int ac__ts_on_loop_thread(const ac_loop *loop)
{
  uv_thread_t self = uv_thread_self();
  int r;
  uv_once(&ts.once, ts_init_once);
  uv_mutex_lock(&ts.mu);
  r = ts.loop == loop && loop != NULL && uv_thread_equal(&self, &ts.thread);
  uv_mutex_unlock(&ts.mu);
  return r;
}


// Moves what other threads queued to the ready queue, in their order.
void ac__ts_drain(ac_loop *loop)
{
  ts_item *it;
  if (atomic_load_explicit(&ts.pending, memory_order_acquire) == 0)
    return;
  uv_mutex_lock(&ts.mu);
  it = ts.head;
  ts.head = ts.tail = NULL;
  atomic_store_explicit(&ts.pending, 0, memory_order_relaxed);
  uv_mutex_unlock(&ts.mu);
  while (it != NULL) {
    ts_item *next = it->next;
    ac_call_soon(loop, it->cb, it->arg);
    free(it);
    it = next;
  }
}


// At the start of a pass: drain, and let the async handle keep the loop
// alive while a hold is taken (uv_ref is the loop thread's business).
void ac__ts_poll(ac_loop *loop)
{
  ac__ts_drain(loop);
  if (atomic_load_explicit(&ts.holds, memory_order_acquire) > 0)
    uv_ref((uv_handle_t *)&ts.async);
  else
    uv_unref((uv_handle_t *)&ts.async);
}


// Appends (cb, arg) for the loop; hold adds a hold with it (taken back by
// the callback).  Caller holds nothing.
static int post(ac_loop *loop, ac_cb cb, void *arg, int hold)
{
  ts_item *it = malloc(sizeof *it);
  if (it == NULL)
    return AC_ENOMEM;
  it->next = NULL;
  it->cb = cb;
  it->arg = arg;
  uv_mutex_lock(&ts.mu);
  if (ts.loop != loop || loop == NULL) {
    uv_mutex_unlock(&ts.mu);
    free(it);
    return AC_ECLOSED;
  }
  if (ts.tail != NULL)
    ts.tail->next = it;
  else
    ts.head = it;
  ts.tail = it;
  if (hold)
    atomic_fetch_add(&ts.holds, 1);
  atomic_store_explicit(&ts.pending, 1, memory_order_release);
  uv_async_send(&ts.async);
  uv_mutex_unlock(&ts.mu);
  return 0;
}


int ac_call_soon_threadsafe(ac_loop *loop, ac_cb cb, void *arg)
{
  if (cb == NULL)
    return AC_EINVAL;
  if (ac__ts_on_loop_thread(loop)) {
    // asyncio: the same as call_soon (FIFO with it).
    ac_call_soon(loop, cb, arg);
    return 0;
  }
  return post(loop, cb, arg, 0);
}


int ac_loop_hold(ac_loop *loop)
{
  int rc = 0;
  uv_once(&ts.once, ts_init_once);
  uv_mutex_lock(&ts.mu);
  if (ts.loop != loop || loop == NULL)
    rc = AC_ECLOSED;
  else
    atomic_fetch_add(&ts.holds, 1);
  uv_mutex_unlock(&ts.mu);
  return rc;
}


int ac_loop_unhold(ac_loop *loop)
{
  int rc = 0;
  uv_once(&ts.once, ts_init_once);
  uv_mutex_lock(&ts.mu);
  if (ts.loop != loop || loop == NULL) {
    rc = AC_ECLOSED;
  } else if (atomic_load(&ts.holds) > 0) {
    atomic_fetch_sub(&ts.holds, 1);
    // The loop may be waiting only for this hold: let it look again.
    uv_async_send(&ts.async);
  }
  uv_mutex_unlock(&ts.mu);
  return rc;
}


// Submissions -------------------------------------------------------------

static void cf_unref(ac_cfuture *f)
{
  int last;
  uv_mutex_lock(&ts.mu);
  last = --f->refs == 0;
  uv_mutex_unlock(&ts.mu);
  if (last) {
    free(f->result);
    free(f);
  }
}


// Settles f (loop's thread) unless the thread side cancelled it first;
// result (size bytes, malloc'd) is taken over.
static void cf_settle(ac_cfuture *f, int err, void *result, size_t size)
{
  uv_mutex_lock(&ts.mu);
  if (f->state == CF_PENDING) {
    f->state = err == AC_ECANCELED ? CF_CANCELLED : CF_DONE;
    f->err = err;
    f->result = result;
    f->size = size;
    result = NULL;
    uv_cond_broadcast(&ts.cond);
  }
  uv_mutex_unlock(&ts.mu);
  free(result);
}


static void live_remove(ac_cfuture *f)
{
  if (f->prev != NULL)
    f->prev->next = f->next;
  else
    ts.live = f->next;
  if (f->next != NULL)
    f->next->prev = f->prev;
  f->prev = f->next = NULL;
}


// The loop side is over: settle, forget the task, drop the loop's ref.
static void cf_finish(ac_cfuture *f, int err, void *result, size_t size)
{
  cf_settle(f, err, result, size);
  live_remove(f);
  if (f->task != NULL) {
    ac_task_release(f->task);
    f->task = NULL;
  }
  cf_unref(f);
}


// The submitted task ended: copy its outcome for the other thread.
static void cf_done_cb(ac_task *t, void *arg)
{
  ac_cfuture *f = arg;
  int err = ac_task_error(t);
  size_t size = 0;
  void *copy = NULL;
  if (err == 0) {
    size = ac__result_size(t);
    copy = malloc(size ? size : 1);
    if (copy == NULL)
      err = AC_ENOMEM;
    else
      memcpy(copy, ac__result_ptr(t), size);
  }
  cf_finish(f, err, copy, size);
}


// On the loop's thread: make the task and chain it to f.
static void submit_cb(void *arg)
{
  ac_cfuture *f = arg;
  ac_task *t;
  int cancelled;
  atomic_fetch_sub(&ts.holds, 1);
  f->next = ts.live;
  if (ts.live != NULL)
    ts.live->prev = f;
  ts.live = f;
  t = f->make(f->arg);
  if (t == NULL || ac_frame_failed(t)) {
    cf_finish(f, t == NULL ? AC_EINVAL : AC_ENOMEM, NULL, 0);
    return;
  }
  f->task = ac_create_task(t);
  if (ac_task_add_done_callback(t, cf_done_cb, f) != 0) {
    ac_task_cancel(t);
    cf_finish(f, AC_ENOMEM, NULL, 0);
    return;
  }
  uv_mutex_lock(&ts.mu);
  cancelled = f->state == CF_CANCELLED;
  uv_mutex_unlock(&ts.mu);
  if (cancelled)  // cancelled before it was made: it never starts
    ac_task_cancel(t);
}


int ac_loop_submit(ac_loop *loop, ac_task_factory make, void *arg,
                   ac_cfuture **out)
{
  ac_cfuture *f;
  int rc;
  if (make == NULL || out == NULL)
    return AC_EINVAL;
  *out = NULL;
  f = calloc(1, sizeof *f);
  if (f == NULL)
    return AC_ENOMEM;
  f->refs = 2;  // the caller's and the loop's
  f->loop = loop;
  f->make = make;
  f->arg = arg;
  uv_once(&ts.once, ts_init_once);
  rc = post(loop, submit_cb, f, 1);
  if (rc != 0) {
    free(f);
    return rc;
  }
  *out = f;
  return 0;
}


int ac_cfuture_wait(ac_cfuture *f, double timeout)
{
  uint64_t left;
  uint64_t end = 0;
  int rc = 0;
  if (f == NULL)
    return AC_EINVAL;
  uv_mutex_lock(&ts.mu);
  if (f->state == CF_PENDING && ts.loop == f->loop && timeout != 0) {
    uv_thread_t self = uv_thread_self();
    if (uv_thread_equal(&self, &ts.thread)) {
      uv_mutex_unlock(&ts.mu);
      ac__misuse(__func__, AC__CALLER,
                 "called on the loop's own thread (it would wait forever)");
      return AC_ERUNNING;
    }
  }
  if (!(timeout < 1e9))
    timeout = -1;  // (NaN too) beyond a uint64_t of nanoseconds: no limit
  if (timeout >= 0)
    end = uv_hrtime() + (uint64_t)(timeout * 1e9);
  while (f->state == CF_PENDING) {
    if (timeout < 0) {
      uv_cond_wait(&ts.cond, &ts.mu);
      continue;
    }
    left = end > uv_hrtime() ? end - uv_hrtime() : 0;
    if (left == 0 || uv_cond_timedwait(&ts.cond, &ts.mu, left) != 0) {
      if (f->state == CF_PENDING)
        rc = AC_ETIMEDOUT;
      break;
    }
  }
  uv_mutex_unlock(&ts.mu);
  return rc;
}


int ac_cfuture_result(ac_cfuture *f, double timeout, void *result,
                      size_t result_size)
{
  int rc = ac_cfuture_wait(f, timeout);
  if (rc != 0)
    return rc;
  uv_mutex_lock(&ts.mu);
  rc = f->err;
  if (rc == 0 && result != NULL) {
    if (f->size != result_size)
      rc = AC_ERESULTSIZE;
    else
      memcpy(result, f->result, result_size);
  }
  uv_mutex_unlock(&ts.mu);
  return rc;
}


// On the loop's thread: the thread side cancelled f; cancel its task.
static void cancel_cb(void *arg)
{
  ac_cfuture *f = arg;
  if (f->task != NULL)
    ac_task_cancel(f->task);
  cf_unref(f);
}


int ac_cfuture_cancel(ac_cfuture *f)
{
  if (f == NULL)
    return 0;
  uv_mutex_lock(&ts.mu);
  if (f->state != CF_PENDING) {
    // concurrent.futures: cancelling a cancelled future says True again.
    int r = f->state == CF_CANCELLED;
    uv_mutex_unlock(&ts.mu);
    return r;
  }
  f->state = CF_CANCELLED;
  f->err = AC_ECANCELED;
  f->refs++;  // for cancel_cb
  uv_cond_broadcast(&ts.cond);
  uv_mutex_unlock(&ts.mu);
  if (ac_call_soon_threadsafe(f->loop, cancel_cb, f) != 0)
    cf_unref(f);  // the loop is closed: its side has settled already
  return 1;
}


int ac_cfuture_done(ac_cfuture *f)
{
  int r;
  if (f == NULL)
    return 0;
  uv_mutex_lock(&ts.mu);
  r = f->state != CF_PENDING;
  uv_mutex_unlock(&ts.mu);
  return r;
}


int ac_cfuture_cancelled(ac_cfuture *f)
{
  int r;
  if (f == NULL)
    return 0;
  uv_mutex_lock(&ts.mu);
  r = f->state == CF_CANCELLED;
  uv_mutex_unlock(&ts.mu);
  return r;
}


void ac_cfuture_free(ac_cfuture *f)
{
  if (f != NULL)
    cf_unref(f);
}


// At loop close (after the tasks were drained), on the loop's thread: no
// new item is accepted; queued submissions and live ones end cancelled,
// other queued callbacks are dropped (asyncio drops its ready queue).
void ac__ts_close(ac_loop *loop)
{
  ts_item *it;
  (void)loop;
  uv_mutex_lock(&ts.mu);
  ts.loop = NULL;
  it = ts.head;
  ts.head = ts.tail = NULL;
  atomic_store(&ts.pending, 0);
  atomic_store(&ts.holds, 0);
  uv_mutex_unlock(&ts.mu);
  while (it != NULL) {
    ts_item *next = it->next;
    if (it->cb == submit_cb) {
      cf_settle(it->arg, AC_ECANCELED, NULL, 0);
      cf_unref(it->arg);
    } else if (it->cb == cancel_cb) {
      cf_unref(it->arg);
    }
    free(it);
    it = next;
  }
  while (ts.live != NULL)
    cf_finish(ts.live, AC_ECANCELED, NULL, 0);
  if (ts.async_live) {
    ts.async_live = 0;
    uv_close((uv_handle_t *)&ts.async, NULL);
  }
}
