// sync.c — Lock, Event, Condition, Semaphore, BoundedSemaphore, Barrier
// (acrt_sync.h): asyncio 3.13's algorithms on waiter ops (sync_internal.h).
//
// Each primitive keeps asyncio's state (a flag, a counter, a deque of
// waiter futures) and each waiting operation is one op whose step is the
// code after asyncio's `await fut`, so the order of wake-ups, the passes
// they take and the rules for a waiter cancelled after its wake-up are
// asyncio's.  The one exception is the Barrier: asyncio builds it on a
// Condition (each woken task re-takes the condition's lock in turn); here
// it wakes its waiters directly, in the same FIFO order, in one pass.
#include "sync_internal.h"

#include <stdlib.h>

// Wait lists ------------------------------------------------------------------

// Appends w with a fresh future (asyncio: create_future, then append).
void sync_push(sync_list *l, sync_waiter *w)
{
  w->list = l;
  w->next = NULL;
  w->prev = l->tail;
  if (l->tail != NULL)
    l->tail->next = w;
  else
    l->head = w;
  l->tail = w;
  l->n++;
  w->fut = SYNC_PENDING;
}


// Takes w out of its list, if it is in one (a waker may have popped it).
void sync_remove(sync_waiter *w)
{
  sync_list *l = w->list;
  if (l == NULL)
    return;
  if (w->prev != NULL)
    w->prev->next = w->next;
  else
    l->head = w->next;
  if (w->next != NULL)
    w->next->prev = w->prev;
  else
    l->tail = w->prev;
  l->n--;
  w->list = NULL;
  w->prev = w->next = NULL;
}


// fut.set_result(): the waiter's task resumes on the next pass.
void sync_set(sync_waiter *w)
{
  w->fut = SYNC_DONE;
  ac__op_complete(&w->op, 0);
}


// Suspends the op in l until sync_set or a cancellation; the step runs
// again at `state`.
int sync_park(sync_list *l, sync_waiter *w, uint16_t state)
{
  sync_push(l, w);
  w->op.hdr.state = state;
  return ac__op_park(&w->op, NULL);
}


// fut.cancel() of a waiting op: it stays in its list until its step runs,
// as asyncio's waiter does until its `finally`.
int sync_cancel(ac__op *op)
{
  ((sync_waiter *)op)->fut = SYNC_CANCELLED;
  return AC__OP_CANCEL_NOW;
}


// Whether every waiter's future is cancelled (asyncio's `all(w.cancelled()
// for w in waiters)`; true for an empty list).
static int all_cancelled(const sync_list *l)
{
  const sync_waiter *w;
  for (w = l->head; w != NULL; w = w->next)
    if (w->fut != SYNC_CANCELLED)
      return 0;
  return 1;
}


// References ----------------------------------------------------------------

// Primitives are malloc'd (fault-injectable), not pooled: they may outlive
// a loop and be created before one exists.
void *sync_obj_new(size_t size, void (*destroy)(sync_obj *o))
{
  sync_obj *o = ac__sys_alloc(size);
  if (o == NULL)
    return NULL;
  memset(o, 0, size);
  o->refs = 1;
  o->destroy = destroy;
  return o;
}


// Every op on a primitive holds one of these (taken at construction).
void *sync_obj_ref(void *p)
{
  if (p != NULL)
    ((sync_obj *)p)->refs++;
  return p;
}


// Frees the primitive with its last reference (creator's or an op's).
void sync_obj_unref(void *p)
{
  sync_obj *o = p;
  if (o != NULL && --o->refs == 0) {
    if (o->destroy != NULL)
      o->destroy(o);
    free(o);
  }
}


// The release hook of every waiter op: out of its list, its reference to
// the primitive dropped.  (Also run on a constructor's argument frame when
// the op cannot be allocated.)
void sync_waiter_release(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  sync_remove(w);
  sync_obj_unref(w->obj);
}


// A new waiter op of `type` on primitive obj (referenced here).
ac_task *sync_waiter_new(const ac__op_type *type, void *obj, void *item,
                         int (*pred)(void *), void *arg)
{
  return AC__OP_NEW(sync_waiter, type, .obj = sync_obj_ref(obj), .item = item,
                    .pred = pred, .arg = arg);
}


// Lock ------------------------------------------------------------------------

struct ac_lock {
  sync_obj o;
  int locked;
  sync_list waiters;
};


ac_lock *ac_lock_new(void)
{
  return sync_obj_new(sizeof(ac_lock), NULL);
}


void ac_lock_free(ac_lock *l)
{
  sync_obj_unref(l);
}


int ac_lock_locked(const ac_lock *l)
{
  return l != NULL && l->locked;
}


// Takes the lock if asyncio's acquire would without waiting: free, and
// nobody waiting but cancelled waiters (FIFO fairness).
static int lock_try(ac_lock *l)
{
  if (l->locked || !all_cancelled(&l->waiters))
    return 0;
  l->locked = 1;
  return 1;
}


// Ensures the first waiter will wake up (asyncio's _wake_up_first): a
// first waiter already woken or cancelled is left alone.
static void lock_wake_first(ac_lock *l)
{
  sync_waiter *w = l->waiters.head;
  if (w != NULL && w->fut == SYNC_PENDING)
    sync_set(w);
}


// After a lock waiter has woken (w out of the list): 1 if it now holds the
// lock; 0 if it was cancelled (then the head waiter is woken if the lock is
// free, so a wake-up it received is not lost).
static int lock_woken(ac_lock *l, sync_waiter *w)
{
  sync_remove(w);
  if (w->op.hdr.err != 0) {
    if (!l->locked)
      lock_wake_first(l);
    return 0;
  }
  l->locked = 1;
  return 1;
}


// Lock.acquire: take a free lock at once (FIFO permitting), else wait;
// woken, take it, or (cancelled) pass the wake-up on.
static int acquire_step(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  ac_lock *l = w->obj;
  if (l == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  if (op->hdr.state == 0)
    return lock_try(l) ? AC_DONE : sync_park(&l->waiters, w, 1);
  lock_woken(l, w);
  return AC_DONE;
}

AC__OP_TYPE_VOID(acquire_type, "lock_acquire", sync_waiter, acquire_step,
                 sync_cancel, sync_waiter_release);


ac_task *ac_lock_acquire(ac_lock *l)
{
  return sync_waiter_new(&acquire_type, l, NULL, NULL, NULL);
}


// Lock.release: unlocked now, but the first waiter is woken and will take
// it (nobody else can before it runs, see lock_try).
int ac_lock_release(ac_lock *l)
{
  if (l == NULL)
    return AC_ENOMEM;
  if (!l->locked)
    return AC_ENOTLOCKED;
  l->locked = 0;
  lock_wake_first(l);
  return 0;
}


// Event -----------------------------------------------------------------------

struct ac_event {
  sync_obj o;
  int value;
  sync_list waiters;
};


ac_event *ac_event_new(void)
{
  return sync_obj_new(sizeof(ac_event), NULL);
}


void ac_event_free(ac_event *e)
{
  sync_obj_unref(e);
}


// Event.set: every waiter not yet woken or cancelled is woken.
void ac_event_set(ac_event *e)
{
  sync_waiter *w;
  if (e == NULL || e->value)
    return;
  e->value = 1;
  for (w = e->waiters.head; w != NULL; w = w->next)
    if (w->fut == SYNC_PENDING)
      sync_set(w);
}


void ac_event_clear(ac_event *e)
{
  if (e != NULL)
    e->value = 0;
}


int ac_event_is_set(const ac_event *e)
{
  return e != NULL && e->value;
}


// The body of Event.wait, shared with the queue's join.
int sync_event_park(ac_event *e, sync_waiter *w)
{
  return e->value ? AC_DONE : sync_park(&e->waiters, w, 1);
}


// Event.wait: return at once when set; woken (or cancelled), leave the list.
static int event_wait_step(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  ac_event *e = w->obj;
  if (e == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  if (op->hdr.state == 0)
    return sync_event_park(e, w);
  sync_remove(w);
  return AC_DONE;
}

AC__OP_TYPE_VOID(event_wait_type, "event_wait", sync_waiter, event_wait_step,
                 sync_cancel, sync_waiter_release);


ac_task *ac_event_wait(ac_event *e)
{
  return sync_waiter_new(&event_wait_type, e, NULL, NULL, NULL);
}


// Condition -------------------------------------------------------------------

struct ac_condition {
  sync_obj o;
  ac_lock *lock;  // referenced
  sync_list waiters;
};


// A condition holds a reference to its lock (its own or a shared one).
static void condition_destroy(sync_obj *o)
{
  sync_obj_unref(((ac_condition *)o)->lock);
}


ac_condition *ac_condition_new(ac_lock *lock)
{
  ac_condition *c;
  lock = lock != NULL ? sync_obj_ref(lock) : ac_lock_new();
  if (lock == NULL)
    return NULL;
  c = sync_obj_new(sizeof *c, condition_destroy);
  if (c == NULL) {
    sync_obj_unref(lock);
    return NULL;
  }
  c->lock = lock;
  return c;
}


void ac_condition_free(ac_condition *c)
{
  sync_obj_unref(c);
}


ac_lock *ac_condition_lock(ac_condition *c)
{
  return c != NULL ? c->lock : NULL;
}


// Wakes up to n waiters that are still waiting (asyncio's _notify).
static void cond_notify(ac_condition *c, size_t n)
{
  sync_waiter *w;
  size_t i = 0;
  for (w = c->waiters.head; w != NULL && i < n; w = w->next) {
    if (w->fut == SYNC_PENDING) {
      i++;
      sync_set(w);
    }
  }
}


// Condition.notify: only with the lock held (asyncio: RuntimeError).
int ac_condition_notify(ac_condition *c, size_t n)
{
  if (c == NULL)
    return AC_ENOMEM;
  if (!c->lock->locked)
    return AC_ENOTLOCKED;
  cond_notify(c, n);
  return 0;
}


// Condition.notify_all: notify(len(waiters)), as asyncio does.
int ac_condition_notify_all(ac_condition *c)
{
  return ac_condition_notify(c, c != NULL ? c->waiters.n : 0);
}


// States of a condition wait (the op's hdr.state).
enum { CW_NOTIFY = 1, CW_LOCK = 2 };

// Releases the lock and waits for a notify (the start of asyncio's wait).
static int cond_begin_wait(ac_condition *c, sync_waiter *w)
{
  if (!c->lock->locked)
    return ac__op_fail(&w->op, AC_ENOTLOCKED);
  c->lock->locked = 0;
  lock_wake_first(c->lock);
  return sync_park(&c->waiters, w, CW_NOTIFY);
}


// The steps of ac_condition_wait and ac_condition_wait_for (w->pred):
// wait for a notify, then take the lock back whatever happens (a
// cancellation while re-taking it is remembered and the lock is waited for
// again), then raise the last cancellation after notifying another waiter
// in this one's place (asyncio 3.13), or check the predicate again.
static int cond_step(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  ac_condition *c = w->obj;
  if (c == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  switch (op->hdr.state) {
  case 0:
    if (w->pred != NULL && (w->result = w->pred(w->arg)) != 0)
      return AC_DONE;
    return cond_begin_wait(c, w);
  case CW_NOTIFY:
    sync_remove(w);
    w->err = op->hdr.err;
    op->hdr.err = 0;
    break;
  case CW_LOCK:
    if (lock_woken(c->lock, w))
      goto locked;
    w->err = op->hdr.err;
    op->hdr.err = 0;
    break;
  }
  if (!lock_try(c->lock))
    return sync_park(&c->lock->waiters, w, CW_LOCK);
locked:
  if (w->err != 0) {
    cond_notify(c, 1);
    return ac__op_fail(op, w->err);
  }
  if (w->pred == NULL)
    w->result = 1;  // wait_for(NULL): one wait
  else if ((w->result = w->pred(w->arg)) == 0)
    return cond_begin_wait(c, w);
  return AC_DONE;
}

AC__OP_TYPE_VOID(cond_wait_type, "condition_wait", sync_waiter, cond_step,
                 sync_cancel, sync_waiter_release);
AC__OP_TYPE(cond_wait_for_type, "condition_wait_for", sync_waiter, AC_KIND_INT,
            cond_step, sync_cancel, sync_waiter_release);


ac_task *ac_condition_wait(ac_condition *c)
{
  return sync_waiter_new(&cond_wait_type, c, NULL, NULL, NULL);
}


ac_task *ac_condition_wait_for(ac_condition *c, int (*pred)(void *arg),
                               void *arg)
{
  return sync_waiter_new(&cond_wait_for_type, c, NULL, pred, arg);
}


// Semaphore and BoundedSemaphore ----------------------------------------------

struct ac_semaphore {
  sync_obj o;
  unsigned value;
  unsigned bound;  // bounded: the initial value; else 0
  int bounded;
  sync_list waiters;
};


// Semaphore and BoundedSemaphore differ only in release's bound check.
static ac_semaphore *sem_new(unsigned value, int bounded)
{
  ac_semaphore *s = sync_obj_new(sizeof *s, NULL);
  if (s != NULL) {
    s->value = value;
    s->bound = value;
    s->bounded = bounded;
  }
  return s;
}


ac_semaphore *ac_semaphore_new(unsigned value)
{
  return sem_new(value, 0);
}


ac_semaphore *ac_semaphore_new_bounded(unsigned value)
{
  return sem_new(value, 1);
}


void ac_semaphore_free(ac_semaphore *s)
{
  sync_obj_unref(s);
}


// asyncio's locked(): the counter is 0, or a waiter that is not cancelled
// must go first.
int ac_semaphore_locked(const ac_semaphore *s)
{
  const sync_waiter *w;
  if (s == NULL || s->value == 0)
    return 1;
  for (w = s->waiters.head; w != NULL; w = w->next)
    if (w->fut != SYNC_CANCELLED)
      return 1;
  return 0;
}


unsigned ac_semaphore_value(const ac_semaphore *s)
{
  return s != NULL ? s->value : 0;
}


// Wakes the first waiter still waiting, taking its unit of the counter for
// it (asyncio's _wake_up_next); 0 if there was none.
static int sem_wake_next(ac_semaphore *s)
{
  sync_waiter *w;
  for (w = s->waiters.head; w != NULL; w = w->next) {
    if (w->fut == SYNC_PENDING) {
      s->value--;
      sync_set(w);
      return 1;
    }
  }
  return 0;
}


static int sem_acquire_step(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  ac_semaphore *s = w->obj;
  if (s == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  if (op->hdr.state == 0) {
    if (ac_semaphore_locked(s))
      return sync_park(&s->waiters, w, 1);
    s->value--;
    return AC_DONE;
  }
  sync_remove(w);
  // Woken (the unit taken for it) but cancelled: give the unit back.
  if (op->hdr.err != 0 && w->fut == SYNC_DONE)
    s->value++;
  // Waiters that arrived meanwhile had to queue behind: wake as many as
  // the counter allows.
  while (s->value > 0 && sem_wake_next(s))
    ;
  return AC_DONE;
}

AC__OP_TYPE_VOID(sem_acquire_type, "semaphore_acquire", sync_waiter,
                 sem_acquire_step, sync_cancel, sync_waiter_release);


ac_task *ac_semaphore_acquire(ac_semaphore *s)
{
  return sync_waiter_new(&sem_acquire_type, s, NULL, NULL, NULL);
}


// Semaphore.release: the unit goes straight to the first waiter, if any.
int ac_semaphore_release(ac_semaphore *s)
{
  if (s == NULL)
    return AC_ENOMEM;
  if (s->bounded && s->value >= s->bound)
    return AC_EINVAL;
  s->value++;
  sem_wake_next(s);
  return 0;
}


// Barrier ---------------------------------------------------------------------

enum { B_FILLING, B_DRAINING, B_RESETTING, B_BROKEN };

struct ac_barrier {
  sync_obj o;
  unsigned parties;
  unsigned count;  // tasks inside wait (asyncio's _count)
  int state;       // B_*
  sync_list waiters;
};


ac_barrier *ac_barrier_new(unsigned parties)
{
  ac_barrier *b;
  if (parties < 1)
    return NULL;
  b = sync_obj_new(sizeof *b, NULL);
  if (b != NULL)
    b->parties = parties;
  return b;
}


void ac_barrier_free(ac_barrier *b)
{
  sync_obj_unref(b);
}


// The barrier's Condition.notify_all: every waiter looks at the state again.
static void barrier_notify_all(ac_barrier *b)
{
  sync_waiter *w;
  for (w = b->waiters.head; w != NULL; w = w->next)
    if (w->fut == SYNC_PENDING)
      sync_set(w);
}


// A task leaves wait: the last one out of a drain or reset refills it.
static void barrier_exit(ac_barrier *b)
{
  b->count--;
  if (b->count == 0) {
    if (b->state == B_RESETTING || b->state == B_DRAINING)
      b->state = B_FILLING;
    barrier_notify_all(b);
  }
}


// States of a barrier wait (the op's hdr.state).
enum { BW_BLOCKED = 1, BW_FILLING = 2 };

static int barrier_step(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  ac_barrier *b = w->obj;
  int broken;
  if (b == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  if (op->hdr.state != 0)
    sync_remove(w);
  if (op->hdr.state == BW_FILLING) {
    if (op->hdr.err != 0) {
      barrier_exit(b);
      return AC_DONE;
    }
    if (b->state == B_FILLING)
      return sync_park(&b->waiters, w, BW_FILLING);  // not released yet
    broken = b->state == B_BROKEN || b->state == B_RESETTING;
    barrier_exit(b);
    return broken ? ac__op_fail(op, AC_EBROKEN) : AC_DONE;
  }
  // Arriving (state 0) or blocked while the barrier drained or reset.
  if (op->hdr.err != 0)
    return AC_DONE;
  if (b->state == B_DRAINING || b->state == B_RESETTING)
    return sync_park(&b->waiters, w, BW_BLOCKED);
  if (b->state == B_BROKEN)
    return ac__op_fail(op, AC_EBROKEN);
  w->result = (int)b->count++;
  if (b->count == b->parties) {
    b->state = B_DRAINING;
    barrier_notify_all(b);
    barrier_exit(b);
    return AC_DONE;
  }
  return sync_park(&b->waiters, w, BW_FILLING);
}

AC__OP_TYPE(barrier_wait_type, "barrier_wait", sync_waiter, AC_KIND_UINT,
            barrier_step, sync_cancel, sync_waiter_release);


ac_task *ac_barrier_wait(ac_barrier *b)
{
  return sync_waiter_new(&barrier_wait_type, b, NULL, NULL, NULL);
}


void ac_barrier_reset(ac_barrier *b)
{
  if (b == NULL)
    return;
  if (b->count > 0)
    b->state = B_RESETTING;
  else
    b->state = B_FILLING;
  barrier_notify_all(b);
}


void ac_barrier_abort(ac_barrier *b)
{
  if (b == NULL)
    return;
  b->state = B_BROKEN;
  barrier_notify_all(b);
}


unsigned ac_barrier_parties(const ac_barrier *b)
{
  return b != NULL ? b->parties : 0;
}


unsigned ac_barrier_n_waiting(const ac_barrier *b)
{
  return b != NULL && b->state == B_FILLING ? b->count : 0;
}


int ac_barrier_broken(const ac_barrier *b)
{
  return b != NULL && b->state == B_BROKEN;
}
