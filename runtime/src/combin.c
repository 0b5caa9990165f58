// combin.c — the combinators: gather, wait, as_completed, wait_for, shield
// and join.  Each is an op (internal.h): a native awaitable on the task ABI.
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

typedef struct wslot {
  void *owner;      // the combinator frame or iterator
  ac_handle *node;  // pending node, NULL once it ran or was unwatched
  ac_task *task;    // owned reference
} wslot;


// Returns the node, or NULL when out of memory.
static ac_handle *watch(ac_task *t, ac_task_cb cb, void *arg)
{
  ac_handle *node = ac__handle_try_new(&ac__donecb_desc);
  if (node == NULL)
    return NULL;
  ac__node_init(node, ac_task_ref(t), cb, arg);
  if (t->flags & AC__F_DONE) {
    node->hflags |= AC__H_QUEUED;
    ac__enqueue(&node->q);
  } else {
    ac__waiter_add(t, &node->q);
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
    ac__waiter_remove(t, &node->q);
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


// Schedules a fresh task (asyncio's ensure_future); a task that is
// already scheduled (the usual case) is returned without a call.
static ac_task *ensure(ac_task *t)
{
  if (t != NULL && t->q.desc != NULL && (t->flags & AC__F_ROOT))
    return t;
  return ac_create_task(t);
}


// NULL when out of memory.
static wslot *slots_new(ac_task *const *tasks, size_t n, void *owner)
{
  wslot *s = ac__mem_try_alloc(n * sizeof *s);
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


static void slots_free(wslot **ps, size_t n)
{
  wslot *s = *ps;
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


// Completes an op with a task's outcome: its error, or its result
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


// gather ----------------------------------------------------------------------
//
// The hot combinator (spawn + gather of many tasks), so it watches its
// children with nodes embedded in one array (no allocation or reference per
// child).  The array outlives the gather frame while any of its nodes has
// still to run: a child that ends after the gather has its error retrieved
// then, as in asyncio.  A child's node does its bookkeeping when the child
// ends (ac__finish) unless it decides the gather: counting, copying the
// result and error out, and letting go of a child nobody else holds, in
// one visit while the child is still in cache.  Only the node that decides
// waits for the next pass, as asyncio's done callback does, so the task
// awaiting the gather resumes on the same pass as in asyncio.

typedef struct gather_frame gather_frame;

// gcore.fits of a gather that copies nothing out: every task that ended
// well can take gather_offer's fast path.
static const ac_desc gather_any = {.name = "gather: any task"};

// A child's slot: 24 bytes (the run of a large gather streams through
// the array twice: when it is made and as the children end).  Its node's
// descriptor is the core's (so a slot finds its core, and its index, from
// its node), and whether the node has still to run is the low bit of its
// task word.
typedef struct gslot {
  ac_qnode node;   // waiter node in the child's list, then maybe queued
  uintptr_t task;  // owned reference | GS_PENDING; 0 once its node let go
} gslot;

#define GS_PENDING ((uintptr_t)1)  // its node has still to run

typedef struct gcore {
  ac__node_type type;  // the slots' descriptor (gather_node_type)
  gather_frame *g;     // NULL once the gather frame is gone
  // A function whose result was copied into results (so its result type
  // fits: gather_offer copies it without checks) while a child can be taken
  // in on the fast path: the gather frame is there and waits (its task is
  // known), results of 4 or 8 bytes, not decided, no cancellation
  // requested or delivered.  &gather_any (any task) under the same
  // conditions when there is nothing to copy (no results, no errors).
  // NULL otherwise.
  const ac_desc *fits;
  size_t n;
  size_t orphans;  // nodes still to run after the frame went
  gslot s[];
} gcore;

struct gather_frame {
  ac__op op;
  int result;
  size_t n;
  size_t nfinished;
  size_t nfailed;
  size_t nsettled;   // nodes queued or done at once (see gather_offer)
  size_t nreleased;  // children let go by their node
  gcore *core;
  void *results;
  size_t rsize;
  size_t csize;  // AC_RTYPE_SIZE(rsize)
  int *errors;
  unsigned gflags;
  int derr;      // decided outcome
  int copy_err;  // a result that could not be copied (AC_ERESULTSIZE)
  int cancel_requested;
  char decided;
};


static void gather_decide(gather_frame *g, int err)
{
  g->decided = 1;
  g->core->fits = NULL;
  g->derr = err;
  ac__op_complete(&g->op, 0);  // if it waits
}


static size_t gcore_size(size_t n)
{
  return sizeof(gcore) + n * sizeof(gslot);
}


static inline gcore *core_of(const ac_qnode *node)
{
  return (gcore *)((char *)(uintptr_t)node->desc - offsetof(gcore, type));
}


static inline ac_task *slot_task(const gslot *s)
{
  return (ac_task *)(s->task & ~GS_PENDING);
}


// Whether the gather is being cancelled (requested of it or of its task):
// it will end cancelled, and its caller may already have left the scope of
// the results and errors arrays (a task that cancels its gather and ends).
static inline int gather_cancelling(gather_frame *g)
{
  ac_task *f = &g->op.hdr;
  ac_task *root = (f->flags & AC__F_ROOT) || f->top == NULL ? f : f->top;
  return (g->cancel_requested | (f->err != 0)) ||
         ((f->flags | root->flags) & AC__F_MUST_CANCEL);
}


// Copies a child's result into results[i], through ac__copy_result's
// checks; a function whose result fitted is remembered (core->fits), so the
// next child of that function takes gather_offer's fast path.
static void gather_copy(gather_frame *g, size_t i, ac_task *t)
{
  const ac_desc *d = t->q.desc;
  char *dst = (char *)g->results + i * AC_RTYPE_SIZE(g->rsize);
  g->copy_err = ac__copy_result(t, dst, g->rsize, "gather");
  g->core->fits = g->copy_err == 0 && d->kind == AC_DESC_FUNC &&
                          (g->csize == 4 || g->csize == 8) &&
                          g->op.hdr.top != NULL
                      ? d
                      : NULL;
}


// Counts a finished child and copies its outcome out (results and errors
// are written as each child ends; nothing is written once decided or while
// the gather is being cancelled).
static void gather_collect(gather_frame *g, size_t i, ac_task *t, int err)
{
  g->nfinished++;
  t->flags |= AC__F_OBSERVED;  // gather retrieves every child's outcome
  if (err != 0)
    g->nfailed++;
  if (g->decided || gather_cancelling(g))
    return;
  if (g->errors == NULL && g->results == NULL) {
    if (g->op.hdr.top != NULL)  // it waits: the fast path may take the rest
      g->core->fits = &gather_any;
    return;
  }
  if (g->errors != NULL)
    g->errors[i] = err;
  if (err == 0 && g->results != NULL && g->copy_err == 0)
    gather_copy(g, i, t);
}


// gather_offer for everything but the usual case.
__attribute__((noinline)) static int gather_offer_slow(ac_qnode *node,
                                                       ac_task *t)
{
  gslot *s = (gslot *)node;
  gcore *core = core_of(node);
  gather_frame *g = core->g;
  int err = t->err;
  if (g == NULL)
    return 0;
  if (!g->decided && (++g->nsettled == g->n ||
                      (err != 0 && !(g->gflags & AC_RETURN_EXCEPTIONS))))
    return 0;
  s->task &= ~GS_PENDING;  // its node ran
  gather_collect(g, (size_t)(s - core->s), t, err);
  // Held by the gather and, until ac__finish drops it, by the loop only:
  // let it go now, while it is in cache (ac__finish frees it).
  if (t->refs == 2 && t->q.desc->kind == AC_DESC_FUNC) {
    s->task = 0;
    t->refs--;
    g->nreleased++;
  }
  return 1;
}


// The fast paths' common part, for a child that ended well while
// core->fits was set: the gather frame is there and waits (its top is its
// task, itself if it is one).  Not being cancelled (gather_cancelling: a
// cancellation requested of the gather cleared fits; one of its task may
// be pending), and not the last to settle: then child t is counted and its
// outcome marked retrieved, and the gather frame returned.  NULL: the slow
// path decides.
static inline gather_frame *taking_in(gcore *core, ac_task *t)
{
  gather_frame *g = core->g;
  ac_task *f = &g->op.hdr, *root = f->top;
  if (f->err != 0 || ((f->flags | root->flags) & AC__F_MUST_CANCEL) ||
      g->nsettled + 1 == g->n)
    return NULL;
  g->nsettled++;
  g->nfinished++;
  t->flags |= AC__F_OBSERVED;
  return g;
}


// A child ended: ac__finish offers it first.  Queued nodes run in the
// order they were queued, and the one that decides the gather (the first
// failure, or the last node) must run at its place on the next pass, where
// asyncio's done callback would: so a node declines (returns 0, and is
// queued) if it fails or is the last to settle; one that is not cannot
// change what a node queued before it decides.  The usual case here (a
// child that succeeded, of a function whose result was copied before, held
// by the gather and the loop only) is gather_offer_slow's in fewer steps.
static int gather_offer(ac_qnode *node, ac_task *t)
{
  gslot *s = (gslot *)node;
  gcore *core = core_of(node);
  gather_frame *g;
  size_t i;
  if (t->q.desc != core->fits || t->err != 0 || t->refs != 2)
    return gather_offer_slow(node, t);
  if ((g = taking_in(core, t)) == NULL)
    return gather_offer_slow(node, t);
  i = (size_t)(s - core->s);
  if (g->errors != NULL)
    g->errors[i] = 0;
  if (g->csize == 4)  // (fits: results != NULL, copy_err == 0)
    memcpy((char *)g->results + i * 4, (const char *)t + t->q.desc->result_off,
           4);
  else
    memcpy((char *)g->results + i * 8, (const char *)t + t->q.desc->result_off,
           8);
  s->task = 0;  // its node ran and let go (see gather_offer_slow)
  t->refs--;
  g->nreleased++;
  return 1;
}


// gather_offer of a gather that copies nothing out (no results, no
// errors: `await ac_gather(ts, n, NULL, 0, NULL, 0)`): the same usual case
// for any task, with nothing to copy.
static int gather_offer_any(ac_qnode *node, ac_task *t)
{
  gslot *s = (gslot *)node;
  gcore *core = core_of(node);
  gather_frame *g;
  if (core->fits != &gather_any || t->q.desc->kind != AC_DESC_FUNC ||
      t->err != 0 || t->refs != 2)
    return gather_offer_slow(node, t);
  if ((g = taking_in(core, t)) == NULL)
    return gather_offer_slow(node, t);
  s->task = 0;
  t->refs--;
  g->nreleased++;
  return 1;
}


// A queued node: its child was done when the gather was made, or it
// decides the gather (gather_offer declined), or the gather is gone.
static void gather_node_run(ac_qnode *node)
{
  gslot *s = (gslot *)node;
  gcore *core = core_of(node);
  gather_frame *g = core->g;
  ac_task *t = slot_task(s);
  int err = t->err;
  s->task = (uintptr_t)t;  // its node ran
  if (g == NULL) {         // the gather is gone: it still retrieves the outcome
    t->flags |= AC__F_OBSERVED;
    s->task = 0;
    ac_task_release(t);
    if (--core->orphans == 0)
      ac__mem_free(core, gcore_size(core->n));
    return;
  }
  gather_collect(g, (size_t)(s - core->s), t, err);
  if (t->refs == 1) {  // the gather holds the only reference: free it now
    s->task = 0;
    g->nreleased++;
    ac_task_release(t);
  }
  if (g->decided)
    return;
  if (err != 0 && !(g->gflags & AC_RETURN_EXCEPTIONS))
    gather_decide(g, err);
  else if (g->nfinished == g->n)
    gather_decide(g, g->cancel_requested ? AC_ECANCELED : 0);
}

static const ac__node_type gather_node_type = {
    .desc = {.name = "gather node", .kind = AC__K_NODE},
    .offer = gather_offer,
    .run = gather_node_run};


static int gather_step(ac__op *op)
{
  gather_frame *g = (gather_frame *)op;
  if (op->hdr.err != 0) {  // cancelled: no more results are written
    g->core->fits = NULL;
    return AC_DONE;
  }
  if (!g->decided)
    return ac__op_park(op, NULL);
  if (g->derr != 0)
    return ac__op_fail(op, g->derr);
  if (g->copy_err != 0)
    return ac__op_fail(op, g->copy_err);
  g->result = (int)g->nfailed;
  return AC_DONE;  // results and errors were copied as each child ended
}


// Cancels every unfinished child; the gather ends when they have.
static int gather_cancel(ac__op *op)
{
  gather_frame *g = (gather_frame *)op;
  size_t i;
  int ret = 0;
  for (i = 0; i < g->n; i++) {
    ac_task *t = slot_task(&g->core->s[i]);
    if (t != NULL && ac_task_cancel(t))
      ret = 1;
  }
  if (!ret)
    return AC__OP_CANCEL_NO;
  g->cancel_requested = 1;
  g->core->fits = NULL;
  return AC__OP_CANCEL_LATER;
}


static void gather_release(ac__op *op)
{
  gather_frame *g = (gather_frame *)op;
  gcore *core = g->core;
  size_t i;
  if (core == NULL)
    return;
  g->core = NULL;
  if (g->nreleased == core->n) {  // every node ran and let its child go
    ac__mem_free(core, gcore_size(core->n));
    return;
  }
  // A child still running (or whose node is queued) keeps its node and
  // its reference: when it ends, its error is marked retrieved, as
  // asyncio's gather callback does after the gather failed, instead of
  // being reported as never retrieved.
  for (i = 0; i < core->n; i++) {
    gslot *s = &core->s[i];
    if (s->task & GS_PENDING)
      core->orphans++;
    else
      ac_task_release(slot_task(s));  // NULL if its node let it go
  }
  core->g = NULL;
  core->fits = NULL;
  if (core->orphans == 0)
    ac__mem_free(core, gcore_size(core->n));
}

AC__OP_TYPE(gather_type, "gather", gather_frame, AC_KIND_INT, gather_step,
            gather_cancel, gather_release);


ac_task *ac_gather(ac_task *const *tasks, size_t n, void *results,
                   size_t result_size, int *errors, unsigned flags)
{
  gather_frame *g = ac__op_new(&gather_type, NULL);
  gcore *core;
  size_t i;
  if (ac_frame_failed(&g->op.hdr))
    return give_up(tasks, n, NULL);
  // (So many tasks that the size overflows would not fit in memory.)
  core = n <= (SIZE_MAX - sizeof(gcore)) / sizeof(gslot)
             ? ac__mem_try_alloc_dense(gcore_size(n))
             : NULL;
  if (core == NULL)
    return give_up(tasks, n, &g->op.hdr);
  g->n = n;
  g->results = results;
  g->rsize = result_size;
  g->csize = AC_RTYPE_SIZE(result_size);
  g->errors = errors;
  g->gflags = flags;
  g->decided = n == 0;
  g->core = core;
  core->type = gather_node_type;
  if (results == NULL && errors == NULL)
    core->type.offer = gather_offer_any;
  core->g = g;
  core->fits = NULL;
  core->n = n;
  core->orphans = 0;
  for (i = 0; i < n; i++) {
    gslot *s = &core->s[i];
    ac_task *c = ensure(tasks[i]);
    // The children were made one after another, so their headers are
    // mostly no longer in cache: ask for one a few slots ahead.
    if (i + 8 < n)
      __builtin_prefetch(tasks[i + 8], 1);
    s->node.desc = &core->type.desc;
    s->task = (uintptr_t)c | GS_PENDING;
    if (c->flags & AC__F_DONE) {
      g->nsettled++;
      ac__enqueue(&s->node);
    } else if (c->q.desc->kind == AC_DESC_FUNC) {  // ac__waiter_add's task case
      s->node.link = c->up.waiters;
      c->up.waiters = &s->node;
    } else {
      ac__waiter_add(c, &s->node);
    }
  }
  return &g->op.hdr;
}


// wait ------------------------------------------------------------------------

typedef struct wait_frame {
  ac__op op;
  int result;
  int return_when;
  size_t n;
  size_t counter;
  wslot *slots;
  double timeout;
  ac_task **done;
  size_t *ndone;
  ac_task **pending;
  size_t *npending;
  ac_handle *timer;
  char decided;
} wait_frame;


static void wait_decide(wait_frame *w)
{
  if (w->decided)
    return;
  w->decided = 1;
  cancel_timer(&w->timer);
  ac__op_complete(&w->op, 0);
}


static void wait_cb(ac_task *t, void *arg)
{
  wslot *s = arg;
  wait_frame *w = s->owner;
  s->node = NULL;
  w->counter--;
  if (w->counter == 0 || w->return_when == AC_FIRST_COMPLETED ||
      (w->return_when == AC_FIRST_EXCEPTION && t->err != 0 &&
       t->err != AC_ECANCELED))
    wait_decide(w);
}


static void wait_timeout(void *arg)
{
  wait_frame *w = arg;
  w->timer = NULL;
  wait_decide(w);
}


static int wait_step(ac__op *op)
{
  wait_frame *w = (wait_frame *)op;
  size_t i, nd = 0, np = 0;
  if (op->hdr.state == 0) {
    if (w->n == 0)
      return ac__op_fail(op, AC_EINVAL);
    for (i = 0; i < w->n; i++)
      ensure(w->slots[i].task);
    if (w->timeout >= 0) {
      w->timer = ac__call_later_try(w->timeout, wait_timeout, w);
      if (w->timer == NULL)
        return ac__op_fail(op, AC_ENOMEM);  // wait_release lets go
    }
    w->counter = w->n;
    for (i = 0; i < w->n; i++) {
      w->slots[i].node = watch(w->slots[i].task, wait_cb, &w->slots[i]);
      if (w->slots[i].node == NULL) {
        cancel_timer(&w->timer);
        return ac__op_fail(op, AC_ENOMEM);
      }
    }
    return ac__op_park(op, NULL);
  }
  w->decided = 1;
  cancel_timer(&w->timer);
  for (i = 0; i < w->n; i++)
    unwatch(&w->slots[i].node);
  if (op->hdr.err != 0)
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


static int wait_cancel(ac__op *op)
{
  wait_frame *w = (wait_frame *)op;
  w->decided = 1;
  cancel_timer(&w->timer);
  return AC__OP_CANCEL_NOW;
}


static void wait_release(ac__op *op)
{
  wait_frame *w = (wait_frame *)op;
  cancel_timer(&w->timer);
  slots_free(&w->slots, w->n);
}

AC__OP_TYPE(wait_type, "wait", wait_frame, AC_KIND_INT, wait_step, wait_cancel,
            wait_release);


ac_task *ac_wait(ac_task *const *tasks, size_t n, double timeout,
                 int return_when, ac_task **done, size_t *ndone,
                 ac_task **pending, size_t *npending)
{
  wait_frame *w = ac__op_new(&wait_type, NULL);
  if (ac_frame_failed(&w->op.hdr))
    return give_up(tasks, n, NULL);
  w->slots = n ? slots_new(tasks, n, w) : NULL;
  if (n > 0 && w->slots == NULL)
    return give_up(tasks, n, &w->op.hdr);
  w->return_when = return_when;
  w->n = n;
  w->counter = n;
  w->timeout = timeout;
  w->done = done;
  w->ndone = ndone;
  w->pending = pending;
  w->npending = npending;
  if (ndone != NULL)
    *ndone = 0;
  if (npending != NULL)
    *npending = 0;
  return &w->op.hdr;
}


// as_completed ------------------------------------------------------------------

struct ac_as_completed {
  size_t n;
  size_t nready;
  size_t nhanded;
  wslot *slots;
  ac_task **order;  // tasks in completion order
  ac_handle *timer;
  ac__op *waiter;  // slot: the next() op waiting, if any
  int timed_out;
};


static void asc_cb(ac_task *t, void *arg)
{
  wslot *s = arg;
  ac_as_completed *it = s->owner;
  s->node = NULL;
  it->order[it->nready++] = t;
  if (it->nready == it->n)
    cancel_timer(&it->timer);
  ac__op_wake(&it->waiter, 0);
}


static void asc_timeout(void *arg)
{
  ac_as_completed *it = arg;
  size_t i;
  it->timer = NULL;
  it->timed_out = 1;
  for (i = 0; i < it->n; i++)
    unwatch(&it->slots[i].node);
  ac__op_wake(&it->waiter, 0);
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
  ac__op op;
  ac_task *result;
  ac_as_completed *it;
} next_frame;


static int next_step(ac__op *op)
{
  next_frame *f = (next_frame *)op;
  ac_as_completed *it = f->it;
  if (op->hdr.err != 0)
    return AC_DONE;
  if (it == NULL)  // ac_as_completed_new ran out of memory
    return ac__op_fail(op, AC_ENOMEM);
  if (it->nhanded < it->nready) {
    f->result = it->order[it->nhanded++];
    return AC_DONE;
  }
  if (it->timed_out)
    return ac__op_fail(op, AC_ETIMEDOUT);
  if (it->nhanded == it->n)
    return ac__op_fail(op, AC_EINVAL);
  return ac__op_park(op, &it->waiter);
}

AC__OP_TYPE(next_type, "as_completed_next", next_frame, AC_KIND_PTR, next_step,
            NULL, NULL);


ac_task *ac_as_completed_next(ac_as_completed *it)
{
  return AC__OP_NEW(next_frame, &next_type, .it = it);
}


// wait_for and shield -------------------------------------------------------------
//
// Both are an inner_op: an op that owns a reference to one task (inner),
// waits for it with a done-callback node and hands its outcome over.

typedef struct inner_op {
  ac__op op;
  ac_task *inner;  // owned reference
  void *dst;       // where inner's result goes (NULL: discarded)
  size_t size;
  ac_handle *node;  // watching inner, or NULL
} inner_op;


static void inner_done_cb(ac_task *t, void *arg)
{
  inner_op *w = arg;
  (void)t;
  w->node = NULL;
  ac__op_complete(&w->op, 0);
}


// Parks until inner is done.
static int inner_park(inner_op *w)
{
  w->node = watch(w->inner, inner_done_cb, w);
  if (w->node == NULL)
    return ac__op_fail(&w->op, AC_ENOMEM);
  return ac__op_park(&w->op, NULL);
}


// Ends with inner's outcome.
static int inner_deliver(inner_op *w)
{
  return deliver(&w->op.hdr, w->inner, w->dst, w->size);
}


static void inner_release(ac__op *op)
{
  inner_op *w = (inner_op *)op;
  unwatch(&w->node);
  ac_task_release(w->inner);
  w->inner = NULL;
}


typedef struct wf_frame {
  inner_op in;  // first
  int outside;  // cancelled from outside
  double timeout;
  ac_handle *timer;
} wf_frame;

enum { WF_START, WF_WAIT, WF_CANCEL_WAIT, WF_PLAIN };


static void wf_timer_cb(void *arg)
{
  wf_frame *w = arg;
  w->timer = NULL;
  if (w->in.op.hdr.state == WF_WAIT)
    ac__op_complete(&w->in.op, 0);
}


static int wf_cancel_and_wait(wf_frame *w)
{
  ac_task_cancel(w->in.inner);
  w->in.op.hdr.state = WF_CANCEL_WAIT;
  return inner_park(&w->in);
}


static int wf_step(ac__op *op)
{
  wf_frame *w = (wf_frame *)op;
  ac_task *self = &op->hdr;
  switch (self->state) {
  case WF_START:
    if (w->timeout < 0) {
      self->state = WF_PLAIN;
      if (ac_await_task(self, w->in.inner) == AC_SUSPENDED)
        return AC_SUSPENDED;
      goto plain;
    }
    ensure(w->in.inner);
    if (w->timeout == 0) {
      if (ac_task_done(w->in.inner))
        return inner_deliver(&w->in);
      return wf_cancel_and_wait(w);
    }
    w->timer = ac__call_later_try(w->timeout, wf_timer_cb, w);
    if (w->timer == NULL)
      return ac__op_fail(op, AC_ENOMEM);
    self->state = WF_WAIT;
    return inner_park(&w->in);
  case WF_WAIT:
    cancel_timer(&w->timer);
    if (self->err != 0) {  // cancelled from outside: cancel inner, wait
      self->err = 0;
      w->outside = 1;
    }
    unwatch(&w->in.node);
    if (ac_task_done(w->in.inner))
      return inner_deliver(&w->in);
    return wf_cancel_and_wait(w);
  case WF_CANCEL_WAIT:
    unwatch(&w->in.node);
    if (self->err != 0)
      return AC_DONE;
    if (w->outside)
      return ac__op_fail(op, AC_ECANCELED);
    if (ac_task_cancelled(w->in.inner)) {
      w->in.inner->flags |= AC__F_OBSERVED;
      return ac__op_fail(op, AC_ETIMEDOUT);
    }
    return inner_deliver(&w->in);
  case WF_PLAIN:
  plain:
    ac_await_end(self, w->in.dst, w->in.dst ? w->in.size : 0);
    return AC_DONE;
  default: return AC_DONE;
  }
}


// Waiting for inner or the timeout: wf_step turns the AC_ECANCELED into
// "cancel inner, wait for it, raise AC_ECANCELED".  Waiting for inner to
// finish cancelling: stop waiting.
static int wf_cancel(ac__op *op)
{
  wf_frame *w = (wf_frame *)op;
  if (op->hdr.state == WF_CANCEL_WAIT)
    unwatch(&w->in.node);
  return AC__OP_CANCEL_NOW;
}


static void wf_release(ac__op *op)
{
  cancel_timer(&((wf_frame *)op)->timer);
  inner_release(op);
}

AC__OP_TYPE_VOID(wf_type, "wait_for", wf_frame, wf_step, wf_cancel, wf_release);


ac_task *ac_wait_for(ac_task *inner, double timeout, void *result,
                     size_t result_size)
{
  return AC__OP_NEW(wf_frame, &wf_type, .timeout = timeout,
                    .in = {.inner = inner, .dst = result, .size = result_size});
}


// The awaiter was cancelled and stops watching the inner task.  As in
// asyncio, an outcome the inner task already has is retrieved (its done
// callback was due); one it has later is its own, reported if nobody
// retrieves it.  (Marking it observed here hid errors of shielded tasks
// that failed after the cancellation: neither retrieved nor reported.)
static void shield_forget(inner_op *s)
{
  if (ac_task_done(s->inner))
    s->inner->flags |= AC__F_OBSERVED;
}


static int shield_step(ac__op *op)
{
  inner_op *s = (inner_op *)op;
  if (op->hdr.err != 0) {
    unwatch(&s->node);
    shield_forget(s);
    return AC_DONE;
  }
  if (op->hdr.state == 0) {
    ensure(s->inner);
    if (!ac_task_done(s->inner))
      return inner_park(s);
  }
  return inner_deliver(s);
}


// The awaiter stops waiting; inner goes on (see shield_forget).
static int shield_cancel(ac__op *op)
{
  inner_op *s = (inner_op *)op;
  unwatch(&s->node);
  shield_forget(s);
  return AC__OP_CANCEL_NOW;
}

AC__OP_TYPE_VOID(shield_type, "shield", inner_op, shield_step, shield_cancel,
                 inner_release);


ac_task *ac_shield(ac_task *inner, void *result, size_t result_size)
{
  return AC__OP_NEW(inner_op, &shield_type, .inner = inner, .dst = result,
                    .size = result_size);
}


// join -------------------------------------------------------------------------------

typedef struct join_frame {
  ac__op op;
  int result;
  ac_task *t;
  uint32_t ncancel;  // the joining task's cancelling() when the join began
} join_frame;


// `try: await t; except CancelledError: ...` that returns t's outcome as a
// code; a cancellation of the joining task while it waits (cancelling()
// went up: the request went on to t, which ended cancelled) is raised.
static int join_step(ac__op *op)
{
  join_frame *j = (join_frame *)op;
  ac_task *self = &op->hdr, *a;
  if (self->state == 0) {
    self->state = 1;
    j->ncancel = ac__current != NULL ? ac__current->ncancel : 0;
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
    if (a->err == AC_ECANCELED && ac__current != NULL &&
        ac__current->ncancel > j->ncancel)
      self->err = AC_ECANCELED;
  }
  ac_task_release(a);
  return AC_DONE;
}

AC__OP_TYPE(join_type, "join", join_frame, AC_KIND_INT, join_step, NULL, NULL);


ac_task *ac_task_join(ac_task *t)
{
  return AC__OP_NEW(join_frame, &join_type, .t = t);
}
