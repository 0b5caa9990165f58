// internal.h — declarations shared inside libacrt; never installed.
#ifndef AC_INTERNAL_H
#define AC_INTERNAL_H

#include "acrt.h"

#include <stdatomic.h>
#include <stdint.h>

// Descriptor kinds beyond AC_DESC_FUNC (what a ready-queue entry is).
enum {
  AC__K_FUTURE = 2,  // ac_future: result bytes follow the header
  AC__K_HANDLE = 3,  // ac_handle from call_soon/call_later
  AC__K_DONECB = 4,  // done-callback node (user or combinator)
  AC__K_NODE = 5     // embedded node (gather): no allocation, no reference
};

// An embedded waiter node: a bare ac_qnode inside its owner (gather's slot
// array) that goes into a task's waiter list, then maybe the ready queue.
// What it does is in its descriptor, an ac__node_type (kept by its owner).
// When the task ends, ac__finish first offers the node the completion:
// offer returns 1 if it did its work then, which nobody can observe before
// the next pass (so the node skips the queue), or 0 to be queued; the loop
// then calls run on the next pass.
typedef struct ac__node_type {
  ac_desc desc;  // first; kind AC__K_NODE
  int (*offer)(ac_qnode *node, ac_task *done);
  void (*run)(ac_qnode *node);
} ac__node_type;

static inline const ac__node_type *ac__node_type_of(const ac_qnode *node)
{
  return (const ac__node_type *)(const void *)node->desc;
}

// A future: the part of the task header a future uses, at the same
// offsets (code that takes an ac_task * reads err, flags, refs... of
// either), then its result; no up, top, aux (it has no body), so 32 bytes
// on LP64 before the result.  It is never queued itself, so the head of
// its waiter list is kept in q.link (ac__waiters_of).
typedef struct ac__future {
  ac_qnode q;  // desc: &ac__future_desc; link: head of its waiter list
  int32_t err;
  uint16_t state;  // always 0
  uint8_t flags;
  uint8_t ncancel;
  uint32_t refs;
  uint32_t size;         // result size in bytes (where a task has its id)
  unsigned char data[];  // result
} ac__future;

_Static_assert(offsetof(ac__future, err) == offsetof(ac_task, err) &&
                   offsetof(ac__future, state) == offsetof(ac_task, state) &&
                   offsetof(ac__future, flags) == offsetof(ac_task, flags) &&
                   offsetof(ac__future, ncancel) ==
                       offsetof(ac_task, ncancel) &&
                   offsetof(ac__future, refs) == offsetof(ac_task, refs),
               "a future's header is a prefix of the task header");

// A scheduled callback (call_soon/call_later) or a done-callback node.
struct ac_handle {
  ac_qnode q;  // desc: &ac__handle_desc or &ac__donecb_desc
  union {
    ac_cb cb;        // handle: the callback
    ac_task_cb tcb;  // done callback
  } fn;
  void *arg;
  ac_task *target;    // done callback: the task it watches
  double when;        // timer: absolute loop time
  uint64_t seq;       // timer: FIFO among equal deadlines
  uint32_t heap_idx;  // timer: index in the heap
  uint32_t hflags;    // AC__H_*
};

#define AC__H_CANCELLED 1u  // skip when popped
#define AC__H_TIMER 2u      // in the timer heap
#define AC__H_EMBEDDED 4u   // lives inside another object: never freed alone
#define AC__H_RUNNING 8u    // its callback is running
#define AC__H_QUEUED 16u    // on the ready queue
#define AC__H_WHEEL 32u     // (with AC__H_TIMER) in a slot of the wheel

extern const ac_desc ac__future_desc;
extern const ac_desc ac__handle_desc;
extern const ac_desc ac__donecb_desc;

// An entry of the loop's timer heap: the key is copied beside the handle,
// so sifting compares within the array and never follows the pointers.
typedef struct ac__timer_ent {
  double when;
  uint64_t seq;
  ac_handle *h;
} ac__timer_ent;

// The loop.
// threadsafe.c's state of a loop: everything another thread reads is
// under mu (or atomic).
typedef struct ts_item ts_item;
typedef struct ac__ts {
  uv_mutex_t mu;
  uv_cond_t cond;  // a cfuture finished
  ts_item *head, *tail;
  ac_loop *loop;  // the loop while it is open, NULL when closed
  uv_thread_t thread;
  uv_async_t async;
  int async_live;  // async initialised and not closed
  atomic_int pending;
  atomic_long holds;
  struct ac_cfuture *live;  // loop's thread only
} ac__ts;

// A loop.  The structure of a thread's loop is made once and kept until
// the thread exits (other threads may hold its address to post to it);
// ac_loop_default clears everything after `ts` when it opens it again.
struct ac_loop {
  ac__ts ts;  // first: not cleared between openings
  uv_loop_t uv;
  uv_timer_t timer;      // the one libuv timer: wakes uv_run for our heap
  uv_prepare_t prepare;  // keeps uv_run from blocking once work is ready
  uv_poll_t tpoll;       // Linux: watches tfd
  int tfd;               // Linux: timerfd for sub-ms wake-ups, or -1
  ac_qnode *rq_head;     // ready queue (tasks, handles, nodes), FIFO
  ac_qnode *rq_tail;
  size_t rq_len;
  ac__timer_ent *heap;  // timer min-heap by (when, seq), AC__HEAP_D-ary
  size_t heap_len;
  size_t heap_cap;
  struct ac__wheel *wheel;  // 1 ms slots of near deadlines (loop.c)
  int64_t wheel_tick;       // the millisecond of the open slot
  size_t wheel_len;         // timers in the wheel
  uint64_t seq;
  uint64_t t0;   // uv_hrtime at creation (real clock)
  double vtime;  // virtual clock
  double now;    // the clock as last read (pass start, ac_loop_time)
  int in_pass;   // running a pass's entries: timers count from `now`
  int virtual_clock;
  int stopping;
  uint32_t next_id;  // for "Task-N"
  int running;
};

// This thread's loop, or NULL; the task being stepped.
extern AC__THREAD ac_loop *ac__loop;
extern AC__THREAD ac_task *ac__current;

// pool.c — size-class pools.  Objects (tasks, futures, handles: an ac_qnode
// first) come from walkable slabs; raw blocks from their own pools.
// The *_try_ versions return NULL when out of memory; the others abort.
void *ac__obj_alloc(size_t size);
void *ac__obj_try_alloc(size_t size);
void ac__obj_free(void *p, size_t size);
// A free object chunk of class cls back to its pool (ac__obj_free without
// the live count; finish's fast path).  In a class with many chunks
// (ac__pool_spilling: it has carved HUGE_FROM bytes), a chunk that is not
// near the head of the free list is spilled to an array instead of pushed:
// tasks end in any order, and a free list in that order sends the next
// burst of allocations (ac_frame_new's inline pop) chasing one cache miss
// after another through megabytes of slabs (bench e's spawn, 4x slower
// than from a fresh slab).  When the list runs dry the pool moves spilled
// chunks back onto it a batch at a time (obj_refill), their addresses read
// from the array, so their misses overlap.
extern AC__THREAD uint8_t ac__pool_spilling[AC__NCLASS];
void ac__pool_spill(size_t cls, ac_qnode *c);
// Whether chunk c is within 4 KiB of chunk d, either side (unsigned).
static inline int ac__pool_near(const void *c, const void *d)
{
  return (uintptr_t)c - (uintptr_t)d + 4096u <= 8192u;
}
static inline void ac__pool_put(size_t cls, ac_qnode *c)
{
  ac_qnode **fl = &ac__pool_free[cls];
  c->desc = NULL;
  if (ac__pool_spilling[cls] && *fl != NULL && !ac__pool_near(c, *fl)) {
    ac__pool_spill(cls, c);
    return;
  }
  c->link = *fl;
  *fl = c;
}
void *ac__mem_alloc(size_t size);
void *ac__mem_try_alloc(size_t size);
// ac__mem_try_alloc for a block the caller writes in full at once (a large
// one may be mapped with huge pages).
void *ac__mem_try_alloc_dense(size_t size);
void ac__mem_free(void *p, size_t size);
// malloc/realloc through the fault-injection hook (NULL when they fail);
// every allocation the runtime makes from the system goes through these.
void *ac__sys_alloc(size_t size);
void *ac__sys_realloc(void *p, size_t size);
// Tests: fn(size, arg) is asked before each system allocation; nonzero
// makes it fail.  NULL removes the hook.  (Also declared in rt_test.h.)
typedef int (*ac__alloc_hook_fn)(size_t size, void *arg);
void ac__set_alloc_hook(ac__alloc_hook_fn fn, void *arg);
// loop.c: a thread's first use of the runtime (its first slab or loop):
// what it made is freed when it exits.
void ac__thread_register(void);
// Whether p is an object of this thread's pools (debug mode's check that
// a task is used on its own loop's thread; walks the slabs).
int ac__pool_owns(const void *p);
// Calls fn on every live object (tasks, futures, handles).
void ac__obj_foreach(void (*fn)(ac_qnode *obj, void *arg), void *arg);
// The end of a pass: the untouched rest of huge slabs goes back (pool.c,
// "Huge slabs"); ac__pool_untrimmed says whether there is any.
void ac__pool_trim(void);
extern AC__THREAD int ac__pool_untrimmed;
// Frees every slab and tracked block (at loop close).
void ac__pool_release_all(void);
_Noreturn void ac__oom(void);
// Objects and blocks still allocated (tests check it before closing).
size_t ac__pool_live(void);
extern AC__THREAD size_t ac__live_objs, ac__live_mem;

// The runtime's own awaitables (ops) allocate with ac__frame_try_new (in
// ac__op_new), which returns the failed task out of memory; the caller
// checks ac_frame_failed before writing into the frame and releases what
// it was handed.  ac_frame_new, written in a runtime source,
// aborts instead ("libacrt: out of memory"), so a new constructor that
// forgets the check cannot write into the failed task.
static inline ac_task *ac__frame_try_new(const ac_desc *d)
{
  return ac_frame_new(d);
}
static inline ac_task *ac__frame_new_or_abort(const ac_desc *d)
{
  ac_task *t = ac_frame_new(d);
  if (ac_frame_failed(t))
    ac__oom();
  return t;
}
#define ac_frame_new(d) ac__frame_new_or_abort(d)

// loop.c
// What a queue entry is, by its kind (the qnode is each one's first member).
static inline ac_task *ac__task_of(ac_qnode *q)
{
  return (ac_task *)((char *)q - offsetof(ac_task, q));
}
static inline ac_handle *ac__handle_of(ac_qnode *q)
{
  return (ac_handle *)((char *)q - offsetof(ac_handle, q));
}

// Appends an entry to loop's ready queue (FIFO).
static inline void ac__enqueue_on(ac_loop *loop, ac_qnode *e)
{
  e->link = NULL;
  if (loop->rq_tail != NULL)
    loop->rq_tail->link = e;
  else
    loop->rq_head = e;
  loop->rq_tail = e;
  loop->rq_len++;
}

// The same on the running loop (the default loop, created if need be).
static inline void ac__enqueue(ac_qnode *e)
{
  ac__enqueue_on(ac__loop != NULL ? ac__loop : ac_loop_default(), e);
}
void ac__timer_remove(ac_loop *loop, ac_handle *h);
// timers.c: h (its `when` set) into the heap or the wheel; 0 or AC_ENOMEM.
int ac__timer_add(ac_loop *loop, ac_handle *h);
// The due timers (deadline <= now) to the ready queue, in order.
void ac__timers_collect(ac_loop *loop, double now);
double ac__timers_next(ac_loop *loop);  // the next deadline, or NAN
void ac__timers_free(ac_loop *loop);
ac_handle *ac__handle_new(const ac_desc *d);      // aborts when out of memory
ac_handle *ac__handle_try_new(const ac_desc *d);  // NULL when out of memory
int ac__loop_busy(const char *fn, const void *caller);
// ac_call_at / ac_call_later that return NULL when out of memory (the
// public ac_call_* abort): for ops, which then fail with
// AC_ENOMEM.
ac_handle *ac__call_at_try(ac_loop *loop, double when, ac_cb cb, void *arg);
ac_handle *ac__call_later_try(double delay, ac_cb cb, void *arg);
// ac__call_later_try for a handle inside the caller's object (sleep.c):
// no allocation.  The object must outlive the handle's stay on the ready
// queue: ac_handle_cancel leaves a handle that already fired there, to be
// skipped (not freed) when the pass reaches it.  0, or AC_ENOMEM.
int ac__timer_start(ac_handle *h, double delay, ac_cb cb, void *arg);

// http.c: closes the HTTP client's connections and open bodies (from
// ac_loop_close, before the loop's handles are closed).
void ac__http_loop_close(void);
void ac__handle_free(ac_handle *h);
// This thread's loop, made if there is none yet (inline: every timer armed
// asks for it).
static inline ac_loop *ac__loop_get(void)
{
  return ac__loop != NULL ? ac__loop : ac_loop_default();
}

// task.c
void ac__step(ac_task *root);
void ac__run_donecb(ac_handle *node);
void ac__finish(ac_task *t);
void ac__make_root(ac_task *t);
ac_task *ac__root_of(ac_task *frame);
void ac__waiter_add(ac_task *t, ac_qnode *node);
int ac__waiter_remove(ac_task *t, ac_qnode *node);
void ac__free_task(ac_task *t);
void *ac__result_ptr(const ac_task *t);
size_t ac__result_size(const ac_task *t);
void ac__node_init(ac_handle *node, ac_task *target, ac_task_cb cb, void *arg);
void ac__names_clear(void);
// Forgets t's name (describe.c; when t is freed or renamed).
void ac__name_drop(ac_task *t);
// The static tasks (the bare yield, the failed task): never freed.
static inline int ac__immortal(const ac_task *t)
{
  return t == &ac__yield_task || t == &ac__nomem_task;
}
void ac__wake_frame(ac_task *frame, int err);
int ac__copy_checked(ac_task *a, void *dst, const void *src, size_t have,
                     size_t want, const char *what);

// Copies a's result into dst; `rtype` is the target's result type
// (acrt_abi.h: a size, with its type class if known).  Inline: gather
// copies one per child, so the common sizes are constant-size moves and
// the checks of equal result types (or a plain size equal to the
// result's) are two compares; anything else is ac__copy_checked's.
static inline int ac__copy_result(ac_task *a, void *dst, size_t rtype,
                                  const char *what)
{
  const ac_desc *d = a->q.desc;
  const unsigned char *src;
  size_t have, size = AC_RTYPE_SIZE(rtype);
  if (dst == NULL)
    return 0;
  if (d->kind == AC__K_FUTURE) {
    have = ((const ac__future *)a)->size;
    src = ((const ac__future *)a)->data;
  } else {
    have = d->result_type;
    src = (const unsigned char *)a + d->result_off;
  }
  if (__builtin_expect(have != rtype, 0) &&
      (rtype != size || AC_RTYPE_SIZE(have) != size))
    return ac__copy_checked(a, dst, src, have, rtype, what);
  switch (size) {
  case 0: break;
  case 1: memcpy(dst, src, 1); break;
  case 2: memcpy(dst, src, 2); break;
  case 4: memcpy(dst, src, 4); break;
  case 8: memcpy(dst, src, 8); break;
  default: memcpy(dst, src, size); break;
  }
  return 0;
}


// error.c — misuse reports (debug builds) with the caller's address.
void ac__misuse(const char *fn, const void *caller, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), cold));
int ac__bad_task(const ac_task *t, const char *fn, const void *caller)
    __attribute__((cold));
// At the top of an API function taking task t: a NULL or freed t is
// reported with the caller and the function returns ret.
#define AC__CHECK_TASK(t, ret)                                                 \
  do {                                                                         \
    AC__DEBUG_TASK(t);                                                         \
    if (__builtin_expect((t) == NULL || (t)->q.desc == NULL, 0) &&             \
        ac__bad_task((t), __func__, __builtin_return_address(0)))              \
      return ret;                                                              \
  } while (0)
#define AC__CALLER __builtin_return_address(0)

// debug.c — debug mode (AC_DEBUG=1), the exception handler, all_tasks.
// Hidden: a flag the fast paths test is one compare (no GOT load).
#define AC__HIDDEN __attribute__((visibility("hidden")))
extern int ac__debug AC__HIDDEN;  // debug mode on: the flag the paths test
extern AC__THREAD int ac__eager AC__HIDDEN;  // ac_loop_set_eager_tasks
void ac__debug_open(ac_loop *loop);
void ac__debug_close(void);
void ac__debug_thread(const char *fn, const void *caller) __attribute__((cold));
void ac__debug_task(const void *t, const char *fn, const void *caller)
    __attribute__((cold));
void ac__debug_run(ac_qnode *e, void (*run)(ac_qnode *e));
void ac__debug_created(ac_task *t, const void *caller);
void ac__debug_freed(ac_task *t);
void ac__debug_left(ac_qnode *obj);
void ac__report_unretrieved(ac_task *t);
// At the top of an entry point: in debug mode, a call with a loop that is
// not the calling thread's, or a task of another thread's loop, is
// reported at once.
#define AC__DEBUG_LOOP(loop)                                                   \
  do {                                                                         \
    if (__builtin_expect(ac__debug, 0) && (loop) != ac__loop)                  \
      ac__debug_thread(__func__, AC__CALLER);                                  \
  } while (0)
#define AC__DEBUG_TASK(t)                                                      \
  do {                                                                         \
    if (__builtin_expect(ac__debug, 0))                                        \
      ac__debug_task((t), __func__, AC__CALLER);                               \
  } while (0)
// pool.c: debug mode moves the inline free lists aside (creation sites).
void ac__pool_divert(void);
// task.c: the .ac line a frame waits at (its definition before it starts).
unsigned ac__frame_line(const ac_task *f);

// threadsafe.c, signal.c
void ac__ts_init(ac__ts *ts);
void ac__ts_destroy(ac__ts *ts);
void ac__ts_open(ac_loop *loop);
void ac__ts_poll(ac_loop *loop);
void ac__ts_drain(ac_loop *loop);
void ac__ts_close(ac_loop *loop);
int ac__ts_on_loop_thread(const ac_loop *loop);
void ac__signal_close(ac_loop *loop);

// Native operations (op.c) -------------------------------------------------
//
// Every awaitable the runtime writes in C (sleep, the combinators, streams,
// TCP, DNS, files, threads, processes, HTTP) is an ac__op: a frame whose
// descriptor is an ac__op_type, so that the task machinery (await, cancel,
// free) treats it as any async function while the op only says how to start
// and finish.  docs/abi.md §7 walks through one (a 20-line event).
//
// Life of an op:
//   AC__OP_NEW(FRAME, &type, .field = value...)
//                            allocates the frame (ac__op_new: the one
//                            allocation point), fields set, others zero
//   type.step(op)            runs when the frame is resumed: state 0 starts
//                            (never called if cancelled before it started);
//                            returns AC_DONE, ac__op_fail(op, err), or
//                            ac__op_park(op, slot) to wait
//   ac__op_complete(op, err) the native side is done: unparks the op and
//                            wakes its task; step runs again (state != 0)
//   cancellation             of a parked op: type.cancel, then (for
//                            AC__OP_CANCEL_NOW) ac__op_complete(op,
//                            AC_ECANCELED); an op that is not parked is
//                            not cancelled now (raised at its next await)
//   type.release(op)         when the frame is freed: what it still holds
//
// A parked op may sit in a *slot*, a pointer that the thing it waits on
// keeps (a stream's reader, a request block's back pointer): the waker finds
// the op there (ac__op_wake), and completion or cancellation clears it, so
// neither side is left pointing at the other.
typedef struct ac__op ac__op;
struct ac__op {
  ac_task hdr;    // an op is a frame (first)
  ac__op **slot;  // parked: its slot (or a dummy one); NULL otherwise
};

// What type.cancel returns.
enum {
  AC__OP_CANCEL_NO = 0,     // cannot be cancelled now: raised at the next await
  AC__OP_CANCEL_LATER = 1,  // cancellation requested: the native side will
                            // complete the op (e.g. with UV_ECANCELED)
  AC__OP_CANCEL_NOW = 2     // detached: complete the op with AC_ECANCELED now
};

typedef struct ac__op_type {
  ac_desc desc;                 // the frame's descriptor (first)
  int (*step)(ac__op *op);      // start / go on after a wake-up
  int (*cancel)(ac__op *op);    // NULL: AC__OP_CANCEL_NOW
  void (*release)(ac__op *op);  // NULL: nothing to release
} ac__op_type;

int ac__op_resume(ac_task *self);
int ac__op_cancel(ac_task *self);
void ac__op_destroy(ac_task *self);

// The type of an op whose frame struct FRAME (an ac__op first) has a member
// `result` rendered as KIND; AC__OP_TYPE_VOID for an op without a result.
// The descriptor names the runtime file and the line of the definition.
#ifdef __FILE_NAME__
#define AC__OP_FILE "acrt/" __FILE_NAME__
#else
#define AC__OP_FILE "acrt"
#endif
#define AC__OP_TYPE_(var, fname, frame, roff, rsize, rtype, rkind, step_fn,    \
                     cancel_fn, release_fn)                                    \
  static const ac__op_type var = {                                             \
      .desc = {.resume = ac__op_resume,                                        \
               .name = fname,                                                  \
               .file = AC__OP_FILE,                                            \
               .line = __LINE__,                                               \
               .frame_size = sizeof(frame),                                    \
               .result_off = (roff),                                           \
               .result_size = (rsize),                                         \
               .size_class = AC_SIZE_CLASS(sizeof(frame)),                     \
               .result_kind = (rkind),                                         \
               .kind = AC_DESC_FUNC,                                           \
               .cancel = ac__op_cancel,                                        \
               .destroy = AC__OP_DESTROY(release_fn),                          \
               .result_type = (rtype)},                                        \
      .step = (step_fn),                                                       \
      .cancel = (cancel_fn),                                                   \
      .release = (release_fn)}
// An op without a release hook has nothing to do when it is freed (a
// completed op holds no slot), so its descriptor has no destroy function
// and the frame goes back to its pool on ac_await_end's inline fast path.
#define AC__OP_DESTROY(release_fn)                                             \
  _Generic((release_fn), void * : NULL, default : ac__op_destroy)
#define AC__OP_TYPE(var, fname, frame, kind, step_fn, cancel_fn, release_fn)   \
  AC__OP_TYPE_(var, fname, frame, offsetof(frame, result),                     \
               sizeof(((frame *)0)->result),                                   \
               AC_RESULT_SIZE(((frame *)0)->result), kind, step_fn, cancel_fn, \
               release_fn)
#define AC__OP_TYPE_VOID(var, fname, frame, step_fn, cancel_fn, release_fn)    \
  AC__OP_TYPE_(var, fname, frame, 0, 0, 0, AC_KIND_VOID, step_fn, cancel_fn,   \
               release_fn)

// A new op of the given type: one reference (the caller's), not started;
// the fields after the task header are copied from *init (a FRAME), or
// zeroed if init is NULL.  Returns the frame, or out of memory the failed
// task (ac_frame_failed; its await raises AC_ENOMEM) after type.release
// has let go of what *init holds; a constructor that passes NULL and fills
// the frame itself checks ac_frame_failed first.  The one place an op is
// allocated; inline, so that with a constant type the copy from a
// compound literal (AC__OP_NEW) folds into plain stores.
static inline void *ac__op_new(const ac__op_type *type, const void *init)
{
  ac_task *t = ac__frame_try_new(&type->desc);
  size_t n = type->desc.frame_size - sizeof *t;
  if (ac_frame_failed(t)) {
    // Out of memory: the failed task, whose await raises AC_ENOMEM.  What
    // the op was handed (init: a FRAME, header zero, never started) is let
    // go as the frame's release would have.
    if (init != NULL && type->release != NULL)
      type->release((ac__op *)(uintptr_t)init);
    return t;
  }
  if (init != NULL)
    memcpy((char *)t + sizeof *t, (const char *)init + sizeof *t, n);
  else
    memset((char *)t + sizeof *t, 0, n);
  ((ac__op *)t)->slot = NULL;
  return t;
}
// The usual constructor body: `return AC__OP_NEW(FRAME, &type, .field =
// value, ...);` (unnamed fields are zero).
#define AC__OP_NEW(FRAME, type, ...)                                           \
  ((ac_task *)ac__op_new((type), &(FRAME){__VA_ARGS__}))
// Suspends the op until ac__op_complete.  slot (may be NULL) is where the
// waker finds it; a slot already taken fails the op with UV_EBUSY (one
// waiter at a time).  Sets state 1 if it is 0.  Returns what step returns.
int ac__op_park(ac__op *op, ac__op **slot);
// Completes a parked op with err (0: success; the op's result fields are
// written before) and schedules its task.  A no-op if the op is not
// parked (already completed or cancelled).
void ac__op_complete(ac__op *op, int err);
// Completes the op parked in *slot, if any.
void ac__op_wake(ac__op **slot, int err);
// Ends the op now with err; for step: `return ac__op_fail(op, err);`.
int ac__op_fail(ac__op *op, int err);
// The libuv loop ops run on (that of the default loop).
#define AC__UVLOOP() ac_loop_uv(ac__loop_get())

#endif
