// timers.c — the loop's timers: a wheel of 1 ms slots for deadlines
// within the next second and a 4-ary heap with the keys inline for the
// rest; the pass takes the smaller head of the two, so timers fire in
// (deadline, first armed) order.  loop.c arms them (ac__call_at_try),
// collects the due ones (ac__timers_collect) and asks for the next
// deadline (ac__timers_next).
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
#define AC__WHEEL_SLOTS 1024   // a power of two; about a second
#define AC__SUBSLOTS 64        // parts of a millisecond when sorting a slot,
#define AC__SUBSLOTS_MAX 4096  // up to this many for a large slot

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


// Which of `parts` equal parts of millisecond `tick` t falls in: never
// smaller for a larger t (each floating-point step is monotonic).
static size_t sub_of(double t, int64_t tick, size_t parts)
{
  double k = (t * 1000.0 - (double)tick) * (double)parts;
  if (!(k > 0))
    return 0;
  return k < (double)(parts - 1) ? (size_t)k : parts - 1;
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
// slot is first spread over as many equal parts of its millisecond as it
// has timers (a power of two, at most AC__SUBSLOTS_MAX) into a new array,
// by a counting sort on a key that never decreases as the deadline grows:
// with deadlines spread over the millisecond, a part holds one or two and
// is in order at once; bunched ones are sorted by sort_all.
static void sort_slot(ac__timer_slot *s, int64_t tick)
{
  size_t i, n = s->len, parts = AC__SUBSLOTS, *at;
  ac__timer_ent *v = s->v, *to;
  for (i = 1; i < n && timer_less(&v[i - 1], &v[i]); i++) {
  }
  if (i >= n)
    return;
  while (parts < n && parts < AC__SUBSLOTS_MAX)
    parts *= 2;
  // One block: the new array, then the parts' counters.
  if (n < 4 * AC__SUBSLOTS ||
      (to = ac__sys_alloc(s->cap * sizeof *to + (parts + 1) * sizeof *at)) ==
          NULL) {
    sort_all(v, n);
    return;
  }
  at = (size_t *)(to + s->cap);
  memset(at, 0, (parts + 1) * sizeof *at);
  for (i = 0; i < n; i++)
    at[sub_of(v[i].when, tick, parts) + 1]++;
  for (i = 1; i <= parts; i++)
    at[i] += at[i - 1];
  for (i = 0; i < n; i++)
    to[at[sub_of(v[i].when, tick, parts)]++] = v[i];
  free(v);
  s->v = to;
  for (i = 0; i < parts; i++) {  // at[i]: where part i + 1 starts
    size_t from = i == 0 ? 0 : at[i - 1];
    if (at[i] - from > 1)
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
int ac__timer_add(ac_loop *loop, ac_handle *h)
{
  int64_t tick = tick_of(h->when), now = 0;
  ac__timer_slot *s;
  if (loop->wheel == NULL || loop->wheel_len == 0)
    now = tick_of(loop->now);  // (only these two cases need it)
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
void ac__timers_collect(ac_loop *loop, double now)
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


// The earliest deadline, or NAN when there is no timer: the loop wakes up
// for it (the real clock's wake-ups are finer than a millisecond, loop.c),
// or the virtual clock jumps to it.  A slot not yet open is not in order:
// its smallest deadline is looked for (once a millisecond at most while
// timers are dense).
double ac__timers_next(ac_loop *loop)
{
  double when = NAN;
  if (loop->wheel_len > 0) {
    ac__timer_ent *w = wheel_head(loop);
    if (w != NULL) {
      when = w->when;
    } else {
      ac__timer_slot *s = slot_of(loop, busy_next(loop));
      when = s->v[0].when;
      for (uint32_t i = 1; i < s->len; i++)
        if (s->v[i].when < when)
          when = s->v[i].when;
    }
  }
  if (loop->heap_len > 0 && !(loop->heap[0].when >= when))
    when = loop->heap[0].when;
  return when;
}


// Frees the heap and the wheel (ac_loop_close).
void ac__timers_free(ac_loop *loop)
{
  free(loop->heap);
  loop->heap = NULL;
  if (loop->wheel != NULL)
    for (size_t i = 0; i < AC__WHEEL_SLOTS; i++)
      free(loop->wheel->slot[i].v);
  free(loop->wheel);
  loop->wheel = NULL;
}
