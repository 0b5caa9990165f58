// uvq.h — the hand-written floor's "ready queue": what a C programmer
// writing plain libuv callbacks would add to run many small jobs soon.
// An intrusive FIFO of jobs, drained by a uv_idle_t (active only while
// the queue is non-empty, so the loop polls without blocking then).  Like
// asyncio's _run_once, a pass runs exactly the jobs queued before it began;
// jobs queued meanwhile run on the next pass.
#ifndef BENCH_UVQ_H
#define BENCH_UVQ_H

#include <uv.h>

typedef struct uvq_job uvq_job;
struct uvq_job {
  uvq_job *next;
  void (*fn)(uvq_job *job);
};

typedef struct {
  uv_idle_t idle;
  uvq_job *head, **tail;
  int active;
} uvq;

static void uvq__drain(uv_idle_t *h)
{
  uvq *q = (uvq *)h;
  uvq_job *j = q->head;
  q->head = NULL;
  q->tail = &q->head;
  while (j != NULL) {
    uvq_job *next = j->next;
    j->fn(j);  // may free j, may push more
    j = next;
  }
  if (q->head == NULL) {
    uv_idle_stop(&q->idle);
    q->active = 0;
  }
}

static inline void uvq_init(uv_loop_t *loop, uvq *q)
{
  uv_idle_init(loop, &q->idle);
  q->head = NULL;
  q->tail = &q->head;
  q->active = 0;
}

static inline void uvq_push(uvq *q, uvq_job *j, void (*fn)(uvq_job *))
{
  j->fn = fn;
  j->next = NULL;
  *q->tail = j;
  q->tail = &j->next;
  if (!q->active) {
    q->active = 1;
    uv_idle_start(&q->idle, uvq__drain);
  }
}

#endif
