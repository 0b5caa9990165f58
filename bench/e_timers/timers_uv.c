// e. N tasks each sleeping a random 0-100 ms, gathered, hand-written on
// libuv: one uv_timer_t per task (libuv timers have millisecond
// resolution: delays are rounded up to whole ms, so "longest" is too).
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
  uv_timer_t *timers = malloc((size_t)n * sizeof *timers);
  double *d = malloc((size_t)n * sizeof *d);
  unsigned long long seed = 88172645463325252ULL;
  double longest = 0;
  for (long i = 0; i < n; i++) {
    d[i] = 0.1 * bench_rand01(&seed);
    if (ceil(d[i] * 1e3) / 1e3 > longest)
      longest = ceil(d[i] * 1e3) / 1e3;
  }
  uv_loop_t *loop = uv_default_loop();
  uv_update_time(loop);
  double t0 = bench_now();
  remaining = n;
  for (long i = 0; i < n; i++) {
    uv_timer_init(loop, &timers[i]);
    uv_timer_start(&timers[i], fired, (uint64_t)ceil(d[i] * 1e3), 0);
  }
  uv_run(loop, UV_RUN_DEFAULT);
  double dt = bench_now() - t0;
  if (remaining != 0)
    return 1;
  printf("ms_past=%.3f\nlongest_ms=%.3f\n", (dt - longest) * 1e3,
         longest * 1e3);
  for (long i = 0; i < n; i++)
    uv_close((uv_handle_t *)&timers[i], NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  free(timers);
  free(d);
  return 0;
}
