// queue.c — Queue, LIFO queue and priority queue (acrt_sync.h): asyncio
// 3.13's asyncio.Queue, including shutdown, on waiter ops
// (sync_internal.h).
//
// Items are values of item_size bytes kept in one buffer: a ring for FIFO
// and LIFO (LIFO takes from the tail), a binary heap for the priority
// queue, whose slots carry an insertion number after the item so that
// equal items come out first in, first out.  The buffer grows by doubling
// (up to maxsize) and is malloc'd.
//
// As in asyncio, a put or get that can proceed does so without suspending;
// a woken getter takes its item when it runs (a get_nowait in between may
// take it first: the getter then waits again, at the back), and the
// waiters leave their deques as asyncio's do (popped by the waker, or
// removed by themselves when cancelled).
#include "sync_internal.h"

#include <stdlib.h>

enum { Q_FIFO, Q_LIFO, Q_PRIO };

struct ac_queue {
  sync_obj o;
  int kind;  // Q_*
  int shutdown;
  size_t item_size;
  size_t slot_size;  // item_size, or item + sequence number (priority)
  size_t seq_off;    // priority: offset of the sequence number in a slot
  size_t maxsize;    // 0: unbounded
  unsigned char *buf;
  size_t cap, head, len;
  ac_queue_cmp cmp;
  void *cmp_arg;
  uint64_t seq;
  size_t unfinished;  // items put and not yet marked done
  ac_event *finished;
  sync_list getters, putters;
};


// The items are values: only the buffer and the join event go.
static void queue_destroy(sync_obj *o)
{
  ac_queue *q = (ac_queue *)o;
  free(q->buf);
  ac_event_free(q->finished);
}


// The three kinds share everything but where an item goes in and out.
static ac_queue *queue_new(int kind, size_t item_size, size_t maxsize,
                           ac_queue_cmp cmp, void *arg)
{
  ac_queue *q;
  if (item_size == 0 || item_size > SIZE_MAX / 4)
    return NULL;
  q = sync_obj_new(sizeof *q, queue_destroy);
  if (q == NULL)
    return NULL;
  q->finished = ac_event_new();
  if (q->finished == NULL) {
    sync_obj_unref(q);
    return NULL;
  }
  ac_event_set(q->finished);
  q->kind = kind;
  q->item_size = item_size;
  q->slot_size = item_size;
  q->maxsize = maxsize;
  q->cmp = cmp;
  q->cmp_arg = arg;
  if (kind == Q_PRIO) {
    // Slots stay aligned for any type: the comparator reads items in place.
    size_t align = _Alignof(max_align_t);
    q->seq_off = (item_size + 7) & ~(size_t)7;
    q->slot_size = (q->seq_off + sizeof(uint64_t) + align - 1) & ~(align - 1);
  }
  return q;
}


ac_queue *ac_queue_new(size_t item_size, size_t maxsize)
{
  return queue_new(Q_FIFO, item_size, maxsize, NULL, NULL);
}


ac_queue *ac_queue_new_lifo(size_t item_size, size_t maxsize)
{
  return queue_new(Q_LIFO, item_size, maxsize, NULL, NULL);
}


ac_queue *ac_queue_new_priority(size_t item_size, size_t maxsize,
                                ac_queue_cmp cmp, void *arg)
{
  if (cmp == NULL)
    return NULL;
  return queue_new(Q_PRIO, item_size, maxsize, cmp, arg);
}


void ac_queue_free(ac_queue *q)
{
  sync_obj_unref(q);
}


size_t ac_queue_size(const ac_queue *q)
{
  return q != NULL ? q->len : 0;
}


size_t ac_queue_maxsize(const ac_queue *q)
{
  return q != NULL ? q->maxsize : 0;
}


int ac_queue_empty(const ac_queue *q)
{
  return q == NULL || q->len == 0;
}


int ac_queue_full(const ac_queue *q)
{
  return q != NULL && q->maxsize > 0 && q->len >= q->maxsize;
}


// Storage -------------------------------------------------------------------

// The i-th slot of the ring (FIFO, LIFO) or of the heap (head 0).
static unsigned char *slot(const ac_queue *q, size_t i)
{
  return q->buf + ((q->head + i) % q->cap) * q->slot_size;
}


// Makes room for one more item: 0 or AC_ENOMEM.
static int grow(ac_queue *q)
{
  size_t cap, i;
  unsigned char *buf;
  if (q->len < q->cap)
    return 0;
  cap = q->cap < 8 ? 8 : q->cap * 2;
  if (q->maxsize > 0 && cap > q->maxsize)
    cap = q->maxsize;
  if (cap > SIZE_MAX / q->slot_size)
    return AC_ENOMEM;
  buf = ac__sys_alloc(cap * q->slot_size);
  if (buf == NULL)
    return AC_ENOMEM;
  for (i = 0; i < q->len; i++)
    memcpy(buf + i * q->slot_size, slot(q, i), q->slot_size);
  free(q->buf);
  q->buf = buf;
  q->cap = cap;
  q->head = 0;
  return 0;
}


// Heap order: the comparator, then the insertion number.
static int before(const ac_queue *q, size_t i, size_t j)
{
  const unsigned char *a = slot(q, i), *b = slot(q, j);
  uint64_t sa, sb;
  int c = q->cmp(a, b, q->cmp_arg);
  if (c != 0)
    return c < 0;
  memcpy(&sa, a + q->seq_off, sizeof sa);
  memcpy(&sb, b + q->seq_off, sizeof sb);
  return sa < sb;
}


// Byte-wise: slots have any size (an item and its insertion number).
static void swap_slots(ac_queue *q, size_t i, size_t j)
{
  unsigned char *a = slot(q, i), *b = slot(q, j);
  size_t k;
  for (k = 0; k < q->slot_size; k++) {
    unsigned char t = a[k];
    a[k] = b[k];
    b[k] = t;
  }
}


// Adds a copy of item (room has been made).
static void store(ac_queue *q, const void *item)
{
  size_t i = q->len++;
  unsigned char *s = slot(q, i);
  memcpy(s, item, q->item_size);
  if (q->kind != Q_PRIO)
    return;
  memcpy(s + q->seq_off, &q->seq, sizeof q->seq);
  q->seq++;
  while (i > 0 && before(q, i, (i - 1) / 2)) {
    swap_slots(q, i, (i - 1) / 2);
    i = (i - 1) / 2;
  }
}


// Removes the next item into *item (NULL: dropped).
static void take(ac_queue *q, void *item)
{
  size_t i, n;
  if (q->kind == Q_LIFO) {
    q->len--;
    if (item != NULL)
      memcpy(item, slot(q, q->len), q->item_size);
    return;
  }
  if (item != NULL)
    memcpy(item, slot(q, 0), q->item_size);
  if (q->kind == Q_FIFO) {
    q->head = (q->head + 1) % q->cap;
    q->len--;
    return;
  }
  n = --q->len;
  if (n == 0)
    return;
  memcpy(slot(q, 0), slot(q, n), q->slot_size);
  for (i = 0;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && before(q, l, m))
      m = l;
    if (r < n && before(q, r, m))
      m = r;
    if (m == i)
      break;
    swap_slots(q, i, m);
    i = m;
  }
}


// Wakes the first waiter not yet woken or cancelled, popping it and those
// before it (asyncio's _wakeup_next).
static void wakeup_next(sync_list *l)
{
  while (l->head != NULL) {
    sync_waiter *w = l->head;
    sync_remove(w);
    if (w->fut == SYNC_PENDING) {
      sync_set(w);
      break;
    }
  }
}


// Without waiting -------------------------------------------------------------

int ac_queue_put_nowait(ac_queue *q, const void *item)
{
  int err;
  if (q == NULL)
    return AC_ENOMEM;
  if (item == NULL)
    return AC_EINVAL;
  if (q->shutdown)
    return AC_ESHUTDOWN;
  if (ac_queue_full(q))
    return AC_EQUEUEFULL;
  err = grow(q);
  if (err != 0)
    return err;
  store(q, item);
  q->unfinished++;
  ac_event_clear(q->finished);
  wakeup_next(&q->getters);
  return 0;
}


// Queue.get_nowait: the next item, and the first putter woken for the slot.
int ac_queue_get_nowait(ac_queue *q, void *item)
{
  if (q == NULL)
    return AC_ENOMEM;
  if (q->len == 0)
    return q->shutdown ? AC_ESHUTDOWN : AC_EQUEUEEMPTY;
  take(q, item);
  wakeup_next(&q->putters);
  return 0;
}


// Queue.task_done: the last one sets the event join waits on.
int ac_queue_task_done(ac_queue *q)
{
  if (q == NULL)
    return AC_ENOMEM;
  if (q->unfinished == 0)
    return AC_EINVAL;
  if (--q->unfinished == 0)
    ac_event_set(q->finished);
  return 0;
}


// Queue.shutdown (3.13): every waiter is woken to look at the state.
void ac_queue_shutdown(ac_queue *q, int immediate)
{
  if (q == NULL)
    return;
  q->shutdown = 1;
  if (immediate) {
    while (q->len > 0) {
      take(q, NULL);
      if (q->unfinished > 0)
        q->unfinished--;
    }
    if (q->unfinished == 0)
      ac_event_set(q->finished);
  }
  // Every waiter looks again: getters raise once the queue is empty.
  while (q->getters.head != NULL)
    wakeup_next(&q->getters);
  while (q->putters.head != NULL)
    wakeup_next(&q->putters);
}


// Waiting ---------------------------------------------------------------------

// After a getter or putter woke (state 1): out of its deque; if it was
// cancelled after its wake-up and what woke it still holds (an item, a free
// slot), the next one in line is woken in its place.
static int woken(sync_waiter *w, sync_list *l, int still)
{
  sync_remove(w);
  if (w->op.hdr.err == 0)
    return 0;
  if (still && w->fut != SYNC_CANCELLED)
    wakeup_next(l);
  return 1;
}


// Queue.get: while empty, wait (raise once shut down); then get_nowait.
// A cancelled getter takes nothing and passes a wake-up it got on.
static int get_step(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  ac_queue *q = w->obj;
  if (q == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  if (op->hdr.state != 0 && woken(w, &q->getters, q->len > 0))
    return AC_DONE;
  if (q->len == 0) {
    if (q->shutdown)
      return ac__op_fail(op, AC_ESHUTDOWN);
    return sync_park(&q->getters, w, 1);
  }
  ac_queue_get_nowait(q, w->item);
  return AC_DONE;
}

AC__OP_TYPE_VOID(get_type, "queue_get", sync_waiter, get_step, sync_cancel,
                 sync_waiter_release);


ac_task *ac_queue_get(ac_queue *q, void *item)
{
  return sync_waiter_new(&get_type, q, item, NULL, NULL);
}


// Queue.put: while full, wait (raise once shut down); then put_nowait.
// A cancelled putter inserts nothing and passes a wake-up it got on.
static int put_step(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  ac_queue *q = w->obj;
  int err;
  if (q == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  if (op->hdr.state != 0 && woken(w, &q->putters, !ac_queue_full(q)))
    return AC_DONE;
  if (ac_queue_full(q)) {
    if (q->shutdown)
      return ac__op_fail(op, AC_ESHUTDOWN);
    return sync_park(&q->putters, w, 1);
  }
  err = ac_queue_put_nowait(q, w->item);
  return err != 0 ? ac__op_fail(op, err) : AC_DONE;
}

AC__OP_TYPE_VOID(put_type, "queue_put", sync_waiter, put_step, sync_cancel,
                 sync_waiter_release);


ac_task *ac_queue_put(ac_queue *q, const void *item)
{
  return sync_waiter_new(&put_type, q, (void *)(uintptr_t)item, NULL, NULL);
}


// Queue.join: wait on the `finished` event unless nothing is unfinished.
static int join_step(ac__op *op)
{
  sync_waiter *w = (sync_waiter *)op;
  ac_queue *q = w->obj;
  if (q == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  if (op->hdr.state != 0) {
    sync_remove(w);
    return AC_DONE;
  }
  if (q->unfinished == 0)
    return AC_DONE;
  return sync_event_park(q->finished, w);
}

AC__OP_TYPE_VOID(join_type, "queue_join", sync_waiter, join_step, sync_cancel,
                 sync_waiter_release);


ac_task *ac_queue_join(ac_queue *q)
{
  return sync_waiter_new(&join_type, q, NULL, NULL, NULL);
}
