// debug.c — the loop's reporting side: the exception handler (asyncio's
// set_exception_handler) and debug mode (AC_DEBUG=1,
// asyncio's PYTHONASYNCIODEBUG).
//
// Debug mode costs one predictable branch where it is off: loop.c runs
// each ready entry through ac__debug_run instead of directly (timing it),
// the entry points check the calling thread (AC__DEBUG_THREAD in
// internal.h), and frames the runtime allocates (pool.c) and frees
// (task.c) are reported to the creation-site table here.
//
// Creation sites: a frame is made by the inline ac_frame_new of the
// caller, which only calls the runtime when its size class has no free
// chunk.  In debug mode the loop moves the free lists aside before each
// ready entry (ac__pool_divert), so a frame made in a step comes from the
// runtime, which records the creating task and the .ac line of the frame
// it runs (the line of its latest await, or of its definition).  Only a
// frame recycled inline within the same step (an awaited call that ended
// at once, then a call of the same size) escapes the record.
#include "internal.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// Debug mode is the process's (a wrong-thread use is seen from the thread
// that makes it); the handler, the slow limit and the creation sites are
// each loop's (per thread, like the loop).
int ac__debug AC__HIDDEN;
static AC__THREAD double slow_duration = 0.1;


// The exception handler ---------------------------------------------------

static AC__THREAD ac_exception_handler exc_handler;
static AC__THREAD void *exc_arg;


void ac_loop_set_exception_handler(ac_loop *loop, ac_exception_handler h,
                                   void *arg)
{
  (void)loop;
  exc_handler = h;
  exc_arg = arg;
}


// A function's name for a report: its symbol if exported, else where it is
// (module+offset: `addr2line -e MODULE OFFSET` gives the line).
static void print_fn(FILE *out, const void *fn)
{
  Dl_info info;
  if (dladdr(fn, &info) != 0 && info.dli_sname != NULL && info.dli_saddr == fn)
    fprintf(out, "%s()", info.dli_sname);
  else if (dladdr(fn, &info) != 0 && info.dli_fname != NULL)
    fprintf(out, "%s+0x%zx", info.dli_fname,
            (size_t)((const char *)fn - (const char *)info.dli_fbase));
  else
    fprintf(out, "%p", fn);
}


void ac_loop_default_exception_handler(ac_loop *loop,
                                       const ac_error_context *ctx)
{
  (void)loop;
  fputs(ctx->message != NULL ? ctx->message : "Unhandled error", stderr);
  if (ctx->callback != NULL) {
    fputc(' ', stderr);
    print_fn(stderr, (const void *)(uintptr_t)ctx->callback);
  }
  if (ctx->task != NULL)
    fprintf(stderr, ": %s", ac_task_repr(ctx->task));
  else if (ctx->error != 0)
    fprintf(stderr, ": %s (%s)", ac_err_name(ctx->error),
            ac_strerror(ctx->error));
  fputc('\n', stderr);
}


void ac_loop_call_exception_handler(ac_loop *loop, const ac_error_context *ctx)
{
  if (exc_handler != NULL)
    exc_handler(loop, ctx, exc_arg);
  else
    ac_loop_default_exception_handler(loop, ctx);
}


// A failed task or future freed (or left at close) with its error never
// retrieved: asyncio's "Task exception was never retrieved".
void ac__report_unretrieved(ac_task *t)
{
  ac_error_context ctx = {.message = "Task exception was never retrieved",
                          .error = t->err,
                          .task = t};
  t->flags |= AC__F_OBSERVED;
  ac_loop_call_exception_handler(ac__loop, &ctx);
}


// Debug mode --------------------------------------------------------------

// At loop creation: AC_DEBUG from the environment; the loop's thread.
void ac__debug_open(ac_loop *loop)
{
  const char *e = getenv("AC_DEBUG");
  (void)loop;
  if (e != NULL && e[0] != 0 && strcmp(e, "0") != 0)
    ac__debug = 1;
  slow_duration = 0.1;
}


void ac_loop_set_debug(ac_loop *loop, int on)
{
  (void)loop;
  ac__debug = on != 0;
}


int ac_loop_get_debug(ac_loop *loop)
{
  (void)loop;
  return ac__debug;
}


void ac_loop_set_slow_callback_duration(ac_loop *loop, double seconds)
{
  (void)loop;
  slow_duration = seconds;
}


// An entry point called with a loop that is not the calling thread's
// (debug mode): said at once, with the call site.  The call goes on (it is
// a data race).
void ac__debug_thread(const char *fn, const void *caller)
{
  fprintf(stderr,
          "libacrt: debug: %s called from a thread that is not the loop's "
          "(use ac_call_soon_threadsafe or ac_loop_submit)",
          fn);
  if (caller != NULL) {
    fputs(" (called from ", stderr);
    print_fn(stderr, caller);
    fputc(')', stderr);
  }
  fputc('\n', stderr);
}


// An entry point given task t (debug mode): a task of another thread's
// loop (not in this thread's pools) is reported like a wrong loop.
void ac__debug_task(const void *t, const char *fn, const void *caller)
{
  if (t != NULL && !ac__pool_owns(t))
    ac__debug_thread(fn, caller);
}


// Creation sites: an open-addressing table, frame -> who made it.
typedef struct site {
  const ac_task *frame;  // NULL: empty slot
  const ac_desc *desc;   // the frame's function when recorded
  const ac_desc *in;     // the creating frame's function, NULL outside tasks
  uint32_t creator;      // the creating task's id (Task-N)
  uint32_t line;         // the creating frame's .ac line
  uint32_t started;      // the creating frame had passed an await
} site;

static AC__THREAD site *sites;
static AC__THREAD size_t sites_cap, sites_len;


static size_t slot_of(const ac_task *t)
{
  uintptr_t h = (uintptr_t)t;
  h ^= h >> 17;
  h *= (uintptr_t)0x9E3779B97F4A7C15u;
  return (size_t)(h >> 7) & (sites_cap - 1);
}


static site *site_find(const ac_task *t)
{
  size_t i;
  if (sites_cap == 0)
    return NULL;
  for (i = slot_of(t); sites[i].frame != NULL; i = (i + 1) & (sites_cap - 1))
    if (sites[i].frame == t)
      return &sites[i];
  return NULL;
}


static void site_put(const site *s);


static int sites_grow(void)
{
  site *old = sites;
  size_t n = sites_cap, i;
  size_t cap = n ? n * 2 : 256;
  site *v = calloc(cap, sizeof *v);
  if (v == NULL)
    return 0;
  sites = v;
  sites_cap = cap;
  sites_len = 0;
  for (i = 0; i < n; i++)
    if (old[i].frame != NULL)
      site_put(&old[i]);
  free(old);
  return 1;
}


static void site_put(const site *s)
{
  size_t i;
  site *have = site_find(s->frame);
  if (have != NULL) {
    *have = *s;
    return;
  }
  if ((sites_len + 1) * 2 > sites_cap && !sites_grow())
    return;  // out of memory: this frame goes unrecorded
  for (i = slot_of(s->frame); sites[i].frame != NULL;
       i = (i + 1) & (sites_cap - 1))
    ;
  sites[i] = *s;
  sites_len++;
}


// Removes t's record (backward-shift deletion keeps the probes intact).
static void site_drop(const ac_task *t)
{
  site *s = site_find(t);
  size_t i, j;
  if (s == NULL)
    return;
  i = (size_t)(s - sites);
  sites[i].frame = NULL;
  sites_len--;
  for (j = (i + 1) & (sites_cap - 1); sites[j].frame != NULL;
       j = (j + 1) & (sites_cap - 1)) {
    size_t home = slot_of(sites[j].frame);
    // sites[j] may move to the hole i if its home is not in (i, j].
    if ((j > i && (home <= i || home > j)) ||
        (j < i && home <= i && home > j)) {
      sites[i] = sites[j];
      sites[j].frame = NULL;
      i = j;
    }
  }
}


// pool.c made frame t (debug mode; caller: the constructor): record the
// creating task and line.  A constructor called from another thread is
// reported like the entry points.
void ac__debug_created(ac_task *t, const void *caller)
{
  ac_task *c = ac__current;
  site s = {.frame = t, .desc = t->q.desc};
  (void)caller;  // (any thread may make frames: they go to its own loop)
  if (c != NULL && c->top != NULL) {
    s.creator = c->id;
    s.in = c->top->q.desc;
    s.line = ac__frame_line(c->top);
    s.started = c->top->state != 0;
  }
  site_put(&s);
}


// The report of a frame that was never awaited or scheduled.
static void never_awaited(ac_task *t, const char *when)
{
  const ac_desc *d = t->q.desc;
  site *s = site_find(t);
  fprintf(stderr,
          "libacrt: debug: coroutine '%s()' (defined at %s:%u) was never "
          "awaited or scheduled (%s); ",
          d->name, d->file != NULL ? d->file : "?", d->line, when);
  if (s == NULL || s->desc != d)
    fputs("created at an unknown site\n", stderr);
  else if (s->in == NULL)
    fputs("created outside any task\n", stderr);
  else
    fprintf(stderr, "created by Task-%u in %s() %s %s:%u\n", s->creator,
            s->in->name,
            s->started ? "after its await at"
                       : "before its first await, defined at",
            s->in->file != NULL ? s->in->file : "?", s->line);
}


static int fresh_frame(const ac_task *t)
{
  return t->q.desc->kind == AC_DESC_FUNC &&
         !(t->flags & (AC__F_ROOT | AC__F_STARTED | AC__F_DONE)) &&
         t != &ac__nomem_task;
}


// task.c frees t (debug mode): its last release (ac_task_release checks
// no thread itself: it is on every task's path, inside the runtime too).
void ac__debug_freed(ac_task *t)
{
  ac__debug_task(t, "ac_task_release (the last one, freeing the task)", NULL);
  if (fresh_frame(t))
    never_awaited(t, "released");
  site_drop(t);
}


// ac_loop_close finds obj still allocated (debug mode).
void ac__debug_left(ac_qnode *obj)
{
  if (obj->desc->kind == AC_DESC_FUNC && fresh_frame(ac__task_of(obj)))
    never_awaited(ac__task_of(obj), "left at loop close");
}


// At loop close: the table goes.
void ac__debug_close(void)
{
  free(sites);
  sites = NULL;
  sites_cap = sites_len = 0;
}


// Slow steps and callbacks -------------------------------------------------

// Seconds on a coarse monotonic clock: a few ms of resolution are plenty
// for a 100 ms threshold, and reading it costs no system call.
static double coarse_now(void)
{
  struct timespec ts;
#ifdef CLOCK_MONOTONIC_COARSE
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
#else
  clock_gettime(CLOCK_MONOTONIC, &ts);
#endif
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report_slow(double secs, ac_task *t, const ac_desc *d,
                        unsigned from, const void *cb)
{
  fputs("libacrt: debug: Executing ", stderr);
  if (t != NULL)
    fprintf(stderr, "%s took %.3f seconds (resumed at %s:%u)\n",
            ac_task_repr(t), secs, d->file != NULL ? d->file : "?", from);
  else {
    fputs("<Handle ", stderr);
    print_fn(stderr, cb);
    fprintf(stderr, "> took %.3f seconds\n", secs);
  }
}


// Runs one ready entry through run (loop.c's dispatch), timed; a task is
// kept referenced meanwhile so that it can be described afterwards.
void ac__debug_run(ac_qnode *e, void (*run)(ac_qnode *e))
{
  ac_task *t = NULL;
  const ac_desc *d = NULL;
  const void *cb = NULL;
  unsigned from = 0;
  double t0, secs;
  ac__pool_divert();
  switch (e->desc->kind) {
  case AC__K_HANDLE:
  case AC__K_DONECB: {
    ac_handle *h = ac__handle_of(e);
    cb = e->desc->kind == AC__K_HANDLE ? (const void *)(uintptr_t)h->fn.cb
                                       : (const void *)(uintptr_t)h->fn.tcb;
    break;
  }
  case AC__K_NODE:
    cb = (const void *)(uintptr_t)ac__node_type_of(e)->run;
    break;
  default:
    t = ac_task_ref(ac__task_of(e));
    d = t->top != NULL ? t->top->q.desc : t->q.desc;
    from = t->top != NULL ? ac__frame_line(t->top) : d->line;
    break;
  }
  t0 = coarse_now();
  run(e);
  secs = coarse_now() - t0;
  if (secs >= slow_duration)
    report_slow(secs, t, d, from, cb);
  if (t != NULL)
    ac_task_release(t);
}
