// i. Lock under contention, hand-written on libuv: T jobs each take a lock
// K times, yielding once (back of the ready queue) while holding it.  The
// lock is a flag and a FIFO of parked jobs; release hands it to the first
// one and schedules it, as a C programmer would write a fair lock by hand.
#include "../common/bench_util.h"
#include "../common/uvq.h"

typedef struct task task;
struct task {
  uvq_job job;
  task *next_waiter;
  long left;
  int holding;  // 0: about to acquire; 1: holds it, yielded once
};

static struct {
  int locked;
  task *head, *tail;
} lock;

static uvq q;
static long ntasks, k, rounds, round_no, remaining, counter;
static double t0, best = 1e30;
static task *tasks;
static uvq_job done_job;

static void start_round(void);

static void gathered(uvq_job *j)
{
  (void)j;
  double dt = bench_now() - t0;
  if (dt < best)
    best = dt;
  free(tasks);
  if (++round_no < rounds)
    start_round();
}

static void task_step(uvq_job *j);

static void release(void)
{
  task *w = lock.head;
  if (w == NULL) {
    lock.locked = 0;
    return;
  }
  lock.head = w->next_waiter;  // handed over: stays locked
  if (lock.head == NULL)
    lock.tail = NULL;
  w->holding = 1;
  uvq_push(&q, &w->job, task_step);
}

// One task: acquire (or park), then yield once holding it, then release.
static void task_step(uvq_job *j)
{
  task *t = (task *)j;
  for (;;) {
    if (t->holding == 1) {  // just got the lock: the critical section
      counter++;
      t->holding = 2;
      uvq_push(&q, j, task_step);  // sleep(0) while holding it
      return;
    }
    if (t->holding == 2) {  // back from the yield
      t->holding = 0;
      release();
      if (--t->left == 0) {
        if (--remaining == 0)
          uvq_push(&q, &done_job, gathered);
        return;
      }
    }
    if (lock.locked) {
      t->next_waiter = NULL;
      if (lock.tail != NULL)
        lock.tail->next_waiter = t;
      else
        lock.head = t;
      lock.tail = t;
      return;
    }
    lock.locked = 1;
    t->holding = 1;
  }
}

static void start_round(void)
{
  t0 = bench_now();
  tasks = malloc((size_t)ntasks * sizeof *tasks);
  remaining = ntasks;
  for (long i = 0; i < ntasks; i++) {
    tasks[i].left = k;
    tasks[i].holding = 0;
    uvq_push(&q, &tasks[i].job, task_step);
  }
}

int main(int argc, char **argv)
{
  ntasks = bench_arg(argc, argv, 1, 100);
  k = bench_arg(argc, argv, 2, 2000);
  rounds = bench_arg(argc, argv, 3, 3);
  uv_loop_t *loop = uv_default_loop();
  uvq_init(loop, &q);
  start_round();
  uv_run(loop, UV_RUN_DEFAULT);
  if (counter != rounds * ntasks * k)
    return 1;
  printf("ns_per_acquire=%.3f\n", best * 1e9 / ((double)ntasks * (double)k));
  uv_close((uv_handle_t *)&q.idle, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return 0;
}
