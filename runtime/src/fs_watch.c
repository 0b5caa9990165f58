// fs_watch.c — file-change notification (libuv's fs_event) and periodic
// intervals: the two long-lived waiters of acrt_io.h that are not streams.
//
// Both follow the pattern of a stream's reader: the object has one waiter
// slot; the libuv (or timer) callback computes the waiter's result into
// the op itself and then completes it, so the op never touches the object
// after it was woken and closing the object only has to wake the waiter
// with AC_ECANCELED.
#include "io_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// File watches ------------------------------------------------------------------

// Changes queued beyond this many (a consumer that does not keep up) fold
// into one "rescan" record: both event bits and an empty name.
#define WATCH_QUEUE_MAX 1024
#define WATCH_NAME_MAX 256  // NAME_MAX + 1: what inotify can report

typedef struct watch_event {
  int events;
  char name[WATCH_NAME_MAX];
} watch_event;

typedef struct watch_op watch_op;

struct ac_fs_watch {
  uv_fs_event_t handle;
  watch_event *q;  // ring of queued changes (pool memory)
  size_t head, len, cap;
  int overflow;  // the last record is the rescan record
  int closing;
  ac__op *waiter;  // slot: the watch_op waiting, or NULL
};

struct watch_op {
  ac__op op;
  int result;
  ac_fs_watch *w;  // while parked
  char *name;
  size_t name_len;
};


// Moves the oldest queued change into op o (its result and name).
static void watch_take(ac_fs_watch *w, watch_op *o)
{
  watch_event *e = &w->q[w->head];
  o->result = e->events;
  if (o->name != NULL && o->name_len > 0) {
    size_t n = strlen(e->name);
    if (n >= o->name_len)
      n = o->name_len - 1;
    memcpy(o->name, e->name, n);
    o->name[n] = 0;
  }
  w->head = (w->head + 1) % w->cap;
  w->len--;
  if (w->len == 0)
    w->overflow = 0;
}


// Appends a change (merged into the newest one when it names the same
// entry).  0 or AC_ENOMEM.
static int watch_push(ac_fs_watch *w, const char *name, int events)
{
  size_t n = strlen(name);
  if (n >= WATCH_NAME_MAX)
    n = WATCH_NAME_MAX - 1;
  if (w->len > 0) {
    watch_event *last = &w->q[(w->head + w->len - 1) % w->cap];
    if (w->overflow ||
        (strncmp(last->name, name, n) == 0 && last->name[n] == 0)) {
      last->events |= events;
      return 0;
    }
  }
  if (w->len == w->cap) {
    if (w->cap == WATCH_QUEUE_MAX) {  // fold into a rescan record
      watch_event *last = &w->q[(w->head + w->len - 1) % w->cap];
      last->events = AC_FS_RENAME | AC_FS_CHANGE;
      last->name[0] = 0;
      w->overflow = 1;
      return 0;
    }
    size_t cap = w->cap == 0 ? 8 : w->cap * 2;
    watch_event *q = ac__mem_try_alloc(cap * sizeof *q);
    if (q == NULL)
      return AC_ENOMEM;
    for (size_t i = 0; i < w->len; i++)
      q[i] = w->q[(w->head + i) % w->cap];
    if (w->q != NULL)
      ac__mem_free(w->q, w->cap * sizeof *w->q);
    w->q = q;
    w->cap = cap;
    w->head = 0;
  }
  watch_event *e = &w->q[(w->head + w->len) % w->cap];
  memcpy(e->name, name, n);
  e->name[n] = 0;
  e->events = events;
  w->len++;
  return 0;
}


static void watch_cb(uv_fs_event_t *h, const char *name, int events, int status)
{
  ac_fs_watch *w = (ac_fs_watch *)h;
  int ev = ((events & UV_RENAME) ? AC_FS_RENAME : 0) |
           ((events & UV_CHANGE) ? AC_FS_CHANGE : 0);
  if (status < 0 || ev == 0)
    return;
  if (watch_push(w, name != NULL ? name : "", ev) != 0)
    return;  // out of memory: this change is lost, the next one is kept
  if (w->waiter != NULL) {
    watch_op *o = (watch_op *)w->waiter;
    watch_take(w, o);
    o->w = NULL;
    ac__op_complete(&o->op, 0);
  }
}


int ac_fs_watch_start(const char *path, ac_fs_watch **out)
{
  ac_fs_watch *w;
  int rc;
  *out = NULL;
  w = ac__mem_try_alloc(sizeof *w);
  if (w == NULL)
    return AC_ENOMEM;
  memset(w, 0, sizeof *w);
  rc = uv_fs_event_init(AC__UVLOOP(), &w->handle);
  if (rc != 0) {
    ac__mem_free(w, sizeof *w);
    return rc;
  }
  rc = uv_fs_event_start(&w->handle, watch_cb, path, 0);
  if (rc != 0) {
    ac_fs_watch_close(w);  // the handle was initialised: close it
    return rc;
  }
  *out = w;
  return 0;
}


static void watch_free_cb(uv_handle_t *h)
{
  ac_fs_watch *w = (ac_fs_watch *)h;
  if (w->q != NULL)
    ac__mem_free(w->q, w->cap * sizeof *w->q);
  ac__mem_free(w, sizeof *w);
}


void ac_fs_watch_close(ac_fs_watch *w)
{
  if (w == NULL || w->closing)
    return;
  w->closing = 1;
  if (w->waiter != NULL) {
    ((watch_op *)w->waiter)->w = NULL;
    ac__op_wake(&w->waiter, AC_ECANCELED);
  }
  uv_close((uv_handle_t *)&w->handle, watch_free_cb);
}


static int watch_step(ac__op *op)
{
  watch_op *o = (watch_op *)op;
  ac_fs_watch *w = o->w;
  if (op->hdr.state != 0)
    return AC_DONE;  // woken: the result is in place, or op.hdr.err says why
  if (w->closing)
    return ac__op_fail(op, AC_ECANCELED);
  if (w->waiter != NULL)
    return ac__op_fail(op, UV_EBUSY);
  if (w->len > 0) {  // already queued: no need to wait
    watch_take(w, o);
    return AC_DONE;
  }
  return ac__op_park(op, &w->waiter);
}

AC__OP_TYPE(watch_type, "fs_watch_next", watch_op, AC_KIND_INT, watch_step,
            NULL, NULL);


ac_task *ac_fs_watch_next(ac_fs_watch *w, char *name, size_t name_len)
{
  return AC__OP_NEW(watch_op, &watch_type, .w = w, .name = name,
                    .name_len = name_len);
}


// Intervals -----------------------------------------------------------------------

typedef struct tick_op tick_op;

struct ac_interval {
  double period;
  double next;       // the next tick, on the loop's clock
  ac_handle *timer;  // pending, while a tick op waits
  ac__op *waiter;    // slot: the tick_op waiting, or NULL
};

struct tick_op {
  ac__op op;
  int64_t result;
  ac_interval *iv;  // while parked
};


// Ticks that ended by now (>= 1 when now >= next), and moves next past now.
static int64_t interval_take(ac_interval *iv, double now)
{
  int64_t n = (int64_t)floor((now - iv->next) / iv->period) + 1;
  if (n < 1)
    n = 1;
  iv->next += (double)n * iv->period;
  return n;
}


static void interval_fire(void *arg)
{
  ac_interval *iv = arg;
  tick_op *o = (tick_op *)iv->waiter;
  iv->timer = NULL;
  o->result = interval_take(iv, ac_loop_time(ac__loop_get()));
  o->iv = NULL;
  ac__op_complete(&o->op, 0);
}


ac_interval *ac_interval_new(double period)
{
  ac_interval *iv;
  if (!(period > 0) || isinf(period))
    return NULL;
  iv = ac__sys_alloc(sizeof *iv);
  if (iv == NULL)
    return NULL;
  iv->period = period;
  iv->next = ac_loop_time(ac__loop_get()) + period;
  iv->timer = NULL;
  iv->waiter = NULL;
  return iv;
}


void ac_interval_free(ac_interval *iv)
{
  if (iv == NULL)
    return;
  if (iv->waiter != NULL) {
    ac_handle_cancel(iv->timer);
    ((tick_op *)iv->waiter)->iv = NULL;
    ac__op_wake(&iv->waiter, AC_ECANCELED);
  }
  free(iv);
}


static int tick_step(ac__op *op)
{
  tick_op *o = (tick_op *)op;
  ac_interval *iv = o->iv;
  double now;
  if (op->hdr.state != 0)
    return AC_DONE;
  if (iv->waiter != NULL)
    return ac__op_fail(op, UV_EBUSY);
  now = ac_loop_time(ac__loop_get());
  if (now >= iv->next) {  // fell behind: the tick is due already
    o->result = interval_take(iv, now);
    return AC_DONE;
  }
  iv->timer = ac__call_at_try(ac__loop_get(), iv->next, interval_fire, iv);
  if (iv->timer == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  return ac__op_park(op, &iv->waiter);
}


static int tick_cancel(ac__op *op)
{
  tick_op *o = (tick_op *)op;
  if (o->iv != NULL) {
    ac_handle_cancel(o->iv->timer);
    o->iv->timer = NULL;
  }
  return AC__OP_CANCEL_NOW;
}

AC__OP_TYPE(tick_type, "interval_tick", tick_op, AC_KIND_INT, tick_step,
            tick_cancel, NULL);


ac_task *ac_interval_tick(ac_interval *iv)
{
  return AC__OP_NEW(tick_op, &tick_type, .iv = iv);
}
