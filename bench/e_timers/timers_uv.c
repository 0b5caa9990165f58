// e. N tasks each sleeping a random 0-100 ms, gathered, hand-written on
// libuv: one uv_timer_t per task (libuv timers have millisecond
// resolution: delays are rounded up to whole ms, so "longest" is too).
// The best of R rounds in one process (the same handles, initialised in
// the first, started again) and the first round.  The loop's clock is read before t0, so its
// deadlines count from before the handles are started.
#include "../common/bench_util.h"
#include <math.h>
#include <uv.h>

static long remaining;

static void fired(uv_timer_t *t)
{
  (void)t;
  remaining--;
}

int main(int argc, char **argv)
{
  long n = bench_arg(argc, argv, 1, 100000);
  long rounds = bench_arg(argc, argv, 2, 3);
  uv_timer_t *timers = malloc((size_t)n * sizeof *timers);
  double *d = malloc((size_t)n * sizeof *d);
  unsigned long long seed = 88172645463325252ULL;
  double longest = 0, best = 1e30, first = 0;
  for (long i = 0; i < n; i++) {
    d[i] = 0.1 * bench_rand01(&seed);
    if (ceil(d[i] * 1e3) / 1e3 > longest)
      longest = ceil(d[i] * 1e3) / 1e3;
  }
  uv_loop_t *loop = uv_default_loop();
  for (long r = 0; r < rounds; r++) {
    uv_update_time(loop);
    double t0 = bench_now();
    remaining = n;
    for (long i = 0; i < n; i++) {
      if (r == 0)
        uv_timer_init(loop, &timers[i]);
      uv_timer_start(&timers[i], fired, (uint64_t)ceil(d[i] * 1e3), 0);
    }
    uv_run(loop, UV_RUN_DEFAULT);
    double past = bench_now() - t0 - longest;
    if (remaining != 0)
      return 1;
    if (r == 0)
      first = past;
    if (past < best)
      best = past;
  }
  printf("ms_past=%.3f\nfirst_ms_past=%.3f\nlongest_ms=%.3f\n", best * 1e3,
         first * 1e3, longest * 1e3);
  for (long i = 0; i < n; i++)
    uv_close((uv_handle_t *)&timers[i], NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  free(timers);
  free(d);
  return 0;
}
