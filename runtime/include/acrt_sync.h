// acrt_sync.h — coordination between tasks: Lock, Event, Condition,
// Semaphore, BoundedSemaphore, Barrier and Queue (FIFO, LIFO, priority),
// with asyncio 3.13's semantics (included by acrt.h).
//
//   await ac_lock_acquire(l);
//   defer ac_lock_release(l);
//
//   await ac_queue_put(q, &item);     // copies item_size bytes from &item
//   await ac_queue_get(q, &item);     // copies the oldest item into &item
//
// Rules shared by everything in this header (docs/runtime.md, "Queues and
// synchronisation"):
// - Each primitive is created with ac_<noun>_new and freed with
//   ac_<noun>_free; it is allocated with malloc, not tied to a loop, and
//   may be created before ac_run.  Every pending operation on it (a
//   constructed or suspended acquire, wait, get, put...) holds a reference
//   of its own, so freeing it while tasks wait is safe: they keep waiting
//   (until cancelled), as on a Python object that is still referenced.
//   The constructors return NULL when out of memory; an operation on a
//   NULL primitive raises AC_ENOMEM (so `new` needs no check before the
//   first await), the plain calls on NULL return AC_ENOMEM.
// - Waiters are served in FIFO order.  A waiter woken up (granted the lock,
//   notified, handed a free slot) whose task is cancelled before it runs
//   passes the wake-up on to the next waiter: nothing is lost.  A cancelled
//   get never consumes an item, a cancelled put never inserts one.
// - Errors are negative codes (AC_SYNC_ERRNO_MAP below, AC_EINVAL,
//   AC_ENOMEM); the async functions raise them, the plain ones return them.
// - Only the loop's thread may call these functions.
#ifndef AC_ACRT_SYNC_H
#define AC_ACRT_SYNC_H

#include <stddef.h>

// Errors of this header (asyncio's exception in brackets).
#define AC_SYNC_ERRNO_MAP(XX)                                                  \
  XX(EQUEUEEMPTY, -30200, "queue is empty")             /* QueueEmpty */       \
  XX(EQUEUEFULL, -30201, "queue is full")               /* QueueFull */        \
  XX(ESHUTDOWN, -30202, "queue is shut down")           /* QueueShutDown */    \
  XX(ENOTLOCKED, -30203, "lock is not acquired")        /* RuntimeError */     \
  XX(EBROKEN, -30204, "barrier is broken or was reset") /* BrokenBarrierError */

enum {
#define AC__SYNC_ERR_ENUM(name, value, msg) AC_##name = (value),
  AC_SYNC_ERRNO_MAP(AC__SYNC_ERR_ENUM)
#undef AC__SYNC_ERR_ENUM
};

typedef struct ac_lock ac_lock;
typedef struct ac_event ac_event;
typedef struct ac_condition ac_condition;
typedef struct ac_semaphore ac_semaphore;
typedef struct ac_barrier ac_barrier;
typedef struct ac_queue ac_queue;

// ---------------------------------------------------------------------------
// Lock (asyncio.Lock): not owned by a task; FIFO fair — once released, the
// first waiter gets it even if another task asks before that waiter runs.

// A new unlocked lock (NULL when out of memory); free with ac_lock_free.
ac_lock *ac_lock_new(void);
// Drops the creator's reference (pending operations keep theirs).  NULL is
// ignored.
void ac_lock_free(ac_lock *l);
// Acquires the lock: at once if it is free and nobody waits (no
// suspension), else waits its turn.  A cancellation raises AC_ECANCELED and
// leaves the lock as it was (a wake-up it had received goes to the next
// waiter).
AC_ASYNC_DECL(void, ac_lock_acquire, (ac_lock *l));
// Releases the lock and wakes the first waiter.  AC_ENOTLOCKED if it is not
// locked (asyncio: RuntimeError).  Any task may release it.
int ac_lock_release(ac_lock *l);
// 1 if locked.
int ac_lock_locked(const ac_lock *l);

// ---------------------------------------------------------------------------
// Event (asyncio.Event): a flag tasks wait for.

ac_event *ac_event_new(void);  // unset; NULL when out of memory
void ac_event_free(ac_event *e);
// Sets the flag and wakes every waiter (a no-op if it is set).
void ac_event_set(ac_event *e);
// Clears the flag; tasks already woken still return from wait.
void ac_event_clear(ac_event *e);
int ac_event_is_set(const ac_event *e);
// Returns at once if the flag is set, else waits until ac_event_set.
AC_ASYNC_DECL(void, ac_event_wait, (ac_event *e));

// ---------------------------------------------------------------------------
// Condition (asyncio.Condition): waiters notified under a lock.

// A condition over `lock` (borrowed: it must outlive the condition), or
// over a lock of its own when lock is NULL.  NULL when out of memory.
ac_condition *ac_condition_new(ac_lock *lock);
void ac_condition_free(ac_condition *c);
// The condition's lock: acquire and release it with ac_lock_acquire /
// ac_lock_release (asyncio's Condition.acquire/release/locked).
ac_lock *ac_condition_lock(ac_condition *c);
// Releases the lock, waits for a notify, re-acquires the lock (even when
// cancelled: the lock is held again whenever this returns or raises).
// Raises AC_ENOTLOCKED if the lock is not held.  A waiter cancelled after
// it was notified passes the notification on (asyncio 3.13).
AC_ASYNC_DECL(void, ac_condition_wait, (ac_condition *c));
// Waits until pred(arg) is nonzero (checked first, then after each wake-up,
// with the lock held); returns pred's last value.
AC_ASYNC_DECL(int, ac_condition_wait_for,
              (ac_condition *c, int (*pred)(void *arg), void *arg));
// Wakes up to n waiters (ac_condition_notify_all: all of them); the caller
// must hold the lock (else AC_ENOTLOCKED).  Returns 0.
int ac_condition_notify(ac_condition *c, size_t n);
int ac_condition_notify_all(ac_condition *c);

// ---------------------------------------------------------------------------
// Semaphore and BoundedSemaphore (asyncio 3.13): a counter; acquire waits
// while it is 0 or while earlier acquirers wait (FIFO).

// value: the initial counter.  NULL when out of memory.
ac_semaphore *ac_semaphore_new(unsigned value);
// A bounded semaphore: releasing it above `value` fails with AC_EINVAL
// (asyncio: ValueError).
ac_semaphore *ac_semaphore_new_bounded(unsigned value);
void ac_semaphore_free(ac_semaphore *s);
AC_ASYNC_DECL(void, ac_semaphore_acquire, (ac_semaphore *s));
// Increments the counter and wakes the first waiter.  0, or AC_EINVAL for
// a bounded semaphore already at its initial value.
int ac_semaphore_release(ac_semaphore *s);
// 1 if an acquire would wait (counter 0, or tasks waiting).
int ac_semaphore_locked(const ac_semaphore *s);
unsigned ac_semaphore_value(const ac_semaphore *s);

// ---------------------------------------------------------------------------
// Barrier (asyncio.Barrier): `parties` tasks meet, then all go on.

// parties >= 1 (else NULL, as when out of memory).
ac_barrier *ac_barrier_new(unsigned parties);
void ac_barrier_free(ac_barrier *b);
// Waits until `parties` tasks wait, then all return; the result is each
// one's arrival index, 0..parties-1.  Tasks arriving while the barrier
// drains (or resets) wait for the next round.  Raises AC_EBROKEN if the
// barrier is broken (ac_barrier_abort) or reset while waiting.  A
// cancelled waiter leaves the round (the count goes down), as in asyncio.
AC_ASYNC_DECL(unsigned, ac_barrier_wait, (ac_barrier *b));
// Back to the empty state; current waiters raise AC_EBROKEN.  (A plain
// call: asyncio's reset() is a coroutine only to take its lock.)
void ac_barrier_reset(ac_barrier *b);
// Breaks the barrier: current and future waits raise AC_EBROKEN until reset.
void ac_barrier_abort(ac_barrier *b);
unsigned ac_barrier_parties(const ac_barrier *b);
unsigned ac_barrier_n_waiting(const ac_barrier *b);  // while filling
int ac_barrier_broken(const ac_barrier *b);

// ---------------------------------------------------------------------------
// Queue (asyncio.Queue / LifoQueue / PriorityQueue, 3.13 with shutdown).
// Items are values of item_size bytes, copied in and out, so a queue
// carries any C type (an int, a struct, a pointer).

// Orders a priority queue: negative if a comes out before b.  Items that
// compare equal come out in insertion order (the queue is stable; asyncio
// compares (priority, data) tuples instead).
typedef int (*ac_queue_cmp)(const void *a, const void *b, void *arg);

// maxsize 0: unbounded.  item_size >= 1.  NULL when out of memory (or
// item_size 0).  Free with ac_queue_free.
ac_queue *ac_queue_new(size_t item_size, size_t maxsize);       // FIFO
ac_queue *ac_queue_new_lifo(size_t item_size, size_t maxsize);  // LIFO
ac_queue *ac_queue_new_priority(size_t item_size, size_t maxsize,
                                ac_queue_cmp cmp, void *arg);  // smallest first
// Drops the creator's reference; the items left are discarded with the
// queue (they are values: nothing is freed for them).
void ac_queue_free(ac_queue *q);

// Waits for a free slot, then copies item_size bytes from *item (borrowed
// until the await ends).  Raises AC_ESHUTDOWN once the queue is shut down
// (also in a put that was waiting), AC_ENOMEM if the buffer cannot grow.
AC_ASYNC_DECL(void, ac_queue_put, (ac_queue *q, const void *item));
// Waits for an item and copies it into *item (item_size bytes; borrowed
// until the await ends; NULL discards it).  Raises AC_ESHUTDOWN when the
// queue is shut down and empty (at once after an immediate shutdown).
AC_ASYNC_DECL(void, ac_queue_get, (ac_queue *q, void *item));
// Without waiting: 0, AC_EQUEUEFULL, AC_ESHUTDOWN, AC_ENOMEM, or AC_EINVAL
// (item NULL; the async put raises it).
int ac_queue_put_nowait(ac_queue *q, const void *item);
// Without waiting: 0, AC_EQUEUEEMPTY, or AC_ESHUTDOWN (shut down and empty).
int ac_queue_get_nowait(ac_queue *q, void *item);
// One item taken out has been processed.  0, or AC_EINVAL when called more
// times than items were put.
int ac_queue_task_done(ac_queue *q);
// Waits until every item put has been marked done with task_done.
AC_ASYNC_DECL(void, ac_queue_join, (ac_queue *q));
// Shuts the queue down: puts raise AC_ESHUTDOWN (waiting putters are woken
// and raise it); gets raise it once the queue is empty.  immediate: the
// items left are dropped (each counts as done for join) and waiting
// getters raise at once.  Calling it again is harmless.
void ac_queue_shutdown(ac_queue *q, int immediate);
size_t ac_queue_size(const ac_queue *q);  // items in the queue
size_t ac_queue_maxsize(const ac_queue *q);
int ac_queue_empty(const ac_queue *q);
int ac_queue_full(const ac_queue *q);  // never for an unbounded queue

#endif
