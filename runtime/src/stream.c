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

// Reading stops while this much is buffered and nobody waits.
#define AC__READ_HIGH_WATER (64u * 1024u)

// Streams -------------------------------------------------------------------

ac_stream *ac__stream_new(void)
{
  static int sigpipe_checked;
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
  return s;  // NULL when out of memory
}


static void stream_free_cb(uv_handle_t *h)
{
  ac_stream *s = (ac_stream *)h;
  if (s->buf != NULL)
    ac__mem_free(s->buf, s->cap);
  ac__mem_free(s, sizeof *s);
}


typedef struct read_frame read_frame;
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

struct read_frame {
  ac_task hdr;
  ssize_t result;
  ac_stream *s;      // NULL once the stream was closed under the reader
  char *dst;
  size_t n;          // len / exact count / max
  const char *delim;
  size_t dlen;
  char **out;        // R_ALL: where the malloc'd copy goes
  int mode;
};

static int read_resume(ac_task *self);
static int read_cancel(ac_task *self);
AC__IO_DESC(read_desc, read_resume, "stream_read", read_frame, read_cancel,
            NULL, AC_KIND_INT);


// Where the delimiter ends in the first `limit` buffered bytes, or 0.
static size_t find_delim(const ac_stream *s, const read_frame *f, size_t limit)
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
static int read_ready(const ac_stream *s, const read_frame *f)
{
  if (s->rerr != 0)
    return 1;
  switch (f->mode) {
  case R_SOME:
    return s->len > 0 || f->n == 0;
  case R_EXACTLY:
    return s->len >= f->n;
  case R_UNTIL:
    return s->len >= f->n || find_delim(s, f, f->n) != 0;
  default:
    return 0;
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
static int read_finish(ac_task *self)
{
  read_frame *f = (read_frame *)self;
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
  ac_task *r = s->reader;
  s->reader = NULL;
  if (err != 0 || s->len >= AC__READ_HIGH_WATER)
    stop_reading(s);
  if (err != 0)
    ((read_frame *)r)->s = NULL;
  ac__wake_frame(r, err);
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
  if (read_ready(s, (read_frame *)s->reader))
    reader_wake(s, 0);
  else if (s->rerr != 0)
    stop_reading(s);
}


static int read_resume(ac_task *self)
{
  read_frame *f = (read_frame *)self;
  ac_stream *s = f->s;
  int rc;
  if (self->state == 0) {
    if (self->err != 0)
      return AC_DONE;
    if (s->closing) {
      self->err = AC_ECANCELED;
      return AC_DONE;
    }
    if (s->reader != NULL) {
      self->err = UV_EBUSY;
      return AC_DONE;
    }
    if (read_ready(s, f))
      return read_finish(self);
    if (!s->reading) {
      rc = uv_read_start(&s->u.stream, alloc_cb, read_cb);
      if (rc != 0) {
        self->err = rc;
        return AC_DONE;
      }
      s->reading = 1;
    }
    s->reader = self;
    self->state = 1;
    return AC_SUSPENDED;
  }
  if (s != NULL && s->reader == self)
    s->reader = NULL;
  if (self->err != 0 || s == NULL) {
    if (self->err == 0)
      self->err = AC_ECANCELED;
    return AC_DONE;
  }
  return read_finish(self);
}


static int read_cancel(ac_task *self)
{
  read_frame *f = (read_frame *)self;
  ac_stream *s = f->s;
  if (self->state != 1 || s == NULL || s->reader != self)
    return 0;
  s->reader = NULL;
  stop_reading(s);
  f->s = NULL;  // the stream may be closed before the frame resumes
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


static ac_task *read_new(ac_stream *s, void *buf, size_t n, int mode)
{
  ac_task *t = ac__frame_try_new(&read_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  read_frame *f = (read_frame *)t;
  f->result = 0;
  f->s = s;
  f->dst = buf;
  f->n = n;
  f->delim = NULL;
  f->dlen = 0;
  f->out = NULL;
  f->mode = mode;
  return t;
}


ac_task *ac_stream_read(ac_stream *s, void *buf, size_t len)
{
  return read_new(s, buf, len, R_SOME);
}


ac_task *ac_stream_read_exactly(ac_stream *s, void *buf, size_t n)
{
  return read_new(s, buf, n, R_EXACTLY);
}


ac_task *ac_stream_read_until(ac_stream *s, void *buf, size_t max,
                              const char *delim)
{
  ac_task *t = read_new(s, buf, max, R_UNTIL);
  if (ac_frame_failed(t))
    return t;
  read_frame *f = (read_frame *)t;
  f->delim = delim;
  f->dlen = delim != NULL ? strlen(delim) : 0;
  if (f->dlen == 0)
    f->mode = R_SOME;  // no delimiter: behaves as a plain read
  return t;
}


ac_task *ac__stream_read_all(ac_stream *s, char **out)
{
  ac_task *t = read_new(s, NULL, 0, R_ALL);
  *out = NULL;
  if (ac_frame_failed(t))
    return t;
  ((read_frame *)t)->out = out;
  return t;
}


// Writes --------------------------------------------------------------------

typedef struct write_block {
  uv_write_t req;
  ac_task *frame;   // the waiting frame, NULL once detached
  size_t size;      // size of this block
  char data[];
} write_block;

typedef struct write_frame {
  ac_task hdr;
  ac_stream *s;
  const char *buf;
  size_t len;
  write_block *wb;  // pending block, or NULL
} write_frame;

static int write_resume(ac_task *self);
static int write_cancel(ac_task *self);
static void write_destroy(ac_task *self);
AC__IO_DESC_VOID(write_desc, write_resume, "stream_write", write_frame,
                 write_cancel, write_destroy);


static void write_cb(uv_write_t *req, int status)
{
  write_block *wb = (write_block *)req;
  if (wb->frame != NULL) {
    ((write_frame *)wb->frame)->wb = NULL;
    ac__wake_frame(wb->frame, status);
  }
  ac__mem_free(wb, wb->size);
}


static int write_resume(ac_task *self)
{
  write_frame *f = (write_frame *)self;
  ac_stream *s = f->s;
  write_block *wb;
  uv_buf_t b;
  size_t done = 0, size;
  int rc;
  if (self->state != 0)
    return AC_DONE;  // woken: self->err says how it went
  if (self->err != 0)
    return AC_DONE;
  if (s->closing) {
    self->err = UV_EPIPE;
    return AC_DONE;
  }
  if (f->len == 0)
    return AC_DONE;
  b = uv_buf_init((char *)f->buf, (unsigned)f->len);
  rc = uv_try_write(&s->u.stream, &b, 1);
  if (rc >= 0) {
    done = (size_t)rc;
    if (done == f->len)
      return AC_DONE;
  } else if (rc != UV_EAGAIN && rc != UV_ENOSYS) {
    self->err = rc;
    return AC_DONE;
  }
  size = sizeof *wb + (f->len - done);
  wb = ac__mem_try_alloc(size);
  if (wb == NULL) {
    self->err = AC_ENOMEM;
    return AC_DONE;
  }
  wb->frame = self;
  wb->size = size;
  memcpy(wb->data, f->buf + done, f->len - done);
  b = uv_buf_init(wb->data, (unsigned)(f->len - done));
  rc = uv_write(&wb->req, &s->u.stream, &b, 1, write_cb);
  if (rc != 0) {
    ac__mem_free(wb, size);
    self->err = rc;
    return AC_DONE;
  }
  f->wb = wb;
  self->state = 1;
  return AC_SUSPENDED;
}


static int write_cancel(ac_task *self)
{
  write_frame *f = (write_frame *)self;
  if (f->wb == NULL)
    return 0;
  f->wb->frame = NULL;
  f->wb = NULL;
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


static void write_destroy(ac_task *self)
{
  write_frame *f = (write_frame *)self;
  if (f->wb != NULL) {
    f->wb->frame = NULL;
    f->wb = NULL;
  }
}


ac_task *ac_stream_write(ac_stream *s, const void *buf, size_t len)
{
  ac_task *t = ac__frame_try_new(&write_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  write_frame *f = (write_frame *)t;
  f->s = s;
  f->buf = buf;
  f->len = len;
  f->wb = NULL;
  return t;
}


// Shutdown ------------------------------------------------------------------

typedef struct shutdown_block {
  uv_shutdown_t req;
  ac_task *frame;
} shutdown_block;

typedef struct shutdown_frame {
  ac_task hdr;
  ac_stream *s;
  shutdown_block *sb;
} shutdown_frame;

static int shutdown_resume(ac_task *self);
static int shutdown_cancel(ac_task *self);
static void shutdown_destroy(ac_task *self);
AC__IO_DESC_VOID(shutdown_desc, shutdown_resume, "stream_shutdown",
                 shutdown_frame, shutdown_cancel, shutdown_destroy);


static void shutdown_cb(uv_shutdown_t *req, int status)
{
  shutdown_block *sb = (shutdown_block *)req;
  if (sb->frame != NULL) {
    ((shutdown_frame *)sb->frame)->sb = NULL;
    ac__wake_frame(sb->frame, status);
  }
  ac__mem_free(sb, sizeof *sb);
}


static int shutdown_resume(ac_task *self)
{
  shutdown_frame *f = (shutdown_frame *)self;
  shutdown_block *sb;
  int rc;
  if (self->state != 0 || self->err != 0)
    return AC_DONE;
  if (f->s->closing) {
    self->err = UV_ENOTCONN;
    return AC_DONE;
  }
  sb = ac__mem_try_alloc(sizeof *sb);
  if (sb == NULL) {
    self->err = AC_ENOMEM;
    return AC_DONE;
  }
  sb->frame = self;
  rc = uv_shutdown(&sb->req, &f->s->u.stream, shutdown_cb);
  if (rc != 0) {
    ac__mem_free(sb, sizeof *sb);
    self->err = rc;
    return AC_DONE;
  }
  f->sb = sb;
  self->state = 1;
  return AC_SUSPENDED;
}


static int shutdown_cancel(ac_task *self)
{
  shutdown_frame *f = (shutdown_frame *)self;
  if (f->sb == NULL)
    return 0;
  f->sb->frame = NULL;
  f->sb = NULL;
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


static void shutdown_destroy(ac_task *self)
{
  shutdown_frame *f = (shutdown_frame *)self;
  if (f->sb != NULL) {
    f->sb->frame = NULL;
    f->sb = NULL;
  }
}


ac_task *ac_stream_shutdown(ac_stream *s)
{
  ac_task *t = ac__frame_try_new(&shutdown_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  shutdown_frame *f = (shutdown_frame *)t;
  f->s = s;
  f->sb = NULL;
  return t;
}
