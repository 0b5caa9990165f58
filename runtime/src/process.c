// process.c — child processes: run, wait, capture output.
//
// An ac_process owns its uv_process_t and, with AC_PROCESS_CAPTURE_STDOUT,
// a pipe stream for the child's stdout.  ac_process_close closes both; a
// child still running is killed first and the handle is closed from the
// exit callback, so no child is left unreaped.  A wait frame registers as
// the process's waiter; cancelling it only unregisters (the child keeps
// running), as asyncio's Process.wait does.
#include "io_internal.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

struct ac_process {
  uv_process_t proc;
  ac_stream *out;  // stdout pipe, or NULL
  ac__op *waiter;  // slot: the wait op waiting, or NULL
  int status;      // exit status (shell convention) once exited
  int exited;
  int closing;  // close requested: uv_close on exit
};


static void process_free_cb(uv_handle_t *h)
{
  ac__mem_free(h, sizeof(ac_process));
}


static void exit_cb(uv_process_t *proc, int64_t status, int signum)
{
  ac_process *p = (ac_process *)proc;
  p->exited = 1;
  p->status = signum != 0 ? 128 + signum : (int)status;
  ac__op_wake(&p->waiter, 0);
  if (p->closing)
    uv_close((uv_handle_t *)&p->proc, process_free_cb);
}


// Run ---------------------------------------------------------------------------

typedef struct run_op {
  ac__op op;
  ac_process *result;
  const char *const *argv;
  unsigned flags;
} run_op;


// Spawns; 0 or an error (then nothing is left open).
static int spawn(const char *const argv[], unsigned flags, ac_process **out)
{
  uv_loop_t *loop = ac_loop_uv(ac__loop_get());
  uv_process_options_t o;
  uv_stdio_container_t io[3];
  ac_process *p;
  int rc;
  if (argv == NULL || argv[0] == NULL)
    return UV_EINVAL;
  p = ac__mem_try_alloc(sizeof *p);
  if (p == NULL)
    return AC_ENOMEM;
  memset(p, 0, sizeof *p);
  memset(&o, 0, sizeof o);
  io[0].flags = UV_IGNORE;
  io[1].flags = UV_INHERIT_FD;
  io[1].data.fd = 1;
  io[2].flags = UV_INHERIT_FD;
  io[2].data.fd = 2;
  if (flags & AC_PROCESS_CAPTURE_STDOUT) {
    p->out = ac__stream_new();
    if (p->out == NULL) {
      ac__mem_free(p, sizeof *p);
      return AC_ENOMEM;
    }
    p->out->owned = 1;
    uv_pipe_init(loop, &p->out->u.pipe, 0);
    io[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
    io[1].data.stream = &p->out->u.stream;
  }
  o.file = argv[0];
  o.args = (char **)argv;
  o.stdio = io;
  o.stdio_count = 3;
  o.exit_cb = exit_cb;
  rc = uv_spawn(loop, &p->proc, &o);
  if (rc != 0) {
    if (p->out != NULL)
      ac__stream_close(p->out);
    uv_close((uv_handle_t *)&p->proc, process_free_cb);
    return rc;
  }
  *out = p;
  return 0;
}


static int run_step(ac__op *op)
{
  run_op *f = (run_op *)op;
  return ac__op_fail(op, spawn(f->argv, f->flags, &f->result));
}

AC__OP_TYPE(run_type, "process_run", run_op, AC_KIND_PTR, run_step, NULL, NULL);


ac_task *ac_process_run(const char *const argv[], unsigned flags)
{
  return AC__OP_NEW(run_op, &run_type, .argv = argv, .flags = flags);
}


// Wait ----------------------------------------------------------------------------

typedef struct pwait_op {
  ac__op op;
  int result;
  ac_process *p;
} pwait_op;


static int pwait_step(ac__op *op)
{
  pwait_op *f = (pwait_op *)op;
  ac_process *p = f->p;
  if (op->hdr.state != 0) {
    if (op->hdr.err == 0)  // (closing the process wakes it with an error)
      f->result = p->status;
    return AC_DONE;
  }
  if (p->exited) {
    f->result = p->status;
    return AC_DONE;
  }
  if (p->closing)
    return ac__op_fail(op, AC_ECANCELED);
  return ac__op_park(op, &p->waiter);
}

AC__OP_TYPE(pwait_type, "process_wait", pwait_op, AC_KIND_INT, pwait_step, NULL,
            NULL);


ac_task *ac_process_wait(ac_process *p)
{
  return AC__OP_NEW(pwait_op, &pwait_type, .p = p);
}


// The rest ------------------------------------------------------------------------

ac_stream *ac_process_stdout(ac_process *p)
{
  return p->out;
}


int ac_process_pid(const ac_process *p)
{
  return p->proc.pid;
}


int ac_process_kill(ac_process *p, int signum)
{
  if (p->exited)
    return UV_ESRCH;
  return uv_process_kill(&p->proc, signum);
}


void ac_process_close(ac_process *p)
{
  if (p == NULL || p->closing)
    return;
  p->closing = 1;
  ac__op_wake(&p->waiter, AC_ECANCELED);
  if (p->out != NULL) {
    ac__stream_close(p->out);
    p->out = NULL;
  }
  if (p->exited) {
    uv_close((uv_handle_t *)&p->proc, process_free_cb);
  } else {
    uv_process_kill(&p->proc, SIGKILL);  // exit_cb closes the handle
  }
}


// Output: run, read stdout to its end, wait ------------------------------------------
//
// Written with two inner awaits on the runtime's own frames, exactly as
// acc would lower the .ac version:
//   p = run(argv, CAPTURE); n = await read_all(stdout(p), &buf);
//   status = await wait(p); close(p); return buf;
// A cancellation reaches the inner frame that waits (the read or the
// wait); this frame then kills and closes the process and frees the buffer.

typedef struct output_op {
  ac__op op;
  char *result;
  const char *const *argv;
  size_t *lenp;
  int *statusp;
  ac_process *p;
  char *buf;
  ssize_t n;
  int status;
} output_op;


static void output_release(ac__op *op)
{
  output_op *f = (output_op *)op;
  if (f->p != NULL) {
    ac_process_close(f->p);
    f->p = NULL;
  }
  free(f->buf);
  f->buf = NULL;
}


static int output_step(ac__op *op)
{
  output_op *f = (output_op *)op;
  ac_task *self = &op->hdr;
  switch (self->state) {
  case 0:
    self->err = spawn(f->argv, AC_PROCESS_CAPTURE_STDOUT, &f->p);
    if (self->err != 0)
      return AC_DONE;
    self->state = 1;
    if (ac_await_call(self, ac__stream_read_all(f->p->out, &f->buf)) ==
        AC_SUSPENDED)
      return AC_SUSPENDED;
    /* fallthrough */
  case 1:
    if (ac_await_end(self, &f->n, AC_RESULT_SIZE(f->n)))
      goto unwind;
    self->state = 2;
    if (ac_await_call(self, ac_process_wait(f->p)) == AC_SUSPENDED)
      return AC_SUSPENDED;
    /* fallthrough */
  case 2:
    if (ac_await_end(self, &f->status, AC_RESULT_SIZE(f->status)))
      goto unwind;
    if (f->lenp != NULL)
      *f->lenp = (size_t)f->n;
    if (f->statusp != NULL)
      *f->statusp = f->status;
    f->result = f->buf;
    f->buf = NULL;
    break;
  default: return AC_DONE;
  }
unwind:
  output_release(op);
  return AC_DONE;
}

AC__OP_TYPE(output_type, "process_output", output_op, AC_KIND_STR, output_step,
            NULL, output_release);


ac_task *ac_process_output(const char *const argv[], size_t *len, int *status)
{
  return AC__OP_NEW(output_op, &output_type, .argv = argv, .lenp = len,
                    .statusp = status);
}
