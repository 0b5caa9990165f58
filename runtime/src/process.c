// process.c — child processes: spawn (asyncio's create_subprocess_exec:
// stdin, stdout and stderr as pipes, inherited, /dev/null or stderr merged
// into stdout; environment, working directory), wait, communicate,
// capture output.
//
// An ac_process owns its uv_process_t and a pipe stream for each standard
// stream the caller asked to pipe.  ac_process_close closes them all; a
// child still running is killed first and the handle is closed from the
// exit callback, so no child is left unreaped.  A wait frame registers as
// the process's waiter; cancelling it only unregisters (the child keeps
// running), as asyncio's Process.wait does.
#include "io_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ac_process {
  uv_process_t proc;
  ac_stream *in;   // stdin pipe (we write), or NULL
  ac_stream *out;  // stdout pipe, or NULL
  ac_stream *err;  // stderr pipe, or NULL
  ac__op *waiter;  // slot: the wait op waiting, or NULL
  int status;      // exit status (shell convention) once exited
  int code;        // exit code, or 0 if a signal ended it
  int signum;      // the signal that ended it, or 0
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
  p->code = signum != 0 ? 0 : (int)status;
  p->signum = signum;
  ac__op_wake(&p->waiter, 0);
  if (p->closing)
    uv_close((uv_handle_t *)&p->proc, process_free_cb);
}


// Spawn -------------------------------------------------------------------------

typedef struct run_op {
  ac__op op;
  ac_process *result;
  const char *const *argv;
  unsigned flags;
  const ac_process_options *opts;
} run_op;


// Closes the pipe streams of a process that did not start or is closing.
static void close_pipes(ac_process *p)
{
  ac_stream **pipes[3] = {&p->in, &p->out, &p->err};
  for (int i = 0; i < 3; i++) {
    if (*pipes[i] != NULL) {
      ac__stream_close(*pipes[i]);
      *pipes[i] = NULL;
    }
  }
}


// Fills io for child descriptor fd with mode (AC_STDIO_*); a pipe gets a
// new stream in *pipe, readable by us when `ours_reads`.  0 or an error.
static int stdio_setup(uv_stdio_container_t *io, int fd, int mode,
                       int ours_reads, ac_stream **pipe)
{
  switch (mode) {
  case AC_STDIO_INHERIT:
    io->flags = UV_INHERIT_FD;
    io->data.fd = fd;
    return 0;
  case AC_STDIO_NULL: io->flags = UV_IGNORE; return 0;
  case AC_STDIO_STDOUT:  // stdout inherited: the child's 2 is our 1
    if (fd != 2)
      return UV_EINVAL;
    io->flags = UV_INHERIT_FD;
    io->data.fd = 1;
    return 0;
  case AC_STDIO_PIPE:
    *pipe = ac__stream_new();
    if (*pipe == NULL)
      return AC_ENOMEM;
    (*pipe)->owned = 1;
    uv_pipe_init(AC__UVLOOP(), &(*pipe)->u.pipe, 0);
    io->flags =
        UV_CREATE_PIPE | (ours_reads ? UV_WRITABLE_PIPE : UV_READABLE_PIPE);
    io->data.stream = &(*pipe)->u.stream;
    return 0;
  default: return UV_EINVAL;
  }
}


// stderr merged into stdout.  libuv gives each child descriptor its own
// pipe, and "inherit fd 1" means the parent's fd 1, so a piped stdout
// shared with stderr is a pipe made here: the child gets its write end as
// both 1 and 2, our stream the read end (merged[1] is closed after the
// spawn).  Other stdout modes: stderr follows stdout.  0 or an error.
static int merge_stderr(uv_stdio_container_t *io, int stdout_mode,
                        ac_stream *out, int merged[2])
{
  int rc;
  if (stdout_mode == AC_STDIO_NULL) {
    io[2].flags = UV_IGNORE;
    return 0;
  }
  if (stdout_mode != AC_STDIO_PIPE)
    return 0;  // inherited: the child's 2 is our 1 (stdio_setup)
  if (pipe2(merged, O_CLOEXEC) != 0)
    return uv_translate_sys_error(errno);
  rc = uv_pipe_open(&out->u.pipe, merged[0]);
  if (rc != 0) {
    close(merged[0]);
    close(merged[1]);
    merged[1] = -1;
    return rc;
  }
  io[1].flags = UV_INHERIT_FD;
  io[1].data.fd = merged[1];
  io[2].flags = UV_INHERIT_FD;
  io[2].data.fd = merged[1];
  return 0;
}


// Spawns; 0 or an error (then nothing is left open).
static int spawn(const ac_process_options *opts, ac_process **out)
{
  uv_process_options_t o;
  uv_stdio_container_t io[3];
  ac_process *p;
  int merged[2] = {-1, -1};
  int rc;
  if (opts->argv == NULL || opts->argv[0] == NULL)
    return UV_EINVAL;
  p = ac__mem_try_alloc(sizeof *p);
  if (p == NULL)
    return AC_ENOMEM;
  memset(p, 0, sizeof *p);
  memset(&o, 0, sizeof o);
  rc = stdio_setup(&io[0], 0, opts->stdin_mode, 0, &p->in);
  if (rc == 0)
    rc = stdio_setup(&io[1], 1, opts->stdout_mode, 1, &p->out);
  if (rc == 0)
    rc = stdio_setup(&io[2], 2, opts->stderr_mode, 1, &p->err);
  if (rc == 0 && opts->stderr_mode == AC_STDIO_STDOUT)
    rc = merge_stderr(io, opts->stdout_mode, p->out, merged);
  if (rc != 0) {
    close_pipes(p);
    ac__mem_free(p, sizeof *p);
    return rc;
  }
  o.file = opts->argv[0];
  o.args = (char **)opts->argv;
  o.env = (char **)opts->env;
  o.cwd = opts->cwd;
  o.stdio = io;
  o.stdio_count = 3;
  o.exit_cb = exit_cb;
  rc = uv_spawn(AC__UVLOOP(), &p->proc, &o);
  if (merged[1] >= 0)
    close(merged[1]);  // the child has its copies
  if (rc != 0) {
    close_pipes(p);
    uv_close((uv_handle_t *)&p->proc, process_free_cb);
    return rc;
  }
  *out = p;
  return 0;
}


// ac_process_run's flags as options: stdin /dev/null, stderr inherited.
static ac_process_options run_options(const char *const argv[], unsigned flags)
{
  ac_process_options o = {.argv = argv,
                          .stdin_mode = AC_STDIO_NULL,
                          .stdout_mode = (flags & AC_PROCESS_CAPTURE_STDOUT)
                                             ? AC_STDIO_PIPE
                                             : AC_STDIO_INHERIT,
                          .stderr_mode = AC_STDIO_INHERIT};
  return o;
}


static int run_step(ac__op *op)
{
  run_op *f = (run_op *)op;
  ac_process_options o;
  if (f->opts != NULL)
    return ac__op_fail(op, spawn(f->opts, &f->result));
  o = run_options(f->argv, f->flags);
  return ac__op_fail(op, spawn(&o, &f->result));
}

AC__OP_TYPE(run_type, "process_run", run_op, AC_KIND_PTR, run_step, NULL, NULL);


ac_task *ac_process_run(const char *const argv[], unsigned flags)
{
  return AC__OP_NEW(run_op, &run_type, .argv = argv, .flags = flags);
}


ac_task *ac_process_spawn(const ac_process_options *opts)
{
  return AC__OP_NEW(run_op, &run_type, .opts = opts);
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


ac_stream *ac_process_stdin(ac_process *p)
{
  return p->in;
}


ac_stream *ac_process_stderr(ac_process *p)
{
  return p->err;
}


void ac_process_close_stdin(ac_process *p)
{
  if (p->in != NULL) {
    ac__stream_close(p->in);
    p->in = NULL;
  }
}


int ac_process_terminate(ac_process *p)
{
  return ac_process_kill(p, SIGTERM);
}


int ac_process_exit_info(const ac_process *p, int *code, int *signum)
{
  if (!p->exited)
    return UV_EBUSY;
  if (code != NULL)
    *code = p->code;
  if (signum != NULL)
    *signum = p->signum;
  return 0;
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
  close_pipes(p);
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
  ac_process_options opts = run_options(f->argv, AC_PROCESS_CAPTURE_STDOUT);
  switch (self->state) {
  case 0:
    self->err = spawn(&opts, &f->p);
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


// Communicate ------------------------------------------------------------------------
//
// asyncio's Process.communicate: feeds `input` to stdin and closes it,
// reads stdout and stderr to their ends, then waits for the exit.  The
// three transfers run as tasks of their own so that none blocks the others
// (a child that fills its stderr pipe while we are still writing its stdin
// would deadlock a sequential version); this frame awaits them in turn.
// An error or a cancellation cancels the transfers still running; the
// child is left running, as in asyncio (the caller closes or kills it).

// Writes the input, then closes stdin.  A child that exits or closes its
// stdin early is not an error (asyncio ignores BrokenPipeError there).
typedef struct feed_op {
  ac__op op;
  ac_process *p;
  const void *input;
  size_t len;
} feed_op;

static int feed_step(ac__op *op)
{
  feed_op *f = (feed_op *)op;
  ac_task *self = &op->hdr;
  switch (self->state) {
  case 0:
    self->state = 2;
    if (f->len > 0 &&
        ac_await_call(self, ac_stream_write(f->p->in, f->input, f->len)) ==
            AC_SUSPENDED)
      return AC_SUSPENDED;
    if (f->len == 0)
      break;
    /* fallthrough */
  case 2:
    if (ac_await_end(self, NULL, 0) &&
        (self->err == UV_EPIPE || self->err == UV_ECONNRESET))
      self->err = 0;
    break;
  default: return AC_DONE;
  }
  if (self->err != AC_ECANCELED)
    ac_process_close_stdin(f->p);
  return AC_DONE;
}

AC__OP_TYPE_VOID(feed_type, "process_feed", feed_op, feed_step, NULL, NULL);


typedef struct comm_op {
  ac__op op;
  int result;
  ac_process *p;
  const void *input;
  size_t len;
  char **out, **err;
  size_t *out_len, *err_len;
  ac_task *feed, *rout, *rerr;  // the transfers (NULL when not needed)
  char *obuf, *ebuf;            // what the readers handed over
  ssize_t on, en;
} comm_op;


// Cancels and lets go of the transfers still held; frees the outputs.
static void comm_release(ac__op *op)
{
  comm_op *f = (comm_op *)op;
  ac_task **ts[3] = {&f->feed, &f->rout, &f->rerr};
  for (int i = 0; i < 3; i++) {
    if (*ts[i] != NULL) {
      ac_task_cancel(*ts[i]);
      ac_task_release(*ts[i]);
      *ts[i] = NULL;
    }
  }
  free(f->obuf);
  free(f->ebuf);
  f->obuf = f->ebuf = NULL;
}


// The await of one transfer at state `st`, whose result goes to dst; the
// task is released once it has been awaited.
#define COMM_AWAIT(st, task, dst, size)                                        \
  self->state = st;                                                            \
  if ((task) != NULL && ac_await_task(self, (task)) == AC_SUSPENDED)           \
    return AC_SUSPENDED;                                                       \
  /* fallthrough */                                                            \
  case st:                                                                     \
    if ((task) != NULL) {                                                      \
      int failed_ = ac_await_end(self, dst, size);                             \
      ac_task_release(task);                                                   \
      (task) = NULL;                                                           \
      if (failed_)                                                             \
        goto unwind;                                                           \
    }

static int comm_step(ac__op *op)
{
  comm_op *f = (comm_op *)op;
  ac_task *self = &op->hdr;
  ac_process *p = f->p;
  switch (self->state) {
  case 0:
    // (Out of memory, a constructor returns the runtime's failed task,
    // which the await below raises as AC_ENOMEM.)
    if (p->in != NULL)
      f->feed = ac_create_task(AC__OP_NEW(feed_op, &feed_type, .p = p,
                                          .input = f->input, .len = f->len));
    if (p->out != NULL)
      f->rout = ac_create_task(ac__stream_read_all(p->out, &f->obuf));
    if (p->err != NULL)
      f->rerr = ac_create_task(ac__stream_read_all(p->err, &f->ebuf));
    COMM_AWAIT(1, f->feed, NULL, 0)
    COMM_AWAIT(2, f->rout, &f->on, sizeof f->on)
    COMM_AWAIT(3, f->rerr, &f->en, sizeof f->en)
    self->state = 4;
    if (ac_await_call(self, ac_process_wait(p)) == AC_SUSPENDED)
      return AC_SUSPENDED;
    /* fallthrough */
  case 4:
    if (ac_await_end(self, &f->result, sizeof f->result))
      goto unwind;
    break;
  default: return AC_DONE;
  }
  if (f->out != NULL) {
    *f->out = f->obuf;
    f->obuf = NULL;
  }
  if (f->out_len != NULL)
    *f->out_len = (size_t)f->on;
  if (f->err != NULL) {
    *f->err = f->ebuf;
    f->ebuf = NULL;
  }
  if (f->err_len != NULL)
    *f->err_len = (size_t)f->en;
unwind:
  comm_release(op);
  return AC_DONE;
}

AC__OP_TYPE(comm_type, "process_communicate", comm_op, AC_KIND_INT, comm_step,
            NULL, comm_release);


ac_task *ac_process_communicate(ac_process *p, const void *input, size_t len,
                                char **out, size_t *out_len, char **err,
                                size_t *err_len)
{
  if (out != NULL)
    *out = NULL;
  if (err != NULL)
    *err = NULL;
  if (out_len != NULL)
    *out_len = 0;
  if (err_len != NULL)
    *err_len = 0;
  return AC__OP_NEW(comm_op, &comm_type, .p = p, .input = input, .len = len,
                    .out = out, .err = err, .out_len = out_len,
                    .err_len = err_len);
}
