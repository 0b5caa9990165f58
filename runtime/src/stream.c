// stream.c — streams (TCP connections and pipes): buffered reads (what is
// available, exactly n bytes, up to a delimiter), writes with back-pressure,
// shutdown and close.
//
// Reads: the stream keeps one buffer.  A read frame first looks at what is
// buffered; if that satisfies it, it completes without suspending.
// Otherwise it registers as the stream's reader and turns uv_read_start on;
// libuv reads straight into the free end of the buffer, and when the
// reader's condition holds reading stops and the reader is woken.  Nothing
// goes on after that only while the buffer holds less than
// AC__READ_HIGH_WATER bytes (asyncio's flow control: turning reading off
// and on for every message would cost two epoll_ctl calls per read), so
// the kernel's window still pushes back on a peer nobody reads.  Cancelling a read only stops reading: the data stays buffered.
//
// Writes: uv_try_write first (no copy, no suspension when the socket takes
// everything, the common case); the rest is copied into a write block with
// its uv_write_t and the frame waits for the write callback.  Because the
// block owns the bytes, a cancelled write detaches from the block and
// returns at once while libuv finishes (or drops) it.
#include "io_internal.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Reading stops while this much is buffered and nobody waits.
#define AC__READ_HIGH_WATER (64u * 1024u)

// Streams -------------------------------------------------------------------

ac_stream *ac__stream_new(void)
{
  static AC__THREAD int sigpipe_checked;
  ac_stream *s;
  // Like Python: a write to a closed peer is an error (UV_EPIPE), not a
  // signal that kills the process.  Done once, only if SIGPIPE is default.
  if (!sigpipe_checked) {
    struct sigaction sa;
    sigpipe_checked = 1;
    if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL)
      signal(SIGPIPE, SIG_IGN);
  }
  s = ac__mem_try_alloc(sizeof *s);
  if (s != NULL)
    memset(s, 0, sizeof *s);
  return s;
}


static void stream_free_cb(uv_handle_t *h)
{
  ac_stream *s = (ac_stream *)h;
  if (s->buf != NULL)
    ac__mem_free(s->buf, s->cap);
  ac__mem_free(s, sizeof *s);
}


static void reader_wake(ac_stream *s, int err);


void ac__stream_close(ac_stream *s)
{
  if (s->closing)
    return;
  s->closing = 1;
  if (s->reader != NULL)
    reader_wake(s, AC_ECANCELED);
  uv_close(&s->u.handle, stream_free_cb);
}


void ac_stream_close(ac_stream *s)
{
  if (s == NULL || s->owned)
    return;
  ac__stream_close(s);
}


size_t ac_stream_buffered(const ac_stream *s)
{
  return s->len;
}


// Reads ---------------------------------------------------------------------

enum { R_SOME, R_EXACTLY, R_UNTIL, R_ALL };

typedef struct read_op read_op;

struct read_op {
  ac__op op;
  ssize_t result;
  ac_stream *s;
  char *dst;
  size_t n;  // len / exact count / max
  const char *delim;
  size_t dlen;
  char **out;  // R_ALL: where the malloc'd copy goes
  int mode;
};


// Where the delimiter ends in the first `limit` buffered bytes, or 0.
static size_t find_delim(const ac_stream *s, const read_op *f, size_t limit)
{
  const char *p;
  size_t i;
  if (limit > s->len)
    limit = s->len;
  if (f->dlen == 0 || limit < f->dlen)
    return 0;
  p = s->buf + s->start;
  for (i = 0; i + f->dlen <= limit; i++) {
    const char *q = memchr(p + i, f->delim[0], limit - f->dlen + 1 - i);
    if (q == NULL)
      return 0;
    i = (size_t)(q - p);
    if (memcmp(q, f->delim, f->dlen) == 0)
      return i + f->dlen;
  }
  return 0;
}


// Whether the frame can complete with what is buffered now.
static int read_ready(const ac_stream *s, const read_op *f)
{
  if (s->rerr != 0)
    return 1;
  switch (f->mode) {
  case R_SOME: return s->len > 0 || f->n == 0;
  case R_EXACTLY: return s->len >= f->n;
  case R_UNTIL: return s->len >= f->n || find_delim(s, f, f->n) != 0;
  default: return 0;
  }
}


static void consume(ac_stream *s, void *dst, size_t n)
{
  if (n == 0)
    return;
  if (dst != NULL)
    memcpy(dst, s->buf + s->start, n);
  s->start += n;
  s->len -= n;
  if (s->len == 0)
    s->start = 0;
}


// Completes the read from the buffer (read_ready holds).
static int read_finish(read_op *f)
{
  ac_task *self = &f->op.hdr;
  ac_stream *s = f->s;
  size_t n;
  switch (f->mode) {
  case R_SOME:
    if (s->len > 0 || f->n == 0) {
      n = s->len < f->n ? s->len : f->n;
      consume(s, f->dst, n);
      f->result = (ssize_t)n;
    } else if (s->rerr == UV_EOF) {
      f->result = 0;
    } else {
      self->err = s->rerr;
    }
    break;
  case R_EXACTLY:
    if (s->len >= f->n) {
      consume(s, f->dst, f->n);
      f->result = (ssize_t)f->n;
    } else if (s->rerr == UV_EOF && s->len == 0) {
      f->result = 0;  // a clean end, before any byte of this read
    } else {
      self->err = s->rerr;
    }
    break;
  case R_UNTIL:
    n = find_delim(s, f, f->n);
    if (n != 0) {
      consume(s, f->dst, n);
      f->result = (ssize_t)n;
    } else {
      if (s->len >= f->n)
        self->err = UV_ENOBUFS;
      else if (s->rerr == UV_EOF && s->len == 0)
        f->result = 0;  // a clean end, before any byte of this read
      else
        self->err = s->rerr;
    }
    break;
  default:  // R_ALL
    if (s->rerr != UV_EOF) {
      self->err = s->rerr;
      break;
    }
    *f->out = ac__sys_alloc(s->len + 1);  // the caller's to free()
    if (*f->out == NULL) {
      self->err = AC_ENOMEM;
      break;
    }
    n = s->len;
    consume(s, *f->out, n);
    (*f->out)[n] = 0;
    f->result = (ssize_t)n;
    break;
  }
  return AC_DONE;
}


static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
  ac_stream *s = (ac_stream *)h;
  size_t want = suggested < 4096 ? 4096 : suggested;
  if (s->start > 0 && s->cap - s->start - s->len < want) {
    memmove(s->buf, s->buf + s->start, s->len);
    s->start = 0;
  }
  if (s->cap - s->len < want) {
    size_t cap = s->cap ? s->cap : 16384;
    char *nb;
    while (cap - s->len < want)
      cap *= 2;
    nb = ac__mem_try_alloc(cap);
    if (nb == NULL) {  // read_cb gets UV_ENOBUFS: the reader sees AC_ENOMEM
      s->rerr = AC_ENOMEM;
      b->base = NULL;
      b->len = 0;
      return;
    }
    if (s->len)
      memcpy(nb, s->buf, s->len);
    if (s->buf != NULL)
      ac__mem_free(s->buf, s->cap);
    s->buf = nb;
    s->cap = cap;
  }
  b->base = s->buf + s->start + s->len;
  b->len = s->cap - s->start - s->len;
}


static void stop_reading(ac_stream *s)
{
  if (s->reading) {
    s->reading = 0;
    uv_read_stop(&s->u.stream);
  }
}


static void reader_wake(ac_stream *s, int err)
{
  if (err != 0 || s->len >= AC__READ_HIGH_WATER)
    stop_reading(s);
  ac__op_wake(&s->reader, err);
}


static void read_cb(uv_stream_t *st, ssize_t nread, const uv_buf_t *b)
{
  ac_stream *s = (ac_stream *)st;
  (void)b;
  if (nread > 0)
    s->len += (size_t)nread;
  else if (nread < 0 && !(nread == UV_ENOBUFS && s->rerr == AC_ENOMEM))
    s->rerr = (int)nread;
  if (s->reader == NULL) {
    if (s->rerr != 0 || s->len >= AC__READ_HIGH_WATER)
      stop_reading(s);
    return;
  }
  if (read_ready(s, (read_op *)s->reader))
    reader_wake(s, 0);
  else if (s->rerr != 0)
    stop_reading(s);
}


static int read_step(ac__op *op)
{
  read_op *f = (read_op *)op;
  ac_stream *s = f->s;
  int rc;
  if (op->hdr.state != 0)
    return op->hdr.err != 0 ? AC_DONE : read_finish(f);
  if (s->closing)
    return ac__op_fail(op, AC_ECANCELED);
  if (s->reader != NULL)  // (before the buffer: one reader at a time)
    return ac__op_fail(op, UV_EBUSY);
  if (read_ready(s, f))
    return read_finish(f);
  if (!s->reading) {
    rc = uv_read_start(&s->u.stream, alloc_cb, read_cb);
    if (rc != 0)
      return ac__op_fail(op, rc);
    s->reading = 1;
  }
  return ac__op_park(op, &s->reader);
}


// Cancelling a read only stops reading: the data stays buffered.
static int read_cancel(ac__op *op)
{
  stop_reading(((read_op *)op)->s);
  return AC__OP_CANCEL_NOW;
}

AC__OP_TYPE(read_type, "stream_read", read_op, AC_KIND_INT, read_step,
            read_cancel, NULL);


static ac_task *read_new(ac_stream *s, void *buf, size_t n, int mode,
                         const char *delim, char **out)
{
  size_t dlen = delim != NULL ? strlen(delim) : 0;
  if (mode == R_UNTIL && dlen == 0)
    mode = R_SOME;  // no delimiter: behaves as a plain read
  return AC__OP_NEW(read_op, &read_type, .s = s, .dst = buf, .n = n,
                    .mode = mode, .delim = delim, .dlen = dlen, .out = out);
}


ac_task *ac_stream_read(ac_stream *s, void *buf, size_t len)
{
  return read_new(s, buf, len, R_SOME, NULL, NULL);
}


ac_task *ac_stream_read_exactly(ac_stream *s, void *buf, size_t n)
{
  return read_new(s, buf, n, R_EXACTLY, NULL, NULL);
}


ac_task *ac_stream_read_until(ac_stream *s, void *buf, size_t max,
                              const char *delim)
{
  return read_new(s, buf, max, R_UNTIL, delim, NULL);
}


ac_task *ac__stream_read_all(ac_stream *s, char **out)
{
  *out = NULL;
  return read_new(s, NULL, 0, R_ALL, NULL, out);
}


// Writes --------------------------------------------------------------------

typedef struct write_block {
  uv_write_t req;
  ac__op *op;   // the op's slot: NULL once detached
  size_t size;  // size of this block
  char data[];
} write_block;

typedef struct write_op {
  ac__op op;
  ac_stream *s;
  const char *buf;
  size_t len;
} write_op;


static void write_cb(uv_write_t *req, int status)
{
  write_block *wb = (write_block *)req;
  ac__op_wake(&wb->op, status);
  ac__mem_free(wb, wb->size);
}


static int write_step(ac__op *op)
{
  write_op *f = (write_op *)op;
  ac_stream *s = f->s;
  write_block *wb;
  uv_buf_t b;
  size_t done = 0, size;
  int rc;
  if (op->hdr.state != 0)
    return AC_DONE;  // woken: op->hdr.err says how it went
  if (s->closing)
    return ac__op_fail(op, UV_EPIPE);
  if (f->len == 0)
    return AC_DONE;
  b = uv_buf_init((char *)f->buf, (unsigned)f->len);
  rc = uv_try_write(&s->u.stream, &b, 1);
  if (rc >= 0) {
    done = (size_t)rc;
    if (done == f->len)
      return AC_DONE;
  } else if (rc != UV_EAGAIN && rc != UV_ENOSYS) {
    return ac__op_fail(op, rc);
  }
  size = sizeof *wb + (f->len - done);
  wb = ac__mem_try_alloc(size);
  if (wb == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  wb->op = NULL;
  wb->size = size;
  memcpy(wb->data, f->buf + done, f->len - done);
  b = uv_buf_init(wb->data, (unsigned)(f->len - done));
  rc = uv_write(&wb->req, &s->u.stream, &b, 1, write_cb);
  if (rc != 0) {
    ac__mem_free(wb, size);
    return ac__op_fail(op, rc);
  }
  return ac__op_park(op, &wb->op);
}

AC__OP_TYPE_VOID(write_type, "stream_write", write_op, write_step, NULL, NULL);


ac_task *ac_stream_write(ac_stream *s, const void *buf, size_t len)
{
  return AC__OP_NEW(write_op, &write_type, .s = s, .buf = buf, .len = len);
}


// Shutdown ------------------------------------------------------------------

typedef struct shutdown_block {
  uv_shutdown_t req;
  ac__op *op;  // the op's slot: NULL once detached
} shutdown_block;

typedef struct shutdown_op {
  ac__op op;
  ac_stream *s;
} shutdown_op;


static void shutdown_cb(uv_shutdown_t *req, int status)
{
  shutdown_block *sb = (shutdown_block *)req;
  ac__op_wake(&sb->op, status);
  ac__mem_free(sb, sizeof *sb);
}


static int shutdown_step(ac__op *op)
{
  shutdown_op *f = (shutdown_op *)op;
  shutdown_block *sb;
  int rc;
  if (op->hdr.state != 0)
    return AC_DONE;
  if (f->s->closing)
    return ac__op_fail(op, UV_ENOTCONN);
  sb = ac__mem_try_alloc(sizeof *sb);
  if (sb == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  sb->op = NULL;
  rc = uv_shutdown(&sb->req, &f->s->u.stream, shutdown_cb);
  if (rc != 0) {
    ac__mem_free(sb, sizeof *sb);
    return ac__op_fail(op, rc);
  }
  return ac__op_park(op, &sb->op);
}

AC__OP_TYPE_VOID(shutdown_type, "stream_shutdown", shutdown_op, shutdown_step,
                 NULL, NULL);


ac_task *ac_stream_shutdown(ac_stream *s)
{
  return AC__OP_NEW(shutdown_op, &shutdown_type, .s = s);
}


// Streams over descriptors the program already has ---------------------------

// libuv reopens a terminal (its own file description, so that switching it
// to non-blocking mode does not affect other processes sharing it); the
// stream owns fd all the same, so the original is closed now.
static void tty_take_over(uv_tty_t *tty, int fd)
{
  uv_os_fd_t own;
  if (uv_fileno((uv_handle_t *)tty, &own) == 0 && own != fd)
    close(fd);
}


int ac_stream_open_fd(int fd, ac_stream **out)
{
  uv_handle_type type = uv_guess_handle(fd);
  ac_stream *s;
  int rc;
  *out = NULL;
  if (type != UV_TTY && type != UV_NAMED_PIPE && type != UV_TCP)
    return type == UV_UNKNOWN_HANDLE ? UV_EBADF : UV_EINVAL;
  s = ac__stream_new();
  if (s == NULL)
    return AC_ENOMEM;
  if (type == UV_TTY)
    rc = uv_tty_init(AC__UVLOOP(), &s->u.tty, fd, 0);
  else if (type == UV_TCP)
    rc = uv_tcp_init(AC__UVLOOP(), &s->u.tcp);
  else
    rc = uv_pipe_init(AC__UVLOOP(), &s->u.pipe, 0);
  if (rc != 0) {
    ac__mem_free(s, sizeof *s);
    return rc;
  }
  if (type == UV_TCP)
    rc = uv_tcp_open(&s->u.tcp, fd);
  else if (type == UV_NAMED_PIPE)
    rc = uv_pipe_open(&s->u.pipe, fd);
  else
    tty_take_over(&s->u.tty, fd);
  if (rc != 0) {
    ac__stream_close(s);
    return rc;
  }
  *out = s;
  return 0;
}
