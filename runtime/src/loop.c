// loop.c — the event loop: ready queue, timer heap, passes, libuv driving.
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
// next second) or a 4-ary heap with the keys inline (see heap_down and
// "Timer wheel"); cancelled ones are removed at once, so neither holds
// garbage (but for holes in the slot being taken).
#include "internal.h"

#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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


ac_loop *ac__loop_get(void)
{
  return ac_loop_default();
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


// Timer heap --------------------------------------------------------------

// The heap is D-ary with the keys inline (ac__timer_ent): a pop sifts
// down through log_D(n) levels whose D children are adjacent in memory
// (measured with 100,000 timers, bench e: see bench/PROFILE.md).
#ifndef AC__HEAP_D
#define AC__HEAP_D 4
#endif

static int timer_less(const ac__timer_ent *a, const ac__timer_ent *b)
{
  if (a->when != b->when)
    return a->when < b->when;
  return a->seq < b->seq;
}


static void heap_set(ac_loop *loop, size_t i, ac__timer_ent e)
{
  loop->heap[i] = e;
  e.h->heap_idx = (uint32_t)i;
}


static void heap_up(ac_loop *loop, size_t i)
{
  ac__timer_ent e = loop->heap[i];
  while (i > 0) {
    size_t p = (i - 1) / AC__HEAP_D;
    if (!timer_less(&e, &loop->heap[p]))
      break;
    heap_set(loop, i, loop->heap[p]);
    i = p;
  }
  heap_set(loop, i, e);
}


// Restores the order below i for an entry that is not less than its
// parent (a removal puts the last entry, usually a late one, there): the
// hole goes down to a leaf along the smallest children, one compare of
// D - 1 per level and none against the entry, then the entry goes up from
// there (rarely more than a level: Floyd's bottom-up sift).
static void heap_down(ac_loop *loop, size_t i)
{
  ac__timer_ent e = loop->heap[i];
  size_t n = loop->heap_len, top = i;
  for (;;) {
    size_t c = AC__HEAP_D * i + 1, k, end;
    if (c >= n)
      break;
    end = c + AC__HEAP_D < n ? c + AC__HEAP_D : n;
    for (k = c + 1; k < end; k++)
      if (timer_less(&loop->heap[k], &loop->heap[c]))
        c = k;
    heap_set(loop, i, loop->heap[c]);
    i = c;
  }
  while (i > top) {
    size_t p = (i - 1) / AC__HEAP_D;
    if (!timer_less(&e, &loop->heap[p]))
      break;
    heap_set(loop, i, loop->heap[p]);
    i = p;
  }
  heap_set(loop, i, e);
}


// Returns 0, or AC_ENOMEM if the heap could not grow.
static int heap_push(ac_loop *loop, ac_handle *h)
{
  if (loop->heap_len == loop->heap_cap) {
    size_t cap = loop->heap_cap ? loop->heap_cap * 2 : 64;
    ac__timer_ent *n = ac__sys_realloc(loop->heap, cap * sizeof *n);
    if (n == NULL)
      return AC_ENOMEM;
    loop->heap = n;
    loop->heap_cap = cap;
  }
  loop->heap[loop->heap_len].when = h->when;
  loop->heap[loop->heap_len].seq = h->seq;
  loop->heap[loop->heap_len].h = h;
  loop->heap_len++;
  heap_up(loop, loop->heap_len - 1);
  h->hflags |= AC__H_TIMER;
  return 0;
}


// Timer wheel -------------------------------------------------------------
//
// Most timers are short sleeps and timeouts.  One whose deadline falls in
// the next AC__WHEEL_SLOTS milliseconds after the open slot's goes into
// the slot of its millisecond (its tick): an append, and a swap with the
// slot's last entry to cancel it.  Every deadline of a slot is smaller than
// every deadline of a later slot, so only the open slot (wheel_tick) is
// ever kept in order: it is sorted by (when, seq) when the pass reaches its
// millisecond, then taken from its head (a timer cancelled there leaves a
// hole).  Deadlines at or before the open slot's millisecond, and those
// beyond the wheel, go to the heap.  A pass takes the smaller of the two
// heads each time, so timers fire in exactly the heap's order (deadline,
// then FIFO), while 100,000 sleeps cost an append and a share of one sort
// each instead of a sift through a 100,000-entry heap (bench e).
#define AC__WHEEL_SLOTS 1024  // a power of two; about a second
#define AC__SUBSLOTS 64       // parts of a millisecond when sorting a slot

typedef struct ac__timer_slot {
  ac__timer_ent *v;
  uint32_t len, cap;
  uint32_t head;  // the open slot: v[head..len) not yet taken (holes too)
} ac__timer_slot;

typedef struct ac__wheel {
  ac__timer_slot slot[AC__WHEEL_SLOTS];
  uint64_t busy[AC__WHEEL_SLOTS / 64];  // slots other than the open one
} ac__wheel;                            // that hold a timer


// The millisecond t falls in, or INT64_MAX when t is out of the wheel's
// reach for good (infinite, NaN, ages away): the heap takes those.
static int64_t tick_of(double t)
{
  double ms = floor(t * 1000.0);
  if (!(ms > -9e15 && ms < 9e15))
    return INT64_MAX;
  return (int64_t)ms;
}


static ac__timer_slot *slot_of(ac_loop *loop, int64_t tick)
{
  return &loop->wheel->slot[(uint64_t)tick & (AC__WHEEL_SLOTS - 1)];
}


static void busy_set(ac_loop *loop, int64_t tick, int on)
{
  uint64_t i = (uint64_t)tick & (AC__WHEEL_SLOTS - 1);
  uint64_t bit = (uint64_t)1 << (i % 64);
  if (on)
    loop->wheel->busy[i / 64] |= bit;
  else
    loop->wheel->busy[i / 64] &= ~bit;
}


// The first tick after the open slot's whose slot holds a timer; the
// caller knows there is one (the wheel holds timers, the open slot none).
static int64_t busy_next(ac_loop *loop)
{
  int64_t t = loop->wheel_tick + 1;
  for (;;) {
    uint64_t i = (uint64_t)t & (AC__WHEEL_SLOTS - 1);
    uint64_t word = loop->wheel->busy[i / 64] >> (i % 64);
    if (word != 0)
      return t + __builtin_ctzll(word);
    t += (int64_t)(64 - i % 64);
  }
}


// Heapsort's sift-down over v[0..n) as a max-heap.
static void sort_sift(ac__timer_ent *v, size_t i, size_t n)
{
  ac__timer_ent e = v[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n)
      break;
    if (c + 1 < n && timer_less(&v[c], &v[c + 1]))
      c++;
    if (!timer_less(&e, &v[c]))
      break;
    v[i] = v[c];
    i = c;
  }
  v[i] = e;
}


static void ent_swap(ac__timer_ent *a, ac__timer_ent *b)
{
  ac__timer_ent t = *a;
  *a = *b;
  *b = t;
}


// Which of AC__SUBSLOTS equal parts of millisecond `tick` t falls in:
// never smaller for a larger t (each floating-point step is monotonic).
static size_t sub_of(double t, int64_t tick)
{
  double k = (t * 1000.0 - (double)tick) * AC__SUBSLOTS;
  if (!(k > 0))
    return 0;
  return k < AC__SUBSLOTS - 1 ? (size_t)k : AC__SUBSLOTS - 1;
}


// Orders v[0..n) by (when, seq), the keys all distinct (seq): quicksort
// with a median-of-three pivot, insertion sort for short runs, and
// heapsort once `depth` partitions were unbalanced (no allocation, and
// n log n at worst, whatever the deadlines).
static void sort_ents(ac__timer_ent *v, size_t n, int depth)
{
  while (n > 12) {
    size_t i = 0, j = n, m = n / 2;
    if (depth-- == 0) {
      for (i = n / 2; i-- > 0;)
        sort_sift(v, i, n);
      for (i = n; i-- > 1;) {
        ent_swap(&v[0], &v[i]);
        sort_sift(v, 0, i);
      }
      return;
    }
    if (timer_less(&v[m], &v[0]))
      ent_swap(&v[m], &v[0]);
    if (timer_less(&v[n - 1], &v[0]))
      ent_swap(&v[n - 1], &v[0]);
    if (timer_less(&v[n - 1], &v[m]))
      ent_swap(&v[n - 1], &v[m]);
    ent_swap(&v[0], &v[m]);  // the median is the pivot, v[n - 1] >= it
    for (;;) {
      while (timer_less(&v[++i], &v[0])) {
      }
      while (timer_less(&v[0], &v[--j])) {
      }
      if (i >= j)
        break;
      ent_swap(&v[i], &v[j]);
    }
    ent_swap(&v[0], &v[j]);  // v[0..j) < v[j] < v(j..n)
    if (j < n - 1 - j) {
      sort_ents(v, j, depth);
      v += j + 1;
      n -= j + 1;
    } else {
      sort_ents(v + j + 1, n - 1 - j, depth);
      n = j;
    }
  }
  for (size_t i = 1; i < n; i++) {
    ac__timer_ent e = v[i];
    size_t k = i;
    for (; k > 0 && timer_less(&e, &v[k - 1]); k--)
      v[k] = v[k - 1];
    v[k] = e;
  }
}


// Sorts v[0..n) whatever its size (the depth limit is 2 log2 n).
static void sort_all(ac__timer_ent *v, size_t n)
{
  int depth = 0;
  for (size_t i = n; i > 1; i >>= 1)
    depth += 2;
  sort_ents(v, n, depth);
}


// Orders slot s (the millisecond `tick`) by (when, seq).  Often it already
// is (equal delays armed in one pass are appended in seq order).  A large
// slot is first spread over AC__SUBSLOTS parts of its millisecond into a
// new array (a counting sort by a key that never decreases as the deadline
// grows), so the pieces left to sort are short.
static void sort_slot(ac__timer_slot *s, int64_t tick)
{
  size_t i, n = s->len, at[AC__SUBSLOTS + 1] = {0};
  ac__timer_ent *v = s->v, *to;
  for (i = 1; i < n && timer_less(&v[i - 1], &v[i]); i++) {
  }
  if (i >= n)
    return;
  if (n < 4 * AC__SUBSLOTS ||
      (to = ac__sys_alloc(s->cap * sizeof *to)) == NULL) {
    sort_all(v, n);
    return;
  }
  for (i = 0; i < n; i++)
    at[sub_of(v[i].when, tick) + 1]++;
  for (i = 1; i <= AC__SUBSLOTS; i++)
    at[i] += at[i - 1];
  for (i = 0; i < n; i++)
    to[at[sub_of(v[i].when, tick)]++] = v[i];
  free(v);
  s->v = to;
  for (i = 0; i < AC__SUBSLOTS; i++) {  // at[i]: where part i + 1 starts
    size_t from = i == 0 ? 0 : at[i - 1];
    sort_all(to + from, at[i] - from);
  }
}


// Makes `tick` the open slot; the caller knows no timer of the wheel is
// in an earlier slot.  The slot left behind is emptied (a large array is
// given back: a burst of timers in one millisecond does not stay resident)
// and the new one sorted.
static void wheel_open(ac_loop *loop, int64_t tick)
{
  ac__timer_slot *s = slot_of(loop, loop->wheel_tick);
  s->len = s->head = 0;
  if (s->cap > 256) {
    free(s->v);
    s->v = NULL;
    s->cap = 0;
  }
  loop->wheel_tick = tick;
  busy_set(loop, tick, 0);
  s = slot_of(loop, tick);
  sort_slot(s, tick);
}


// The first timer of the open slot still waiting, or NULL.
static ac__timer_ent *wheel_head(ac_loop *loop)
{
  ac__timer_slot *s = slot_of(loop, loop->wheel_tick);
  while (s->head < s->len && s->v[s->head].h == NULL)
    s->head++;
  return s->head < s->len ? &s->v[s->head] : NULL;
}


// Puts h (when and seq set) into the wheel, or the heap when its deadline
// is not in the wheel's reach.  Returns 0, or AC_ENOMEM.
static int timer_add(ac_loop *loop, ac_handle *h)
{
  int64_t tick = tick_of(h->when), now = tick_of(loop->now);
  ac__timer_slot *s;
  if (loop->wheel == NULL && now != INT64_MAX) {
    loop->wheel = ac__sys_alloc(sizeof *loop->wheel);
    if (loop->wheel != NULL)
      memset(loop->wheel, 0, sizeof *loop->wheel);
    loop->wheel_tick = now;
  }
  if (loop->wheel == NULL || tick == INT64_MAX)
    return heap_push(loop, h);
  if (loop->wheel_len == 0 && now != INT64_MAX)
    wheel_open(loop, now);  // an idle wheel moves to the present
  if (tick <= loop->wheel_tick || tick >= loop->wheel_tick + AC__WHEEL_SLOTS)
    return heap_push(loop, h);
  s = slot_of(loop, tick);
  if (s->len == s->cap) {
    uint32_t cap = s->cap ? s->cap * 2 : 16;
    ac__timer_ent *n = ac__sys_realloc(s->v, cap * sizeof *n);
    if (n == NULL)
      return heap_push(loop, h);
    s->v = n;
    s->cap = cap;
  }
  s->v[s->len].when = h->when;
  s->v[s->len].seq = h->seq;
  s->v[s->len].h = h;
  if (s->len == 0)
    busy_set(loop, tick, 1);
  h->heap_idx = s->len++;
  h->hflags |= AC__H_TIMER | AC__H_WHEEL;
  loop->wheel_len++;
  return 0;
}


static void wheel_remove(ac_loop *loop, ac_handle *h)
{
  int64_t tick = tick_of(h->when);
  ac__timer_slot *s = slot_of(loop, tick);
  uint32_t i = h->heap_idx;
  h->hflags &= ~(AC__H_TIMER | AC__H_WHEEL);
  loop->wheel_len--;
  if (tick == loop->wheel_tick) {
    // Sorted since it was added: find it by its key (unique: seq).
    ac__timer_ent key = {h->when, h->seq, h};
    uint32_t lo = 0, hi = s->len;
    while (hi - lo > 1) {
      uint32_t mid = lo + (hi - lo) / 2;
      if (timer_less(&key, &s->v[mid]))
        hi = mid;
      else
        lo = mid;
    }
    s->v[lo].h = NULL;  // a hole, skipped by wheel_head
    return;
  }
  s->len--;
  if (s->len == 0)
    busy_set(loop, tick, 0);
  if (i != s->len) {
    s->v[i] = s->v[s->len];
    s->v[i].h->heap_idx = i;
  }
}


void ac__timer_remove(ac_loop *loop, ac_handle *h)
{
  size_t i = h->heap_idx;
  ac__timer_ent last;
  if (h->hflags & AC__H_WHEEL) {
    wheel_remove(loop, h);
    return;
  }
  h->hflags &= ~AC__H_TIMER;
  last = loop->heap[--loop->heap_len];
  if (i == loop->heap_len)
    return;
  heap_set(loop, i, last);
  if (i > 0 && timer_less(&last, &loop->heap[(i - 1) / AC__HEAP_D]))
    heap_up(loop, i);
  else
    heap_down(loop, i);
}


// Moves every timer due at `now` to the ready queue in (when, seq) order:
// the smaller of the wheel's head and the heap's each time.
static void timers_collect(ac_loop *loop, double now)
{
  int64_t now_tick = tick_of(now);
  for (;;) {
    ac__timer_ent *w = NULL, *e;
    ac_handle *h;
    if (loop->wheel_len > 0)
      while ((w = wheel_head(loop)) == NULL && loop->wheel_tick < now_tick) {
        int64_t next = busy_next(loop);  // all slots before it are empty
        wheel_open(loop, next < now_tick ? next : now_tick);
      }
    e = loop->heap_len > 0 ? &loop->heap[0] : NULL;
    if (w != NULL && (e == NULL || timer_less(w, e)))
      e = w;
    if (e == NULL || e->when > now)
      break;
    h = e->h;
    if (e == w) {
      slot_of(loop, loop->wheel_tick)->head++;
      loop->wheel_len--;
      h->hflags &= ~(AC__H_TIMER | AC__H_WHEEL);
    } else {
      ac__timer_remove(loop, h);
    }
    h->hflags |= AC__H_QUEUED;
    ac__enqueue(&h->q);
  }
}


// The earliest deadline, or NAN when there is no timer.  On the real clock
// a timer in a slot not yet open counts as due at its millisecond's start
// (the pass then opens the slot: the poll's wake-up has millisecond
// resolution anyway); the virtual clock jumps to the exact deadline.
static double timers_next(ac_loop *loop)
{
  double when = NAN;
  if (loop->wheel_len > 0) {
    ac__timer_ent *w = wheel_head(loop);
    if (w != NULL) {
      when = w->when;
    } else {
      int64_t t = busy_next(loop);
      ac__timer_slot *s = slot_of(loop, t);
      when = (double)t / 1000.0;
      if (loop->virtual_clock) {
        when = s->v[0].when;
        for (uint32_t i = 1; i < s->len; i++)
          if (s->v[i].when < when)
            when = s->v[i].when;
      }
    }
  }
  if (loop->heap_len > 0 && !(loop->heap[0].when >= when))
    when = loop->heap[0].when;
  return when;
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


ac_handle *ac__call_at_try(ac_loop *loop, double when, ac_cb cb, void *arg)
{
  ac_handle *h = ac__handle_try_new(&ac__handle_desc);
  if (h == NULL)
    return NULL;
  h->fn.cb = cb;
  h->arg = arg;
  // A NaN deadline would compare false with everything and break the
  // heap's order: it means "now".
  h->when = isnan(when) ? ac_loop_time(loop) : when;
  h->seq = loop->seq++;
  if (timer_add(loop, h) != 0) {
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
    next = timers_next(loop);
    if (next > loop->vtime)
      loop->vtime = next;
    return 0;
  } else {
    double wait = timers_next(loop) - ac_loop_time(loop);
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
  timers_collect(loop, now);
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
  free(loop->heap);
  if (loop->wheel != NULL)
    for (size_t i = 0; i < AC__WHEEL_SLOTS; i++)
      free(loop->wheel->slot[i].v);
  free(loop->wheel);
  ac__names_clear();
  ac__pool_release_all();
  ac__current = NULL;
  ac__stack_limit = NULL;
  ac__loop = NULL;
  return 0;
}
