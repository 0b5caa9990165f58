// test_task.c — tasks and futures: scheduling order, done callbacks,
// cancellation (docs/runtime.md), names, descriptions, errors, ac_run.
// Expected orders come from py/twins.py (Python 3.11 asyncio; output in
// twins.out).
#include "rt_test.h"
#include <stdlib.h>

#include <stdio.h>
#include <string.h>

#define NOW() ac_loop_time(ac_loop_default())
#define TF(x) ((x) ? "True" : "False")

// ---- worker(name): for i in 0..2: log name+i; await sleep(0) -------------
typedef struct worker_frame {
  ac_task hdr;
  char name;
  int i;
} worker_frame;
ASYNC_DESC_VOID(worker, worker_frame);

static int worker_resume(ac_task *self)
{
  worker_frame *F = (worker_frame *)self;
  BEGIN
  for (F->i = 0; F->i < 3; F->i++) {
    LOG("%c%d", F->name, F->i);
    AWAIT_VOID(1, ac_sleep(0))
  }
  END
unwind:
  return AC_DONE;
}

static ac_task *worker(char name)
{
  ac_task *t = ac_frame_new(&worker_desc);
  ((worker_frame *)t)->name = name;
  return t;
}

// main: creates three workers and awaits each.
typedef struct rr_frame {
  ac_task hdr;
  ac_task *t[3];
  int i;
} rr_frame;
ASYNC_DESC_VOID(rr_main, rr_frame);

static int rr_main_resume(ac_task *self)
{
  rr_frame *F = (rr_frame *)self;
  BEGIN
  for (F->i = 0; F->i < 3; F->i++)
    F->t[F->i] = ac_create_task(worker((char)('a' + F->i)));
  for (F->i = 0; F->i < 3; F->i++) {
    AWAIT_TASK(1, F->t[F->i], NULL, 0)
  }
  END
unwind:
  for (F->i = 0; F->i < 3; F->i++)  // defer ac_task_release(t[i])
    ac_task_release(F->t[F->i]);
  return AC_DONE;
}

// twin: task_sleep0_round_robin
static void test_task_sleep0_round_robin(void **state)
{
  ac_task *m = ac_frame_new(&rr_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("a0 b0 c0 a1 b1 c1 a2 b2 c2");
}

// ---- body(): log tag; optional raise ----------------------------------------
typedef struct body_frame {
  ac_task hdr;
  int result;
  const char *tag;
  int err;
} body_frame;
ASYNC_DESC(body, body_frame, AC_KIND_INT);

static int body_resume(ac_task *self)
{
  body_frame *F = (body_frame *)self;
  BEGIN
  if (F->tag)
    LOG("%s", F->tag);
  if (F->err)
    RAISE(F->err);
  F->result = 5;
  END
unwind:
  return AC_DONE;
}

static ac_task *body(const char *tag, int err)
{
  ac_task *t = ac_frame_new(&body_desc);
  ((body_frame *)t)->tag = tag;
  ((body_frame *)t)->err = err;
  return t;
}

static void log_cb(void *arg)
{
  LOG("%s", (const char *)arg);
}

// main: t = create_task(body()); call_soon(log soon); log main; await t
typedef struct cr_frame {
  ac_task hdr;
  ac_task *t;
} cr_frame;
ASYNC_DESC_VOID(cr_main, cr_frame);

static int cr_main_resume(ac_task *self)
{
  cr_frame *F = (cr_frame *)self;
  BEGIN
  F->t = ac_create_task(body("task", 0));
  ac_call_soon(ac_loop_default(), log_cb, (void *)"soon");
  LOG("main");
  AWAIT_TASK(1, F->t, NULL, 0)
  LOG("joined");
  END
unwind:
  ac_task_release(F->t);
  return AC_DONE;
}

// twin: task_create_runs_next_pass
static void test_task_create_task_starts_on_next_pass(void **state)
{
  ac_task *m = ac_frame_new(&cr_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("main task soon joined");
}

// ---- done callbacks ---------------------------------------------------------------
static void done_cb(ac_task *t, void *arg)
{
  LOG("%s %d", (const char *)arg, AC_TASK_RESULT(t, int));
}

typedef struct dc_frame {
  ac_task hdr;
  ac_future *f;
} dc_frame;
ASYNC_DESC_VOID(dc_main, dc_frame);

static int dc_main_resume(ac_task *self)
{
  dc_frame *F = (dc_frame *)self;
  int v = 5;
  BEGIN
  F->f = ac_future_new(sizeof(int));
  ac_task_add_done_callback(F->f, done_cb, (void *)"cb1");
  ac_task_add_done_callback(F->f, done_cb, (void *)"cb2");
  ac_future_set_result(F->f, &v);
  LOG("after-set");
  AWAIT_VOID(1, ac_sleep(0))
  LOG("after-yield");
  END
unwind:
  ac_future_release(F->f);
  return AC_DONE;
}

// twin: task_done_callbacks_order
static void test_task_done_callbacks_run_next_pass_in_order(void **state)
{
  ac_task *m = ac_frame_new(&dc_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("after-set cb1 5 cb2 5 after-yield");
}

// ---- cancel before start ------------------------------------------------------------
typedef struct cbs_frame {
  ac_task hdr;
  ac_task *t;
  int rc;
} cbs_frame;
ASYNC_DESC_VOID(cbs_main, cbs_frame);

static int cbs_main_resume(ac_task *self)
{
  cbs_frame *F = (cbs_frame *)self;
  BEGIN
  F->t = ac_create_task(body("body", 0));
  ac_task_cancel(F->t);
  AWAIT_CALL(1, ac_task_join(F->t), &F->rc, sizeof F->rc)
  if (F->rc == AC_ECANCELED)
    LOG("caught");
  LOG("%s", TF(ac_task_cancelled(F->t)));
  END
unwind:
  ac_task_release(F->t);
  return AC_DONE;
}

// twin: task_cancel_before_start
static void test_task_cancel_before_start_never_runs_body(void **state)
{
  ac_task *m = ac_frame_new(&cbs_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("caught True");
}

// ---- sleeper(d, tag): log sleeping; await sleep(d); log woke; defer log ---------
static double t0;

typedef struct sleeper_frame {
  ac_task hdr;
  double d;
  const char *tag;
} sleeper_frame;
ASYNC_DESC_VOID(sleeper, sleeper_frame);

static int sleeper_resume(ac_task *self)
{
  sleeper_frame *F = (sleeper_frame *)self;
  BEGIN
  if (F->tag == NULL)
    LOG("sleeping");
  AWAIT_VOID(1, ac_sleep(F->d))
  if (F->tag == NULL)
    LOG("woke");
  END
unwind:
  if (F->tag == NULL)
    LOG("defer %d", (int)(NOW() - t0 + 0.5));
  else
    LOG("%s", F->tag);
  return AC_DONE;
}

static ac_task *sleeper(double d, const char *tag)
{
  ac_task *t = ac_frame_new(&sleeper_desc);
  ((sleeper_frame *)t)->d = d;
  ((sleeper_frame *)t)->tag = tag;
  return t;
}

typedef struct cws_frame {
  ac_task hdr;
  ac_task *t;
} cws_frame;
ASYNC_DESC_VOID(cws_main, cws_frame);

static int cws_main_resume(ac_task *self)
{
  cws_frame *F = (cws_frame *)self;
  BEGIN
  F->t = ac_create_task(sleeper(10, NULL));
  AWAIT_VOID(1, ac_sleep(1))
  LOG("cancel %s", TF(ac_task_cancel(F->t)));
  AWAIT_VOID(2, ac_sleep(0))
  LOG("after %s", TF(ac_task_cancelled(F->t)));
  END
unwind:
  ac_task_release(F->t);
  return AC_DONE;
}

// twin: task_cancel_while_sleeping
static void test_task_cancel_while_sleeping_raises_at_the_await(void **state)
{
  ac_task *m = ac_frame_new(&cws_main_desc);
  (void)state;
  t0 = NOW();
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("sleeping cancel True defer 1 after True");
}

// ---- cancelling a task that awaits another task ----------------------------------
typedef struct outer_frame {
  ac_task hdr;
  ac_task *t;
} outer_frame;
ASYNC_DESC_VOID(outer, outer_frame);

static int outer_resume(ac_task *self)
{
  outer_frame *F = (outer_frame *)self;
  BEGIN
  AWAIT_TASK(1, F->t, NULL, 0)
  END
unwind:
  LOG("outer-defer");
  return AC_DONE;
}

typedef struct cat_frame {
  ac_task hdr;
  ac_task *i, *o;
} cat_frame;
ASYNC_DESC_VOID(cat_main, cat_frame);

static int cat_main_resume(ac_task *self)
{
  cat_frame *F = (cat_frame *)self;
  BEGIN
  F->i = ac_create_task(sleeper(10, "inner-defer"));
  F->o = ac_frame_new(&outer_desc);
  ((outer_frame *)F->o)->t = F->i;
  ac_create_task(F->o);
  AWAIT_VOID(1, ac_sleep(1))
  ac_task_cancel(F->o);
  AWAIT_VOID(2, ac_sleep(0))
  LOG("o %s i %s", TF(ac_task_cancelled(F->o)), TF(ac_task_cancelled(F->i)));
  AWAIT_VOID(3, ac_sleep(0))
  LOG("o %s i %s", TF(ac_task_cancelled(F->o)), TF(ac_task_cancelled(F->i)));
  END
unwind:
  ac_task_release(F->i);
  ac_task_release(F->o);
  return AC_DONE;
}

// twin: task_cancel_awaiting_task — the inner task is cancelled too
static void test_task_cancel_of_awaiter_cancels_awaited_task(void **state)
{
  ac_task *m = ac_frame_new(&cat_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("inner-defer o False i True outer-defer o True i True");
}

// ---- chain a -> b -> c -> sleep(100), cancelled at the root ------------------
typedef struct link_frame {
  ac_task hdr;
  int level;
} link_frame;
ASYNC_DESC_VOID(chain_link, link_frame);

static ac_task *chain_link(int level)
{
  ac_task *t = ac_frame_new(&chain_link_desc);
  ((link_frame *)t)->level = level;
  return t;
}

static int chain_link_resume(ac_task *self)
{
  link_frame *F = (link_frame *)self;
  BEGIN
  if (F->level < 2) {
    AWAIT_VOID(1, chain_link(F->level + 1))
  } else {
    AWAIT_VOID(2, ac_sleep(100))
  }
  END
unwind:
  LOG("%c", "abc"[F->level]);
  return AC_DONE;
}

typedef struct cic_frame {
  ac_task hdr;
  ac_task *t;
} cic_frame;
ASYNC_DESC_VOID(cic_main, cic_frame);

static int cic_main_resume(ac_task *self)
{
  cic_frame *F = (cic_frame *)self;
  BEGIN
  F->t = ac_create_task(chain_link(0));
  AWAIT_VOID(1, ac_sleep(1))
  ac_task_cancel(F->t);
  AWAIT_VOID(2, ac_sleep(0))
  LOG("main %s %d", TF(ac_task_cancelled(F->t)), (int)(NOW() - t0 + 0.5));
  END
unwind:
  ac_task_release(F->t);
  return AC_DONE;
}

// twin: task_cancel_inline_chain — the leaf timer is cancelled, every frame
// of the chain unwinds innermost first, in the same pass
static void test_task_cancel_reaches_leaf_of_inline_chain(void **state)
{
  ac_task *m = ac_frame_new(&cic_main_desc);
  (void)state;
  t0 = NOW();
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("c b a main True 1");
}

// ---- a task cancelling itself -----------------------------------------------------
typedef struct selfc_frame {
  ac_task hdr;
} selfc_frame;
ASYNC_DESC_VOID(selfc, selfc_frame);

static int selfc_resume(ac_task *self)
{
  BEGIN
  ac_task_cancel(ac_current_task());
  LOG("still-running");
  AWAIT_VOID(1, ac_sleep(0))
  LOG("not-reached");
  END
unwind:
  LOG("defer");
  return AC_DONE;
}

typedef struct scm_frame {
  ac_task hdr;
  ac_task *t;
} scm_frame;
ASYNC_DESC_VOID(scm_main, scm_frame);

static int scm_main_resume(ac_task *self)
{
  scm_frame *F = (scm_frame *)self;
  BEGIN
  F->t = ac_create_task(ac_frame_new(&selfc_desc));
  AWAIT_VOID(1, ac_sleep(0))
  AWAIT_VOID(2, ac_sleep(0))
  LOG("%s", TF(ac_task_cancelled(F->t)));
  END
unwind:
  ac_task_release(F->t);
  return AC_DONE;
}

// twin: task_self_cancel_next_await
static void test_task_self_cancel_raises_at_next_await(void **state)
{
  ac_task *m = ac_frame_new(&scm_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("still-running defer True");
}

// ---- direct awaits that complete at once do not suspend -----------------------
typedef struct leaf_frame {
  ac_task hdr;
  int result;
  int x;
} leaf_frame;
ASYNC_DESC(leaf, leaf_frame, AC_KIND_INT);

static int leaf_resume(ac_task *self)
{
  leaf_frame *F = (leaf_frame *)self;
  F->result = F->x + 1;
  return AC_DONE;
}

static ac_task *leaf(int x)
{
  ac_task *t = ac_frame_new(&leaf_desc);
  ((leaf_frame *)t)->x = x;
  return t;
}

typedef struct ma_frame {
  ac_task hdr;
  int v, i;
} ma_frame;
ASYNC_DESC_VOID(main_a, ma_frame);

static int main_a_resume(ac_task *self)
{
  ma_frame *F = (ma_frame *)self;
  BEGIN
  F->v = 0;
  for (F->i = 0; F->i < 3; F->i++) {
    AWAIT_CALL(1, leaf(F->v), &F->v, sizeof F->v)
  }
  LOG("a %d", F->v);
  END
unwind:
  return AC_DONE;
}

typedef struct dna_frame {
  ac_task hdr;
  ac_task *a, *b;
} dna_frame;
ASYNC_DESC_VOID(dna_main, dna_frame);

static int dna_main_resume(ac_task *self)
{
  dna_frame *F = (dna_frame *)self;
  BEGIN
  F->a = ac_create_task(ac_frame_new(&main_a_desc));
  F->b = ac_create_task(body("b", 0));
  AWAIT_TASK(1, F->a, NULL, 0)
  AWAIT_TASK(2, F->b, NULL, 0)
  END
unwind:
  ac_task_release(F->a);
  ac_task_release(F->b);
  return AC_DONE;
}

// twin: chain_direct_await_no_suspend
static void
test_task_direct_await_completing_at_once_does_not_suspend(void **state)
{
  ac_task *m = ac_frame_new(&dna_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("a 3 b");
}

// ---- awaiting a fresh handle runs it inline ----------------------------------------
typedef struct afh_frame {
  ac_task hdr;
  ac_task *t, *other;
  int r;
} afh_frame;
ASYNC_DESC_VOID(afh_main, afh_frame);

static int afh_main_resume(ac_task *self)
{
  afh_frame *F = (afh_frame *)self;
  BEGIN
  F->other = ac_create_task(body("other", 0));
  F->t = body("work", 0);
  LOG("before");
  AWAIT_TASK(1, F->t, &F->r, sizeof F->r)
  LOG("after-%d %s", F->r, TF(ac_task_done(F->t)));
  END
unwind:
  ac_task_release(F->t);
  ac_task_release(F->other);
  return AC_DONE;
}

static void test_task_await_of_fresh_handle_runs_it_inline(void **state)
{
  ac_task *m = ac_frame_new(&afh_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("before work after-5 True other");
}

// ---- a fresh call that was given a name is still fresh -----------------------------
// (Found by tests/rt_torture: the name's flag made both awaits report
// "awaited twice or after it was scheduled" and raise AC_EINVAL.)
static ac_task *named(ac_task *t, const char *name)
{
  ac_task_set_name(t, name);
  return t;
}

typedef struct nfh_frame {
  ac_task hdr;
  ac_task *t;
  int r;
} nfh_frame;
ASYNC_DESC_VOID(nfh_main, nfh_frame);

static int nfh_main_resume(ac_task *self)
{
  nfh_frame *F = (nfh_frame *)self;
  BEGIN
  F->t = named(body("work", 0), "named");
  AWAIT_TASK(1, F->t, &F->r, sizeof F->r)
  LOG("after-%d %s %s", F->r, TF(ac_task_done(F->t)), ac_task_name(F->t));
  F->r = 0;
  AWAIT_CALL(2, named(body("call", 0), "other"), &F->r, sizeof F->r)
  LOG("call-%d", F->r);
  END
unwind:
  ac_task_release(F->t);
  return AC_DONE;
}

static void test_task_await_of_named_fresh_call_runs_it_inline(void **state)
{
  ac_task *m = ac_frame_new(&nfh_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG("work after-5 True named call call-5");
}

// ---- errors ------------------------------------------------------------------------------
typedef struct prop_frame {
  ac_task hdr;
  int result;
} prop_frame;
ASYNC_DESC(prop, prop_frame, AC_KIND_INT);

static int prop_resume(ac_task *self)
{
  prop_frame *F = (prop_frame *)self;
  BEGIN
  AWAIT_CALL(1, body("raising", UV_EIO), &F->result, sizeof F->result)
  LOG("not-reached");
  END
unwind:
  LOG("defer %s", ac_err_name(self->err));
  return AC_DONE;
}

static void test_task_error_propagates_through_await(void **state)
{
  ac_task *m = ac_frame_new(&prop_desc);
  (void)state;
  assert_int_equal(rt_run(m), UV_EIO);
  assert_int_equal(ac_task_error(m), UV_EIO);
  assert_false(ac_task_cancelled(m));
  ac_task_release(m);
  ASSERT_LOG("raising defer EIO");
}

typedef struct rsm_frame {
  ac_task hdr;
  double d;
} rsm_frame;
ASYNC_DESC_VOID(rsm, rsm_frame);

static int rsm_resume(ac_task *self)
{
  rsm_frame *F = (rsm_frame *)self;
  BEGIN
  AWAIT_CALL(1, body(NULL, 0), &F->d, sizeof F->d)  // int awaited as double
  LOG("not-reached");
  END
unwind:
  LOG("defer %s", ac_err_name(self->err));
  return AC_DONE;
}

static void test_task_result_size_mismatch_raises_eresultsize(void **state)
{
  ac_task *m = ac_frame_new(&rsm_desc);
  const char *err;
  (void)state;
  rt_stderr_begin();
  assert_int_equal(rt_run(m), AC_ERESULTSIZE);
  err = rt_stderr_end();
  ac_task_release(m);
  ASSERT_LOG("defer ERESULTSIZE");
  assert_non_null(strstr(
      err, "the result is int (4 bytes) but a value of 8 bytes was expected"));
}

typedef struct nr_frame {
  ac_task hdr;
  ac_task *t;
} nr_frame;
ASYNC_DESC_VOID(nr_main, nr_frame);

static int nr_main_resume(ac_task *self)
{
  nr_frame *F = (nr_frame *)self;
  BEGIN
  F->t = ac_create_task(body(NULL, UV_ECONNREFUSED));
  AWAIT_VOID(1, ac_sleep(0))
  AWAIT_VOID(2, ac_sleep(0))
  LOG("release");
  ac_task_release(F->t);  // nobody looked at its error
  END
unwind:
  return AC_DONE;
}

static void test_task_never_retrieved_error_is_reported_when_freed(void **state)
{
  ac_task *m = ac_frame_new(&nr_main_desc);
  const char *err;
  char want[256];
  (void)state;
  rt_stderr_begin();
  assert_int_equal(rt_run(m), 0);
  err = rt_stderr_end();
  ac_task_release(m);
  snprintf(
      want, sizeof want,
      "Task exception was never retrieved: <Task finished name='Task-2' "
      "coro=<body() done, defined at test.ac:%u> exception=ECONNREFUSED>\n",
      (unsigned)body_desc.line);
  assert_string_equal(err, want);
}

typedef struct jn_frame {
  ac_task hdr;
  ac_task *t;
  int rc;
} jn_frame;
ASYNC_DESC_VOID(jn_main, jn_frame);

static int jn_main_resume(ac_task *self)
{
  jn_frame *F = (jn_frame *)self;
  BEGIN
  F->t = ac_create_task(body(NULL, UV_ECONNREFUSED));
  AWAIT_CALL(1, ac_task_join(F->t), &F->rc, sizeof F->rc)
  LOG("rc %s", ac_err_name(F->rc));
  END
unwind:
  ac_task_release(F->t);
  return AC_DONE;
}

static void test_task_join_returns_error_code_without_raising(void **state)
{
  ac_task *m = ac_frame_new(&jn_main_desc);
  const char *err;
  (void)state;
  rt_stderr_begin();
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ac_loop_close(ac_loop_default());
  err = rt_stderr_end();
  ASSERT_LOG("rc ECONNREFUSED");
  assert_string_equal(err, "");  // joined: observed, so no report
}

static void
test_task_close_reports_unobserved_errors_of_held_tasks(void **state)
{
  ac_task *t = ac_create_task(body(NULL, UV_EPIPE));
  const char *err;
  (void)state;
  rt_expect_leftovers = 1;  // t is held on purpose: the close frees it
  assert_int_equal(rt_run(ac_future_new(0)) == AC_ESTALLED, 1);
  rt_stderr_begin();
  ac_loop_close(ac_loop_default());
  err = rt_stderr_end();
  assert_non_null(strstr(
      err, "Task exception was never retrieved: <Task finished name='Task-1'"));
  assert_non_null(strstr(err, "exception=EPIPE>"));
  (void)t;
}

// ---- names, current task, descriptions ---------------------------------------------
typedef struct cur_frame {
  ac_task hdr;
  int depth;
} cur_frame;
ASYNC_DESC_VOID(cur, cur_frame);

static ac_task *cur(int depth)
{
  ac_task *t = ac_frame_new(&cur_desc);
  ((cur_frame *)t)->depth = depth;
  return t;
}

static int cur_resume(ac_task *self)
{
  cur_frame *F = (cur_frame *)self;
  BEGIN
  LOG("%d:%s", F->depth, ac_task_name(ac_current_task()));
  if (F->depth < 2) {
    AWAIT_VOID(1, cur(F->depth + 1))
  }
  END
unwind:
  return AC_DONE;
}

static void test_task_names_and_current_task(void **state)
{
  ac_task *a = ac_create_task(cur(0));
  ac_task *b = ac_create_task(cur(2));
  (void)state;
  assert_null(ac_current_task());
  assert_string_equal(ac_task_name(a), "Task-1");
  assert_string_equal(ac_task_name(b), "Task-2");
  ac_task_set_name(b, "worker");
  assert_string_equal(ac_task_name(b), "worker");
  assert_int_equal(rt_run(b), 0);
  assert_int_equal(rt_run(a), 0);
  ASSERT_LOG("0:Task-1 1:Task-1 2:Task-1 2:worker");
  ac_task_release(a);
  ac_task_release(b);
}

// Many named tasks (the names' table grows past its first size and keeps
// every name through renames and frees): each name reads back as set, and
// a task freed and a new one made in its place starts with no name.
static void test_task_many_names(void **state)
{
  enum { N = 3000 };
  ac_task **ts = malloc(N * sizeof *ts);
  char want[32];
  (void)state;
  assert_non_null(ts);
  for (int i = 0; i < N; i++) {
    ts[i] = ac_create_task(cur(3));
    assert_non_null(ac_task_name(ts[i]));  // "Task-N", kept in the table
    if (i % 3 == 0) {
      snprintf(want, sizeof want, "w%d", i);
      assert_int_equal(ac_task_set_name(ts[i], want), 0);
    }
  }
  unsigned first = (unsigned)strtoul(ac_task_name(ts[1]) + 5, NULL, 10) - 1;
  for (int i = 0; i < N; i++) {
    if (i % 3 == 0)
      snprintf(want, sizeof want, "w%d", i);
    else
      snprintf(want, sizeof want, "Task-%u", first + (unsigned)i);
    assert_string_equal(ac_task_name(ts[i]), want);
  }
  for (int i = 0; i < N; i++)
    assert_int_equal(rt_run(ts[i]), 0);
  for (int i = 0; i < N; i += 2)
    ac_task_release(ts[i]);
  for (int i = 1; i < N; i += 2) {
    if (i % 3 == 0) {
      snprintf(want, sizeof want, "w%d", i);
      assert_string_equal(ac_task_name(ts[i]), want);
    }
    assert_int_equal(ac_task_set_name(ts[i], "again"), 0);
    assert_string_equal(ac_task_name(ts[i]), "again");
    ac_task_release(ts[i]);
  }
  ac_task *fresh = cur(3);  // reuses a freed frame: no name of its own
  assert_string_equal(ac_task_name(fresh), "cur");
  ac_task_release(fresh);
  free(ts);
}

typedef struct work_frame {
  ac_task hdr;
  int result;
} work_frame;
static int work_resume(ac_task *self);
static const uint32_t work_lines[] = {0, 612};
static const ac_desc work_desc =
    AC_DESC_INIT(work_resume, "work", "demo.ac", 609, work_lines, work_frame,
                 result, AC_KIND_INT);

static int work_resume(ac_task *self)
{
  work_frame *F = (work_frame *)self;
  BEGIN
  AWAIT_VOID(1, ac_sleep(1))
  F->result = 42;
  END
unwind:
  return AC_DONE;
}

typedef struct rp_frame {
  ac_task hdr;
  ac_task *t, *t2;
} rp_frame;
ASYNC_DESC_VOID(rp_main, rp_frame);

static int rp_main_resume(ac_task *self)
{
  rp_frame *F = (rp_frame *)self;
  BEGIN
  F->t = ac_create_task(ac_frame_new(&work_desc));
  LOG("%s", ac_task_repr(F->t));
  AWAIT_VOID(1, ac_sleep(0))
  LOG("%s", ac_task_repr(F->t));
  ac_task_cancel(F->t);
  LOG("%s", ac_task_repr(F->t));
  F->t2 = ac_create_task(ac_frame_new(&work_desc));
  AWAIT_TASK(2, F->t2, NULL, 0)
  LOG("%s", ac_task_repr(F->t2));
  LOG("%s", ac_task_repr(F->t));
  END
unwind:
  ac_task_release(F->t);
  ac_task_release(F->t2);
  return AC_DONE;
}

// twin: repr_states (Python's names count per process; ours per loop)
static void test_task_repr_pending_cancelling_finished_cancelled(void **state)
{
  ac_task *m = ac_frame_new(&rp_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), 0);
  ac_task_release(m);
  ASSERT_LOG(
      "<Task pending name='Task-2' coro=<work() running at demo.ac:609>> "
      "<Task pending name='Task-2' coro=<work() running at demo.ac:612>> "
      "<Task cancelling name='Task-2' coro=<work() running at demo.ac:612>> "
      "<Task finished name='Task-3' coro=<work() done, defined at demo.ac:609> "
      "result=42> "
      "<Task cancelled name='Task-2' coro=<work() done, defined at "
      "demo.ac:609>>");
}

static void test_task_cancelling_counter_and_uncancel(void **state)
{
  ac_task *t = ac_create_task(sleeper(5, "x"));
  (void)state;
  assert_int_equal(ac_task_cancelling(t), 0);
  ac_task_cancel(t);
  ac_task_cancel(t);
  assert_int_equal(ac_task_cancelling(t), 2);
  assert_int_equal(ac_task_uncancel(t), 1);
  assert_int_equal(rt_run(t), AC_ECANCELED);
  assert_int_equal(ac_task_cancel(t), 0);  // done: nothing to cancel
  ac_task_release(t);
}

static void stop_cb(void *arg)
{
  (void)arg;
  ac_loop_stop(ac_loop_default());
}

// ---- dump ----------------------------------------------------------------------------------
static void test_task_dump_tasks_shows_where_each_frame_waits(void **state)
{
  ac_task *t = ac_create_task(chain_link(0));
  ac_future *f = ac_future_new(0);
  char buf[2048];
  FILE *out = tmpfile();
  size_t n;
  (void)state;
  rt_expect_leftovers = 1;  // t still sleeps: ac_loop_close cancels it
  ac_call_later(ac_loop_default(), 1, stop_cb, NULL);
  rt_run(f);
  ac_dump_tasks(out);
  rewind(out);
  n = fread(buf, 1, sizeof buf - 1, out);
  buf[n] = 0;
  fclose(out);
  assert_non_null(strstr(
      buf,
      "<Task pending name='Task-1' coro=<chain_link() running at test.ac:"));
  assert_non_null(strstr(buf, "waiting in chain_link() at test.ac:"));
  assert_non_null(strstr(buf, "waiting in sleep() at acrt/sleep.c"));
  ac_future_release(f);
  ac_task_release(t);
}

// ---- futures -----------------------------------------------------------------------------
static void set_later(void *arg)
{
  int v = 11;
  ac_future_set_result(arg, &v);
}

static void cancel_later(void *arg)
{
  ac_future_cancel(arg);
}

typedef struct fa_frame {
  ac_task hdr;
  ac_future *f, *g;
  int r;
} fa_frame;
ASYNC_DESC_VOID(fa_main, fa_frame);

static int fa_main_resume(ac_task *self)
{
  fa_frame *F = (fa_frame *)self;
  BEGIN
  F->f = ac_future_new(sizeof(int));
  F->g = ac_future_new(sizeof(int));
  ac_call_soon(ac_loop_default(), set_later, F->f);
  ac_call_soon(ac_loop_default(), cancel_later, F->g);
  AWAIT_TASK(1, F->f, &F->r, sizeof F->r)
  LOG("got %d", F->r);
  AWAIT_TASK(2, F->g, &F->r, sizeof F->r)
  LOG("not-reached");
  END
unwind:
  LOG("defer %s", ac_err_name(self->err));
  ac_future_release(F->f);
  ac_future_release(F->g);
  return AC_DONE;
}

static void test_task_awaits_future_result_and_cancellation(void **state)
{
  ac_task *m = ac_frame_new(&fa_main_desc);
  (void)state;
  assert_int_equal(rt_run(m), AC_ECANCELED);
  assert_true(ac_task_cancelled(m));
  ac_task_release(m);
  ASSERT_LOG("got 11 defer ECANCELED");
}

// AC_TASK_RESULT works with a const-qualified pointer type (the samples'
// `const char *` results): no duplicate `const` under -Werror.
static void test_task_result_macro_accepts_const_pointer_type(void **state)
{
  static const char *const text = "the result";
  ac_future *f = ac_future_new(sizeof(const char *));
  (void)state;
  assert_int_equal(ac_future_set_result(f, &text), 0);
  assert_string_equal(AC_TASK_RESULT(f, const char *), "the result");
  ac_future_release(f);
}

// ---- ac_run -------------------------------------------------------------------------------
typedef struct rl_frame {
  ac_task hdr;
  int result;
} rl_frame;
ASYNC_DESC(rl_main, rl_frame, AC_KIND_INT);

static int rl_main_resume(ac_task *self)
{
  rl_frame *F = (rl_frame *)self;
  BEGIN
  ac_task_release(ac_create_task(sleeper(100, "leftover-defer")));
  AWAIT_VOID(1, ac_sleep(0))
  LOG("main-end");
  F->result = 3;
  END
unwind:
  return AC_DONE;
}

// twin: run_cleans_up_leftovers
static void test_task_run_cancels_leftover_tasks(void **state)
{
  int r;
  (void)state;
  ac_loop_close(ac_loop_default());  // ac_run makes its own
  r = ac_run(ac_frame_new(&rl_main_desc));
  LOG("run %d", r);
  ASSERT_LOG("main-end leftover-defer run 3");
  r = ac_run(ac_frame_new(&rl_main_desc));  // callable again
  assert_int_equal(r, 3);
}

static void test_task_run_reports_failure_and_returns_1(void **state)
{
  const char *err;
  int r;
  (void)state;
  ac_loop_close(ac_loop_default());
  rt_stderr_begin();
  r = ac_run(body(NULL, UV_ECONNREFUSED));
  err = rt_stderr_end();
  assert_int_equal(r, 1);
  assert_string_equal(err,
                      "ac_run: Task-1: ECONNREFUSED (connection refused)\n");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      RT_TEST(test_task_sleep0_round_robin),
      RT_TEST(test_task_result_macro_accepts_const_pointer_type),
      RT_TEST(test_task_create_task_starts_on_next_pass),
      RT_TEST(test_task_done_callbacks_run_next_pass_in_order),
      RT_TEST(test_task_cancel_before_start_never_runs_body),
      RT_TEST(test_task_cancel_while_sleeping_raises_at_the_await),
      RT_TEST(test_task_cancel_of_awaiter_cancels_awaited_task),
      RT_TEST(test_task_cancel_reaches_leaf_of_inline_chain),
      RT_TEST(test_task_self_cancel_raises_at_next_await),
      RT_TEST(test_task_direct_await_completing_at_once_does_not_suspend),
      RT_TEST(test_task_await_of_fresh_handle_runs_it_inline),
      RT_TEST(test_task_await_of_named_fresh_call_runs_it_inline),
      RT_TEST(test_task_error_propagates_through_await),
      RT_TEST(test_task_result_size_mismatch_raises_eresultsize),
      RT_TEST(test_task_never_retrieved_error_is_reported_when_freed),
      RT_TEST(test_task_join_returns_error_code_without_raising),
      RT_TEST(test_task_close_reports_unobserved_errors_of_held_tasks),
      RT_TEST(test_task_names_and_current_task),
      RT_TEST(test_task_many_names),
      RT_TEST(test_task_repr_pending_cancelling_finished_cancelled),
      RT_TEST(test_task_cancelling_counter_and_uncancel),
      RT_TEST(test_task_dump_tasks_shows_where_each_frame_waits),
      RT_TEST(test_task_awaits_future_result_and_cancellation),
      RT_TEST(test_task_run_cancels_leftover_tasks),
      RT_TEST(test_task_run_reports_failure_and_returns_1),
  };
  return cmocka_run_group_tests_name("task", tests, NULL, NULL);
}
