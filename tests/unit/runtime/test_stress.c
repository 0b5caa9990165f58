// test_stress.c — many tasks and timers: 1,000,000 tasks created, run and
// gathered; 100,000 concurrent timers firing in deadline order.  Sizes are
// the full ones in every build (the SAN build included: it stays fast).
#include "rt_test.h"

#include <stdlib.h>
#include <string.h>

#define NTASKS 1000000
#define NTIMERS 100000

typedef struct id_frame {
  ac_task hdr;
  int result;
  int i;
} id_frame;
ASYNC_DESC(ident, id_frame, AC_KIND_INT);

static int ident_resume(ac_task *self)
{
  id_frame *F = (id_frame *)self;
  F->result = F->i;
  return AC_DONE;
}

typedef struct sp_frame {
  ac_task hdr;
  ac_task **tasks;
  int *results;
  size_t n;
} sp_frame;
ASYNC_DESC_VOID(spawn_all, sp_frame);

static int spawn_all_resume(ac_task *self)
{
  sp_frame *F = (sp_frame *)self;
  size_t i;
  BEGIN
  for (i = 0; i < F->n; i++) {
    ac_task *t = ac_frame_new(&ident_desc);
    ((id_frame *)t)->i = (int)i;
    F->tasks[i] = ac_create_task(t);
  }
  AWAIT_VOID(1, ac_gather(F->tasks, F->n, F->results, sizeof(int), NULL, 0))
  END
unwind:
  return AC_DONE;
}

static void test_stress_million_tasks_created_run_and_gathered(void **state)
{
  ac_task *m = ac_frame_new(&spawn_all_desc);
  sp_frame *F = (sp_frame *)m;
  size_t i;
  long long sum = 0;
  (void)state;
  F->n = NTASKS;
  F->tasks = malloc(NTASKS * sizeof *F->tasks);
  F->results = malloc(NTASKS * sizeof *F->results);
  assert_int_equal(rt_run(m), 0);
  for (i = 0; i < NTASKS; i++) {
    assert_int_equal(F->results[i], (int)i);
    sum += F->results[i];
  }
  assert_true(sum == (long long)NTASKS * (NTASKS - 1) / 2);
  free(F->tasks);
  free(F->results);
  ac_task_release(m);
}

// sleeper(i): await sleep(d_i); record the order
static int fired[NTIMERS];
static int nfired;

typedef struct tm_frame {
  ac_task hdr;
  int i;
} tm_frame;
ASYNC_DESC_VOID(timed, tm_frame);

static double delay_of(int i)
{
  return (double)((i * 7919) % NTIMERS) / 1000.0;  // 0 .. 99.999 s
}

static int timed_resume(ac_task *self)
{
  tm_frame *F = (tm_frame *)self;
  BEGIN
  AWAIT_VOID(1, ac_sleep(delay_of(F->i)))
  fired[nfired++] = F->i;
  END
unwind:
  return AC_DONE;
}

typedef struct tmain_frame {
  ac_task hdr;
  ac_task **tasks;
} tmain_frame;
ASYNC_DESC_VOID(tmain, tmain_frame);

static int tmain_resume(ac_task *self)
{
  tmain_frame *F = (tmain_frame *)self;
  int i;
  BEGIN
  for (i = 0; i < NTIMERS; i++) {
    ac_task *t = ac_frame_new(&timed_desc);
    ((tm_frame *)t)->i = i;
    F->tasks[i] = t;
  }
  AWAIT_VOID(1, ac_gather(F->tasks, NTIMERS, NULL, 0, NULL, 0))
  END
unwind:
  return AC_DONE;
}

static void
test_stress_100k_concurrent_timers_fire_in_deadline_order(void **state)
{
  ac_task *m = ac_frame_new(&tmain_desc);
  int i;
  (void)state;
  nfired = 0;
  ((tmain_frame *)m)->tasks = malloc(NTIMERS * sizeof(ac_task *));
  assert_int_equal(rt_run(m), 0);
  assert_int_equal(nfired, NTIMERS);
  for (i = 1; i < NTIMERS; i++)
    assert_true(delay_of(fired[i - 1]) <= delay_of(fired[i]));
  assert_true(ac_loop_time(ac_loop_default()) >= 99.999);
  free(((tmain_frame *)m)->tasks);
  ac_task_release(m);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      RT_TEST(test_stress_million_tasks_created_run_and_gathered),
      RT_TEST(test_stress_100k_concurrent_timers_fire_in_deadline_order),
  };
  return cmocka_run_group_tests_name("stress", tests, NULL, NULL);
}
