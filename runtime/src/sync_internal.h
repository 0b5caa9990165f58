// sync_internal.h — what sync.c and queue.c share: the waiter op and its
// FIFO wait lists.
//
// Every waiting operation of the primitives (acquire, wait, get, put, join)
// is one ac__op (internal.h), the runtime's single awaitable mechanism.
// While it waits it sits in its primitive's wait list and plays the part of
// the future asyncio's primitives append to their `_waiters` deque: its
// `fut` field is that future's state.  As in asyncio:
//   - a wake-up (lock released, notify, item put) sets fut to SYNC_DONE and
//     schedules the task (ac__op_complete): it resumes on the next pass;
//   - cancelling the waiting task sets fut to SYNC_CANCELLED (the op's
//     cancel hook) and schedules it with AC_ECANCELED;
//   - a task cancelled after its wake-up (fut SYNC_DONE, task queued) sees
//     AC_ECANCELED in the op's step, which then passes the wake-up on;
//   - the waiter leaves the list when its step runs (asyncio's `finally:
//     waiters.remove(fut)`), unless a waker popped it before (the queue's
//     _wakeup_next).
#ifndef AC_SYNC_INTERNAL_H
#define AC_SYNC_INTERNAL_H

#include "internal.h"

enum { SYNC_PENDING, SYNC_DONE, SYNC_CANCELLED };

typedef struct sync_waiter sync_waiter;

// A FIFO of waiters (asyncio's deque of futures).
typedef struct sync_list {
  sync_waiter *head, *tail;
  size_t n;
} sync_list;

// The frame of every waiting operation.  `obj` is the primitive it holds a
// reference to; the other fields are per operation.
struct sync_waiter {
  ac__op op;
  sync_waiter *prev, *next;  // in `list`
  sync_list *list;           // the list it is in, or NULL
  void *obj;                 // the primitive (a reference)
  void *item;                // queue get/put: the caller's item
  int (*pred)(void *arg);    // condition wait_for
  void *arg;
  int fut;     // SYNC_*: the state of asyncio's waiter future
  int err;     // condition: the error to raise once the lock is held again
  int result;  // condition wait_for: pred's value; barrier: the index
};

void sync_push(sync_list *l, sync_waiter *w);
void sync_remove(sync_waiter *w);
// Sets the waiter's future (SYNC_DONE) and schedules its task.
void sync_set(sync_waiter *w);
// Parks w at the end of l; the op's step runs again when it is woken.
int sync_park(sync_list *l, sync_waiter *w, uint16_t state);
// The cancel hook of every waiter op: the future is cancelled, the task
// scheduled with AC_ECANCELED; the waiter stays in its list until it runs.
int sync_cancel(ac__op *op);

// Every primitive starts with this header: it is freed (malloc) when its
// creator and every operation on it have let go.
typedef struct sync_obj {
  uint32_t refs;
  void (*destroy)(struct sync_obj *o);
} sync_obj;

// A zeroed object of size bytes with one reference; NULL out of memory.
void *sync_obj_new(size_t size, void (*destroy)(sync_obj *o));
void *sync_obj_ref(void *p);  // NULL is ignored
void sync_obj_unref(void *p);

// A new waiter op of `type` on primitive obj (referenced by the op).
ac_task *sync_waiter_new(const ac__op_type *type, void *obj, void *item,
                         int (*pred)(void *), void *arg);
// The release hook of every waiter op: out of its list, its reference to
// the primitive dropped.
void sync_waiter_release(ac__op *op);
// Event wait for another primitive's op (the queue's join): AC_DONE if e
// is set, else w is parked on e (state 1).
int sync_event_park(ac_event *e, sync_waiter *w);

#endif
