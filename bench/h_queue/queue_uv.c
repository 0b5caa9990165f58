// h. Queue handoff, hand-written on libuv: a one-slot channel between a
// producer job and a consumer job.  A side that finds the slot full
// (producer) or empty (consumer) parks itself in the channel; the other
// side schedules it on the ready queue when it has made room or put an
// item, as a C programmer would write a bounded channel by hand.
#include "../common/bench_util.h"
#include "../common/uvq.h"

typedef struct {
  long item;
  int full;
  uvq_job *putter, *getter;  // parked jobs
} channel;

static uvq q;
static channel ch;
static long n, rounds, round_no, produced, consumed, sum;
static double t0, best = 1e30;
static uvq_job prod_job, cons_job;

static void start_round(void);

static void producer_step(uvq_job *j)
{
  while (produced < n) {
    if (ch.full) {
      ch.putter = j;  // wait for a free slot
      return;
    }
    ch.item = produced++;
    ch.full = 1;
    if (ch.getter != NULL) {
      uvq_job *g = ch.getter;
      ch.getter = NULL;
      uvq_push(&q, g, g->fn);
    }
  }
}

static void consumer_step(uvq_job *j)
{
  while (consumed < n) {
    if (!ch.full) {
      ch.getter = j;  // wait for an item
      return;
    }
    sum += ch.item;
    ch.full = 0;
    consumed++;
    if (ch.putter != NULL) {
      uvq_job *p = ch.putter;
      ch.putter = NULL;
      uvq_push(&q, p, p->fn);
    }
  }
  double dt = bench_now() - t0;
  if (dt < best)
    best = dt;
  if (++round_no < rounds)
    start_round();
}

static void start_round(void)
{
  t0 = bench_now();
  produced = consumed = 0;
  prod_job.fn = producer_step;
  cons_job.fn = consumer_step;
  uvq_push(&q, &prod_job, producer_step);
  uvq_push(&q, &cons_job, consumer_step);
}

int main(int argc, char **argv)
{
  n = bench_arg(argc, argv, 1, 1000000);
  rounds = bench_arg(argc, argv, 2, 3);
  uv_loop_t *loop = uv_default_loop();
  uvq_init(loop, &q);
  start_round();
  uv_run(loop, UV_RUN_DEFAULT);
  if (sum != rounds * (n * (n - 1) / 2))
    return 1;
  printf("ns_per_item=%.3f\n", best * 1e9 / (double)n);
  uv_close((uv_handle_t *)&q.idle, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return 0;
}
