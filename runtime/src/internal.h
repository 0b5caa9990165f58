// internal.h — declarations shared inside libacrt; never installed.
#ifndef AC_INTERNAL_H
#define AC_INTERNAL_H

#include "acrt.h"

#include <stdint.h>

// Descriptor kinds beyond AC_DESC_FUNC (what a ready-queue entry is).
enum {
  AC__K_FUTURE = 2,  // ac_future: result bytes follow the header
  AC__K_HANDLE = 3,  // ac_handle from call_soon/call_later
  AC__K_DONECB = 4,  // done-callback node (user or combinator)
  AC__K_NODE = 5     // embedded node (gather): no allocation, no reference
};

// An embedded waiter node: lives inside its owner (gather's slot array),
// goes into a task's waiter list, then the ready queue, then runs.
typedef struct ac__node {
  const ac_desc *desc;    // &ac__node_desc
  ac_task *link;          // waiter list / ready queue link
  void (*run)(struct ac__node *node);
  uint32_t state;         // AC__N_*
  uint32_t pad;
} ac__node;

enum { AC__N_IDLE, AC__N_REGISTERED, AC__N_QUEUED, AC__N_RAN };
extern const ac_desc ac__node_desc;

// A future: the task header, then its result.
typedef struct ac__future {
  ac_task hdr;
  uint32_t size;          // result size in bytes
  uint32_t pad;
  unsigned char data[];   // result
} ac__future;

// A scheduled callback (call_soon/call_later) or a done-callback node.  The
// first two words match ac_task so both go on the ready queue.
struct ac_handle {
  const ac_desc *desc;    // &ac__handle_desc or &ac__donecb_desc
  ac_task *link;          // queue link (ready queue, waiter list)
  union {
    ac_cb cb;             // handle: the callback
    ac_task_cb tcb;       // done callback
  } fn;
  void *arg;
  ac_task *target;        // done callback: the task it watches
  double when;            // timer: absolute loop time
  uint64_t seq;           // timer: FIFO among equal deadlines
  uint32_t heap_idx;      // timer: index in the heap
  uint32_t hflags;        // AC__H_*
};

#define AC__H_CANCELLED 1u  // skip when popped
#define AC__H_TIMER 2u      // in the timer heap
#define AC__H_EMBEDDED 4u   // lives inside another object: never freed alone
#define AC__H_RUNNING 8u    // its callback is running
#define AC__H_QUEUED 16u    // on the ready queue

extern const ac_desc ac__future_desc;
extern const ac_desc ac__handle_desc;
extern const ac_desc ac__donecb_desc;

// The loop.
struct ac_loop {
  uv_loop_t uv;
  uv_timer_t timer;        // the one libuv timer: wakes uv_run for our heap
  uv_prepare_t prepare;    // keeps uv_run from blocking once work is ready
  ac_task *rq_head;        // ready queue (tasks and handles), FIFO
  ac_task *rq_tail;
  size_t rq_len;
  ac_handle **heap;        // timer min-heap by (when, seq)
  size_t heap_len;
  size_t heap_cap;
  uint64_t seq;
  uint64_t t0;             // uv_hrtime at creation (real clock)
  double vtime;            // virtual clock
  int virtual_clock;
  int stopping;
  uint32_t next_id;        // for "Task-N"
  int running;
};

extern ac_loop *ac__loop;     // the default loop, or NULL
extern ac_task *ac__current;  // the task being stepped

// pool.c — size-class pools.  Objects (tasks, futures, handles: first word
// a descriptor) come from walkable slabs; raw blocks from their own pools.
// The *_try_ versions return NULL when out of memory; the others abort.
void *ac__obj_alloc(size_t size);
void *ac__obj_try_alloc(size_t size);
void ac__obj_free(void *p, size_t size);
void *ac__mem_alloc(size_t size);
void *ac__mem_try_alloc(size_t size);
void ac__mem_free(void *p, size_t size);
// malloc/realloc through the fault-injection hook (NULL when they fail);
// every allocation the runtime makes from the system goes through these.
void *ac__sys_alloc(size_t size);
void *ac__sys_realloc(void *p, size_t size);
// Tests: fn(size, arg) is asked before each system allocation; nonzero
// makes it fail.  NULL removes the hook.  (Also declared in rt_test.h.)
typedef int (*ac__alloc_hook_fn)(size_t size, void *arg);
void ac__set_alloc_hook(ac__alloc_hook_fn fn, void *arg);
// Calls fn on every live object (tasks, futures, handles).
void ac__obj_foreach(void (*fn)(void *obj, void *arg), void *arg);
// Frees every slab and tracked block (at loop close).
void ac__pool_release_all(void);
_Noreturn void ac__oom(void);
// Objects and blocks still allocated (tests check it before closing).
size_t ac__pool_live(void);
extern size_t ac__live_objs, ac__live_mem;

// The runtime's own async functions (native frames) allocate with
// ac__frame_try_new, which returns the failed task out of memory; the
// constructor checks ac_frame_failed before writing into the frame and
// releases what it was handed.  ac_frame_new, written in a runtime source,
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
// Appends a task or handle to the ready queue (FIFO).
static inline void ac__enqueue(ac_task *e)
{
  ac_loop *loop = ac__loop != NULL ? ac__loop : ac_loop_default();
  e->link = NULL;
  if (loop->rq_tail != NULL)
    loop->rq_tail->link = e;
  else
    loop->rq_head = e;
  loop->rq_tail = e;
  loop->rq_len++;
}
void ac__timer_remove(ac_loop *loop, ac_handle *h);
ac_handle *ac__handle_new(const ac_desc *d);  // aborts when out of memory
ac_handle *ac__handle_try_new(const ac_desc *d);  // NULL when out of memory
int ac__loop_busy(const char *fn, const void *caller);
// ac_call_at / ac_call_later that return NULL when out of memory (the
// public ac_call_* abort): for native frames, which then fail with
// AC_ENOMEM.
ac_handle *ac__call_at_try(ac_loop *loop, double when, ac_cb cb, void *arg);
ac_handle *ac__call_later_try(double delay, ac_cb cb, void *arg);
void ac__handle_free(ac_handle *h);
ac_loop *ac__loop_get(void);

// task.c
void ac__step(ac_task *root);
void ac__run_donecb(ac_handle *node);
void ac__finish(ac_task *t);
void ac__make_root(ac_task *t);
ac_task *ac__root_of(ac_task *frame);
void ac__waiter_add(ac_task *t, ac_task *node);
int ac__waiter_remove(ac_task *t, ac_task *node);
void ac__free_task(ac_task *t);
void *ac__result_ptr(const ac_task *t);
size_t ac__result_size(const ac_task *t);
void ac__node_init(ac_handle *node, ac_task *target, ac_task_cb cb, void *arg);
void ac__names_clear(void);
void ac__wake_frame(ac_task *frame, int err);
int ac__copy_result(ac_task *from, void *dst, size_t size, const char *what);


// error.c — misuse reports (debug builds) with the caller's address.
void ac__misuse(const char *fn, const void *caller, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), cold));
int ac__bad_task(const ac_task *t, const char *fn, const void *caller)
    __attribute__((cold));
// At the top of an API function taking task t: a NULL or freed t is
// reported with the caller and the function returns ret.
#define AC__CHECK_TASK(t, ret)                                            \
  do {                                                                    \
    if (__builtin_expect((t) == NULL || (t)->desc == NULL, 0) &&          \
        ac__bad_task((t), __func__, __builtin_return_address(0)))         \
      return ret;                                                         \
  } while (0)
#define AC__CALLER __builtin_return_address(0)

#endif
