// acrt_abi.h — the task ABI that translated async functions compile against.
//
// Users include <acrt.h>; this header is what `acc`'s coroutine lowering
// (and the runtime's own hand-written async functions) build on.  Every
// field here is private to the runtime unless a comment says the generated
// code may touch it.  docs/abi.md walks through one complete example.
//
// Shape of an async function `async T f(P)` in C:
//
//   struct f__frame { ac_task hdr; T result; P params...; locals... };
//   static int f__resume(ac_task *self);          // the state machine
//   static const ac_desc f__desc = AC_DESC_INIT(...);
//   ac_task *f(P) { ac_task *t = ac_frame_new(&f__desc); copy params; return t; }
//
// Each `await` saves the state, hands the awaitable to the runtime (returns
// AC_SUSPENDED if that suspended), and at the resume label calls
// ac_await_end(), which copies the result out and says whether the await
// raised.  See docs/abi.md.
#ifndef AC_ACRT_ABI_H
#define AC_ACRT_ABI_H

#include <stddef.h>
// acrt_all_async.h (acc --all-async) includes this header before the
// program's first line, where <stdint.h> and <string.h> would fix the
// feature-test macros too early; it gives the few names needed itself.
#ifndef AC__ABI_NO_LIBC
#include <stdint.h>
#include <string.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ac_task ac_task;
typedef struct ac_desc ac_desc;
typedef struct ac_qnode ac_qnode;

// What a resume function returns.
enum {
  AC_DONE = 0,      // the frame finished: result in its slot, or self->err set
  AC_SUSPENDED = 1  // the frame waits; the runtime resumes it later
};

// The resume function of an async function: runs the frame from its saved
// state (self->state) to the next suspension or to its end.
typedef int (*ac_resume_fn)(ac_task *self);

// How ac_task_describe() renders a finished task's result (the result is
// untyped bytes at run time; the lowering records the declared type here).
enum ac_result_kind {
  AC_KIND_VOID = 0,  // no result: rendered "None"
  AC_KIND_INT,       // signed integer of result_size bytes: decimal
  AC_KIND_UINT,      // unsigned integer: decimal
  AC_KIND_FLOAT,     // float/double: %g
  AC_KIND_STR,       // char * / const char *: 'text' (NULL: None)
  AC_KIND_PTR,       // any other pointer: 0x... (masked in samples)
  AC_KIND_BYTES      // struct/union/array: <N bytes>
};

// A result type: a result's size and its type class packed in one size_t,
// so that an await checks both with the one compare it made of the size.
// The class is the C compiler's __builtin_classify_type (gcc's and clang's
// type classes: integer, enum, pointer, real, record, ...) plus one, in the
// top byte; 0 there means "unknown": then only the size is checked.  A
// plain `sizeof x` is such a result type, so every function that takes a
// result size accepts one; AC_RESULT_SIZE(x) adds x's class.  Sizes must
// stay below 1 << AC_RTYPE_SHIFT (16 MiB where size_t has 32 bits).
enum { AC_RTYPE_SHIFT = (int)(sizeof(size_t) * 8 - 8) };
#define AC_RTYPE_SIZE(rt) ((size_t)(rt) & (((size_t)1 << AC_RTYPE_SHIFT) - 1))
#define AC_RTYPE_CLASS(rt) ((unsigned)((size_t)(rt) >> AC_RTYPE_SHIFT))
#if defined(__GNUC__)
// sizeof x with x's type class: pass it for the result size of ac_gather,
// ac_wait_for, ac_shield, ac_task_result (x is not evaluated).
#define AC_RESULT_SIZE(x)                                                      \
  (sizeof(x) | (size_t)(__builtin_classify_type(x) + 1) << AC_RTYPE_SHIFT)
#else
#define AC_RESULT_SIZE(x) sizeof(x)
#endif

// One static const descriptor per async function: everything that is the
// same for every frame of that function, so the per-task header is small.
struct ac_desc {
  ac_resume_fn resume;          // the state machine
  const char *name;             // function name, e.g. "fetch"
  const char *file;             // .ac file where it is defined
  const uint32_t *await_lines;  // await_lines[s]: .ac line of the await whose
      // resume state is s (index 0: unused); may be NULL
  uint32_t nstates;      // number of entries in await_lines
  uint32_t line;         // line of the definition
  uint32_t frame_size;   // sizeof the frame struct
  uint32_t result_off;   // offsetof the result slot in the frame
  uint32_t result_size;  // sizeof the result (0 for void)
  uint16_t size_class;   // AC_SIZE_CLASS(frame_size)
  uint8_t result_kind;   // enum ac_result_kind
  uint8_t kind;          // AC_DESC_FUNC in generated code (runtime kinds
                         // for futures, handles and nodes)
  // Native frames only (runtime-written awaitables; NULL in generated code):
  // called when the task suspended at this frame is cancelled; detaches the
  // native resource and arranges for the frame to be resumed with an error.
  // Returns 1 if it did, 0 if the cancellation must wait for the next await.
  int (*cancel)(ac_task *self);
  // Optional: releases what the frame holds when it is freed (runtime only).
  void (*destroy)(ac_task *self);
  // The result's size and type class (AC_RESULT_SIZE of the result slot; 0
  // for void): what ac_await_end compares with the target's.
  size_t result_type;
};

#define AC_DESC_FUNC 1

// Size classes of the frame pools: 8-byte steps up to AC_POOL_FINE bytes
// (where most frames and futures are: a 72-byte frame takes 72 bytes), then
// 16-byte steps up to AC_POOL_MAX bytes; class 0 means "too big for a
// pool" (a tracked malloc).  Chunks are as aligned as their size allows
// (a slab's chunks start on a cache line), which suffices: an object's size
// is a multiple of its alignment, so a frame with a 16-aligned member has a
// size in 16-byte steps and lands on 16-byte boundaries.
#define AC_POOL_FINE_STEP 8u
#define AC_POOL_FINE 128u
#define AC_POOL_STEP 16u
#define AC_POOL_MAX 1024u
#define AC_SIZE_CLASS(size)                                                    \
  ((size) <= AC_POOL_FINE                                                      \
       ? (uint16_t)(((size) + AC_POOL_FINE_STEP - 1) / AC_POOL_FINE_STEP)      \
   : (size) <= AC_POOL_MAX                                                     \
       ? (uint16_t)(AC_POOL_FINE / AC_POOL_FINE_STEP +                         \
                    ((size)-AC_POOL_FINE + AC_POOL_STEP - 1) / AC_POOL_STEP)   \
       : 0)
// The number of size classes (class 0 included).
#define AC__NCLASS                                                             \
  (AC_POOL_FINE / AC_POOL_FINE_STEP +                                          \
   (AC_POOL_MAX - AC_POOL_FINE) / AC_POOL_STEP + 1)

// Initialiser for a descriptor (designated, so the lowering cannot get the
// order wrong).  FRAME is the frame struct type, RESULT the result member
// (or omit the result with AC_DESC_INIT_VOID).
#define AC_DESC_INIT(RESUME, NAME, FILE, LINE, LINES, FRAME, RESULT, KIND)     \
  {                                                                            \
    .resume = (RESUME), .name = (NAME), .file = (FILE),                        \
    .await_lines = (LINES),                                                    \
    .nstates = (uint32_t)(sizeof(LINES) / sizeof((LINES)[0])), .line = (LINE), \
    .frame_size = sizeof(FRAME), .result_off = offsetof(FRAME, RESULT),        \
    .result_size = sizeof(((FRAME *)0)->RESULT),                               \
    .size_class = AC_SIZE_CLASS(sizeof(FRAME)), .result_kind = (KIND),         \
    .kind = AC_DESC_FUNC, .cancel = 0, .destroy = 0,                           \
    .result_type = AC_RESULT_SIZE(((FRAME *)0)->RESULT)                        \
  }
#define AC_DESC_INIT_VOID(RESUME, NAME, FILE, LINE, LINES, FRAME)              \
  {                                                                            \
    .resume = (RESUME), .name = (NAME), .file = (FILE),                        \
    .await_lines = (LINES),                                                    \
    .nstates = (uint32_t)(sizeof(LINES) / sizeof((LINES)[0])), .line = (LINE), \
    .frame_size = sizeof(FRAME), .result_off = 0, .result_size = 0,            \
    .size_class = AC_SIZE_CLASS(sizeof(FRAME)), .result_kind = AC_KIND_VOID,   \
    .kind = AC_DESC_FUNC, .cancel = 0, .destroy = 0, .result_type = 0          \
  }

// The header of everything the loop's ready queue and the waiter lists
// hold: a frame (ac_task), a scheduled callback or a done callback
// (ac_handle), an embedded waiter node.  Each embeds it as its first member
// `q`; the loop dispatches on q.desc->kind.  A free pool chunk is one too,
// with desc NULL and link the next free chunk.
struct ac_qnode {
  const ac_desc *desc;  // what the entry is; for a frame, its function
  ac_qnode *link;       // next entry: ready queue, waiter list, free list
};

// The task header: the first member of every frame.  56 bytes on LP64.
// Generated code reads and writes only `state` (before each await) and
// `err` (ac_raise; reading it in a deferred statement tells why the block
// is being left).  Everything else belongs to the runtime.
// The fields up to `refs` come first: a future (runtime-private, 32 bytes
// on LP64) has the same ones at the same offsets and nothing after them
// but its result size and result.
struct ac_task {
  ac_qnode q;       // descriptor (per-function constants; NULL in a
                    // free pool chunk) and queue link
  int32_t err;      // 0, or the error raised at the current await /
                    // the error the frame ended with (negative)
  uint16_t state;   // resume state; 0 = not started
  uint8_t flags;    // AC__F_* below
  uint8_t ncancel;  // cancellation requests not yet uncancelled
  uint32_t refs;    // references (caller's handle, loop, awaiters)
  uint32_t id;      // N of the default name "Task-N"; 0 until scheduled
  union {
    ac_task *parent;    // inline frame: the frame awaiting it (set when it
                        // first suspends)
    ac_qnode *waiters;  // task: head of its waiter/callback list
  } up;
  ac_task *top;  // inline frame: its task (set when it suspends);
                 // task: the innermost frame, where it waits
  ac_task *aux;  // what this frame awaits (inline child or handle)
};

// Header flags (runtime-private).
#define AC__F_ROOT 0x01u         // a task of its own (scheduled), not inline
#define AC__F_STARTED 0x02u      // its body has begun
#define AC__F_DONE 0x04u         // finished (result or err)
#define AC__F_QUEUED 0x08u       // on the ready queue
#define AC__F_MUST_CANCEL 0x10u  // cancel requested, raise at the next await
#define AC__F_OBSERVED 0x20u     // its error was retrieved
#define AC__F_BOUNCE 0x40u       // inline child handed to the trampoline
#define AC__F_NAMED 0x80u        // has a name set with ac_task_set_name

// Inline awaits nest on the C stack until it has grown AC__STACK_BUDGET
// bytes below the loop's step; then the runtime bounces the child to its
// trampoline, so a chain of a million nested awaits never overflows the C
// stack.  (The check is one compare of the frame address: no counter.)
#define AC__STACK_BUDGET (128u * 1024u)

// Runtime state is per thread: each thread that uses the runtime has its
// own loop, pools and current task (docs/runtime.md, "Threading and
// loops").  The initial-exec model makes each access one load relative to
// the thread pointer, as cheap as a global.
#define AC__THREAD __thread __attribute__((tls_model("initial-exec")))

// Runtime state the inline fast paths use.
extern AC__THREAD ac_qnode *ac__pool_free[AC__NCLASS];
extern AC__THREAD char *ac__stack_limit;

// -DAC_POOL_PASSTHROUGH (the runtime and the code using it built alike):
// every frame is its own malloc and is freed at once, so AddressSanitizer
// and valgrind see a use after free; the inline paths below then leave
// the pools' free lists alone.
#ifdef AC_POOL_PASSTHROUGH
#define AC__POOL_PASSTHROUGH 1
#else
#define AC__POOL_PASSTHROUGH 0
#endif

// What a constructor returns when its frame (or a future) cannot be
// allocated: a static task, already finished with AC_ENOMEM, that
// ac_task_ref/ac_task_release ignore.  Awaiting it raises AC_ENOMEM in the
// awaiting task; the constructor returns it at once, copying no arguments.
extern ac_task ac__nomem_task;
static inline int ac_frame_failed(const ac_task *t)
{
  return t == &ac__nomem_task;
}

ac_task *ac__frame_new_slow(const ac_desc *d);
int ac__await_call_slow(ac_task *self, ac_task *child);
int ac__await_suspended(ac_task *self, ac_task *child);
int ac__await_yield(ac_task *self);
extern ac_task ac__yield_task;  // what ac_sleep(0) returns: a bare yield
int ac__await_end_slow(ac_task *self, void *dst, size_t size);
int ac__await_task(ac_task *self, ac_task *handle);

#if defined(__GNUC__)
#define AC__LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define AC__LIKELY(x) (x)
#endif

// The header of a fresh frame: one reference, owned by the caller.
static inline void ac__frame_init(ac_task *t, const ac_desc *d)
{
  t->q.desc = d;
  t->q.link = NULL;
  t->up.parent = NULL;
  t->top = t->aux = NULL;
  t->err = 0;
  t->state = 0;
  t->flags = 0;
  t->ncancel = 0;
  t->refs = 1;
  t->id = 0;
}

// Allocates a frame for the async function described by d from the pools,
// header initialised (one reference, owned by the caller), not scheduled.
// The caller copies the arguments into the frame.  Never returns NULL: out
// of memory, it returns &ac__nomem_task (ac_frame_failed() is true; the
// caller must return it as it is, without writing into it).
static inline ac_task *ac_frame_new(const ac_desc *d)
{
  ac_qnode **fl = &ac__pool_free[d->size_class];
  if (AC__LIKELY(d->size_class != 0 && *fl != NULL)) {
    ac_task *t = (ac_task *)*fl;  // a free chunk: the qnode at a frame's start
    *fl = t->q.link;
    ac__frame_init(t, d);
    return t;
  }
  return ac__frame_new_slow(d);
}

// `await f(args)`: child is a fresh call (ac_frame_new'd, never started) and
// this call consumes the caller's reference to it.  The child runs at once,
// inside the current task.  Returns AC_DONE (0) if it finished without
// suspending (then the caller goes straight on to ac_await_end), or
// AC_SUSPENDED: the caller saved its state first and now returns
// AC_SUSPENDED; the runtime resumes it at that state when the child ends.
// ac_await_call_fn is the same with the callee's resume function named by
// the caller: when the lowering knows the callee (a direct call of an async
// function defined in the same file), the C compiler can then call it
// directly or inline it, which makes the fast path about twice as fast.
static inline int ac_await_call_fn(ac_task *self, ac_task *child,
                                   ac_resume_fn resume)
{
  if (child == &ac__yield_task)  // await ac_sleep(0): straight to the queue
    return ac__await_yield(self);
  self->aux = child;
  if (AC__LIKELY(child->flags == 0 &&
                 (char *)__builtin_frame_address(0) > ac__stack_limit)) {
    child->flags = AC__F_STARTED;
    if (AC__LIKELY(resume(child) == AC_DONE))
      return AC_DONE;
    // It suspended: link it into the task's chain (only now, so the fast
    // path stores nothing but the await itself).
    return ac__await_suspended(self, child);
  }
  return ac__await_call_slow(self, child);
}

static inline int ac_await_call(ac_task *self, ac_task *child)
{
  return ac_await_call_fn(self, child, child->q.desc->resume);
}

// `await h` for a handle (a task made with ac_create_task, a future, or a
// fresh call kept in a variable).  Does not consume the caller's reference.
// A handle that is already done does not suspend; a fresh, never-started
// task runs inline as with ac_await_call.  Same return protocol.
static inline int ac_await_task(ac_task *self, ac_task *handle)
{
  return ac__await_task(self, handle);
}

// At the resume label of every await: finishes the await.  If it raised
// (the awaited thing failed or was cancelled, or this task was cancelled
// while waiting), sets self->err and returns it (nonzero): the generated
// code jumps to its unwind path.  Otherwise copies the result (size bytes)
// to dst and returns 0.  dst == NULL discards the result (size ignored).
// `size` is a result type (AC_RESULT_SIZE of the target, or a plain size):
// a result of a different size raises AC_ERESULTSIZE, one of the same size
// but another kind of type (an int into a float, a pointer into a long)
// AC_ERESULTTYPE, each with a message on stderr naming both types.
static inline int ac_await_end(ac_task *self, void *dst, size_t size)
{
  ac_task *a = self->aux;
  if (a == &ac__yield_task) {  // the end of a bare yield
    self->aux = NULL;
    return self->err;
  }
  if (AC__LIKELY(!AC__POOL_PASSTHROUGH && a != NULL &&
                 (self->err | a->err) == 0 && a->refs == 1 &&
                 a->flags == AC__F_STARTED && a->q.desc->result_type == size &&
                 (dst != NULL || size == 0) && a->q.desc->size_class != 0 &&
                 a->q.desc->destroy == NULL)) {
    ac_qnode **fl = &ac__pool_free[a->q.desc->size_class];
    if (size)
      __builtin_memcpy(dst, (const char *)a + a->q.desc->result_off,
                       AC_RTYPE_SIZE(size));
    self->aux = NULL;
    a->q.desc = NULL;
    a->q.link = *fl;
    *fl = &a->q;
    return 0;
  }
  return ac__await_end_slow(self, dst, size);
}

// ac_await_end for `await ac_sleep(0)` awaited as a bare yield
// (ac__await_yield): nothing but the task itself sets its aux, so it is
// still the yield task, and there is no result.  No call: the resume
// function of a loop that yields keeps nothing in callee-saved registers.
static inline int ac_await_end_yield(ac_task *self)
{
  self->aux = NULL;
  return self->err;
}

// ac_await_end for an await whose callee's descriptor the caller knows
// (`await f(x)` with f defined in the same file): with d a constant, the
// size, pool and destroy checks fold away at compile time.  Same contract
// as ac_await_end.
static inline int ac_await_end_desc(ac_task *self, void *dst, size_t size,
                                    const ac_desc *d)
{
  ac_task *a = self->aux;
  if (AC__LIKELY(!AC__POOL_PASSTHROUGH && a != NULL && a->q.desc == d &&
                 (self->err | a->err) == 0 && a->refs == 1 &&
                 a->flags == AC__F_STARTED && d->result_type == size &&
                 (dst != NULL || size == 0) && d->size_class != 0 &&
                 d->destroy == NULL)) {
    ac_qnode **fl = &ac__pool_free[d->size_class];
    if (size)
      __builtin_memcpy(dst, (const char *)a + d->result_off,
                       AC_RTYPE_SIZE(size));
    self->aux = NULL;
    a->q.desc = NULL;
    a->q.link = *fl;
    *fl = &a->q;
    return 0;
  }
  return ac__await_end_slow(self, dst, size);
}

// A frame embedded in its caller's frame: `await f(x)` of an async
// function defined earlier in the same file, which the caller awaits
// directly, runs in a slot of the caller's frame instead of a frame from
// the pools (no pool round trip).  The slots of one frame's callees share
// one union, so their headers are one header.  Between two awaits that
// header is that of a fresh frame already marked started (ac_frame_embed),
// with a second reference that belongs to the enclosing frame, so no
// release ever frees it: an embedded frame never goes to a pool.  The
// caller's resume function sets it up once, when it starts; each await
// then stores only the callee's arguments (and the descriptor when slots
// of several callees share the union: ac_frame_embed_as), and whatever
// ends an await leaves the header fresh again: ac_await_embed when it
// finds it fresh (the callee returned at once: nothing to do), else
// ac_await_end_embed (ac__embed_reset).  Only what the runtime reads of a
// running inline frame is kept: the link and the parent, top and aux
// pointers are written before they are read (when it suspends, or
// awaits), so they are left as they are.
static inline ac_task *ac_frame_embed(ac_task *t, const ac_desc *d)
{
  t->q.desc = d;
  t->err = 0;
  t->state = 0;
  t->flags = AC__F_STARTED;
  t->ncancel = 0;
  t->refs = 2;
  t->id = 0;
  return t;
}

// The slot t, shared with other callees' slots, now holds a frame of d's
// function (its arguments are stored): its descriptor.
static inline ac_task *ac_frame_embed_as(ac_task *t, const ac_desc *d)
{
  t->q.desc = d;
  return t;
}

// The header words from err to id (16 bytes, no padding) of a fresh
// embedded frame, as ac_frame_embed leaves them: an embedded slot's header
// is tested in two 64-bit compares.
typedef struct {
  int32_t err;
  uint16_t state;
  uint8_t flags, ncancel;
  uint32_t refs, id;
} ac__embed_words;

// Whether embedded frame t's header is as ac_frame_embed left it, as the
// slot's next await needs it (no error, state 0, only started, no
// cancellation, the two references, no id), and self, which awaits it, has
// no error: three words in one test, without a branch each.
static inline int ac__embed_ok(const ac_task *self, const ac_task *t)
{
  const ac__embed_words fresh = {0, 0, AC__F_STARTED, 0, 2, 0};
  // (__UINT64_TYPE__: a program in the all-async test mode may declare
  // its own uint64_t, which acrt_all_async.h must then not have declared.)
  __UINT64_TYPE__ have[2], want[2];
  __builtin_memcpy(have, (const char *)t + __builtin_offsetof(ac_task, err),
                   sizeof have);
  __builtin_memcpy(want, &fresh, sizeof want);
  return ((__UINT64_TYPE__)(uint32_t)self->err | (have[0] ^ want[0]) |
          (have[1] ^ want[1])) == 0;
}

// An embedded slot's header fresh again after an await that ran off
// ac_await_embed's fast path (its descriptor stays).
static inline void ac__embed_reset(ac_task *t)
{
  const ac__embed_words fresh = {0, 0, AC__F_STARTED, 0, 2, 0};
  __builtin_memcpy((char *)t + __builtin_offsetof(ac_task, err), &fresh,
                   sizeof fresh);
}

// ac_await_call_fn for an embedded frame, child: fresh (ac_frame_embed),
// it cannot be the yield task nor have been touched by anyone else.  Same
// return protocol.
static inline int ac_await_call_embed(ac_task *self, ac_task *child,
                                      ac_resume_fn resume)
{
  self->aux = child;
  if (AC__LIKELY((char *)__builtin_frame_address(0) > ac__stack_limit)) {
    if (AC__LIKELY(resume(child) == AC_DONE))
      return AC_DONE;
    return ac__await_suspended(self, child);
  }
  child->flags = 0;  // fresh, for the trampoline
  return ac__await_call_slow(self, child);
}

// ac_await_end_desc for an embedded frame a (the slot the caller passed to
// ac_await_call_embed or ac_await_embed): the result is copied out and the
// slot's header left fresh for its next await.  Same contract as
// ac_await_end.
static inline int ac_await_end_embed(ac_task *self, ac_task *a, void *dst,
                                     size_t size, const ac_desc *d)
{
  int r = 0;
  if (AC__LIKELY(self->aux == a && (self->err | a->err) == 0 && a->refs == 2 &&
                 a->flags == AC__F_STARTED && d->result_type == size &&
                 (dst != NULL || size == 0))) {
    if (size)
      __builtin_memcpy(dst, (const char *)a + d->result_off,
                       AC_RTYPE_SIZE(size));
    self->aux = NULL;
  } else {
    r = ac__await_end_slow(self, dst, size);
  }
  ac__embed_reset(a);
  return r;
}

// What ac_await_embed returns when the await is not over: the caller
// finishes it with ac_await_end_embed (at its resume label).
enum { AC__AWAIT_END = 2 };

// `await f(x)` of an embedded frame in one step: starts child (its header
// fresh, its arguments stored) as ac_await_call_embed does and, when it
// finishes at once without raising and leaves its header fresh
// (ac__embed_ok: then there is nothing to restore), ends the
// await too (the result copied to dst, as ac_await_end_embed would), so
// that the caller's fast path does not join its resumed path.  Returns
// AC_SUSPENDED (the caller saves and returns), AC_DONE (the await is over)
// or AC__AWAIT_END (it raised, or took a slow path: the caller goes on to
// ac_await_end_embed).  The fast path stores nothing in self: its aux (what
// it awaits) is read only once the child suspended, or at the end of the
// await that ac_await_end_embed makes, so only those paths set it.
static inline int ac_await_embed(ac_task *self, ac_task *child,
                                 ac_resume_fn resume, void *dst, size_t size,
                                 const ac_desc *d)
{
  // Its header is fresh: telling the C compiler so lets it drop the state
  // dispatch of the callee's resume function where it inlines it.
  if (child->state != 0)
    __builtin_unreachable();
  if (AC__LIKELY((char *)__builtin_frame_address(0) > ac__stack_limit)) {
    if (!AC__LIKELY(resume(child) == AC_DONE)) {
      self->aux = child;
      return ac__await_suspended(self, child);
    }
    if (AC__LIKELY(d->result_type == size && (dst != NULL || size == 0) &&
                   ac__embed_ok(self, child))) {
      if (size)
        __builtin_memcpy(dst, (const char *)child + d->result_off,
                         AC_RTYPE_SIZE(size));
      return AC_DONE;
    }
    self->aux = child;
    return AC__AWAIT_END;
  }
  self->aux = child;
  child->flags = 0;  // fresh, for the trampoline
  return ac__await_call_slow(self, child) == AC_SUSPENDED ? AC_SUSPENDED
                                                          : AC__AWAIT_END;
}

// The result slot of a frame (for the lowering's `return expr;`).
#define AC_FRAME_RESULT(self, T)                                               \
  (*(T *)((char *)(self) + (self)->q.desc->result_off))

// What translated code uses instead of the macros above: acc compiles the
// translation after preprocessing, so only enum constants, types and
// functions reach it.
enum {
  AC_POOL_FINE_STEP_SIZE = AC_POOL_FINE_STEP,  // size-class step up to...
  AC_POOL_FINE_SIZE = AC_POOL_FINE,            // ...this size, then
  AC_POOL_STEP_SIZE = AC_POOL_STEP,            // this step up to
  AC_POOL_MAX_SIZE = AC_POOL_MAX,              // the largest pooled frame
  AC_DESC_KIND_FUNC = AC_DESC_FUNC,  // ac_desc.kind of an async function
  // AC_SIZE_CLASS(size) is (size + AC__CLASS_FINE_ADD) / AC_POOL_FINE_STEP
  // up to AC_POOL_FINE, then (size + AC__CLASS_ADD) / AC_POOL_STEP.
  AC__CLASS_FINE_ADD = AC_POOL_FINE_STEP - 1,
  AC__CLASS_ADD = AC_POOL_FINE / AC_POOL_FINE_STEP * AC_POOL_STEP -
                  AC_POOL_FINE + AC_POOL_STEP - 1
};
#if defined(__GNUC__)
// The type classes of AC_RESULT_SIZE (plus one) of the results that acc
// knows by their spelling: integers, floating types, pointers.
enum {
  AC__RTYPE_INT = __builtin_classify_type(0) + 1,
  AC__RTYPE_REAL = __builtin_classify_type(0.0) + 1,
  AC__RTYPE_PTR = __builtin_classify_type((void *)0) + 1
};
#endif

// The error `ac_raise(code)` ends a task with: code itself when it is a
// negative error code, else -22 (EINVAL): a task cannot "fail with 0".
static inline int32_t ac__raise_code(int code)
{
  return code < 0 ? (int32_t)code : -22;
}

#ifdef __cplusplus
}
#endif
#endif
