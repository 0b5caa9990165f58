// a. spawn and gather N trivial tasks, hand-written on libuv.  A "task" is
// a malloc'd job on the ready queue; it stores its result in the gather's
// array and counts the gather down; the last one queues the continuation.
#include "../common/bench_util.h"
#include "../common/uvq.h"

typedef struct gather gather;
struct gather {
  uvq_job job;  // the continuation
  long remaining;
  int *results;
};
typedef struct {
  uvq_job job;
  gather *g;
  int i;
} task;

static uvq q;
static long n, rounds, round_no;
static double t0, best = 1e30, first;
static gather g;
static int *results;

static void start_round(void);

static void task_run(uvq_job *j)
{
  task *t = (task *)j;
  gather *gg = t->g;
  gg->results[t->i] = t->i;  // the task's body: return i
  free(t);
  if (--gg->remaining == 0)
    uvq_push(&q, &gg->job, gg->job.fn);
}

static void gathered(uvq_job *j)
{
  (void)j;
  double dt = bench_now() - t0;
  if (results[n - 1] != (int)(n - 1))
    exit(1);
  if (round_no == 0)
    first = dt;
  if (dt < best)
    best = dt;
  if (++round_no < rounds)
    start_round();
}

static void start_round(void)
{
  t0 = bench_now();
  g.remaining = n;
  g.results = results;
  g.job.fn = gathered;
  for (long i = 0; i < n; i++) {
    task *t = malloc(sizeof *t);
    t->g = &g;
    t->i = (int)i;
    uvq_push(&q, &t->job, task_run);
  }
}

int main(int argc, char **argv)
{
  n = bench_arg(argc, argv, 1, 200000);
  rounds = bench_arg(argc, argv, 2, 3);
  results = malloc((size_t)n * sizeof *results);
  uv_loop_t *loop = uv_default_loop();
  uvq_init(loop, &q);
  start_round();
  uv_run(loop, UV_RUN_DEFAULT);
  printf("ns_per_task=%.3f\nfirst_ns_per_task=%.3f\n", best * 1e9 / n,
         first * 1e9 / n);
  uv_close((uv_handle_t *)&q.idle, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  free(results);
  return 0;
}
