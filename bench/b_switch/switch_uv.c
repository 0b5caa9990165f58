// b. T tasks each doing K sleep(0), hand-written on libuv: a task is a job
// that re-queues itself at the back of the ready queue K times, then
// counts the gather down.
#include "../common/bench_util.h"
#include "../common/uvq.h"

typedef struct {
  uvq_job job;
  long left;
} task;

static uvq q;
static long ntasks, k, rounds, round_no, remaining;
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

static void task_step(uvq_job *j)
{
  task *t = (task *)j;
  if (t->left-- > 0) {
    uvq_push(&q, j, task_step);  // sleep(0): to the back of the queue
    return;
  }
  if (--remaining == 0)
    uvq_push(&q, &done_job, gathered);
}

static void start_round(void)
{
  t0 = bench_now();
  tasks = malloc((size_t)ntasks * sizeof *tasks);
  remaining = ntasks;
  for (long i = 0; i < ntasks; i++) {
    tasks[i].left = k;
    uvq_push(&q, &tasks[i].job, task_step);
  }
}

int main(int argc, char **argv)
{
  ntasks = bench_arg(argc, argv, 1, 1000);
  k = bench_arg(argc, argv, 2, 200);
  rounds = bench_arg(argc, argv, 3, 3);
  uv_loop_t *loop = uv_default_loop();
  uvq_init(loop, &q);
  start_round();
  uv_run(loop, UV_RUN_DEFAULT);
  printf("ns_per_switch=%.3f\n", best * 1e9 / ((double)ntasks * (double)k));
  uv_close((uv_handle_t *)&q.idle, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return 0;
}
