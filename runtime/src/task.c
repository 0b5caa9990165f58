// task.c — tasks and futures: the await engine, completion, cancellation,
// done callbacks (names and descriptions: describe.c).
//
// A task is a chain of frames: the task's own frame (AC__F_ROOT) and the
// frames it awaits inline (`await f(x)` runs f inside the same task).  The
// root's `top` points at the innermost frame, where the task waits; each
// suspended inline frame's `parent` is the frame awaiting it and its `top`
// is the root (recorded only when a frame suspends, so the fast path of an
// await that completes at once writes nothing into the chain).  The ready
// queue holds roots; a step resumes the innermost frame and, when a frame
// ends, resumes its parent from the loop below (the trampoline), so the C
// stack stays bounded however deep the chain.  Inline calls nest on the C
// stack until it has grown AC__STACK_BUDGET bytes; then the child is
// "bounced": every level returns AC_SUSPENDED and the trampoline starts the
// child at the bottom of the stack.
//
// A task or future that others wait on keeps them in a singly linked
// waiter list at `up.waiters` (newest first; reversed when it completes, so
// wake-ups and done callbacks run in registration order).  A list entry is
// an ac_qnode: that of a waiting root task, of a done-callback node
// (ac_handle) or of an embedded node (gather).  Completion moves every
// entry to the ready queue, so everything that depends on a completion runs
// on the next pass, as with asyncio's call_soon'd callbacks; a gather node
// whose work nobody can see before then (counting a child that does not
// decide the gather) does it at once instead and skips the queue.
#include "internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

AC__THREAD ac_task *ac__current;
AC__THREAD char *ac__stack_limit;
// Set once the innermost suspended frame of the running step has been
// recorded as the task's cursor (root->top).
static AC__THREAD int cursor_set;

const ac_desc ac__future_desc = {.name = "Future", .kind = AC__K_FUTURE};
const ac_desc ac__donecb_desc = {.name = "done-callback", .kind = AC__K_DONECB};

// The failed task (acrt_abi.h): what a constructor returns when its frame
// cannot be allocated.  Finished with AC_ENOMEM, observed (nobody is told
// about it at exit), immortal: ac_task_ref/release and set_name ignore it.
static const ac_desc nomem_desc = {.name = "out_of_memory",
                                   .file = "acrt",
                                   .frame_size = sizeof(ac_task),
                                   .size_class = AC_SIZE_CLASS(sizeof(ac_task)),
                                   .result_kind = AC_KIND_VOID,
                                   .kind = AC_DESC_FUNC};
ac_task ac__nomem_task = {.q = {.desc = &nomem_desc},
                          .err = AC_ENOMEM,
                          .flags = AC__F_ROOT | AC__F_STARTED | AC__F_DONE |
                                   AC__F_OBSERVED,
                          .refs = 1};


ac_task *ac__root_of(ac_task *f)
{
  return (f->flags & AC__F_ROOT) ? f : f->top;
}


static int is_func(const ac_task *t)
{
  return t->q.desc->kind == AC_DESC_FUNC;
}


void *ac__result_ptr(const ac_task *t)
{
  if (t->q.desc->kind == AC__K_FUTURE)
    return ((ac__future *)t)->data;
  return (char *)t + t->q.desc->result_off;
}


// The result type (acrt_abi.h) of a task, or a future's plain size.
static size_t result_type_of(const ac_task *t)
{
  if (t->q.desc->kind == AC__K_FUTURE)
    return ((const ac__future *)t)->size;
  return t->q.desc->result_type;
}


size_t ac__result_size(const ac_task *t)
{
  if (t->q.desc->kind == AC__K_FUTURE)
    return ((const ac__future *)t)->size;
  return t->q.desc->result_size;
}


// Freeing -------------------------------------------------------------------

static size_t obj_size(const ac_task *t)
{
  if (t->q.desc->kind == AC__K_FUTURE)
    return sizeof(ac__future) + ((const ac__future *)t)->size;
  return t->q.desc->frame_size;
}


void ac__free_task(ac_task *t)
{
  if ((t->flags & AC__F_DONE) && t->err != 0 && t->err != AC_ECANCELED &&
      !(t->flags & AC__F_OBSERVED))
    ac__report_unretrieved(t);  // through the loop's exception handler
  if (__builtin_expect(ac__debug, 0))
    ac__debug_freed(t);  // never awaited or scheduled?
  if (t->q.desc->destroy != NULL)
    t->q.desc->destroy(t);
  if (t->flags & AC__F_NAMED)
    ac__name_drop(t);
  ac__obj_free(t, obj_size(t));
}


ac_task *ac_task_ref(ac_task *t)
{
  AC__CHECK_TASK(t, t);
  if (ac__immortal(t))
    return t;
  t->refs++;
  return t;
}


// ac_task_release and ac_future_release; caller: the call site, reported
// for a release of a freed task (a double release).
static void release(ac_task *t, const char *fn, const void *caller)
{
  if (t == NULL || ac__immortal(t))
    return;
  if (__builtin_expect(t->q.desc == NULL, 0)) {
    ac__bad_task(t, fn, caller);
    return;
  }
  if (--t->refs == 0)
    ac__free_task(t);
}


void ac_task_release(ac_task *t)
{
  release(t, __func__, AC__CALLER);
}


void ac_future_release(ac_future *f)
{
  release(f, __func__, AC__CALLER);
}


// Waiter lists --------------------------------------------------------------

// Where t's waiter list starts: a task's up.waiters, or a future's q.link
// (ac__future: a future has no `up`, and it is never queued itself).
static inline ac_qnode **waiters_of(ac_task *t)
{
  return t->q.desc->kind == AC__K_FUTURE ? &t->q.link : &t->up.waiters;
}


void ac__waiter_add(ac_task *t, ac_qnode *node)
{
  ac_qnode **head = waiters_of(t);
  node->link = *head;
  *head = node;
}


int ac__waiter_remove(ac_task *t, ac_qnode *node)
{
  ac_qnode **p;
  for (p = waiters_of(t); *p != NULL; p = &(*p)->link) {
    if (*p == node) {
      *p = node->link;
      node->link = NULL;
      return 1;
    }
  }
  return 0;
}


static void enqueue_root(ac_task *root)
{
  if (root->flags & AC__F_QUEUED)
    return;
  root->flags |= AC__F_QUEUED;
  ac__enqueue(&root->q);
}


// Schedules a waiter of t, which has just completed.  A node (gather's) is
// offered the completion first: it does its work now (no trip through the
// queue), or else it is queued.
static inline void wake(ac_task *t, ac_qnode *w)
{
  if (w->desc->kind == AC__K_NODE) {
    if (!ac__node_type_of(w)->offer(w, t))
      ac__enqueue(w);
  } else if (w->desc->kind == AC__K_DONECB) {
    ac__handle_of(w)->hflags |= AC__H_QUEUED;
    ac__enqueue(w);
  } else {
    enqueue_root(ac__task_of(w));
  }
}


// Completion of a task or future: schedule every waiter, in order.
// (ac__step has it inline, with root 1: every task ends there, a root.)
__attribute__((always_inline)) static inline void finish(ac_task *t, int root)
{
  ac_qnode **head = waiters_of(t);
  ac_qnode *list = *head, *rev = NULL;
  t->flags |= AC__F_DONE;
  *head = NULL;
  if (list != NULL && list->link == NULL) {  // one waiter: nothing to reverse
    wake(t, list);
    list = NULL;
  }
  while (list != NULL) {
    ac_qnode *next = list->link;
    list->link = rev;
    rev = list;
    list = next;
  }
  while (rev != NULL) {
    ac_qnode *next = rev->link;
    wake(t, rev);
    rev = next;
  }
  // The loop's reference (a scheduled task is never one of the immortal
  // static tasks, so the checks of ac_task_release are not needed).  A
  // task that succeeded and holds nothing goes straight back to its pool,
  // as ac_await_end's inline path does with a frame.
  if ((root || (t->q.desc->kind == AC_DESC_FUNC && (t->flags & AC__F_ROOT))) &&
      --t->refs == 0) {
    const ac_desc *d = t->q.desc;
    if (!AC__POOL_PASSTHROUGH && !ac__debug && t->err == 0 &&
        !(t->flags & AC__F_NAMED) && d->destroy == NULL && d->size_class != 0) {
      ac__pool_put(d->size_class, &t->q);
    } else {
      ac__free_task(t);
    }
  }
}


void ac__finish(ac_task *t)
{
  finish(t, 0);
}


// Makes t a task of its own (named, referenced by the loop), not queued.
static void root_init(ac_task *t, ac_loop *loop)
{
  t->flags |= AC__F_ROOT;
  t->top = t;
  t->up.waiters = NULL;
  t->id = loop->next_id++;
  t->refs++;  // the loop's reference, dropped when t is done
}


void ac__make_root(ac_task *t)
{
  ac_loop *loop = ac__loop != NULL ? ac__loop : ac_loop_default();
  root_init(t, loop);
  if (!(t->flags & AC__F_QUEUED)) {  // enqueue_root on the loop in hand
    t->flags |= AC__F_QUEUED;
    ac__enqueue_on(loop, &t->q);
  }
}


// ac_create_task's checks and unusual cases (debug mode, eager tasks, no
// loop yet, a NULL or freed task); caller: ac_create_task's caller.
__attribute__((noinline)) static ac_task *create_task_slow(ac_task *t,
                                                           const void *caller)
{
  if (__builtin_expect(ac__debug, 0))
    ac__debug_task(t, "ac_create_task", caller);
  if ((t == NULL || t->q.desc == NULL) &&
      ac__bad_task(t, "ac_create_task", caller))
    return t;
  if (!is_func(t) || (t->flags & (AC__F_ROOT | AC__F_STARTED)))
    return t;
  if (ac__eager)
    return ac_create_task_eager(t);
  ac__make_root(t);
  return t;
}


// The usual case, ac__make_root inline: a fresh call made a task on the
// running loop (a fresh call is not queued: only a root is).
ac_task *ac_create_task(ac_task *t)
{
  ac_loop *loop = ac__loop;
  if (__builtin_expect(ac__debug || ac__eager || loop == NULL || t == NULL ||
                           t->q.desc == NULL,
                       0))
    return create_task_slow(t, AC__CALLER);
  if (!is_func(t) || (t->flags & (AC__F_ROOT | AC__F_STARTED)))
    return t;
  root_init(t, loop);
  t->flags |= AC__F_QUEUED;
  ac__enqueue_on(loop, &t->q);
  return t;
}


// asyncio's eager start (Task(eager_start=True)): the first step runs now,
// nested in the caller's step, which is resumed afterwards as if nothing
// happened (the step's globals are saved).  Too deep on the C stack (a
// chain of eager creations), the task is scheduled instead.
ac_task *ac_create_task_eager(ac_task *t)
{
  ac_loop *loop = ac__loop;
  ac_task *saved_current = ac__current;
  int saved_cursor = cursor_set;
  char *saved_limit = ac__stack_limit;
  AC__CHECK_TASK(t, t);
  if (!is_func(t) || (t->flags & (AC__F_ROOT | AC__F_STARTED)))
    return t;
  if (loop == NULL || loop->running == 0 ||
      (char *)__builtin_frame_address(0) < saved_limit) {
    ac__make_root(t);
    return t;
  }
  root_init(t, loop);
  ac__step(t);
  ac__current = saved_current;
  cursor_set = saved_cursor;
  ac__stack_limit = saved_limit;
  return t;
}


AC__THREAD int ac__eager AC__HIDDEN;


void ac_loop_set_eager_tasks(ac_loop *loop, int on)
{
  (void)loop;  // the one loop (reset when it is created)
  ac__eager = on != 0;
}


ac_task *ac_current_task(void)
{
  return ac__current;
}


// The step: run the task from its innermost frame -----------------------------

static int cancel_leaf(ac_task *root);


// A step of a task with a cancellation to deliver: one that never started
// ends cancelled without running (returns 1); otherwise the frame it waits
// in raises AC_ECANCELED when it resumes (returns 0).
__attribute__((noinline)) static int step_cancel(ac_task *root)
{
  ac_task *f = root->top;
  root->flags &= (uint8_t)~AC__F_MUST_CANCEL;
  if (!(root->flags & AC__F_STARTED)) {
    root->flags |= AC__F_STARTED;
    root->err = AC_ECANCELED;
    ac__current = root;
    ac__finish(root);
    ac__current = NULL;
    return 1;
  }
  if (f->err == 0)
    f->err = AC_ECANCELED;
  return 0;
}


// Runs a task from its innermost frame until it suspends or ends.  The
// unusual cases (done already, a cancellation to deliver) are one test of
// the flags.  Leaves ac__current NULL (ac_create_task_eager, which steps a
// task inside another's step, restores it).
void ac__step(ac_task *root)
{
  ac_task *f;
  uint8_t flags = root->flags;
  if (__builtin_expect(flags & (AC__F_DONE | AC__F_MUST_CANCEL), 0)) {
    root->flags = (uint8_t)(flags & ~AC__F_QUEUED);
    if ((flags & AC__F_DONE) || step_cancel(root))
      return;
    flags = root->flags;
  }
  // Only a root's first step starts a frame here (the innermost frame of
  // a task that waits has started; a bounced child is started below).
  root->flags = (uint8_t)((flags & ~AC__F_QUEUED) | AC__F_STARTED);
  ac__current = root;
  f = root->top;
  ac__stack_limit = (char *)__builtin_frame_address(0) - AC__STACK_BUDGET;
  for (;;) {
    int r;
    cursor_set = 0;
    r = f->q.desc->resume(f);
    if (r == AC_SUSPENDED) {
      ac_task *c;
      if (!cursor_set)
        root->top = f;
      c = root->top;
      if (c->flags & AC__F_BOUNCE) {
        c->flags = (uint8_t)((c->flags & ~AC__F_BOUNCE) | AC__F_STARTED);
        f = c;
        continue;
      }
      if ((root->flags & AC__F_MUST_CANCEL) && !(root->flags & AC__F_QUEUED)) {
        if (cancel_leaf(root))
          root->flags &= (uint8_t)~AC__F_MUST_CANCEL;
      }
      break;
    }
    if (f == root) {
      // A cancellation requested while the task ran and never delivered
      // (no await suspended since): the task ends cancelled, as asyncio's
      // Task.__step does when the coroutine returns with _must_cancel set.
      if ((root->flags & AC__F_MUST_CANCEL) && root->err == 0) {
        root->flags &= (uint8_t)~AC__F_MUST_CANCEL;
        root->err = AC_ECANCELED;
      }
      finish(root, 1);
      break;
    }
    f = f->up.parent;
    root->top = f;
  }
  ac__current = NULL;
}


// Awaiting ------------------------------------------------------------------

// The child of an inline await suspended: record the chain links that
// the fast path skipped.  Runs once per level as AC_SUSPENDED travels up.
int ac__await_suspended(ac_task *self, ac_task *child)
{
  ac_task *root = ac__current;
  child->up.parent = self;
  child->top = root;
  if (!cursor_set) {
    root->top = child;  // the innermost frame: where the task waits
    cursor_set = 1;
  }
  return AC_SUSPENDED;
}


// `await ac_sleep(0)`: the task goes to the back of the ready queue and
// resumes at this frame.
int ac__await_yield(ac_task *self)
{
  ac_task *root = ac__current;
  self->aux = &ac__yield_task;
  enqueue_root(root);
  if (!cursor_set) {
    root->top = self;
    cursor_set = 1;
  }
  return AC_SUSPENDED;
}


int ac__await_call_slow(ac_task *self, ac_task *child)
{
  if (child == &ac__yield_task)
    return ac__await_yield(self);
  if (child == &ac__nomem_task) {  // its frame could not be allocated
    self->aux = child;             // ac_await_end raises AC_ENOMEM
    return AC_DONE;
  }
  if (child->flags & AC__F_MUST_CANCEL) {
    // Cancelled before it started: it ends cancelled without running.
    child->flags = AC__F_STARTED | AC__F_DONE;
    child->err = AC_ECANCELED;
    return AC_DONE;
  }
  if ((child->flags & (uint8_t)~AC__F_NAMED) != 0) {
    fprintf(stderr, "libacrt: %s() awaited twice or after it was scheduled\n",
            child->q.desc->name);
    self->aux = NULL;
    self->err = AC_EINVAL;
    ac_task_release(child);
    return AC_DONE;
  }
  // A fresh call that was given a name (ac_task_set_name) is still fresh:
  // run it as the fast path would, keeping its name.
  if (child->flags == AC__F_NAMED &&
      (char *)__builtin_frame_address(0) > ac__stack_limit) {
    child->flags |= AC__F_STARTED;
    if (child->q.desc->resume(child) == AC_DONE)
      return AC_DONE;
    return ac__await_suspended(self, child);
  }
  // Too deep for the C stack: let the trampoline start it.
  child->flags = (uint8_t)((child->flags & AC__F_NAMED) | AC__F_BOUNCE);
  return ac__await_suspended(self, child);
}


// Whether task h waits, directly or through the tasks it awaits, for root:
// follows each task's innermost frame to the handle it awaits.  (Awaits are
// refused when they would close a cycle, so the walk always ends.)
static int waits_for(ac_task *h, const ac_task *root)
{
  while (h != NULL && is_func(h) && (h->flags & AC__F_ROOT) &&
         !(h->flags & AC__F_DONE) && !ac__immortal(h)) {
    if (h == root)
      return 1;
    h = h->top != NULL ? h->top->aux : NULL;
  }
  return 0;
}


int ac__await_task(ac_task *self, ac_task *h)
{
  ac_task *root;
  if (__builtin_expect(h == NULL || h->q.desc == NULL, 0)) {
    ac__bad_task(h, "await", AC__CALLER);
    self->aux = NULL;
    self->err = h == NULL ? AC_EINVAL : AC_EFREED;
    return AC_DONE;
  }
  if (h == &ac__yield_task)
    return ac__await_yield(self);
  if (is_func(h) && !(h->flags & (AC__F_ROOT | AC__F_STARTED))) {
    h->refs++;  // released by ac_await_end; the caller keeps its own
    return ac_await_call(self, h);
  }
  h->refs++;
  self->aux = h;
  if (h->flags & AC__F_DONE)
    return AC_DONE;
  if (!(h->flags & AC__F_ROOT)) {
    fprintf(stderr, "libacrt: %s() is already being awaited inline\n",
            h->q.desc->name);
    self->err = AC_EINVAL;
    return AC_DONE;
  }
  root = ac__current;
  if (waits_for(h, root)) {
    // asyncio: "Task cannot await on itself".  Waiting would never end,
    // and cancelling either task would chase the cycle forever.
    ac__misuse("await", AC__CALLER, "'%s' cannot await '%s': %s",
               ac_task_name(root), ac_task_name(h),
               h == root ? "a task cannot await on itself"
                         : "it waits for the awaiting task (an await cycle)");
    self->err = AC_EAWAITCYCLE;
    return AC_DONE;
  }
  ac__waiter_add(h, &root->q);
  if (!cursor_set) {
    root->top = self;
    cursor_set = 1;
  }
  return AC_SUSPENDED;
}


// A type by its result type, for messages: "int (4 bytes)".  Integer and
// pointer names are exact for the producer (its descriptor knows the
// signedness and char *), by size and class for a target.
static void rtype_name(size_t rtype, int kind, char *buf, size_t len)
{
  size_t n = AC_RTYPE_SIZE(rtype);
  const char *name;
  switch (AC_RTYPE_CLASS(rtype)) {
  case 0:  // class unknown: a future's result, a target given by sizeof
    snprintf(buf, len, "a value of %zu bytes", n);
    return;
  case 1 + 1:  // integer
  case 2 + 1:  // char
    name = n == 1               ? "char"
           : n == sizeof(short) ? "short"
           : n == sizeof(int)   ? "int"
           : n == sizeof(long)  ? "long"
           : n == 16            ? "__int128"
                                : "an integer";
    if (kind == AC_KIND_UINT) {
      snprintf(buf, len, "unsigned %s (%zu bytes)", name, n);
      return;
    }
    break;
  case 3 + 1: name = "an enum"; break;
  case 4 + 1: name = "_Bool"; break;
  case 5 + 1: name = kind == AC_KIND_STR ? "char *" : "a pointer"; break;
  case 8 + 1:
    name = n == sizeof(float)    ? "float"
           : n == sizeof(double) ? "double"
                                 : "long double";
    break;
  case 9 + 1: name = "a _Complex"; break;
  case 12 + 1: name = "a struct"; break;
  case 13 + 1: name = "a union"; break;
  default: name = "a value"; break;
  }
  snprintf(buf, len, "%s (%zu bytes)", name, n);
}


// The kinds of type whose values an await may copy into each other: the
// integer classes (integer, char, enum, _Bool) are one, as are struct and
// union (acc cannot tell two structs of one size apart); 0 is unknown.
static unsigned rtype_family(size_t rtype)
{
  unsigned c = AC_RTYPE_CLASS(rtype);
  if (c >= 1 + 1 && c <= 4 + 1)
    return 1 + 1;
  if (c == 13 + 1)
    return 12 + 1;
  return c;
}


// The message of a result mismatch (kept out of the hot path below): the
// size differs (AC_ERESULTSIZE), or the kind of type (AC_ERESULTTYPE).
__attribute__((noinline, cold)) static int
result_mismatch(ac_task *a, size_t have, size_t want, const char *what)
{
  char hn[64], wn[64];
  int err = AC_RTYPE_SIZE(have) != AC_RTYPE_SIZE(want) ? AC_ERESULTSIZE
                                                       : AC_ERESULTTYPE;
  rtype_name(have, a->q.desc->result_kind, hn, sizeof hn);
  rtype_name(want, AC_KIND_INT, wn, sizeof wn);
  int fn = a->q.desc->kind == AC_DESC_FUNC;
  fprintf(stderr,
          "libacrt: %s of %s '%s'%s%s%s: the result is %s but %s was "
          "expected (AC_%s)\n",
          what, fn ? "task" : "future", ac_task_name(a), fn ? " (" : "",
          fn ? a->q.desc->name : "", fn ? "())" : "", hn, wn, ac_err_name(err));
  return err;
}


// Whether a result of type `have` may be copied into a target of type
// `want` (result types, acrt_abi.h): same size, and the same family of
// types when both are known.
static int rtype_fits(size_t have, size_t want)
{
  unsigned hf = rtype_family(have), wf = rtype_family(want);
  return AC_RTYPE_SIZE(have) == AC_RTYPE_SIZE(want) &&
         (hf == 0 || wf == 0 || hf == wf);
}


// ac__copy_result when the two result types are not the same word (out of
// its hot path, a tail call): copies if the result fits, else reports.
int ac__copy_checked(ac_task *a, void *dst, const void *src, size_t have,
                     size_t want, const char *what)
{
  if (!rtype_fits(have, want))
    return result_mismatch(a, have, want, what);
  memcpy(dst, src, AC_RTYPE_SIZE(want));
  return 0;
}


int ac__await_end_slow(ac_task *self, void *dst, size_t size)
{
  ac_task *a = self->aux;
  int err;
  self->aux = NULL;
  if (a == &ac__yield_task)
    return self->err;
  if (a != NULL && is_func(a) && !(a->flags & AC__F_ROOT))
    a->flags |= AC__F_DONE;  // an inline frame that ended
  if (self->err != 0) {
    ac_task_release(a);
    return self->err;
  }
  if (a == NULL)
    return 0;
  err = a->err;
  if (err != 0) {
    a->flags |= AC__F_OBSERVED;
  } else {
    err = ac__copy_result(a, dst, size, "await");
  }
  ac_task_release(a);
  self->err = err;
  return err;
}


// Wake-ups used by ops (op.c) -------------------------------------------------

void ac__wake_frame(ac_task *frame, int err)
{
  if (err != 0 && frame->err == 0)
    frame->err = err;
  enqueue_root(ac__root_of(frame));
}


// Cancellation --------------------------------------------------------------------

// The native cancel hooks running now (a list on the C stack): a hook that
// cancels tasks which, through a combinator, wait for the task being
// cancelled (gather(x) where x awaits the gathering task) must not run again
// inside itself.
typedef struct hook_call {
  const ac_task *frame;
  struct hook_call *up;
} hook_call;
static AC__THREAD hook_call *hooks_running;


static int cancel_native(ac_task *c)
{
  hook_call me, *p;
  int r;
  for (p = hooks_running; p != NULL; p = p->up)
    if (p->frame == c)
      return 0;  // a cycle through a combinator: wait for the next await
  me.frame = c;
  me.up = hooks_running;
  hooks_running = &me;
  r = c->q.desc->cancel(c);
  hooks_running = me.up;
  return r;
}


// Cancels what the innermost frame of a suspended task waits on.
static int cancel_leaf(ac_task *root)
{
  ac_task *c = root->top;
  ac_task *h = c->aux;
  if (h != NULL) {
    if (h->flags & AC__F_DONE)
      return 0;
    return ac_task_cancel(h);
  }
  if (c->q.desc->cancel != NULL)
    return cancel_native(c);
  return 0;
}


// Cancelling a task that waits for another task cancels that one too, down
// the chain (asyncio's Task.cancel does it by recursion); this follows the
// chain in a loop, so a chain of any length needs no C stack.  Each task on
// the way counts a request; only the last one's outcome can leave its
// waiter with a request to raise at its next await.
int ac_task_cancel(ac_task *t)
{
  ac_task *start = t, *waiter = NULL;
  int r;
  AC__CHECK_TASK(t, AC_EFREED);
  for (;;) {
    if (t->flags & AC__F_DONE) {
      r = 0;
    } else if (t->q.desc->kind == AC__K_FUTURE) {
      r = ac_future_cancel(t);
    } else {
      if (t->ncancel < UINT8_MAX)
        t->ncancel++;
      if (!(t->flags & AC__F_ROOT)) {
        // Running inline in another task: not cancellable itself.
        r = !(t->flags & AC__F_STARTED);
        if (r)
          t->flags |= AC__F_MUST_CANCEL;
      } else {
        ac_task *c = t->top, *h = c->aux;
        r = 1;
        if (!(t->flags & AC__F_QUEUED) && ac__current != t && h != NULL &&
            !(h->flags & AC__F_DONE) && h != start) {
          waiter = t;  // its outcome is h's: cancel h next
          t = h;
          continue;
        }
        if ((t->flags & AC__F_QUEUED) || ac__current == t || h != NULL ||
            c->q.desc->cancel == NULL || !cancel_native(c))
          t->flags |= AC__F_MUST_CANCEL;
      }
    }
    break;
  }
  if (waiter == NULL)
    return r;
  if (r == 0)
    waiter->flags |= AC__F_MUST_CANCEL;
  return 1;
}


int ac_task_cancelling(const ac_task *t)
{
  AC__CHECK_TASK(t, AC_EFREED);
  return t->ncancel;
}


// As asyncio 3.13's uncancel: the last withdrawn request also withdraws a
// cancellation not yet delivered (a timeout scope that expired just as its
// block ended must not leave a stray cancellation behind).
int ac_task_uncancel(ac_task *t)
{
  AC__CHECK_TASK(t, AC_EFREED);
  if (t->ncancel > 0 && --t->ncancel == 0)
    t->flags &= (uint8_t)~AC__F_MUST_CANCEL;
  return t->ncancel;
}


int ac_task_done(const ac_task *t)
{
  AC__CHECK_TASK(t, AC_EFREED);
  return (t->flags & AC__F_DONE) != 0;
}


int ac_task_cancelled(const ac_task *t)
{
  AC__CHECK_TASK(t, 0);
  return (t->flags & AC__F_DONE) && t->err == AC_ECANCELED;
}


int ac_task_error(ac_task *t)
{
  AC__CHECK_TASK(t, AC_EFREED);
  if (!(t->flags & AC__F_DONE))
    return AC_ENOTDONE;
  t->flags |= AC__F_OBSERVED;
  return t->err;
}


const void *ac_task_result(ac_task *t, size_t size)
{
  AC__CHECK_TASK(t, NULL);
  if (!(t->flags & AC__F_DONE) || t->err != 0) {
    fprintf(stderr, "libacrt: result of '%s' read while it %s\n",
            ac_task_name(t),
            !(t->flags & AC__F_DONE) ? "is not done" : "has failed");
    if (t->flags & AC__F_DONE)
      t->flags |= AC__F_OBSERVED;
    return NULL;
  }
  if (!rtype_fits(result_type_of(t), size)) {
    result_mismatch(t, result_type_of(t), size, "result");
    return NULL;
  }
  return ac__result_ptr(t);
}


// Done callbacks ----------------------------------------------------------------

void ac__node_init(ac_handle *node, ac_task *target, ac_task_cb cb, void *arg)
{
  node->q.desc = &ac__donecb_desc;
  node->q.link = NULL;
  node->fn.tcb = cb;
  node->arg = arg;
  node->target = target;
  node->hflags = 0;
}


int ac_task_add_done_callback(ac_task *t, ac_task_cb cb, void *arg)
{
  ac_handle *node;
  AC__CHECK_TASK(t, AC_EFREED);
  node = ac__handle_try_new(&ac__donecb_desc);
  if (node == NULL)
    return AC_ENOMEM;
  ac__node_init(node, ac_task_ref(t), cb, arg);
  t->flags |= AC__F_OBSERVED;
  if (is_func(t) && !(t->flags & (AC__F_ROOT | AC__F_STARTED)))
    ac__make_root(t);
  if (t->flags & AC__F_DONE) {
    node->hflags |= AC__H_QUEUED;
    ac__enqueue(&node->q);
  } else {
    ac__waiter_add(t, &node->q);
  }
  return 0;
}


// asyncio's rule: every pending registration of (cb, arg) goes; the count
// is returned.  (Only a task's own list holds them: an inline frame's `up`
// is its parent.)
int ac_task_remove_done_callback(ac_task *t, ac_task_cb cb, void *arg)
{
  ac_qnode **p;
  int n = 0;
  AC__CHECK_TASK(t, AC_EFREED);
  if (!(t->flags & AC__F_ROOT))
    return 0;
  for (p = waiters_of(t); *p != NULL;) {
    ac_qnode *q = *p;
    ac_handle *h = ac__handle_of(q);
    if (q->desc->kind == AC__K_DONECB && h->fn.tcb == cb && h->arg == arg) {
      *p = q->link;
      ac__handle_free(h);
      n++;
    } else {
      p = &q->link;
    }
  }
  for (int i = 0; i < n; i++)
    ac_task_release(t);  // the references the callbacks held
  return n;
}


void ac__run_donecb(ac_handle *node)
{
  ac_task *t = node->target;
  node->hflags &= ~AC__H_QUEUED;
  if (node->fn.tcb != NULL && !(node->hflags & AC__H_CANCELLED))
    node->fn.tcb(t, node->arg);
  ac__handle_free(node);
  ac_task_release(t);
}


// Futures -------------------------------------------------------------------------

ac_future *ac_future_new(size_t result_size)
{
  ac__future *f = ac__obj_try_alloc(sizeof *f + result_size);
  if (f == NULL)
    return &ac__nomem_task;
  memset(f, 0, sizeof *f + result_size);
  f->q.desc = &ac__future_desc;
  f->flags = AC__F_ROOT | AC__F_STARTED;
  f->refs = 1;
  f->size = (uint32_t)result_size;
  return (ac_task *)f;
}


// The checks of ac_future_set_result/set_error/cancel: t must be a live
// future (a task completes by returning; forcing it done would free it
// under its own running frames).
static int bad_future(ac_future *t, const char *fn, const void *caller)
{
  if (t == NULL || t->q.desc == NULL)
    return ac__bad_task(t, fn, caller), AC_EFREED;
  if (t == &ac__nomem_task)
    return AC_ENOMEM;  // ac_future_new failed: nobody can wait for it
  if (t->q.desc->kind != AC__K_FUTURE) {
    ac__misuse(fn, caller, "'%s' is a task, not a future", ac_task_name(t));
    return AC_EINVAL;
  }
  return 0;
}


int ac_future_set_result(ac_future *t, const void *result)
{
  ac__future *f = (ac__future *)t;
  int err = bad_future(t, __func__, AC__CALLER);
  if (err != 0)
    return err;
  if (t->flags & AC__F_DONE)
    return AC_EINVALSTATE;
  if (f->size && result != NULL)
    memcpy(f->data, result, f->size);
  ac__finish(t);
  return 0;
}


int ac_future_set_error(ac_future *t, int err)
{
  int bad = bad_future(t, __func__, AC__CALLER);
  if (bad != 0)
    return bad;
  if (t->flags & AC__F_DONE)
    return AC_EINVALSTATE;
  t->err = err < 0 ? err : AC_EINVAL;
  ac__finish(t);
  return 0;
}


int ac_future_cancel(ac_future *t)
{
  int bad = bad_future(t, __func__, AC__CALLER);
  if (bad != 0)
    return bad == AC_ENOMEM ? 0 : bad;
  if (t->flags & AC__F_DONE)
    return 0;
  t->err = AC_ECANCELED;
  ac__finish(t);
  return 1;
}
