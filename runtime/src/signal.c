// signal.c — signals on the loop: handlers (asyncio's add_signal_handler /
// remove_signal_handler) and the awaitable ac_signal_wait.
//
// Each signal the loop watches has one entry with one uv_signal_t (libuv
// turns the signal into a callback on the loop's thread), its handler and
// the ops of the tasks waiting for it.  When the handler is removed and no
// task waits, the watcher is closed and libuv restores SIG_DFL (asyncio
// does the same).
#include "internal.h"

#include <signal.h>

typedef struct sigwait_op sigwait_op;

typedef struct sig_ent {
  uv_signal_t h;
  struct sig_ent *next;
  int signum;
  int has_handler;
  ac_cb cb;
  void *arg;
  sigwait_op *waiters;  // FIFO: woken in the order they began to wait
  sigwait_op **wtail;
} sig_ent;

struct sigwait_op {
  ac__op op;
  int result;
  int signum;
  ac__op *slot;  // its own slot: the waiters are a list
  sig_ent *ent;  // while waiting
  sigwait_op *next;
};

static sig_ent *sigs;  // the loop's watched signals


static sig_ent *find(int signum)
{
  sig_ent *e;
  for (e = sigs; e != NULL; e = e->next)
    if (e->signum == signum)
      return e;
  return NULL;
}


static void ent_freed(uv_handle_t *h)
{
  ac__mem_free(h->data, sizeof(sig_ent));
}


// Closes e's watcher once nothing needs it (the default disposition is back).
static void ent_maybe_close(sig_ent *e)
{
  sig_ent **p;
  if (e->has_handler || e->waiters != NULL)
    return;
  for (p = &sigs; *p != NULL && *p != e; p = &(*p)->next)
    ;
  if (*p != NULL)
    *p = e->next;
  uv_signal_stop(&e->h);
  uv_close((uv_handle_t *)&e->h, ent_freed);
}


static void on_signal(uv_signal_t *h, int signum)
{
  sig_ent *e = h->data;
  sigwait_op *w = e->waiters;
  e->waiters = NULL;
  e->wtail = &e->waiters;
  if (e->has_handler)
    ac_call_soon(ac__loop_get(), e->cb, e->arg);
  while (w != NULL) {
    sigwait_op *next = w->next;
    w->next = NULL;
    w->ent = NULL;
    w->result = signum;
    ac__op_complete(&w->op, 0);
    w = next;
  }
  ent_maybe_close(e);
}


// The entry of signum, its watcher started; NULL with *err set.
static sig_ent *watch(int signum, int *err)
{
  sig_ent *e = find(signum);
  if (e != NULL)
    return e;
  if (signum <= 0 || signum >= NSIG || signum == SIGKILL || signum == SIGSTOP) {
    *err = AC_EINVAL;
    return NULL;
  }
  e = ac__mem_try_alloc(sizeof *e);
  if (e == NULL) {
    *err = AC_ENOMEM;
    return NULL;
  }
  memset(e, 0, sizeof *e);
  e->signum = signum;
  e->wtail = &e->waiters;
  uv_signal_init(AC__UVLOOP(), &e->h);
  e->h.data = e;
  *err = uv_signal_start(&e->h, on_signal, signum);
  if (*err != 0) {
    uv_close((uv_handle_t *)&e->h, ent_freed);
    return NULL;
  }
  e->next = sigs;
  sigs = e;
  return e;
}


int ac_loop_add_signal_handler(ac_loop *loop, int signum, ac_cb cb, void *arg)
{
  int err = 0;
  sig_ent *e;
  (void)loop;
  if (cb == NULL)
    return AC_EINVAL;
  e = watch(signum, &err);
  if (e == NULL)
    return err;
  e->has_handler = 1;
  e->cb = cb;
  e->arg = arg;
  return 0;
}


int ac_loop_remove_signal_handler(ac_loop *loop, int signum)
{
  sig_ent *e = find(signum);
  (void)loop;
  if (e == NULL || !e->has_handler)
    return 0;
  e->has_handler = 0;
  e->cb = NULL;
  ent_maybe_close(e);
  return 1;
}


// Takes a waiter off its entry's list.
static void unlink_waiter(sigwait_op *w)
{
  sig_ent *e = w->ent;
  sigwait_op **p;
  if (e == NULL)
    return;
  for (p = &e->waiters; *p != w; p = &(*p)->next)
    ;
  *p = w->next;
  if (e->wtail == &w->next)
    e->wtail = p;
  w->next = NULL;
  w->ent = NULL;
  ent_maybe_close(e);
}


static int sigwait_step(ac__op *op)
{
  sigwait_op *w = (sigwait_op *)op;
  int err = 0;
  sig_ent *e;
  if (op->hdr.state != 0)
    return AC_DONE;
  e = watch(w->signum, &err);
  if (e == NULL)
    return ac__op_fail(op, err);
  w->ent = e;
  *e->wtail = w;
  e->wtail = &w->next;
  return ac__op_park(op, &w->slot);
}


static int sigwait_cancel(ac__op *op)
{
  unlink_waiter((sigwait_op *)op);
  return AC__OP_CANCEL_NOW;
}


static void sigwait_release(ac__op *op)
{
  unlink_waiter((sigwait_op *)op);
}

AC__OP_TYPE(sigwait_type, "signal_wait", sigwait_op, AC_KIND_INT, sigwait_step,
            sigwait_cancel, sigwait_release);


ac_task *ac_signal_wait(int signum)
{
  return AC__OP_NEW(sigwait_op, &sigwait_type, .signum = signum);
}


// At loop close: the watchers are closed with every other libuv handle
// (their memory goes with the pools); forget them.
void ac__signal_close(ac_loop *loop)
{
  (void)loop;
  sigs = NULL;
}
