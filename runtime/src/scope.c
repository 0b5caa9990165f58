// scope.c — structured concurrency: task groups (asyncio.TaskGroup) and
// timeout scopes (asyncio.timeout / timeout_at), on the op mechanism.
//
// Both are scopes over a block of the task that opens them (the owner):
// `ac_taskgroup_new()` / `ac_timeout_new(d)` open one, and an op awaited
// at the end of the block, `defer await ac_taskgroup_exit(g,
// ac_defer_reason())`, closes it on every way out, told why the block is
// left (0, the error, AC_ECANCELED), as asyncio's __aexit__ is told the
// exception.  The objects outlive their scope so that what happened
// (the children's errors, expired()) can be read afterwards; they are
// freed with ac_taskgroup_free / ac_timeout_free.
//
// Both rely on the counter of cancellation requests (ac_task_cancelling):
// a scope that cancels its owner (a child failed, the deadline passed)
// counts its request and withdraws it at exit with ac_task_uncancel; if
// that brings the counter back to where it was, the AC_ECANCELED the block
// ended with was the scope's own and becomes its outcome (the group's
// errors, AC_ETIMEDOUT); otherwise someone else cancelled the owner too,
// and the cancellation goes on.
#include "internal.h"

#include <math.h>
#include <string.h>

// A callback for the next pass (ac_call_soon), NULL when out of memory.
static ac_handle *call_soon_try(ac_cb cb, void *arg)
{
  ac_handle *h = ac__handle_try_new(&ac__handle_desc);
  if (h == NULL)
    return NULL;
  h->fn.cb = cb;
  h->arg = arg;
  h->hflags = AC__H_QUEUED;
  ac__enqueue(&h->q);
  return h;
}


// Allocates a scope object of `size` bytes, zeroed, with a reference to the
// current task in *owner.  NULL outside a task (reported as a misuse of fn,
// called from caller) or out of memory.
static void *scope_open(size_t size, ac_task **owner, const char *fn,
                        const void *caller)
{
  ac_task *t = ac_current_task();
  void *p;
  if (t == NULL) {
    ac__misuse(fn, caller, "called outside a task");
    return NULL;
  }
  p = ac__mem_try_alloc(size);
  if (p == NULL)
    return NULL;
  memset(p, 0, size);
  *owner = ac_task_ref(t);
  return p;
}


// Task groups -----------------------------------------------------------------

typedef struct tg_child {
  struct tg_child *prev, *next;  // running: the group's list; kept: next only
  ac_taskgroup *g;               // NULL once the group is freed (orphan)
  ac_task *task;                 // the group's reference
  int keep;  // ac_taskgroup_create_task: kept until the group is freed
} tg_child;

typedef struct tg_error {
  int err;
  ac_task *task;  // a reference, or NULL for the body's error
} tg_error;

enum { TG_OPEN, TG_EXITING, TG_DONE };

struct ac_taskgroup {
  ac_task *owner;     // a reference
  tg_child *running;  // children not yet seen to end, oldest first
  tg_child *last;     // the newest of them
  size_t nrunning;
  tg_child *kept;       // ended children kept for their results
  tg_error *errors;     // children's errors in completion order, then the
  size_t nerrors, cap;  // body's
  ac__op *waiter;       // slot: the exit op waiting for the children
  ac_task *exit_op;     // made with the group, so that the exit, which
                        // must run, cannot fail to allocate
  int state;            // TG_*
  int aborting;         // children cancelled: no new ones
  int nomem;            // an error could not be recorded
  int cancelled_owner;  // the group cancelled its owner (asyncio's
                        // _parent_cancel_requested): uncancel at exit
};


static ac_task *tg_exit_new(ac_taskgroup *g, int body_err);

ac_taskgroup *ac_taskgroup_new(void)
{
  ac_task *owner;
  ac_taskgroup *g = scope_open(sizeof *g, &owner, __func__, AC__CALLER);
  if (g == NULL)
    return NULL;
  g->owner = owner;
  g->exit_op = tg_exit_new(g, 0);
  if (ac_frame_failed(g->exit_op)) {
    ac_task_release(owner);
    ac__mem_free(g, sizeof *g);
    return NULL;
  }
  return g;
}


// Cancels every child still running (asyncio's _abort), in creation order
// (asyncio's is that of a set: an accident; the twin orders it the same).
static void tg_abort(ac_taskgroup *g)
{
  tg_child *c;
  g->aborting = 1;
  for (c = g->running; c != NULL; c = c->next)
    ac_task_cancel(c->task);
}


static void tg_unlink(ac_taskgroup *g, tg_child *c)
{
  if (c->prev != NULL)
    c->prev->next = c->next;
  else
    g->running = c->next;
  if (c->next != NULL)
    c->next->prev = c->prev;
  else
    g->last = c->prev;
  g->nrunning--;
}


// Records an error (task: a new reference, or NULL).  0 or AC_ENOMEM.
static int tg_push_error(ac_taskgroup *g, int err, ac_task *task)
{
  if (g->nerrors == g->cap) {
    size_t cap = g->cap ? 2 * g->cap : 4;
    tg_error *e = ac__mem_try_alloc(cap * sizeof *e);
    if (e == NULL)
      return AC_ENOMEM;
    if (g->nerrors > 0)
      memcpy(e, g->errors, g->nerrors * sizeof *e);
    ac__mem_free(g->errors, g->cap * sizeof *e);
    g->errors = e;
    g->cap = cap;
  }
  g->errors[g->nerrors].err = err;
  g->errors[g->nerrors].task = task != NULL ? ac_task_ref(task) : NULL;
  g->nerrors++;
  return 0;
}


// A child ended (its done callback, on the pass after): asyncio's
// _on_task_done.  The first failure cancels the other children and the
// owner's body.
static void tg_child_done(ac_task *t, void *arg)
{
  tg_child *c = arg;
  ac_taskgroup *g = c->g;
  int err = t->err;
  if (g == NULL) {  // the group was freed under it
    ac_task_release(t);
    ac__mem_free(c, sizeof *c);
    return;
  }
  tg_unlink(g, c);
  if (g->nrunning == 0)
    ac__op_wake(&g->waiter, 0);
  if (c->keep) {
    c->next = g->kept;
    g->kept = c;
  } else {
    ac_task_release(t);  // the callback's own reference keeps t alive
    ac__mem_free(c, sizeof *c);
  }
  if (err == 0 || err == AC_ECANCELED)
    return;
  if (tg_push_error(g, err, t) != 0)
    g->nomem = 1;  // the list is incomplete: the exit raises AC_ENOMEM
  if (ac_task_done(g->owner)) {
    fprintf(stderr,
            "libacrt: task group: a task failed (%s) but the group's "
            "owner '%s' has already ended\n",
            ac_err_name(err), ac_task_name(g->owner));
    return;
  }
  if (!g->aborting && !g->cancelled_owner) {
    tg_abort(g);
    g->cancelled_owner = 1;
    ac_task_cancel(g->owner);
  }
}


// The common part of create_task and spawn: 0 or an error (t released).
static int tg_add(ac_taskgroup *g, ac_task *t, int keep, const void *caller)
{
  tg_child *c;
  if (g == NULL) {  // ac_taskgroup_new ran out of memory
    ac_task_release(t);
    return AC_ENOMEM;
  }
  if (t == NULL || t->q.desc == NULL) {
    ac__bad_task(t, "ac_taskgroup_create_task", caller);
    return t == NULL ? AC_EINVAL : AC_EFREED;
  }
  // Refused once the group is shutting down, or finished: exited, or its
  // exit saw the last child end and is about to return (asyncio's
  // "_exiting and not _tasks").
  if (g->state == TG_DONE || g->aborting ||
      (g->state == TG_EXITING && g->nrunning == 0)) {
    ac_task_release(t);  // never started: freed as asyncio closes the coro
    return AC_EINVALSTATE;
  }
  c = ac__mem_try_alloc(sizeof *c);
  if (c == NULL) {
    ac_task_release(t);
    return AC_ENOMEM;
  }
  ac_create_task(t);
  if (ac_task_add_done_callback(t, tg_child_done, c) != 0) {
    ac__mem_free(c, sizeof *c);
    ac_task_cancel(t);
    ac_task_release(t);
    return AC_ENOMEM;
  }
  c->g = g;
  c->task = t;  // the caller's reference, handed to the group
  c->keep = keep;
  c->prev = g->last;  // appended: cancelled in creation order
  c->next = NULL;
  if (g->last != NULL)
    g->last->next = c;
  else
    g->running = c;
  g->last = c;
  g->nrunning++;
  return 0;
}


ac_task *ac_taskgroup_create_task(ac_taskgroup *g, ac_task *t)
{
  return tg_add(g, t, 1, AC__CALLER) == 0 ? t : NULL;
}


int ac_taskgroup_spawn(ac_taskgroup *g, ac_task *t)
{
  return tg_add(g, t, 0, AC__CALLER);
}


size_t ac_taskgroup_ntasks(const ac_taskgroup *g)
{
  return g != NULL ? g->nrunning : 0;
}


size_t ac_taskgroup_nerrors(const ac_taskgroup *g)
{
  return g != NULL ? g->nerrors : 0;
}


int ac_taskgroup_error(const ac_taskgroup *g, size_t i, ac_task **task)
{
  if (g == NULL || i >= g->nerrors) {
    if (task != NULL)
      *task = NULL;
    return 0;
  }
  if (task != NULL)
    *task = g->errors[i].task;
  return g->errors[i].err;
}


// The exit: asyncio's TaskGroup.__aexit__ (3.13, with gh-155433).
typedef struct tg_exit {
  ac__op op;
  ac_taskgroup *g;
  int body_err;   // why the block was left
  int propagate;  // a cancellation of the owner to pass on
  int pending;    // the owner was cancelled while waiting
} tg_exit;


static int tg_exit_finish(tg_exit *x)
{
  ac_taskgroup *g = x->g;
  ac_task *owner = g->owner;
  g->state = TG_DONE;
  if (g->cancelled_owner) {
    g->cancelled_owner = 0;
    if (ac_task_uncancel(owner) == 0)
      x->propagate = 0;  // the cancellation was the group's own
    else if (!x->propagate)
      x->propagate = x->pending;
  }
  if (x->propagate && g->nerrors == 0 && !g->nomem)
    return ac__op_fail(&x->op, AC_ECANCELED);
  if (x->body_err != 0 && x->body_err != AC_ECANCELED &&
      tg_push_error(g, x->body_err, NULL) != 0)
    g->nomem = 1;
  if (g->nerrors == 0 && !g->nomem)
    return AC_DONE;
  // The errors win; a cancellation from outside stays requested (the
  // counter unchanged) and is raised at the owner's next await.
  if (ac_task_cancelling(owner) > 0) {
    ac_task_uncancel(owner);
    ac_task_cancel(owner);
  }
  return ac__op_fail(&x->op, g->nomem ? AC_ENOMEM : AC_EGROUP);
}


static int tg_exit_step(ac__op *op)
{
  tg_exit *x = (tg_exit *)op;
  ac_taskgroup *g = x->g;
  if (g == NULL)  // ac_taskgroup_new ran out of memory, or g was freed
    return ac__op_fail(op, op->hdr.state == 0 ? AC_ENOMEM : AC_EFREED);
  if (op->hdr.state == 0) {
    if (g->state != TG_OPEN)
      return ac__op_fail(op, AC_EINVALSTATE);
    g->state = TG_EXITING;
    x->propagate = x->body_err == AC_ECANCELED;
    if (x->body_err != 0 && !g->aborting)
      tg_abort(g);
  } else if (op->hdr.err != 0) {
    // The owner was cancelled while waiting (from outside, or by the group
    // itself when a child failed): the children are cancelled, and the
    // group waits on.
    op->hdr.err = 0;
    x->pending = 1;
    if (!g->aborting) {
      x->propagate = 1;
      tg_abort(g);
    }
  }
  if (g->nrunning > 0)
    return ac__op_park(op, &g->waiter);
  return tg_exit_finish(x);
}

AC__OP_TYPE_VOID(tg_exit_type, "taskgroup_exit", tg_exit, tg_exit_step, NULL,
                 NULL);


static ac_task *tg_exit_new(ac_taskgroup *g, int body_err)
{
  return AC__OP_NEW(tg_exit, &tg_exit_type, .g = g, .body_err = body_err);
}


// The first exit is the op made with the group (it cannot fail); another
// one (a misuse: it raises AC_EINVALSTATE) is made now.
ac_task *ac_taskgroup_exit(ac_taskgroup *g, int body_err)
{
  ac_task *t;
  if (g == NULL || g->exit_op == NULL)
    return tg_exit_new(g, body_err);
  t = g->exit_op;
  g->exit_op = NULL;
  ((tg_exit *)t)->body_err = body_err;
  return t;
}


void ac_taskgroup_free(ac_taskgroup *g)
{
  tg_child *c, *next;
  size_t i;
  if (g == NULL)
    return;
  if (g->waiter != NULL) {
    ac__misuse(__func__, AC__CALLER, "freed while its exit waits");
    ((tg_exit *)g->waiter)->g = NULL;
    ac__op_wake(&g->waiter, AC_EFREED);
  }
  if (g->running != NULL)
    ac__misuse(__func__, AC__CALLER,
               "freed before its exit: %zu tasks still running are "
               "cancelled",
               g->nrunning);
  for (c = g->running; c != NULL; c = next) {
    next = c->next;
    ac_task_cancel(c->task);
    if (ac_task_remove_done_callback(c->task, tg_child_done, c) > 0) {
      ac_task_release(c->task);
      ac__mem_free(c, sizeof *c);
    } else {
      c->g = NULL;  // its callback is queued: it frees c
    }
  }
  for (c = g->kept; c != NULL; c = next) {
    next = c->next;
    ac_task_release(c->task);
    ac__mem_free(c, sizeof *c);
  }
  for (i = 0; i < g->nerrors; i++)
    ac_task_release(g->errors[i].task);
  ac_task_release(g->exit_op);  // never asked for: freed unstarted
  ac__mem_free(g->errors, g->cap * sizeof *g->errors);
  ac_task_release(g->owner);
  ac__mem_free(g, sizeof *g);
}


// Timeout scopes ----------------------------------------------------------------

enum { TM_ACTIVE, TM_EXPIRING, TM_EXPIRED, TM_EXITED };

struct ac_timeout {
  ac_task *owner;    // a reference
  ac_handle *timer;  // pending, or NULL
  double when;       // AC_NEVER: no deadline
  int state;         // TM_*
  int cancelling;    // the owner's cancelling() when the scope began
  ac_task *exit_op;  // made with the scope (see ac_taskgroup)
};

static ac_task *tm_exit_new(ac_timeout *tm, int body_err);


// The deadline passed: asyncio's Timeout._on_timeout.
static void tm_fire(void *arg)
{
  ac_timeout *tm = arg;
  tm->timer = NULL;
  ac_task_cancel(tm->owner);
  tm->state = TM_EXPIRING;
}


int ac_timeout_reschedule(ac_timeout *tm, double when)
{
  ac_loop *loop = ac__loop_get();
  if (tm == NULL)
    return AC_ENOMEM;
  if (tm->state != TM_ACTIVE)
    return AC_EINVALSTATE;
  if (isnan(when))
    when = AC_NEVER;
  tm->when = when;
  if (tm->timer != NULL) {
    ac_handle_cancel(tm->timer);
    tm->timer = NULL;
  }
  if (when == AC_NEVER)
    return 0;
  if (when <= ac_loop_time(loop))
    tm->timer = call_soon_try(tm_fire, tm);
  else
    tm->timer = ac__call_at_try(loop, when, tm_fire, tm);
  return tm->timer != NULL ? 0 : AC_ENOMEM;
}


ac_timeout *ac_timeout_new_at(double when)
{
  ac_task *owner;
  ac_timeout *tm = scope_open(sizeof *tm, &owner, __func__, AC__CALLER);
  if (tm == NULL)
    return NULL;
  tm->owner = owner;
  tm->cancelling = ac_task_cancelling(owner);
  tm->state = TM_ACTIVE;
  tm->exit_op = tm_exit_new(tm, 0);
  if (ac_frame_failed(tm->exit_op) || ac_timeout_reschedule(tm, when) != 0) {
    ac_task_release(tm->exit_op);
    ac_task_release(owner);
    ac__mem_free(tm, sizeof *tm);
    return NULL;
  }
  return tm;
}


ac_timeout *ac_timeout_new(double delay)
{
  if (isnan(delay) || delay == AC_NEVER)
    return ac_timeout_new_at(AC_NEVER);
  return ac_timeout_new_at(ac_loop_time(ac__loop_get()) + delay);
}


double ac_timeout_when(const ac_timeout *tm)
{
  return tm != NULL ? tm->when : AC_NEVER;
}


int ac_timeout_expired(const ac_timeout *tm)
{
  return tm != NULL && (tm->state == TM_EXPIRING || tm->state == TM_EXPIRED);
}


typedef struct tm_exit {
  ac__op op;
  ac_timeout *tm;
  int body_err;
} tm_exit;


// asyncio's Timeout.__aexit__ (3.12+: the counter is compared with its
// value when the scope began, so a scope inside a task group, or inside
// another scope that expired too, converts only its own cancellation).
static int tm_exit_step(ac__op *op)
{
  tm_exit *x = (tm_exit *)op;
  ac_timeout *tm = x->tm;
  if (tm == NULL)  // ac_timeout_new ran out of memory
    return ac__op_fail(op, AC_ENOMEM);
  if (tm->state != TM_ACTIVE && tm->state != TM_EXPIRING)
    return ac__op_fail(op, AC_EINVALSTATE);
  if (tm->timer != NULL) {
    ac_handle_cancel(tm->timer);
    tm->timer = NULL;
  }
  if (tm->state == TM_ACTIVE) {
    tm->state = TM_EXITED;
    return AC_DONE;
  }
  tm->state = TM_EXPIRED;
  if (ac_task_uncancel(tm->owner) <= tm->cancelling &&
      x->body_err == AC_ECANCELED)
    return ac__op_fail(op, AC_ETIMEDOUT);
  return AC_DONE;
}

AC__OP_TYPE_VOID(tm_exit_type, "timeout_exit", tm_exit, tm_exit_step, NULL,
                 NULL);


static ac_task *tm_exit_new(ac_timeout *tm, int body_err)
{
  return AC__OP_NEW(tm_exit, &tm_exit_type, .tm = tm, .body_err = body_err);
}


ac_task *ac_timeout_exit(ac_timeout *tm, int body_err)
{
  ac_task *t;
  if (tm == NULL || tm->exit_op == NULL)
    return tm_exit_new(tm, body_err);
  t = tm->exit_op;
  tm->exit_op = NULL;
  ((tm_exit *)t)->body_err = body_err;
  return t;
}


void ac_timeout_free(ac_timeout *tm)
{
  if (tm == NULL)
    return;
  if (tm->state == TM_ACTIVE || tm->state == TM_EXPIRING)
    ac__misuse(__func__, AC__CALLER, "freed before its exit");
  if (tm->timer != NULL)
    ac_handle_cancel(tm->timer);
  ac_task_release(tm->exit_op);
  ac_task_release(tm->owner);
  ac__mem_free(tm, sizeof *tm);
}
