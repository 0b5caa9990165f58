// loop.c — the event loop: ready queue, passes, libuv driving (the timers'
// heap and wheel: timers.c).
//
// One pass (asyncio's _run_once): poll libuv (without blocking if anything
// is ready; otherwise until the next timer, or forever if there is none and
// I/O is pending), move every due timer to the ready queue in (deadline,
// FIFO) order, then run exactly the entries that were ready when the pass
// began.  Entries are tasks (a step) and handles (a callback); both start
// with a descriptor and a link, so one intrusive FIFO holds them.
//
// libuv sees one uv_timer_t for the whole loop: it only makes uv_run wake
// up at our own next deadline.  Timers live in a wheel of 1 ms slots (the
// next second) or a 4-ary heap with the keys inline (timers.c); cancelled ones are removed at once, so neither holds
// garbage (but for holes in the slot being taken).
#include "internal.h"

#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/timerfd.h>
#include <unistd.h>

static void tfd_open(ac_loop *loop);
#endif

// One loop per thread (ac_loop_default is this thread's), allocated when
// the thread first needs it and freed by ac_loop_close.
AC__THREAD ac_loop *ac__loop;

const ac_desc ac__handle_desc = {.name = "handle", .kind = AC__K_HANDLE};


// libuv runs expired timers before it polls, and a timer callback (curl's,
// in http.c) can complete an operation and make a task ready.  libuv does
// not know about our ready queue, so it would still block in the poll until
// the next I/O event.  uv_stop makes this uv_run poll without blocking.
static void on_uv_prepare(uv_prepare_t *p)
{
  ac_loop *loop = p->data;
  if (loop->rq_len > 0)
    uv_stop(&loop->uv);
}


// This thread's loop structure, made once and freed when the thread exits
// (thread_key's destructor), since other threads may hold its address.
static AC__THREAD ac_loop *loop_storage;
static AC__THREAD int thread_registered;
static uv_once_t key_once = UV_ONCE_INIT;
static pthread_key_t thread_key;

// A thread that used the runtime exits: its pools, debug tables and loop
// structure go (its objects cannot be used from elsewhere anyway).
static void thread_exit(void *p)
{
  (void)p;
  if (ac__loop == NULL) {  // (a loop left open keeps its memory)
    ac__pool_release_all();
    ac__debug_close();
  }
  if (loop_storage != NULL && ac__loop == NULL) {
    ac__ts_destroy(&loop_storage->ts);
    free(loop_storage);
    loop_storage = NULL;
  }
}


static void make_key(void)
{
  if (pthread_key_create(&thread_key, thread_exit) != 0)
    ac__oom();
}


void ac__thread_register(void)
{
  if (thread_registered)
    return;
  thread_registered = 1;
  uv_once(&key_once, make_key);
  pthread_setspecific(thread_key, &thread_registered);  // non-NULL: called
}


static ac_loop *loop_structure(void)
{
  if (loop_storage == NULL) {
    ac_loop *loop = calloc(1, sizeof *loop);
    if (loop == NULL)
      ac__oom();  // no task exists yet that could be told
    ac__ts_init(&loop->ts);
    ac__thread_register();
    loop_storage = loop;
  }
  return loop_storage;
}


ac_loop *ac_loop_default(void)
{
  ac_loop *loop;
  const char *clock;
  if (ac__loop != NULL)
    return ac__loop;
  loop = loop_structure();
  memset((char *)loop + offsetof(ac_loop, uv), 0,
         sizeof *loop - offsetof(ac_loop, uv));
  if (uv_loop_init(&loop->uv) != 0)
    ac__oom();  // no task exists yet that could be told
  // Stopped between passes, so it never makes uv_loop_alive() true when
  // nothing else is pending; armed (and referenced) only while uv_run waits.
  uv_timer_init(&loop->uv, &loop->timer);
  // Runs in every uv_run just before libuv decides how long to block; does
  // not keep the loop alive.
  uv_prepare_init(&loop->uv, &loop->prepare);
  loop->prepare.data = loop;
  uv_prepare_start(&loop->prepare, on_uv_prepare);
  uv_unref((uv_handle_t *)&loop->prepare);
  loop->tfd = -1;
#ifdef __linux__
  tfd_open(loop);  // with the loop: descriptors counted at the start see it
#endif
  loop->t0 = uv_hrtime();
  clock = getenv("AC_CLOCK");
  loop->virtual_clock = clock != NULL && strcmp(clock, "virtual") == 0;
  loop->next_id = 1;
  ac__loop = loop;
  ac__eager = 0;
  ac__ts_open(loop);
  ac__debug_open(loop);
  return loop;
}


uv_loop_t *ac_loop_uv(ac_loop *loop)
{
  return &loop->uv;
}


void ac_loop_set_virtual_clock(ac_loop *loop, int on)
{
  if (on && !loop->virtual_clock)
    loop->vtime = 0;
  loop->virtual_clock = on != 0;
  loop->now = ac_loop_time(loop);  // the other clock's scale
}


// Reads the clock.  On the loop's own thread the reading is kept: the
// timers a pass arms count from the last reading (see timer_base).
double ac_loop_time(ac_loop *loop)
{
  double t = loop->virtual_clock ? loop->vtime
                                 : (double)(uv_hrtime() - loop->t0) / 1e9;
  if (loop == ac__loop)
    loop->now = t;
  return t;
}


void ac_loop_stop(ac_loop *loop)
{
  loop->stopping = 1;
}


// Ready queue -------------------------------------------------------------

static ac_qnode *dequeue(ac_loop *loop)
{
  ac_qnode *e = loop->rq_head;
  loop->rq_head = e->link;
  if (loop->rq_head == NULL)
    loop->rq_tail = NULL;
  loop->rq_len--;
  e->link = NULL;
  return e;
}


// Handles -----------------------------------------------------------------

ac_handle *ac__handle_try_new(const ac_desc *d)
{
  ac_handle *h = ac__obj_try_alloc(sizeof *h);
  if (h == NULL)
    return NULL;
  memset(h, 0, sizeof *h);
  h->q.desc = d;
  return h;
}


ac_handle *ac__handle_new(const ac_desc *d)
{
  ac_handle *h = ac__handle_try_new(d);
  if (h == NULL)
    ac__oom();
  return h;
}


void ac__handle_free(ac_handle *h)
{
  ac__obj_free(h, sizeof *h);
}


ac_handle *ac_call_soon(ac_loop *loop, ac_cb cb, void *arg)
{
  ac_handle *h;
  AC__DEBUG_LOOP(loop);
  h = ac__handle_new(&ac__handle_desc);
  h->fn.cb = cb;
  h->arg = arg;
  h->hflags = AC__H_QUEUED;
  ac__enqueue_on(loop, &h->q);
  return h;
}


// Gives h (its callback set) its deadline and place among the timers.
// Returns 0, or AC_ENOMEM.
static int timer_arm(ac_loop *loop, ac_handle *h, double when)
{
  // A NaN deadline would compare false with everything and break the
  // heap's order: it means "now".
  h->when = isnan(when) ? ac_loop_time(loop) : when;
  h->seq = loop->seq++;
  return ac__timer_add(loop, h);
}


ac_handle *ac__call_at_try(ac_loop *loop, double when, ac_cb cb, void *arg)
{
  ac_handle *h = ac__handle_try_new(&ac__handle_desc);
  if (h == NULL)
    return NULL;
  h->fn.cb = cb;
  h->arg = arg;
  if (timer_arm(loop, h, when) != 0) {
    ac__handle_free(h);
    return NULL;
  }
  return h;
}


// What a delay counts from: while a pass runs its entries, the loop's time
// as last read (at the pass's start, or by ac_loop_time since), as libuv's
// uv_timer_start counts from uv_now: 100,000 tasks that each sleep in their
// first step all count from the same instant, not from whenever their turn
// came (bench e).  A sleep so never ends before ac_loop_time has advanced
// by its delay from any reading taken before it was called.  Elsewhere
// (libuv callbacks during the poll, code outside the loop) the clock is
// read now: the last reading may be as old as the poll's wait.
static double timer_base(ac_loop *loop)
{
  return loop->in_pass ? loop->now : ac_loop_time(loop);
}


ac_handle *ac__call_later_try(double delay, ac_cb cb, void *arg)
{
  ac_loop *loop = ac__loop_get();
  return ac__call_at_try(loop, timer_base(loop) + delay, cb, arg);
}


int ac__timer_start(ac_handle *h, double delay, ac_cb cb, void *arg)
{
  ac_loop *loop = ac__loop_get();
  h->q.desc = &ac__handle_desc;
  h->q.link = NULL;
  h->fn.cb = cb;
  h->arg = arg;
  h->target = NULL;
  h->hflags = AC__H_EMBEDDED;
  return timer_arm(loop, h, timer_base(loop) + delay);
}


// The public ac_call_* cannot tell a task: out of memory, they abort.
ac_handle *ac_call_at(ac_loop *loop, double when, ac_cb cb, void *arg)
{
  ac_handle *h;
  AC__DEBUG_LOOP(loop);
  h = ac__call_at_try(loop, when, cb, arg);
  if (h == NULL)
    ac__oom();
  return h;
}


ac_handle *ac_call_later(ac_loop *loop, double delay, ac_cb cb, void *arg)
{
  return ac_call_at(loop, timer_base(loop) + delay, cb, arg);
}


void ac_handle_cancel(ac_handle *h)
{
  if (h == NULL)
    return;  // what ac_call_* returned when out of memory
  if (__builtin_expect(h->q.desc == NULL, 0)) {
    ac__misuse(__func__, AC__CALLER,
               "handle used after its callback ran or it was cancelled "
               "(freed object)");
    return;
  }
  if (h->hflags & (AC__H_RUNNING | AC__H_CANCELLED))
    return;
  h->hflags |= AC__H_CANCELLED;
  if (h->hflags & AC__H_TIMER) {
    ac__timer_remove(ac__loop, h);
    if (!(h->hflags & AC__H_EMBEDDED))
      ac__handle_free(h);
  }
  // On the ready queue: skipped and freed when popped.
}


static void run_handle(ac_handle *h)
{
  if (h->hflags & AC__H_CANCELLED) {
    if (!(h->hflags & AC__H_EMBEDDED))
      ac__handle_free(h);
    return;
  }
  h->hflags = (h->hflags & ~AC__H_QUEUED) | AC__H_RUNNING;
  h->fn.cb(h->arg);
  if (!(h->hflags & AC__H_EMBEDDED))
    ac__handle_free(h);
  else
    h->hflags &= ~AC__H_RUNNING;
}


// Passes ------------------------------------------------------------------

static void on_uv_timer(uv_timer_t *t)
{
  (void)t;  // only wakes uv_run; the pass moves due timers itself
}


// Arms libuv's timer so that the coming uv_run(UV_RUN_ONCE) returns by the
// next deadline of our heap.  Two traps make a one-shot timer lose the
// wake-up, and then uv_run blocks in epoll_wait forever while any I/O
// handle is open:
// - libuv computes the due time from its cached loop time, which is as old
//   as the start of this pass; after a long pass (CPU work between awaits,
//   a loaded machine) the timer is due at once.  So refresh it first.
// - Even then, time goes on before uv_run polls.  If the timer is due when
//   uv_run starts, it fires before the poll, and a fired one-shot timer no
//   longer bounds the poll's timeout.  A repeating timer re-arms itself
//   when it fires, so the poll always has a finite timeout; the caller
//   stops it after uv_run.
static void arm_wakeup(ac_loop *loop, uint64_t ms)
{
  uv_update_time(&loop->uv);
  uv_timer_start(&loop->timer, on_uv_timer, ms, 1);
}


#ifdef __linux__
// Wake-ups on the real clock are rounded up to a multiple of this many
// nanoseconds of loop time: a timer fires at most this late (plus the
// kernel's wake-up latency) instead of up to a millisecond late, and a
// loop busy with dense deadlines still wakes at most 4,000 times a second.
#define AC__WAKE_GRID_NS 250000u

static void on_tfd(uv_poll_t *p, int status, int events)
{
  ac_loop *loop = p->data;
  uint64_t n;
  (void)status;
  (void)events;
  if (read(loop->tfd, &n, sizeof n) < 0) {
    // EAGAIN: already read (it fired during an earlier poll)
  }
}


// Opens the loop's timerfd, watched by a poll handle that stays started
// but counts for uv_run only while a wait needs it.  Where that fails (tfd
// stays -1) the loop keeps libuv's millisecond timer.
static void tfd_open(ac_loop *loop)
{
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0)
    return;
  if (uv_poll_init(&loop->uv, &loop->tpoll, fd) != 0) {
    close(fd);
    return;
  }
  loop->tpoll.data = loop;
  if (uv_poll_start(&loop->tpoll, UV_READABLE, on_tfd) != 0) {
    uv_close((uv_handle_t *)&loop->tpoll, NULL);  // never started: fd unused
    close(fd);
    return;
  }
  uv_unref((uv_handle_t *)&loop->tpoll);
  loop->tfd = fd;
}


// Waits in uv_run until loop time `when` (rounded up to the grid; the
// caller knows it is ahead, by less than a day) or I/O, with the timerfd:
// libuv's own timers and poll timeout have whole milliseconds.  (libuv's
// uv_hrtime is CLOCK_MONOTONIC, the timerfd's clock.)  0 if there is no
// timerfd.
static int wait_until(ac_loop *loop, double when)
{
  struct itimerspec its = {{0, 0}, {0, 0}};
  uint64_t at;
  if (loop->tfd < 0)
    return 0;
  at = loop->t0 +
       (uint64_t)ceil(when * (1e9 / AC__WAKE_GRID_NS)) * AC__WAKE_GRID_NS;
  its.it_value.tv_sec = (time_t)(at / 1000000000u);
  its.it_value.tv_nsec = (long)(at % 1000000000u);
  if (timerfd_settime(loop->tfd, TFD_TIMER_ABSTIME, &its, NULL) != 0)
    return 0;
  uv_ref((uv_handle_t *)&loop->tpoll);
  uv_run(&loop->uv, UV_RUN_ONCE);
  uv_unref((uv_handle_t *)&loop->tpoll);
  return 1;
}
#endif


// Polls libuv for this pass.  Returns 0, or AC_ESTALLED if nothing can ever
// become ready (no ready entries, no timers, no I/O).
static int poll_io(ac_loop *loop)
{
  int alive;
  ac__ts_poll(loop);  // calls from other threads; holds keep it alive
  alive = uv_loop_alive(&loop->uv);
  if (loop->rq_len > 0) {
    if (alive)
      uv_run(&loop->uv, UV_RUN_NOWAIT);
    return 0;
  }
  if (loop->heap_len == 0 && loop->wheel_len == 0) {
    if (!alive)
      return AC_ESTALLED;
    uv_run(&loop->uv, UV_RUN_ONCE);
    return 0;
  }
  if (loop->virtual_clock) {
    double next;
    if (alive) {
      // Real I/O pending: wait for it; time stands still meanwhile.
      uv_run(&loop->uv, UV_RUN_ONCE);
      if (loop->rq_len > 0)
        return 0;
    }
    next = ac__timers_next(loop);
    if (next > loop->vtime)
      loop->vtime = next;
    return 0;
  } else {
    double next = ac__timers_next(loop);
    double wait = next - ac_loop_time(loop);
#ifdef __linux__
    if (wait > 0 && wait < 86400.0 && wait_until(loop, next))
      return 0;
#endif
    if (wait > 0) {
      // Clamped: a deadline of inf (or of ages away) does not fit in a
      // uint64_t, and converting it would be undefined; waking up once a
      // day changes nothing.
      double ms = ceil(wait * 1000.0);
      arm_wakeup(loop, ms < 86400e3 ? (uint64_t)ms : (uint64_t)86400e3);
      uv_run(&loop->uv, UV_RUN_ONCE);
      uv_timer_stop(&loop->timer);
    } else if (alive) {
      uv_run(&loop->uv, UV_RUN_NOWAIT);
    }
  }
  return 0;
}


// Runs one ready entry (inlined into the pass; debug mode calls it through
// a pointer).
__attribute__((always_inline)) static inline void run_entry(ac_qnode *e)
{
  if (e->desc->kind == AC_DESC_FUNC) {  // the usual entry: a task's step
    ac__step(ac__task_of(e));
    return;
  }
  switch (e->desc->kind) {
  case AC__K_HANDLE: run_handle(ac__handle_of(e)); break;
  case AC__K_DONECB: ac__run_donecb(ac__handle_of(e)); break;
  case AC__K_NODE: ac__node_type_of(e)->run(e); break;
  default: ac__step(ac__task_of(e)); break;
  }
}


// One pass.  Returns 0 or AC_ESTALLED.
static int run_once(ac_loop *loop)
{
  size_t n;
  double now;
  int rc = poll_io(loop);
  if (rc != 0)
    return rc;
  ac__ts_drain(loop);  // what other threads sent during the poll
  now = ac_loop_time(loop);
  ac__timers_collect(loop, now);
  loop->now = now;
  loop->in_pass = 1;  // timers armed by the entries count from `now`
  for (n = loop->rq_len; n > 0 && loop->rq_head != NULL; n--) {
    ac_qnode *e = dequeue(loop);
    if (__builtin_expect(ac__debug, 0))
      ac__debug_run(e, run_entry);  // timed (slow steps), creation sites
    else
      run_entry(e);
  }
  loop->in_pass = 0;
  if (ac__pool_untrimmed)
    ac__pool_trim();
  return 0;
}


static void stop_cb(ac_task *t, void *arg)
{
  (void)t;
  ((ac_loop *)arg)->stopping = 1;
}


// Whether fn, which runs or closes the loop, is called while it runs (from
// a task or a callback): that would free the caller's own frames.
int ac__loop_busy(const char *fn, const void *caller)
{
  if (ac__current == NULL && (ac__loop == NULL || ac__loop->running == 0))
    return 0;
  ac__misuse(fn, caller, "called while the loop is running (from %s)",
             ac__current != NULL ? ac_task_name(ac__current) : "a callback");
  return 1;
}


int ac_loop_run_until_complete(ac_loop *loop, ac_task *t)
{
  int rc = 0;
  AC__CHECK_TASK(t, AC_EFREED);
  if (ac__loop_busy(__func__, AC__CALLER))
    return AC_ERUNNING;
  if (ac_frame_failed(t))
    return AC_ENOMEM;
  ac_task_ref(t);
  if (!(t->flags & (AC__F_ROOT | AC__F_DONE)) &&
      t->q.desc->kind == AC_DESC_FUNC)
    ac_create_task(t);
  rc = ac_task_add_done_callback(t, stop_cb, loop);
  if (rc != 0) {
    ac_task_release(t);
    return rc;
  }
  loop->stopping = 0;
  loop->running++;
  while (!loop->stopping) {
    rc = run_once(loop);
    if (rc != 0)
      break;
  }
  loop->running--;
  loop->stopping = 0;
  if (ac_task_done(t)) {
    rc = t->err;
  } else {
    ac_task_remove_done_callback(t, stop_cb, loop);
    if (rc == 0)
      rc = AC_ESTALLED;
  }
  ac_task_release(t);
  return rc;
}


// ac_run ------------------------------------------------------------------

// asyncio.run: the one call a program needs; beside the loop it runs so the
// loop's whole life (create, run, close) reads in one file.
int ac_run(ac_task *main)
{
  ac_loop *loop;
  int rc, ret = 0;
  if (ac__loop_busy(__func__, AC__CALLER)) {
    ac_task_release(main);
    return AC_ERUNNING;
  }
  loop = ac_loop_default();
  ac_create_task(main);
  rc = ac_loop_run_until_complete(loop, main);
  if (rc != 0) {
    fprintf(stderr, "ac_run: %s: %s (%s)\n", ac_task_name(main),
            ac_err_name(rc), ac_strerror(rc));
    main->flags |= AC__F_OBSERVED;
    ret = 1;
  } else if (ac__result_size(main) == sizeof(int)) {
    memcpy(&ret, ac__result_ptr(main), sizeof ret);
  }
  ac_task_release(main);
  ac_loop_close(loop);
  return ret;
}


// Closing -----------------------------------------------------------------

// The task a live object is, if it is a scheduled task not yet done.
static ac_task *pending_task(ac_qnode *obj)
{
  ac_task *t;
  if (obj->desc->kind != AC_DESC_FUNC)
    return NULL;
  t = ac__task_of(obj);
  return (t->flags & AC__F_ROOT) && !(t->flags & AC__F_DONE) ? t : NULL;
}


static void collect_pending(ac_qnode *obj, void *arg)
{
  ac_task ***cur = arg;
  ac_task *t = pending_task(obj);
  if (t != NULL)
    *(*cur)++ = t;
}


static void count_pending(ac_qnode *obj, void *arg)
{
  if (pending_task(obj) != NULL)
    ++*(size_t *)arg;
}


static void report_left(ac_qnode *obj, void *arg)
{
  ac_task *t;
  (void)arg;
  if (obj->desc->kind != AC_DESC_FUNC && obj->desc->kind != AC__K_FUTURE)
    return;
  t = ac__task_of(obj);
  if ((t->flags & AC__F_DONE) && t->err != 0 && t->err != AC_ECANCELED &&
      !(t->flags & AC__F_OBSERVED))
    ac__report_unretrieved(t);
  if (__builtin_expect(ac__debug, 0))
    ac__debug_left(obj);
}


// Out of memory, drain takes the first pending tasks into a fixed array.
typedef struct collect_few {
  ac_task **list;
  size_t n, cap;
} collect_few;


static void collect_first(ac_qnode *obj, void *arg)
{
  collect_few *c = arg;
  ac_task *t = pending_task(obj);
  if (t != NULL && c->n < c->cap)
    c->list[c->n++] = t;
}


static int by_id(const void *a, const void *b)
{
  uint32_t x = (*(ac_task *const *)a)->id, y = (*(ac_task *const *)b)->id;
  return (x > y) - (x < y);
}


// asyncio.all_tasks, beside the walks ac_loop_close makes for the same
// tasks: counted, collected, sorted by Task-N.
size_t ac_all_tasks(ac_loop *loop, ac_task **tasks, size_t cap)
{
  size_t n = 0;
  collect_few c = {tasks, 0, cap};
  (void)loop;
  ac__obj_foreach(count_pending, &n);
  if (cap == 0 || n == 0)
    return n;
  if (cap < n) {
    c.list = malloc(n * sizeof *c.list);
    c.cap = n;
    if (c.list == NULL) {  // out of memory: the first cap found, unsorted
      c = (collect_few){tasks, 0, cap};
      ac__obj_foreach(collect_first, &c);
      return n;
    }
  }
  ac__obj_foreach(collect_first, &c);
  qsort(c.list, c.n, sizeof *c.list, by_id);
  if (c.list != tasks) {
    memcpy(tasks, c.list, cap * sizeof *tasks);
    free(c.list);
  }
  return n;
}


// Cancels every pending task and runs passes until all have finished (or
// nothing more can run).  Out of memory, a round takes the first 64.
static void drain(ac_loop *loop)
{
  for (int round = 0; round < 100; round++) {
    size_t n = 0, i;
    ac_task **all, **cur, *few[64];
    ac__obj_foreach(count_pending, &n);
    if (n == 0)
      break;
    all = ac__sys_alloc(n * sizeof *all);
    if (all != NULL) {
      cur = all;
      ac__obj_foreach(collect_pending, &cur);
    } else {
      collect_few c = {few, 0, 64};
      ac__obj_foreach(collect_first, &c);
      all = few;
      n = c.n;
    }
    for (i = 0; i < n; i++)
      ac_task_ref(all[i]);
    for (i = 0; i < n; i++)
      ac_task_cancel(all[i]);
    loop->running++;
    for (;;) {
      size_t left = 0;
      for (i = 0; i < n; i++)
        left += !ac_task_done(all[i]);
      if (left == 0 || run_once(loop) != 0)
        break;
    }
    loop->running--;
    for (i = 0; i < n; i++)
      ac_task_release(all[i]);
    if (all != few)
      free(all);
  }
}


// Closes a libuv handle the program left open (a stream, server or
// process never closed): its memory came from the pools and goes with them.
static void close_left(uv_handle_t *h, void *arg)
{
  (void)arg;
  if (!uv_is_closing(h))
    uv_close(h, NULL);
}


int ac_loop_close(ac_loop *loop)
{
  if (ac__loop_busy(__func__, AC__CALLER))
    return AC_ERUNNING;
  if (loop == NULL || loop != ac__loop)
    return 0;
  drain(loop);
  // Run what the cancellations scheduled (done callbacks), once.
  if (loop->rq_len > 0)
    run_once(loop);
  ac__ts_close(loop);  // other threads are refused from now on
  ac__signal_close(loop);
  ac__obj_foreach(report_left, NULL);
  ac__http_loop_close();  // kept-alive connections, unclosed bodies
  ac_loop_set_exception_handler(loop, NULL, NULL);
  ac__debug_close();
  // Memory of what is left goes with the pools (ac__pool_release_all).
  uv_walk(&loop->uv, close_left, NULL);  // includes our own timer
  uv_run(&loop->uv, UV_RUN_DEFAULT);
  uv_loop_close(&loop->uv);
#ifdef __linux__
  if (loop->tfd >= 0)
    close(loop->tfd);
  loop->tfd = -1;
#endif
  ac__timers_free(loop);
  ac__names_clear();
  ac__pool_release_all();
  ac__current = NULL;
  ac__stack_limit = NULL;
  ac__loop = NULL;
  return 0;
}
