// d. Bytes per suspended task, hand-written on libuv: a "future" is a
// malloc'd struct with a state, a result and one waiter callback; a
// "task" is a malloc'd struct (ready-queue node, state, its future) that
// has registered itself as the future's waiter.  Same measurement as
// memory.ac: RSS growth / N with the pointer arrays allocated beforehand.
#include "../common/bench_util.h"
#include "../common/uvq.h"

typedef struct future future;
struct future {
  int done;
  int result;
  void (*waiter)(void *arg);
  void *arg;
};
typedef struct {
  uvq_job job;
  future *f;
  int state;
} task;

static uvq q;
static long n, remaining;
static task **ts;
static future **fs;
static long rss0, rss1, hwm0, hwm1;
static uvq_job main_job;

static void task_resumed(void *arg)
{
  task *t = arg;
  t->state = 2;  // after the await: done
  if (--remaining == 0)
    uvq_push(&q, &main_job, main_job.fn);
}

static void task_start(uvq_job *j)
{
  task *t = (task *)j;
  t->state = 1;  // await t->f
  t->f->waiter = task_resumed;
  t->f->arg = t;
}

static void future_set_result(future *f, int r)
{
  f->done = 1;
  f->result = r;
  if (f->waiter)
    f->waiter(f->arg);
}

static void main_end(uvq_job *j)
{
  (void)j;
  for (long i = 0; i < n; i++) {
    free(ts[i]);
    free(fs[i]);
  }
}

static void main_suspended(uvq_job *j)
{
  (void)j;
  rss1 = bench_status_kb("VmRSS");
  hwm1 = bench_status_kb("VmHWM");
  for (long i = 0; i < n; i++)
    if (ts[i]->state != 1)
      exit(1);
  main_job.fn = main_end;
  for (long i = 0; i < n; i++)
    future_set_result(fs[i], 0);
}

int main(int argc, char **argv)
{
  n = bench_arg(argc, argv, 1, 100000);
  uv_loop_t *loop = uv_default_loop();
  uvq_init(loop, &q);
  ts = bench_alloc_resident((size_t)n * sizeof *ts);
  fs = bench_alloc_resident((size_t)n * sizeof *fs);
  rss0 = bench_status_kb("VmRSS");
  hwm0 = bench_status_kb("VmHWM");
  remaining = n;
  for (long i = 0; i < n; i++) {
    fs[i] = calloc(1, sizeof(future));
    ts[i] = calloc(1, sizeof(task));
    ts[i]->f = fs[i];
    uvq_push(&q, &ts[i]->job, task_start);
  }
  uvq_push(&q, &main_job, main_suspended);  // after every task has started
  uv_run(loop, UV_RUN_DEFAULT);
  printf("bytes_per_task=%.1f\nhwm_bytes_per_task=%.1f\n",
         (double)(rss1 - rss0) * 1024.0 / n,
         (double)(hwm1 - hwm0) * 1024.0 / n);
  uv_close((uv_handle_t *)&q.idle, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  free(ts);
  free(fs);
  return 0;
}
