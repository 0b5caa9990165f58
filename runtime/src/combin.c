// combin.c — the combinators: gather, wait, as_completed, wait_for, shield,
// join, and ac_run.  Each is a hand-written async function on the task ABI.
//
// They watch tasks with done-callback nodes (one pool object per watched
// task), so, as in asyncio, a combinator learns of a completion on the pass
// after it, and the task awaiting the combinator resumes on the pass after
// that.  A node that has not run yet is either still in the task's waiter
// list (unwatch removes and frees it) or already queued (unwatch marks it
// cancelled; the loop frees it when it pops it).
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
  void *owner;        // the combinator frame or iterator
  ac_handle *node;    // pending node, NULL once it ran or was unwatched
  ac_task *task;      // owned reference
} slot;


// Returns the node, or NULL when out of memory.
static ac_handle *watch(ac_task *t, ac_task_cb cb, void *arg)
{
  ac_handle *node = ac__handle_try_new(&ac__donecb_desc);
  if (node == NULL)
    return NULL;
  ac__node_init(node, ac_task_ref(t), cb, arg);
  if (t->flags & AC__F_DONE) {
    node->hflags |= AC__H_QUEUED;
    ac__enqueue((ac_task *)node);
  } else {
    ac__waiter_add(t, (ac_task *)node);
  }
  return node;
}


static void unwatch(ac_handle **pnode)
{
  ac_handle *node = *pnode;
  if (node == NULL)
    return;
  *pnode = NULL;
  if (node->hflags & AC__H_QUEUED) {
    node->hflags |= AC__H_CANCELLED;
  } else {
    ac_task *t = node->target;
    ac__waiter_remove(t, (ac_task *)node);
    ac__handle_free(node);
    ac_task_release(t);
  }
}


static void cancel_timer(ac_handle **ph)
{
  if (*ph != NULL) {
    ac_handle_cancel(*ph);
    *ph = NULL;
  }
}


// Schedules a fresh task (asyncio's ensure_future).
static ac_task *ensure(ac_task *t)
{
  return ac_create_task(t);
}


// NULL when out of memory.
static slot *slots_new(ac_task *const *tasks, size_t n, void *owner)
{
  slot *s = ac__mem_try_alloc(n * sizeof *s);
  size_t i;
  if (s == NULL)
    return NULL;
  for (i = 0; i < n; i++) {
    s[i].owner = owner;
    s[i].node = NULL;
    s[i].task = tasks[i];
  }
  return s;
}


static void slots_free(slot **ps, size_t n)
{
  slot *s = *ps;
  size_t i;
  if (s == NULL)
    return;
  for (i = 0; i < n; i++) {
    unwatch(&s[i].node);
    ac_task_release(s[i].task);
  }
  ac__mem_free(s, n * sizeof *s);
  *ps = NULL;
}


// A combinator that cannot be built (out of memory) lets go of the n task
// references it was handed (fresh tasks are freed unstarted) and returns
// the failed task, whose await raises AC_ENOMEM.
static ac_task *give_up(ac_task *const *tasks, size_t n, ac_task *frame)
{
  size_t i;
  for (i = 0; i < n; i++)
    ac_task_release(tasks[i]);
  ac_task_release(frame);  // ignores the failed task
  return &ac__nomem_task;
}


// Completes a native frame with a task's outcome: its error, or its result
// copied to dst.
static int deliver(ac_task *self, ac_task *t, void *dst, size_t size)
{
  int err = t->err;
  t->flags |= AC__F_OBSERVED;
  if (err == 0)
    err = ac__copy_result(t, dst, size, "result");
  self->err = err;
  return AC_DONE;
}


#define NATIVE_DESC(var, resume_fn, fname, frame, cancel_fn, destroy_fn, rsize) \
  static const ac_desc var = {                                              \
      .resume = resume_fn, .name = fname, .file = "acrt", .await_lines = NULL, \
      .nstates = 0, .line = 0, .frame_size = sizeof(frame),                 \
      .result_off = offsetof(frame, result), .result_size = rsize,          \
      .size_class = AC_SIZE_CLASS(sizeof(frame)), .result_kind = AC_KIND_INT, \
      .kind = AC_DESC_FUNC, .cancel = cancel_fn, .destroy = destroy_fn}


// gather ----------------------------------------------------------------------
//
// The hot combinator (spawn + gather of many tasks), so it watches its
// children with nodes embedded in one array (no allocation or reference per
// child).  The array outlives the gather frame while any of its nodes has
// still to run: a child that ends after the gather has its error retrieved
// then, as in asyncio.

typedef struct gather_frame gather_frame;

typedef struct gslot {
  ac__node node;           // waiter node in the child's list
  struct gcore *core;
  ac_task *task;           // owned reference
} gslot;

typedef struct gcore {
  gather_frame *g;         // NULL once the gather frame is gone
  size_t n;
  size_t orphans;          // nodes still to run after the frame went
  gslot s[];
} gcore;

struct gather_frame {
  ac_task hdr;
  int result;
  size_t n;
  size_t nfinished;
  size_t nfailed;
  gcore *core;
  void *results;
  size_t rsize;
  int *errors;
  unsigned gflags;
  int derr;           // decided outcome
  char decided;
  char waiting;
  char cancel_requested;
};

static int gather_resume(ac_task *self);
static int gather_cancel(ac_task *self);
static void gather_destroy(ac_task *self);
NATIVE_DESC(gather_desc, gather_resume, "gather", gather_frame, gather_cancel,
            gather_destroy, sizeof(int));


static void gather_decide(gather_frame *g, int err)
{
  g->decided = 1;
  g->derr = err;
  if (g->waiting) {
    g->waiting = 0;
    ac__wake_frame(&g->hdr, 0);
  }
}


static size_t gcore_size(size_t n)
{
  return sizeof(gcore) + n * sizeof(gslot);
}


static void gather_node_run(ac__node *node)
{
  gslot *s = (gslot *)node;
  gcore *core = s->core;
  gather_frame *g = core->g;
  ac_task *t = s->task;
  if (g == NULL) {  // the gather is gone: it still retrieves the outcome
    t->flags |= AC__F_OBSERVED;
    ac_task_release(t);
    if (--core->orphans == 0)
      ac__mem_free(core, gcore_size(core->n));
    return;
  }
  g->nfinished++;
  t->flags |= AC__F_OBSERVED;  // gather retrieves every child's outcome
  if (t->err != 0)
    g->nfailed++;
  if (g->decided)
    return;
  if (!(g->gflags & AC_RETURN_EXCEPTIONS) && t->err != 0) {
    gather_decide(g, t->err);
    return;
  }
  if (g->nfinished == g->n)
    gather_decide(g, g->cancel_requested ? AC_ECANCELED : 0);
}


static int gather_resume(ac_task *self)
{
  gather_frame *g = (gather_frame *)self;
  size_t i;
  if (self->err != 0)
    return AC_DONE;
  if (!g->decided) {
    g->waiting = 1;
    self->state = 1;
    return AC_SUSPENDED;
  }
  if (g->derr != 0) {
    self->err = g->derr;
    return AC_DONE;
  }
  g->result = (int)g->nfailed;
  if (g->results == NULL && g->errors == NULL)
    return AC_DONE;  // nothing to copy: do not touch the children again
  for (i = 0; i < g->n; i++) {
    ac_task *t = g->core->s[i].task;
    if (g->errors != NULL)
      g->errors[i] = t->err;
    if (t->err != 0)
      continue;
    if (g->results != NULL) {
      int err = ac__copy_result(t, (char *)g->results + i * g->rsize,
                                g->rsize, "gather");
      if (err != 0) {
        self->err = err;
        return AC_DONE;
      }
    }
  }
  return AC_DONE;
}


static int gather_cancel(ac_task *self)
{
  gather_frame *g = (gather_frame *)self;
  size_t i;
  int ret = 0;
  if (g->decided)
    return 0;
  for (i = 0; i < g->n; i++)
    if (ac_task_cancel(g->core->s[i].task))
      ret = 1;
  if (ret)
    g->cancel_requested = 1;
  return ret;
}


static void gather_destroy(ac_task *self)
{
  gather_frame *g = (gather_frame *)self;
  gcore *core = g->core;
  size_t i;
  if (core == NULL)
    return;
  g->core = NULL;
  // A child still running (or whose node is queued) keeps its node and
  // its reference: when it ends, its error is marked retrieved, as
  // asyncio's gather callback does after the gather failed, instead of
  // being reported as never retrieved.
  for (i = 0; i < core->n; i++) {
    gslot *s = &core->s[i];
    if (s->node.state == AC__N_REGISTERED || s->node.state == AC__N_QUEUED)
      core->orphans++;
    else
      ac_task_release(s->task);
  }
  core->g = NULL;
  if (core->orphans == 0)
    ac__mem_free(core, gcore_size(core->n));
}


ac_task *ac_gather(ac_task *const *tasks, size_t n, void *results,
                   size_t result_size, int *errors, unsigned flags)
{
  ac_task *t = ac__frame_try_new(&gather_desc);
  gather_frame *g = (gather_frame *)t;
  gcore *core;
  size_t i;
  if (ac_frame_failed(t))
    return give_up(tasks, n, NULL);
  g->core = NULL;
  core = ac__mem_try_alloc(gcore_size(n));
  if (core == NULL)
    return give_up(tasks, n, t);
  g->result = 0;
  g->n = n;
  g->nfinished = 0;
  g->nfailed = 0;
  g->results = results;
  g->rsize = result_size;
  g->errors = errors;
  g->gflags = flags;
  g->derr = 0;
  g->decided = n == 0;
  g->waiting = 0;
  g->cancel_requested = 0;
  g->core = core;
  core->g = g;
  core->n = n;
  core->orphans = 0;
  for (i = 0; i < n; i++) {
    gslot *s = &core->s[i];
    ac_task *c = ensure(tasks[i]);
    s->node.desc = &ac__node_desc;
    s->node.run = gather_node_run;
    s->core = core;
    s->task = c;
    if (c->flags & AC__F_DONE) {
      s->node.state = AC__N_QUEUED;
      ac__enqueue((ac_task *)&s->node);
    } else {
      s->node.state = AC__N_REGISTERED;
      ac__waiter_add(c, (ac_task *)&s->node);
    }
  }
  return t;
}


// wait ------------------------------------------------------------------------

typedef struct wait_frame {
  ac_task hdr;
  int result;
  int return_when;
  size_t n;
  size_t counter;
  slot *slots;
  double timeout;
  ac_task **done;
  size_t *ndone;
  ac_task **pending;
  size_t *npending;
  ac_handle *timer;
  char decided;
} wait_frame;

static int wait_resume(ac_task *self);
static int wait_cancel(ac_task *self);
static void wait_destroy(ac_task *self);
NATIVE_DESC(wait_desc, wait_resume, "wait", wait_frame, wait_cancel,
            wait_destroy, sizeof(int));


static void wait_release(wait_frame *w)
{
  if (w->decided)
    return;
  w->decided = 1;
  cancel_timer(&w->timer);
  ac__wake_frame(&w->hdr, 0);
}


static void wait_cb(ac_task *t, void *arg)
{
  slot *s = arg;
  wait_frame *w = s->owner;
  s->node = NULL;
  w->counter--;
  if (w->counter == 0 || w->return_when == AC_FIRST_COMPLETED ||
      (w->return_when == AC_FIRST_EXCEPTION && t->err != 0 &&
       t->err != AC_ECANCELED))
    wait_release(w);
}


static void wait_timeout(void *arg)
{
  wait_frame *w = arg;
  w->timer = NULL;
  wait_release(w);
}


static int wait_resume(ac_task *self)
{
  wait_frame *w = (wait_frame *)self;
  size_t i, nd = 0, np = 0;
  if (self->state == 0) {
    if (self->err != 0)
      return AC_DONE;
    if (w->n == 0) {
      self->err = AC_EINVAL;
      return AC_DONE;
    }
    for (i = 0; i < w->n; i++)
      ensure(w->slots[i].task);
    self->err = AC_ENOMEM;  // (until everything is in place)
    if (w->timeout >= 0) {
      w->timer = ac__call_later_try(w->timeout, wait_timeout, w);
      if (w->timer == NULL)
        return AC_DONE;  // wait_destroy lets go of the rest
    }
    w->counter = w->n;
    for (i = 0; i < w->n; i++) {
      w->slots[i].node = watch(w->slots[i].task, wait_cb, &w->slots[i]);
      if (w->slots[i].node == NULL) {
        cancel_timer(&w->timer);
        return AC_DONE;
      }
    }
    self->err = 0;
    self->state = 1;
    return AC_SUSPENDED;
  }
  w->decided = 1;
  cancel_timer(&w->timer);
  for (i = 0; i < w->n; i++)
    unwatch(&w->slots[i].node);
  if (self->err != 0)
    return AC_DONE;
  for (i = 0; i < w->n; i++) {
    ac_task *t = w->slots[i].task;
    w->slots[i].task = NULL;
    if (ac_task_done(t)) {
      if (w->done != NULL)
        w->done[nd] = t;
      else
        ac_task_release(t);
      nd++;
    } else {
      if (w->pending != NULL)
        w->pending[np] = t;
      else
        ac_task_release(t);
      np++;
    }
  }
  if (w->ndone != NULL)
    *w->ndone = nd;
  if (w->npending != NULL)
    *w->npending = np;
  w->result = (int)nd;
  return AC_DONE;
}


static int wait_cancel(ac_task *self)
{
  wait_frame *w = (wait_frame *)self;
  if (w->decided || self->state != 1)
    return 0;
  w->decided = 1;
  cancel_timer(&w->timer);
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


static void wait_destroy(ac_task *self)
{
  wait_frame *w = (wait_frame *)self;
  cancel_timer(&w->timer);
  slots_free(&w->slots, w->n);
}


ac_task *ac_wait(ac_task *const *tasks, size_t n, double timeout,
                 int return_when, ac_task **done, size_t *ndone,
                 ac_task **pending, size_t *npending)
{
  ac_task *t = ac__frame_try_new(&wait_desc);
  wait_frame *w = (wait_frame *)t;
  if (ac_frame_failed(t))
    return give_up(tasks, n, NULL);
  w->slots = n ? slots_new(tasks, n, w) : NULL;
  w->timer = NULL;
  w->n = n;
  if (n > 0 && w->slots == NULL) {
    w->n = 0;
    return give_up(tasks, n, t);
  }
  w->result = 0;
  w->return_when = return_when;
  w->counter = n;
  w->timeout = timeout;
  w->done = done;
  w->ndone = ndone;
  w->pending = pending;
  w->npending = npending;
  w->timer = NULL;
  w->decided = 0;
  if (ndone != NULL)
    *ndone = 0;
  if (npending != NULL)
    *npending = 0;
  return t;
}


// as_completed ------------------------------------------------------------------

struct ac_as_completed {
  size_t n;
  size_t nready;
  size_t nhanded;
  slot *slots;
  ac_task **order;     // tasks in completion order
  ac_handle *timer;
  ac_task *waiter;     // the next() frame waiting, if any
  int timed_out;
};


static void ac_wake_waiter(ac_as_completed *it)
{
  if (it->waiter != NULL) {
    ac_task *w = it->waiter;
    it->waiter = NULL;
    ac__wake_frame(w, 0);
  }
}


static void asc_cb(ac_task *t, void *arg)
{
  slot *s = arg;
  ac_as_completed *it = s->owner;
  s->node = NULL;
  it->order[it->nready++] = t;
  if (it->nready == it->n)
    cancel_timer(&it->timer);
  ac_wake_waiter(it);
}


static void asc_timeout(void *arg)
{
  ac_as_completed *it = arg;
  size_t i;
  it->timer = NULL;
  it->timed_out = 1;
  for (i = 0; i < it->n; i++)
    unwatch(&it->slots[i].node);
  ac_wake_waiter(it);
}


// Out of memory: NULL (the references let go of, fresh tasks freed);
// ac_as_completed_next(NULL) raises AC_ENOMEM, ac_as_completed_free(NULL)
// does nothing.
ac_as_completed *ac_as_completed_new(ac_task *const *tasks, size_t n,
                                     double timeout)
{
  ac_as_completed *it = ac__mem_try_alloc(sizeof *it);
  size_t i;
  if (it == NULL) {
    give_up(tasks, n, NULL);
    return NULL;
  }
  memset(it, 0, sizeof *it);
  it->slots = n ? slots_new(tasks, n, it) : NULL;
  it->order = n ? ac__mem_try_alloc(n * sizeof *it->order) : NULL;
  if (n > 0 && (it->slots == NULL || it->order == NULL)) {
    if (it->slots == NULL)
      give_up(tasks, n, NULL);
    else
      slots_free(&it->slots, n);
    ac__mem_free(it->order, n * sizeof *it->order);
    ac__mem_free(it, sizeof *it);
    return NULL;
  }
  it->n = n;
  for (i = 0; i < n; i++)
    ensure(it->slots[i].task);
  for (i = 0; i < n; i++) {
    it->slots[i].node = watch(it->slots[i].task, asc_cb, &it->slots[i]);
    if (it->slots[i].node == NULL)
      break;
  }
  if (n > 0 && timeout >= 0 && i == n)
    it->timer = ac__call_later_try(timeout, asc_timeout, it);
  if (i < n || (n > 0 && timeout >= 0 && it->timer == NULL)) {
    ac_as_completed_free(it);
    return NULL;
  }
  return it;
}


void ac_as_completed_free(ac_as_completed *it)
{
  if (it == NULL)
    return;
  cancel_timer(&it->timer);
  slots_free(&it->slots, it->n);
  ac__mem_free(it->order, it->n * sizeof *it->order);
  ac__mem_free(it, sizeof *it);
}


typedef struct next_frame {
  ac_task hdr;
  ac_task *result;
  ac_as_completed *it;
} next_frame;

static int next_resume(ac_task *self);
static int next_cancel(ac_task *self);
static const ac_desc next_desc = {
    .resume = next_resume, .name = "as_completed_next", .file = "acrt",
    .frame_size = sizeof(next_frame), .result_off = offsetof(next_frame, result),
    .result_size = sizeof(ac_task *), .size_class = AC_SIZE_CLASS(sizeof(next_frame)),
    .result_kind = AC_KIND_PTR, .kind = AC_DESC_FUNC, .cancel = next_cancel};


static int next_resume(ac_task *self)
{
  next_frame *f = (next_frame *)self;
  ac_as_completed *it = f->it;
  if (it == NULL) {  // ac_as_completed_new ran out of memory
    self->err = AC_ENOMEM;
    return AC_DONE;
  }
  if (it->waiter == self)
    it->waiter = NULL;
  if (self->err != 0)
    return AC_DONE;
  if (it->nhanded < it->nready) {
    f->result = it->order[it->nhanded++];
    return AC_DONE;
  }
  if (it->timed_out) {
    self->err = AC_ETIMEDOUT;
    return AC_DONE;
  }
  if (it->nhanded == it->n) {
    self->err = AC_EINVAL;
    return AC_DONE;
  }
  it->waiter = self;
  self->state = 1;
  return AC_SUSPENDED;
}


static int next_cancel(ac_task *self)
{
  next_frame *f = (next_frame *)self;
  if (f->it->waiter != self)
    return 0;
  f->it->waiter = NULL;
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


ac_task *ac_as_completed_next(ac_as_completed *it)
{
  ac_task *t = ac__frame_try_new(&next_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  next_frame *f = (next_frame *)t;
  f->result = NULL;
  f->it = it;
  return t;
}


// wait_for ------------------------------------------------------------------------

typedef struct wf_frame {
  ac_task hdr;
  int result;           // unused (void)
  int outside;          // cancelled from outside
  ac_task *inner;
  double timeout;
  void *dst;
  size_t size;
  ac_handle *timer;
  ac_handle *node;
  int waiting;
} wf_frame;

enum { WF_START, WF_WAIT, WF_CANCEL_WAIT, WF_PLAIN };

static int wf_resume(ac_task *self);
static int wf_cancel(ac_task *self);
static void wf_destroy(ac_task *self);
NATIVE_DESC(wf_desc, wf_resume, "wait_for", wf_frame, wf_cancel, wf_destroy, 0);


static void wf_wake(wf_frame *w)
{
  if (w->waiting) {
    w->waiting = 0;
    ac__wake_frame(&w->hdr, 0);
  }
}


static void wf_node_cb(ac_task *t, void *arg)
{
  wf_frame *w = arg;
  (void)t;
  w->node = NULL;
  wf_wake(w);
}


static void wf_timer_cb(void *arg)
{
  wf_frame *w = arg;
  w->timer = NULL;
  if (w->hdr.state == WF_WAIT)
    wf_wake(w);
}


static int wf_cancel_and_wait(wf_frame *w)
{
  w->node = watch(w->inner, wf_node_cb, w);
  if (w->node == NULL) {
    w->hdr.err = AC_ENOMEM;
    return AC_DONE;
  }
  ac_task_cancel(w->inner);
  w->hdr.state = WF_CANCEL_WAIT;
  w->waiting = 1;
  return AC_SUSPENDED;
}


static int wf_resume(ac_task *self)
{
  wf_frame *w = (wf_frame *)self;
  w->waiting = 0;
  switch (self->state) {
  case WF_START:
    if (self->err != 0)
      return AC_DONE;
    if (w->timeout < 0) {
      self->state = WF_PLAIN;
      if (ac_await_task(self, w->inner) == AC_SUSPENDED)
        return AC_SUSPENDED;
      goto plain;
    }
    ensure(w->inner);
    if (w->timeout == 0) {
      if (ac_task_done(w->inner))
        return deliver(self, w->inner, w->dst, w->size);
      return wf_cancel_and_wait(w);
    }
    w->timer = ac__call_later_try(w->timeout, wf_timer_cb, w);
    w->node = w->timer != NULL ? watch(w->inner, wf_node_cb, w) : NULL;
    if (w->node == NULL) {
      self->err = AC_ENOMEM;  // wf_destroy cancels the timer
      return AC_DONE;
    }
    self->state = WF_WAIT;
    w->waiting = 1;
    return AC_SUSPENDED;
  case WF_WAIT:
    cancel_timer(&w->timer);
    if (self->err != 0) {  // a cancellation that arrived while queued
      self->err = 0;
      w->outside = 1;
    }
    unwatch(&w->node);
    if (ac_task_done(w->inner))
      return deliver(self, w->inner, w->dst, w->size);
    return wf_cancel_and_wait(w);
  case WF_CANCEL_WAIT:
    unwatch(&w->node);
    if (self->err != 0)
      return AC_DONE;
    if (w->outside) {
      self->err = AC_ECANCELED;
      return AC_DONE;
    }
    if (ac_task_cancelled(w->inner)) {
      w->inner->flags |= AC__F_OBSERVED;
      self->err = AC_ETIMEDOUT;
      return AC_DONE;
    }
    return deliver(self, w->inner, w->dst, w->size);
  case WF_PLAIN:
  plain:
    ac_await_end(self, w->dst, w->dst ? w->size : 0);
    return AC_DONE;
  default:
    return AC_DONE;
  }
}


static int wf_cancel(ac_task *self)
{
  wf_frame *w = (wf_frame *)self;
  if (!w->waiting)
    return 0;
  if (self->state == WF_WAIT) {
    w->outside = 1;
    wf_wake(w);
    return 1;
  }
  if (self->state == WF_CANCEL_WAIT) {
    unwatch(&w->node);
    w->waiting = 0;
    ac__wake_frame(self, AC_ECANCELED);
    return 1;
  }
  return 0;
}


static void wf_destroy(ac_task *self)
{
  wf_frame *w = (wf_frame *)self;
  cancel_timer(&w->timer);
  unwatch(&w->node);
  ac_task_release(w->inner);
  w->inner = NULL;
}


ac_task *ac_wait_for(ac_task *inner, double timeout, void *result,
                     size_t result_size)
{
  ac_task *t = ac__frame_try_new(&wf_desc);
  if (ac_frame_failed(t))
    return give_up(&inner, 1, NULL);
  wf_frame *w = (wf_frame *)t;
  w->result = 0;
  w->outside = 0;
  w->inner = inner;
  w->timeout = timeout;
  w->dst = result;
  w->size = result_size;
  w->timer = NULL;
  w->node = NULL;
  w->waiting = 0;
  return t;
}


// shield ----------------------------------------------------------------------------

typedef struct shield_frame {
  ac_task hdr;
  int result;  // unused (void)
  int waiting;
  ac_task *inner;
  void *dst;
  size_t size;
  ac_handle *node;
} shield_frame;

static int shield_resume(ac_task *self);
static int shield_cancel(ac_task *self);
static void shield_destroy(ac_task *self);
NATIVE_DESC(shield_desc, shield_resume, "shield", shield_frame, shield_cancel,
            shield_destroy, 0);


static void shield_cb(ac_task *t, void *arg)
{
  shield_frame *s = arg;
  (void)t;
  s->node = NULL;
  if (s->waiting) {
    s->waiting = 0;
    ac__wake_frame(&s->hdr, 0);
  }
}


// The awaiter was cancelled and stops watching the inner task.  As in
// asyncio, an outcome the inner task already has is retrieved (its done
// callback was due); one it has later is its own, reported if nobody
// retrieves it.  (Marking it observed here hid errors of shielded tasks
// that failed after the cancellation: neither retrieved nor reported.)
static void shield_forget(shield_frame *s)
{
  if (ac_task_done(s->inner))
    s->inner->flags |= AC__F_OBSERVED;
}


static int shield_resume(ac_task *self)
{
  shield_frame *s = (shield_frame *)self;
  s->waiting = 0;
  if (self->err != 0) {
    unwatch(&s->node);
    shield_forget(s);
    return AC_DONE;
  }
  if (self->state == 0) {
    ensure(s->inner);
    if (!ac_task_done(s->inner)) {
      s->node = watch(s->inner, shield_cb, s);
      if (s->node == NULL) {
        self->err = AC_ENOMEM;
        return AC_DONE;
      }
      s->waiting = 1;
      self->state = 1;
      return AC_SUSPENDED;
    }
  }
  return deliver(self, s->inner, s->dst, s->size);
}


static int shield_cancel(ac_task *self)
{
  shield_frame *s = (shield_frame *)self;
  if (!s->waiting)
    return 0;
  s->waiting = 0;
  unwatch(&s->node);
  shield_forget(s);
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


static void shield_destroy(ac_task *self)
{
  shield_frame *s = (shield_frame *)self;
  unwatch(&s->node);
  ac_task_release(s->inner);
  s->inner = NULL;
}


ac_task *ac_shield(ac_task *inner, void *result, size_t result_size)
{
  ac_task *t = ac__frame_try_new(&shield_desc);
  if (ac_frame_failed(t))
    return give_up(&inner, 1, NULL);
  shield_frame *s = (shield_frame *)t;
  s->result = 0;
  s->waiting = 0;
  s->inner = inner;
  s->dst = result;
  s->size = result_size;
  s->node = NULL;
  return t;
}


// join -------------------------------------------------------------------------------

typedef struct join_frame {
  ac_task hdr;
  int result;
  ac_task *t;
} join_frame;

static int join_resume(ac_task *self);
NATIVE_DESC(join_desc, join_resume, "join", join_frame, NULL, NULL,
            sizeof(int));


static int join_resume(ac_task *self)
{
  join_frame *j = (join_frame *)self;
  ac_task *a;
  if (self->state == 0) {
    self->state = 1;
    if (ac_await_task(self, j->t) == AC_SUSPENDED)
      return AC_SUSPENDED;
  }
  a = self->aux;
  self->aux = NULL;
  if (a != NULL && !(a->flags & AC__F_ROOT))
    a->flags |= AC__F_DONE;
  if (self->err == 0 && a != NULL) {
    a->flags |= AC__F_OBSERVED;
    j->result = a->err;
  }
  ac_task_release(a);
  return AC_DONE;
}


ac_task *ac_task_join(ac_task *t)
{
  ac_task *f = ac__frame_try_new(&join_desc);
  if (ac_frame_failed(f))
    return f;  // out of memory: its await raises AC_ENOMEM
  join_frame *j = (join_frame *)f;
  j->result = 0;
  j->t = t;
  return f;
}


// ac_run ---------------------------------------------------------------------------------

int ac_run(ac_task *main)
{
  ac_loop *loop;
  int rc, ret = 0;
  if (ac__loop_busy(__func__, __builtin_return_address(0))) {
    ac_task_release(main);
    return AC_ERUNNING;
  }
  loop = ac_loop_default();
  ac_create_task(main);
  rc = ac_loop_run_until_complete(loop, main);
  if (rc != 0) {
    fprintf(stderr, "ac_run: %s: %s (%s)\n", ac_task_name(main),
            ac_err_name(rc), ac_strerror(rc));
    main->flags |= AC__F_OBSERVED;
    ret = 1;
  } else if (ac__result_size(main) == sizeof(int)) {
    memcpy(&ret, ac__result_ptr(main), sizeof ret);
  }
  ac_task_release(main);
  ac_loop_close(loop);
  return ret;
}
