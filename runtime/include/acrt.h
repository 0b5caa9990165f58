// acrt.h — the public API of libacrt, the Async C runtime (on libuv).
//
// Model: Python's asyncio.  One event loop per process (ac_loop_default),
// driven from one thread; tasks are async-function frames scheduled on the
// loop; futures are tasks without a body.  Errors are negative ints
// (UV_* codes pass through; AC_* below).
//
// Ownership in one paragraph (details beside each function):
// - `f(args)` (the C ABI of `async T f(P)`) returns a fresh task with ONE
//   reference, owned by the caller; nothing runs yet.
// - `await f(args)` consumes that reference (the frame is freed when the
//   await ends).  `await h` on a handle borrows it.
// - ac_create_task(t) schedules t; the loop holds its own reference until t
//   is done, so a scheduled task never vanishes.  The caller still owns its
//   reference and drops it with ac_task_release(t) (`defer
//   ac_task_release(t);`).  References never released are freed by
//   ac_loop_close (and so by ac_run): programs are leak-free anyway.
// - The combinators ac_gather, ac_wait, ac_as_completed_new, ac_wait_for and
//   ac_shield take ownership of the task references passed to them (so they
//   work on fresh calls with no manual freeing); to keep using a handle
//   yourself, pass ac_task_ref(t).  ac_task_join borrows.  Out of memory,
//   a combinator call releases those references (fresh tasks are freed
//   unstarted) and returns the failed task, whose await raises AC_ENOMEM
//   (ac_as_completed_new returns NULL).
// - Callbacks are always called from the loop, never from inside the call
//   that registers them.
#ifndef AC_ACRT_H
#define AC_ACRT_H

#include <stddef.h>
#include <stdio.h>
#include <uv.h>

#include "acrt_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

// ---------------------------------------------------------------------------
// Declaring async functions in headers shared with plain C.
//
//   AC_ASYNC_DECL(int, fetch, (const char *url));
//
// reads as `async int fetch(const char *url);` to acc (which defines
// __ASYNC_C__) and as `ac_task *fetch(const char *url);` to a C compiler.
// It says `__async`, the spelling that stays a keyword under
// -fno-async-keywords.
#ifdef __ASYNC_C__
#define AC_ASYNC_DECL(T, name, params) __async T name params
#else
#define AC_ASYNC_DECL(T, name, params) ac_task *name params
#endif

// ---------------------------------------------------------------------------
// Errors.  AC_ERRNO_MAP(XX) is the one table: XX(name, value, message).
// Codes not in it (UV_*) are named by libuv.
//
// Misuse is refused, never a memory corruption (docs/runtime.md, "Misuse
// and out of memory"); debug builds (no NDEBUG) also print the call site:
// - AC_EAWAITCYCLE: an await that would wait for itself (a task awaiting
//   itself, or a task that, through the tasks it awaits, waits for the
//   awaiting one) raises it at that await.
// - AC_ERUNNING: ac_run, ac_loop_run_until_complete or ac_loop_close
//   called while the loop runs (from a task or a callback).
// - AC_EFREED: a task, future or handle used after its last release (seen
//   while its pool chunk is not reused; the AC_POOL_PASSTHROUGH build lets
//   AddressSanitizer see every case).
// - AC_EINVAL: ac_future_set_result / set_error / cancel on a task.
// - AC_ERESULTSIZE, AC_ERESULTTYPE: a result copied into a target of
//   another size, or of the same size and another kind of type (an int
//   into a float), with a message naming both types (acrt_abi.h).
// - AC_ENOMEM: memory ran out; raised in the task that needed it.
// - AC_ECLOSED: a call from another thread (ac_call_soon_threadsafe,
//   ac_loop_submit, ac_loop_hold) to a loop that is closed.  Its value is
//   apart from the others (-30040) so that new codes can follow -30007.
#define AC_ERRNO_MAP(XX)                                                       \
  XX(ECANCELED, UV_ECANCELED, "operation canceled")                            \
  XX(ETIMEDOUT, UV_ETIMEDOUT, "timed out")                                     \
  XX(EINVAL, UV_EINVAL, "invalid argument")                                    \
  XX(ENOMEM, UV_ENOMEM, "not enough memory")                                   \
  XX(ERESULTSIZE, -30001,                                                      \
     "awaited result has a different size than its target")                    \
  XX(ENOTDONE, -30002, "task or future is not done")                           \
  XX(ESTALLED, -30003, "nothing left to run but the awaited task is not done") \
  XX(EINVALSTATE, -30004, "future is already done")                            \
  XX(EAWAITCYCLE, -30005, "a task cannot await on itself (await cycle)")       \
  XX(ERUNNING, -30006, "not allowed while the loop is running")                \
  XX(EFREED, -30007, "task or handle used after its last release")             \
  XX(ERESULTTYPE, -30008,                                                      \
     "awaited result has a different type than its target")                    \
  XX(EGROUP, -30030, "tasks of a task group failed")                           \
  XX(ECLOSED, -30040, "event loop is closed")

enum {
#define AC__ERR_ENUM(name, value, msg) AC_##name = (value),
  AC_ERRNO_MAP(AC__ERR_ENUM)
#undef AC__ERR_ENUM
};

// Message for an error code (AC_* or UV_*); never NULL, static storage.
const char *ac_strerror(int err);
// Name of an error code ("ECANCELED", "ECONNREFUSED"); never NULL, static
// storage (an unknown code gets "Unknown error N" in a buffer that the
// next call may overwrite).
const char *ac_err_name(int err);

// ---------------------------------------------------------------------------
// Types.
typedef struct ac_loop ac_loop;      // the event loop
typedef struct ac_handle ac_handle;  // a scheduled callback (call_soon/later)
typedef struct ac_task ac_future;    // a future is a task without a body:
                                     // every ac_task_* query accepts one

typedef void (*ac_cb)(void *arg);
// Done callback: the finished task or future, and the registered argument.
typedef void (*ac_task_cb)(ac_task *task, void *arg);

// ---------------------------------------------------------------------------
// The loop.
//
// There is one loop per thread (ac_loop_default): each thread that uses
// the runtime has its own loop, pools and tasks, and a task, future,
// stream or handle belongs to the thread that made it (use it there only;
// cross between loops with the thread-safe calls).  Every `ac_loop *`
// parameter below must be the calling thread's loop.  Functions without a
// loop parameter (ac_create_task, the async functions) work on it.

// This thread's loop, created on first use (and again after
// ac_loop_close).  Its clock is virtual if AC_CLOCK=virtual is set in the
// environment.
ac_loop *ac_loop_default(void);

// Runs the loop until t is done (a fresh task is scheduled first, like
// asyncio's ensure_future), then through the end of the pass in which t's
// completion was noticed.  Borrows t: the caller still owns its reference
// and reads the outcome with ac_task_error / AC_TASK_RESULT.  Returns t's
// error (0 on success, AC_ECANCELED if cancelled), or AC_ESTALLED if the
// loop ran out of work before t finished.  Works on futures too.
// AC_ERUNNING if called while the loop runs (from a task or a callback).
int ac_loop_run_until_complete(ac_loop *loop, ac_task *t);

// Closes the loop: cancels every task that is not done, runs the loop
// until they have all finished, reports (stderr) every error nobody
// observed, then frees every task, future and handle still allocated,
// references or not, and the pools.  Every ac_task * becomes invalid.
// Returns 0, or AC_ERUNNING (and does nothing) if called while the loop
// runs (from a task or a callback).
int ac_loop_close(ac_loop *loop);

// The loop's clock, in seconds (monotonic; starts at 0 when virtual).
// Called on the loop's thread, it also sets the instant that delays armed
// later in the same pass count from (see ac_call_later).
double ac_loop_time(ac_loop *loop);

// The libuv loop under ac_loop, for libuv code that shares it.  Do not run
// it yourself while ac_loop runs; do not close it.
uv_loop_t *ac_loop_uv(ac_loop *loop);

// Virtual clock on (1) or off (0): when nothing is ready and no I/O is
// pending, time jumps to the next timer.  Call before running the loop.
void ac_loop_set_virtual_clock(ac_loop *loop, int on);

// Stops the loop at the end of the current pass (run_until_complete
// returns AC_ESTALLED if its task is not done).
void ac_loop_stop(ac_loop *loop);

// Runs main to completion on a fresh default loop, like asyncio.run: then
// cancels what is left, waits for it, and closes the loop (ac_loop_close).
// Takes ownership of main.  Returns main's result if it is an int (result
// size sizeof(int)), 0 for any other successful result; if main failed or
// was cancelled, prints "ac_run: <name>: <error>" on stderr and returns 1.
// May be called again after it returns.  Called while a loop runs (from a
// task or a callback), it releases main and returns AC_ERUNNING.
int ac_run(ac_task *main);

// Runs n loops, one per thread, each with ac_run(main(i)) for i in 0..n-1
// (n <= 0: one per CPU the process may use), and waits for all of them.
// main is an async function of one int (`async int serve(int i)`); each
// call happens on its thread.  Returns 0 if every ac_run returned 0, else
// the first nonzero one in index order; a thread that cannot be started
// is a negative error (UV_EAGAIN, ...) after the others have finished.
// Pair it with AC_TCP_REUSEPORT listeners (ac_tcp_listen_ex) so that a
// server's connections spread over the loops.
int ac_run_threads(int n, ac_task *(*main)(int i));

// ---------------------------------------------------------------------------
// Callbacks.

// Schedules cb(arg) for the next loop pass (FIFO among everything ready).
// Returns a handle owned by the loop: it stays valid until the callback has
// returned or the handle has been cancelled; do not use it after that.
// Out of memory, the ac_call_* functions print "libacrt: out of memory"
// and abort (no task could be told).
ac_handle *ac_call_soon(ac_loop *loop, ac_cb cb, void *arg);
// Schedules cb(arg) to run `delay` seconds from now (delay <= 0: at the next
// timer check).  Timers run in deadline order, equal deadlines FIFO.
// "Now", as libuv's uv_now: in a task or callback run by the loop, the
// loop's time as last read — at the start of the pass, or by ac_loop_time
// since — so the timers a pass arms with equal delays are due together;
// elsewhere (before the loop runs, libuv callbacks) the current time.  It
// never fires before ac_loop_time has advanced by `delay` from a reading
// taken on the loop's thread before the call; read ac_loop_time first to
// count from the call itself after long CPU work in the same step.
ac_handle *ac_call_later(ac_loop *loop, double delay, ac_cb cb, void *arg);
// Same as ac_call_later at absolute loop time `when` (ac_loop_time scale).
ac_handle *ac_call_at(ac_loop *loop, double when, ac_cb cb, void *arg);
// Cancels a pending callback: it will not be called.  A no-op if it is
// running now.  The handle is freed by the loop; do not use it afterwards.
// NULL is ignored; a handle already freed is reported (debug builds).
void ac_handle_cancel(ac_handle *h);

// ---------------------------------------------------------------------------
// Tasks.

// Schedules t (a fresh call) to start on the next loop pass; names it
// "Task-N".  The loop holds a reference until t is done; the caller keeps
// its own (release it with ac_task_release).  Returns t.  Scheduling a task
// that is already scheduled or running inline is a no-op.
ac_task *ac_create_task(ac_task *t);

// Adds a reference and returns t.
ac_task *ac_task_ref(ac_task *t);
// Drops a reference; the task is freed when it is done (or never started)
// and nobody holds a reference.  An error nobody observed is reported on
// stderr then ("Task exception was never retrieved").  A task that is
// scheduled or running is never freed under the loop: the loop holds its
// own reference.  NULL is ignored.
void ac_task_release(ac_task *t);

// Requests cancellation (docs/runtime.md): a task not yet started ends
// cancelled without running; a task waiting at an await has the awaited thing
// cancelled (down to the leaf) and sees AC_ECANCELED raised there; a running
// task sees it at its next await that suspends, or, if it returns first,
// ends cancelled (asyncio's rule).  Returns 1 if the request was made, 0
// if t is already done.  Each request increments the counter that
// ac_task_cancelling returns.
int ac_task_cancel(ac_task *t);
// Number of pending cancellation requests (asyncio's cancelling()).
int ac_task_cancelling(const ac_task *t);
// Decrements that counter and returns the new value (asyncio's uncancel());
// when it reaches 0, a request not yet delivered is withdrawn too (asyncio
// 3.13: a timeout that expired as its block ended leaves nothing behind).
int ac_task_uncancel(ac_task *t);

int ac_task_done(const ac_task *t);       // finished (any outcome)
int ac_task_cancelled(const ac_task *t);  // finished with AC_ECANCELED
// The error t ended with (0 if it succeeded), AC_ENOTDONE if not done.
// Marks the error as observed.
int ac_task_error(ac_task *t);
// The result of a successfully finished task: a pointer to its `size`
// bytes, valid while the task is referenced.  NULL (and a message on
// stderr) if it is not done, failed, or its result size differs (or, with
// AC_RESULT_SIZE as the size, its kind of type: AC_TASK_RESULT checks it).
const void *ac_task_result(ac_task *t, size_t size);
// Typed accessor: AC_TASK_RESULT(t, int).
// (`T const *`, not `const T *`: T may itself be `const char *`.)
#define AC_TASK_RESULT(t, T)                                                   \
  (*(T const *)ac_task_result((t), AC_RESULT_SIZE(*(T *)0)))

// The task's name: set by ac_task_set_name, else "Task-N" once scheduled,
// else its function's name.  Valid until the name changes or t is freed.
const char *ac_task_name(const ac_task *t);
// Sets the name (copied).  Returns 0, or AC_ENOMEM (the name is unchanged).
int ac_task_set_name(ac_task *t, const char *name);
// The task running now (the outermost task of the running frame), or NULL
// outside any task.  Borrowed.
ac_task *ac_current_task(void);

// Registers cb(t, arg), to be called from the loop on the pass after t is
// done (at once scheduled if t is already done); callbacks run in
// registration order.  Counts as observing t's error.  Holds a reference
// to t until the callback has run.  A fresh task is scheduled first (like
// asyncio's ensure_future).  Returns 0, or AC_ENOMEM (nothing registered).
int ac_task_add_done_callback(ac_task *t, ac_task_cb cb, void *arg);
// Unregisters every pending registration of (cb, arg) and returns how many
// there were (asyncio's remove_done_callback); callbacks already scheduled
// (t is done) are not pending.
int ac_task_remove_done_callback(ac_task *t, ac_task_cb cb, void *arg);

// Writes a description like Python's repr into buf (snprintf rules;
// returns the length it needed), e.g.
//   <Task pending name='Task-1' coro=<work() running at demo.ac:12>>
//   <Task finished name='Task-1' coro=<work() done, defined at demo.ac:9> result=42>
// Results are rendered by the declared type's kind (acrt_abi.h): None,
// integers in decimal, strings quoted 'like this', pointers as 0x..., other
// types as <N bytes>.  No addresses appear except pointer results.
int ac_task_describe(const ac_task *t, char *buf, size_t size);
// The same in a buffer owned by the runtime, valid until the next call.
const char *ac_task_repr(const ac_task *t);

// Prints every live task: its name, state, and where each frame of its
// await chain waits (file:line), innermost last.
void ac_dump_tasks(FILE *out);

// ---------------------------------------------------------------------------
// Futures.

// A new pending future whose result has result_size bytes; one reference,
// owned by the caller (release with ac_future_release).  Out of memory, the
// failed task (acrt_abi.h): awaiting it raises AC_ENOMEM, setting its
// result returns AC_ENOMEM.
ac_future *ac_future_new(size_t result_size);
// Completes the future with a copy of result_size bytes (result NULL: all
// zero); its waiters and callbacks are scheduled.  AC_EINVALSTATE if
// already done; AC_EINVAL if f is a task (these three functions refuse
// tasks: a task ends by returning, or by ac_task_cancel).
int ac_future_set_result(ac_future *f, const void *result);
// Completes the future with an error (negative).  AC_EINVALSTATE if done.
int ac_future_set_error(ac_future *f, int err);
// Cancels the future; returns 1 if it was pending.
int ac_future_cancel(ac_future *f);
// Same as ac_task_release.
void ac_future_release(ac_future *f);

// ---------------------------------------------------------------------------
// Async functions of the runtime (hand-written state machines, same ABI).

// Suspends for `seconds`, counted as ac_call_later counts its delay (from
// the loop's time as last read: the pass's start or an ac_loop_time call).
// ac_sleep(0) (or a negative delay) yields to the loop exactly once: the
// task goes to the back of the ready queue.  A
// cancellation while sleeping cancels the timer and raises AC_ECANCELED.
// ac_sleep(0) allocates nothing: it returns a static task that awaiting
// recognises (ac_task_release on it is a no-op).
AC_ASYNC_DECL(void, ac_sleep, (double seconds));

// Flags of ac_gather.
#define AC_RETURN_EXCEPTIONS 1u  // never raise: errors go to errors[]

// Runs tasks[0..n) concurrently (fresh ones are scheduled) and waits for all.
// Takes ownership of the n references (each released once its task has
// ended and been counted, at the latest when the gather is freed).  Copies
// each result (result_size bytes each, must match every task's result
// size, else AC_ERESULTSIZE; with AC_RESULT_SIZE(results[0]) its kind of
// type too, else AC_ERESULTTYPE) into results[i] in ARGUMENT order as the
// task ends (results may be NULL to discard); when the gather fails,
// results of tasks that ended before are written, the others are not.
// Without AC_RETURN_EXCEPTIONS,
// the first error (in completion order) fails the gather at once while the
// others keep running.  With it, the gather never raises: errors[i] (if
// errors != NULL) gets each task's error or 0, results[i] is written only
// for tasks that succeeded, and the gather's result is the number of failed
// tasks.  Cancelling the gather cancels every unfinished task.  The task
// array is copied; results/errors must stay valid until the gather ends.
AC_ASYNC_DECL(int, ac_gather, (ac_task *const *tasks, size_t n, void *results,
                               size_t result_size, int *errors,
                               unsigned flags));

// return_when values of ac_wait.
enum { AC_FIRST_COMPLETED = 1, AC_FIRST_EXCEPTION = 2, AC_ALL_COMPLETED = 3 };
#define AC_NO_TIMEOUT (-1.0)

// Waits until the condition holds or `timeout` seconds pass (negative: no
// timeout); cancels nothing and never raises for the tasks' outcomes.
// Takes ownership of the n references and hands each back in done[] or
// pending[] (argument order; each array needs room for n), with their
// counts in *ndone / *npending; a NULL array releases those references
// instead.  Fresh tasks are scheduled.  Result: the number of done tasks.
AC_ASYNC_DECL(int, ac_wait, (ac_task *const *tasks, size_t n, double timeout,
                             int return_when, ac_task **done, size_t *ndone,
                             ac_task **pending, size_t *npending));

// as_completed: an iterator over tasks in completion order.
typedef struct ac_as_completed ac_as_completed;
// Takes ownership of the n references (fresh tasks are scheduled); timeout
// in seconds, negative for none.  Free with ac_as_completed_free.  NULL
// when out of memory (the references released): ac_as_completed_next(NULL)
// raises AC_ENOMEM and ac_as_completed_free(NULL) does nothing.
ac_as_completed *ac_as_completed_new(ac_task *const *tasks, size_t n,
                                     double timeout);
// Waits for the next task to finish and returns it (the original task,
// borrowed: valid until ac_as_completed_free).  Raises AC_ETIMEDOUT once the
// timeout has passed, AC_EINVAL when all n have been returned.  The task's
// own outcome is not raised: read it with ac_task_error / AC_TASK_RESULT.
AC_ASYNC_DECL(ac_task *, ac_as_completed_next, (ac_as_completed *it));
// Releases the iterator and its references (tasks keep running).
void ac_as_completed_free(ac_as_completed *it);

// Awaits t with a timeout (negative: none), asyncio 3.11's wait_for: on
// timeout cancels t, waits until it has finished cancelling, then raises
// AC_ETIMEDOUT; a cancellation from outside cancels t too and is raised as
// AC_ECANCELED, never turned into a timeout.  On success copies t's result
// into *result (result_size bytes, must match; AC_RESULT_SIZE(*result)
// checks the kind of type too; result NULL discards).
// Takes ownership of t.
AC_ASYNC_DECL(void, ac_wait_for, (ac_task *t, double timeout, void *result,
                                  size_t result_size));

// Awaits t, but cancelling the awaiter does not cancel t (asyncio.shield):
// the awaiter sees AC_ECANCELED at once and t keeps running.  Result copied
// as with ac_wait_for.  Takes ownership of t.
AC_ASYNC_DECL(void, ac_shield, (ac_task *t, void *result, size_t result_size));

// Awaits t's end without raising its error: the result is t's error code
// (0 on success, AC_ECANCELED if cancelled).  A cancellation of the awaiter
// itself is still raised: as with `await t`, it cancels t, waits for it to
// end, then raises AC_ECANCELED (asyncio: `try: await t` that catches t's
// outcome but re-raises when cancelling() went up).  Borrows t (fresh tasks
// are scheduled); marks t's error as observed.
AC_ASYNC_DECL(int, ac_task_join, (ac_task *t));

// ---------------------------------------------------------------------------
// Task groups (asyncio.TaskGroup) and timeout scopes (asyncio.timeout).
//
// Both are scopes over a block of the task that opens them (the owner),
// closed by an op awaited in a defer, so that every way out of the block
// (its end, return, break, an error or a cancellation raised in it) goes
// through it, told why the block is left:
//
//   ac_taskgroup *g = ac_taskgroup_new();
//   defer ac_taskgroup_free(g);            // after the exit: errors readable
//   {
//     defer await ac_taskgroup_exit(g, ac_defer_reason());
//     ac_taskgroup_spawn(g, fetch(1));
//     ac_taskgroup_spawn(g, fetch(2));
//   }                                      // both have ended here
//
// docs/runtime.md, "Task groups" and "Timeout scopes", has the rules and
// the reasons for this shape.

typedef struct ac_taskgroup ac_taskgroup;

// Opens a task group owned by the current task.  NULL out of memory (or
// outside a task: a misuse, reported in debug builds); every function below
// accepts NULL (spawn returns and the exit raises AC_ENOMEM).  Free with
// ac_taskgroup_free after its exit.
ac_taskgroup *ac_taskgroup_new(void);
// Starts t (a fresh call; takes the caller's reference) as a task of g,
// scheduled like ac_create_task.  Returns t, borrowed: g keeps a reference
// until ac_taskgroup_free, so its result can be read after the scope.
// NULL, with t released (a fresh call is freed unstarted), when g is
// shutting down (a task failed, or the block was left with an error or a
// cancellation), has exited, or memory ran out.
ac_task *ac_taskgroup_create_task(ac_taskgroup *g, ac_task *t);
// The same, but g lets go of t as soon as it has ended (a task per
// connection of a server: memory stays bounded).  Returns 0, or
// AC_EINVALSTATE (shutting down or exited) or AC_ENOMEM (also for g NULL),
// with t released.
int ac_taskgroup_spawn(ac_taskgroup *g, ac_task *t);
// Closes the scope: `defer await ac_taskgroup_exit(g, ac_defer_reason());`
// (body_err: why the block is left, 0 at a normal end).  If body_err is an
// error or a cancellation, the children are cancelled.  Waits until every
// child has ended (cancelling the owner while it waits cancels the
// children, and it waits on), then raises: AC_EGROUP if a child failed
// (with an error, not cancelled) or the block raised an error (the list
// is read with ac_taskgroup_error; a cancellation from outside then stays
// requested and is raised at the owner's next await); else AC_ECANCELED if
// the owner was cancelled from outside; else nothing.  The first child to
// fail cancels the others and the owner's body (asyncio 3.13's rules).
// AC_ENOMEM instead of AC_EGROUP if an error could not be recorded.  The
// first exit of a group never fails to allocate (it is made with it).
AC_ASYNC_DECL(void, ac_taskgroup_exit, (ac_taskgroup * g, int body_err));
// The children's errors in the order they ended, then the block's own (an
// error other than a cancellation): their number, and the i-th code with
// the task that failed (*task, borrowed until ac_taskgroup_free; NULL for
// the block's error).  Out of range: 0 and NULL.
size_t ac_taskgroup_nerrors(const ac_taskgroup *g);
int ac_taskgroup_error(const ac_taskgroup *g, size_t i, ac_task **task);
// Children not yet seen to end.
size_t ac_taskgroup_ntasks(const ac_taskgroup *g);
// Frees g and its references.  Before its exit has ended (a misuse,
// reported), children still running are cancelled and left to end alone.
void ac_taskgroup_free(ac_taskgroup *g);

// No deadline (ac_timeout_new, ac_timeout_new_at, ac_timeout_reschedule).
#define AC_NEVER (__builtin_inf())

typedef struct ac_timeout ac_timeout;

// Opens a timeout scope over the current task (asyncio.timeout(delay)):
// `delay` seconds from now (<= 0: expires on the next pass; AC_NEVER:
// none).  At the deadline the owner is cancelled; the exit turns that
// cancellation into AC_ETIMEDOUT.  NULL out of memory (or outside a task,
// a misuse); with NULL, reschedule returns and the exit raises AC_ENOMEM.
// Free with ac_timeout_free after its exit.
ac_timeout *ac_timeout_new(double delay);
// The same at an absolute loop time (asyncio.timeout_at(when)).
ac_timeout *ac_timeout_new_at(double when);
// Moves the deadline to `when` (loop time; AC_NEVER: none).  0, or
// AC_EINVALSTATE once the scope has expired or exited, AC_ENOMEM.
int ac_timeout_reschedule(ac_timeout *tm, double when);
// The deadline (AC_NEVER if none).
double ac_timeout_when(const ac_timeout *tm);
// Whether the deadline passed while the scope was open.
int ac_timeout_expired(const ac_timeout *tm);
// Closes the scope: `defer await ac_timeout_exit(tm, ac_defer_reason());`.
// If the deadline passed and the block is left with AC_ECANCELED and no
// other cancellation of the owner is pending (its cancelling() is back to
// its value when the scope opened), raises AC_ETIMEDOUT; otherwise
// nothing (the block's own outcome goes on).  Nests: an inner scope
// converts only its own cancellation.
AC_ASYNC_DECL(void, ac_timeout_exit, (ac_timeout * tm, int body_err));
// Frees tm (a misuse before its exit: the deadline is dropped).
void ac_timeout_free(ac_timeout *tm);
// Crossing threads (asyncio's call_soon_threadsafe, run_coroutine_threadsafe).
//
// These are the only libacrt functions another thread may call (with the
// ac_cfuture_* functions).  They allocate with malloc, not from the loop's
// pools, and never touch a task directly.

// Schedules cb(arg) to run on loop's thread, from any thread.  Callbacks
// from one thread run in the order they were made; called from the loop's
// own thread it is ac_call_soon (same FIFO).  From another thread the
// callback goes to the ready queue at the next pass (the loop is woken
// from its poll).  Returns 0, AC_ECLOSED if the loop is closed (or not
// created yet), AC_ENOMEM, or AC_EINVAL if cb is NULL.  Nothing is
// returned to cancel it (a handle could be freed under the other thread).
int ac_call_soon_threadsafe(ac_loop *loop, ac_cb cb, void *arg);

// Holds the loop open for calls from other threads: while at least one
// hold is taken, a loop with nothing else to do waits (in its poll) for
// ac_call_soon_threadsafe instead of ending with AC_ESTALLED.  From any
// thread; every ac_loop_hold needs one ac_loop_unhold.  A submitted call
// (ac_loop_submit) holds the loop by itself until it has started.
// Returns 0 or AC_ECLOSED.
int ac_loop_hold(ac_loop *loop);
int ac_loop_unhold(ac_loop *loop);

// A thread-side handle on a call submitted to the loop (asyncio's
// concurrent.futures.Future from run_coroutine_threadsafe).
typedef struct ac_cfuture ac_cfuture;
// What ac_loop_submit calls on the loop's thread to make the task: a
// function returning a fresh call (`return fetch(arg);`).  A thread may not
// call an async function itself: frames come from the loop's pools.
typedef ac_task *(*ac_task_factory)(void *arg);

// From any thread: runs make(arg) on the loop's thread, schedules the task
// it returns (ac_create_task) and delivers its outcome to *out, a handle
// owned by the caller (free it with ac_cfuture_free, done or not: the task
// goes on).  Returns 0, AC_ECLOSED, AC_ENOMEM or AC_EINVAL.  If the loop
// closes before the task ends, the task is cancelled and so is *out.
int ac_loop_submit(ac_loop *loop, ac_task_factory make, void *arg,
                   ac_cfuture **out);
// Blocks the calling thread until f is done or `timeout` seconds have
// passed (negative: no limit).  Returns 0 once done, AC_ETIMEDOUT if not
// done in time, AC_ERUNNING if called on the loop's own thread with a
// nonzero timeout while f is not done (it would wait for itself).
int ac_cfuture_wait(ac_cfuture *f, double timeout);
// Waits as ac_cfuture_wait, then returns the task's error (0 on success,
// AC_ECANCELED if it or f was cancelled) and, on success, copies its
// result (result_size bytes, must match, else AC_ERESULTSIZE; result NULL
// discards it).  AC_ETIMEDOUT if not done in time: the task goes on.
int ac_cfuture_result(ac_cfuture *f, double timeout, void *result,
                      size_t result_size);
// From any thread: cancels f at once (waiters wake with AC_ECANCELED) and
// asks the loop to cancel the task (ac_task_cancel on its thread).
// Returns 1 if f is now cancelled (also if it already was, as
// concurrent.futures says), 0 if it had finished otherwise.
int ac_cfuture_cancel(ac_cfuture *f);
int ac_cfuture_done(ac_cfuture *f);       // finished (any outcome)
int ac_cfuture_cancelled(ac_cfuture *f);  // finished as cancelled
// Drops the caller's handle (any thread, once).  NULL is ignored.
void ac_cfuture_free(ac_cfuture *f);

// ---------------------------------------------------------------------------
// Signals (asyncio's add_signal_handler / remove_signal_handler).
//
// A signal is caught by the loop while a handler is registered for it or a
// task waits for it; when the last of them goes, the signal's default
// disposition (SIG_DFL) is restored.  Delivery goes through libuv's signal
// watcher, so handlers run on the loop's thread like any callback, never
// inside the signal handler.

// Registers cb(arg), called from the loop (scheduled like ac_call_soon)
// each time signum arrives; replaces the handler signum had.  Returns 0,
// or AC_EINVAL for a signal that cannot be caught (SIGKILL, SIGSTOP, out
// of range).  A registered handler keeps the loop alive (no AC_ESTALLED).
int ac_loop_add_signal_handler(ac_loop *loop, int signum, ac_cb cb, void *arg);
// Removes the handler of signum.  Returns 1 if there was one, else 0.  A
// signal that arrived before the removal may still call it once.
int ac_loop_remove_signal_handler(ac_loop *loop, int signum);
// Suspends until signum arrives; the result is signum.  Only a task waiting
// at that moment (or a handler) catches it: a signal that arrives while
// nothing waits for it gets its default disposition.  Raises AC_EINVAL for
// a signal that cannot be caught.
AC_ASYNC_DECL(int, ac_signal_wait, (int signum));

// ---------------------------------------------------------------------------
// Errors in callbacks (asyncio's exception handler).

// What the loop reports: asyncio's context dict.
typedef struct ac_error_context {
  const char *message;  // e.g. "Task exception was never retrieved"
  int error;            // the error code, 0 if none
  ac_task *task;        // the task or future concerned, or NULL (borrowed)
  ac_cb callback;       // the callback concerned, or NULL
  void *callback_arg;
} ac_error_context;
typedef void (*ac_exception_handler)(ac_loop *loop, const ac_error_context *ctx,
                                     void *arg);

// Sets the loop's handler (NULL: back to the default).  The runtime calls
// it for an error nobody retrieved and for what callbacks report with
// ac_loop_call_exception_handler; the loop keeps running.  Reset when the
// loop is closed.
void ac_loop_set_exception_handler(ac_loop *loop, ac_exception_handler h,
                                   void *arg);
// Reports an error (a callback that failed: C callbacks cannot raise, so
// they report here) to the loop's handler.  ctx is borrowed for the call.
void ac_loop_call_exception_handler(ac_loop *loop, const ac_error_context *ctx);
// The default handler: one line on stderr, e.g.
//   Task exception was never retrieved: <Task finished name='Task-2' ...>
//   Exception in callback on_tick(): ECONNRESET (connection reset by peer)
void ac_loop_default_exception_handler(ac_loop *loop,
                                       const ac_error_context *ctx);

// ---------------------------------------------------------------------------
// Introspection and eager tasks.

// asyncio.all_tasks: the scheduled tasks not yet done.  Writes up to cap of
// them (borrowed: valid until control returns to the loop; ac_task_ref one
// to keep it) to tasks[] in creation order (Task-N order) and returns how
// many there are (call with cap 0 to count).
size_t ac_all_tasks(ac_loop *loop, ac_task **tasks, size_t cap);

// asyncio's eager task start: like ac_create_task, but when called while
// the loop runs (from a task or a callback) t runs at once, inside this
// call, until its first suspension; a task that ends without suspending is
// done when this returns and never goes through the ready queue.  Outside
// the loop it is ac_create_task.  Returns t (the caller owns its
// reference, as with ac_create_task).
ac_task *ac_create_task_eager(ac_task *t);
// asyncio's eager_task_factory for the whole loop: on (1), ac_create_task
// starts tasks eagerly; off (0) by default.
void ac_loop_set_eager_tasks(ac_loop *loop, int on);

// ---------------------------------------------------------------------------
// Debug mode (asyncio's debug mode, PYTHONASYNCIODEBUG): AC_DEBUG=1 in the
// environment when the loop is created, or ac_loop_set_debug.  Reports on
// stderr: a task step or callback slower than the slow-callback duration
// (0.1 s) with the task and its .ac lines; a task released (or left at
// loop close) without ever being awaited or scheduled, with where it was
// created; a libacrt function called from a thread other than the loop's.
// Off, it costs one predictable branch in the entry points.
void ac_loop_set_debug(ac_loop *loop, int on);
int ac_loop_get_debug(ac_loop *loop);
// The slow-callback threshold in seconds (asyncio's slow_callback_duration).
void ac_loop_set_slow_callback_duration(ac_loop *loop, double seconds);

// Async I/O (TCP, DNS, files, threads, processes) and the HTTP client.
#include "acrt_io.h"
#include "acrt_http.h"
#include "acrt_tls.h"
// Lock, Event, Condition, Semaphore, Barrier, Queue.
#include "acrt_sync.h"

#ifdef __cplusplus
}
#endif
#endif
