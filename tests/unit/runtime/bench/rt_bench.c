// rt_bench.c — quick figures for libacrt (not a test; `make bench-runtime`).
// Workloads mirror rt_bench.py (asyncio) run in the same make target:
//   spawn+gather     N trivial tasks created, scheduled and gathered
//   sleep(0) switch  1000 tasks x 200 sleep(0) each
//   direct await     `await leaf(x)` that completes at once, in a loop
//   suspended task   RSS growth / N for 100,000 tasks awaiting one future
#include "acrt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  if (f == NULL)
    return -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmRSS:", 6) == 0)
      kb = atol(line + 6);
  fclose(f);
  return kb;
}

// ---- leaf(x): return x + 1 ------------------------------------------------
struct leaf_frame {
  ac_task hdr;
  int result;
  int x;
};
static int leaf_resume(ac_task *self)
{
  struct leaf_frame *f = (struct leaf_frame *)self;
  f->result = f->x + 1;
  return AC_DONE;
}
static const uint32_t no_lines[] = {0};
static const ac_desc leaf_desc =
    AC_DESC_INIT(leaf_resume, "leaf", "bench.ac", 1, no_lines,
                 struct leaf_frame, result, AC_KIND_INT);
static ac_task *leaf(int x)
{
  ac_task *t = ac_frame_new(&leaf_desc);
  ((struct leaf_frame *)t)->x = x;
  return t;
}

// ---- spawn(n): create n leaf tasks, gather them ---------------------------------
struct spawn_frame {
  ac_task hdr;
  size_t n;
  ac_task **ts;
};
static int spawn_resume(ac_task *self)
{
  struct spawn_frame *f = (struct spawn_frame *)self;
  switch (self->state) {
  case 0: goto s0;
  case 1: goto s1;
  default: return AC_DONE;
  }
s0:
  for (size_t i = 0; i < f->n; i++)
    f->ts[i] = ac_create_task(leaf((int)i));
  self->state = 1;
  if (ac_await_call(self, ac_gather(f->ts, f->n, NULL, 0, NULL, 0)))
    return AC_SUSPENDED;
s1:
  ac_await_end(self, NULL, 0);
  return AC_DONE;
}
static const ac_desc spawn_desc = AC_DESC_INIT_VOID(
    spawn_resume, "spawn", "bench.ac", 1, no_lines, struct spawn_frame);

// ---- switcher(k): k x sleep(0) -------------------------------------------------------
struct sw_frame {
  ac_task hdr;
  int k;
  int i;
};
static int sw_resume(ac_task *self)
{
  struct sw_frame *f = (struct sw_frame *)self;
  switch (self->state) {
  case 0: goto s0;
  case 1: goto s1;
  default: return AC_DONE;
  }
s0:
  for (f->i = 0; f->i < f->k; f->i++) {
    self->state = 1;
    if (ac_await_call(self, ac_sleep(0)))
      return AC_SUSPENDED;
  s1:
    if (ac_await_end(self, NULL, 0))
      return AC_DONE;
  }
  return AC_DONE;
}
static const ac_desc sw_desc = AC_DESC_INIT_VOID(
    sw_resume, "switcher", "bench.ac", 1, no_lines, struct sw_frame);

// ---- chain(n): n x `v = await leaf(v)` --------------------------------------------
struct chain_frame {
  ac_task hdr;
  int result;
  long n;
  long i;
  int v;
  int known;
};
static int chain_resume(ac_task *self)
{
  struct chain_frame *f = (struct chain_frame *)self;
  switch (self->state) {
  case 0: goto s0;
  case 1: goto s1;
  default: return AC_DONE;
  }
s0:
  f->v = 0;
  for (f->i = 0; f->i < f->n; f->i++) {
    self->state = 1;
    if (f->known ? ac_await_call_fn(self, leaf(f->v), leaf_resume)
                 : ac_await_call(self, leaf(f->v)))
      return AC_SUSPENDED;
  s1:
    if (ac_await_end(self, &f->v, sizeof f->v))
      return AC_DONE;
  }
  f->result = f->v;
  return AC_DONE;
}
static const ac_desc chain_desc =
    AC_DESC_INIT(chain_resume, "chain", "bench.ac", 1, no_lines,
                 struct chain_frame, result, AC_KIND_INT);

// ---- waiter(fut): await fut ----------------------------------------------------------
struct wt_frame {
  ac_task hdr;
  ac_future *fut;
};
static int wt_resume(ac_task *self)
{
  struct wt_frame *f = (struct wt_frame *)self;
  switch (self->state) {
  case 0: goto s0;
  case 1: goto s1;
  default: return AC_DONE;
  }
s0:
  self->state = 1;
  if (ac_await_task(self, f->fut))
    return AC_SUSPENDED;
s1:
  ac_await_end(self, NULL, 0);
  return AC_DONE;
}
static const ac_desc wt_desc = AC_DESC_INIT_VOID(
    wt_resume, "waiter", "bench.ac", 1, no_lines, struct wt_frame);

static void stop_cb(void *arg)
{
  (void)arg;
  ac_loop_stop(ac_loop_default());
}

static void suspended(void)
{
  ac_loop *loop;
  // bytes per suspended task awaiting a future
  {
    size_t n = 100000;
    long before, after;
    ac_future *fut;
    loop = ac_loop_default();
    fut = ac_future_new(0);
    before = rss_kb();
    for (size_t i = 0; i < n; i++) {
      ac_task *w = ac_frame_new(&wt_desc);
      ((struct wt_frame *)w)->fut = fut;
      ac_create_task(w);
      ac_task_release(w);  // the loop keeps it
    }
    ac_call_soon(loop, stop_cb, NULL);
    ac_loop_run_until_complete(loop, fut);  // every task now waits on fut
    after = rss_kb();
    printf("libacrt  suspended task     %8.1f bytes/task (100,000 awaiting a "
           "future; header %zu B)\n",
           (double)(after - before) * 1024.0 / (double)n, sizeof(ac_task));
    ac_future_set_result(fut, NULL);
    ac_loop_run_until_complete(loop, fut);
    ac_future_release(fut);
    ac_loop_close(loop);
  }
}

int main(void)
{
  ac_loop *loop;
  double t, best = 1e9;
  int rep;

  suspended();  // first: RSS growth is only visible on fresh memory

  // spawn + gather: the first run is cold (fresh pool memory: page faults);
  // then best of 3 in the steady state (pools warm, no malloc per task).
  loop = ac_loop_default();
  for (rep = 0; rep < 4; rep++) {
    size_t n = 1000000;
    ac_task *m;
    m = ac_frame_new(&spawn_desc);
    ((struct spawn_frame *)m)->n = n;
    ((struct spawn_frame *)m)->ts = malloc(n * sizeof(ac_task *));
    t = now();
    ac_loop_run_until_complete(loop, m);
    t = (now() - t) / (double)n * 1e9;
    if (rep == 0)
      printf("libacrt  spawn+gather cold  %8.1f ns/task   (1,000,000 tasks, "
             "first run)\n",
             t);
    else if (rep == 1 || t < best)
      best = t;
    free(((struct spawn_frame *)m)->ts);
    ac_task_release(m);
  }
  printf("libacrt  spawn+gather       %8.1f ns/task   (1,000,000 tasks, steady "
         "state)\n",
         best);
  // the same with 10,000 tasks per gather (fits in the caches), 100 rounds
  {
    size_t n = 10000;
    ac_task **ts = malloc(n * sizeof(ac_task *));
    best = 1e9;
    for (rep = 0; rep < 101; rep++) {
      ac_task *m = ac_frame_new(&spawn_desc);
      ((struct spawn_frame *)m)->n = n;
      ((struct spawn_frame *)m)->ts = ts;
      t = now();
      ac_loop_run_until_complete(loop, m);
      t = (now() - t) / (double)n * 1e9;
      if (rep > 0 && t < best)
        best = t;
      ac_task_release(m);
    }
    free(ts);
  }
  ac_loop_close(loop);
  printf("libacrt  spawn+gather       %8.1f ns/task   (10,000 tasks per "
         "gather, best of 100)\n",
         best);

  // sleep(0) switches
  best = 1e9;
  for (rep = 0; rep < 3; rep++) {
    ac_task *ts[1000];
    loop = ac_loop_default();
    for (int i = 0; i < 1000; i++) {
      ts[i] = ac_frame_new(&sw_desc);
      ((struct sw_frame *)ts[i])->k = 200;
      ac_create_task(ts[i]);
    }
    t = now();
    ac_loop_run_until_complete(loop, ts[999]);
    t = (now() - t) / 200000.0 * 1e9;
    if (t < best)
      best = t;
    for (int i = 0; i < 1000; i++)
      ac_task_release(ts[i]);
    ac_loop_close(loop);
  }
  printf("libacrt  sleep(0) switch    %8.1f ns/switch (1000 tasks x 200)\n",
         best);

  // direct awaits completing at once: through the descriptor (any callee),
  // then with the callee's resume function known to the caller
  for (int known = 0; known < 2; known++) {
    best = 1e9;
    for (rep = 0; rep < 3; rep++) {
      long n = 20000000;
      ac_task *c;
      loop = ac_loop_default();
      c = ac_frame_new(&chain_desc);
      ((struct chain_frame *)c)->n = n;
      ((struct chain_frame *)c)->known = known;
      t = now();
      ac_loop_run_until_complete(loop, c);
      t = (now() - t) / (double)n * 1e9;
      if (t < best)
        best = t;
      if (AC_TASK_RESULT(c, int) != (int)n)
        printf("chain: wrong result\n");
      ac_task_release(c);
      ac_loop_close(loop);
    }
    printf("libacrt  direct await%s %8.2f ns/await  (20,000,000 awaits)\n",
           known ? " (fn)  " : "       ", best);
  }
  return 0;
}
