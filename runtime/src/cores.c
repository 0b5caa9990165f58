// cores.c — ac_run_threads: N loops on N threads (one loop per thread is
// what the thread-local runtime state gives: loop.c, pool.c, task.c).
#include "internal.h"

#include <stdlib.h>

typedef struct worker {
  uv_thread_t thread;
  ac_task *(*main)(int i);
  int index;
  int started;
  int rc;
} worker;


static void worker_run(void *arg)
{
  worker *w = arg;
  w->rc = ac_run(w->main(w->index));
}


int ac_run_threads(int n, ac_task *(*main)(int i))
{
  worker *ws;
  int i, rc = 0, start_err = 0;
  if (n <= 0)
    n = (int)uv_available_parallelism();
  ws = calloc((size_t)n, sizeof *ws);
  if (ws == NULL)
    return AC_ENOMEM;
  for (i = 0; i < n; i++) {
    ws[i].main = main;
    ws[i].index = i;
    int err = uv_thread_create(&ws[i].thread, worker_run, &ws[i]);
    if (err != 0) {
      start_err = err;
      break;
    }
    ws[i].started = 1;
  }
  for (i = 0; i < n; i++) {
    if (!ws[i].started)
      continue;
    uv_thread_join(&ws[i].thread);
    if (rc == 0)
      rc = ws[i].rc;
  }
  free(ws);
  return start_err != 0 ? start_err : rc;
}
