// fs.c — files on libuv's thread pool: open, read, write, close, and whole
// files.
//
// The uv_fs_t is embedded in the frame and the frame resumes only from the
// request's callback, because the buffers belong to the caller.
// Cancelling tries uv_cancel: a request still queued ends with UV_ECANCELED;
// one already running finishes and the runtime raises the pending
// cancellation when it wakes the frame (the hook returns 0).  A result
// that arrives for a cancelled frame is released: an opened file is
// closed, a whole-file buffer freed.
#include "io_internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

static void fs_cb(uv_fs_t *req)
{
  ac__op_complete(req->data, 0);
}


// Both ops: a request still queued ends with UV_ECANCELED; one that runs
// finishes, and the runtime raises the cancellation when it wakes the op.
static int fs_cancel_req(uv_fs_t *req)
{
  return uv_cancel((uv_req_t *)req) == 0 ? AC__OP_CANCEL_LATER
                                         : AC__OP_CANCEL_NO;
}


// Closes fd synchronously (on the loop thread: close(2) does not block on
// regular files); used to release a result nobody will get.
static void close_now(int fd)
{
  uv_fs_t req;
  uv_fs_close(NULL, &req, fd, NULL);
  uv_fs_req_cleanup(&req);
}


// One request: open, read, write, close ------------------------------------

enum { OP_OPEN, OP_READ, OP_WRITE, OP_CLOSE };

typedef struct fs_op {
  ac__op op;
  union {
    ssize_t n;  // read, write
    int fd;     // open
  } result;
  int kind;  // OP_*
  int fd;
  int flags;
  int mode;
  const char *path;
  char *buf;
  size_t len;
  int64_t offset;
  uv_fs_t req;
} fs_op;

static int fs_step(ac__op *op)
{
  fs_op *f = (fs_op *)op;
  ac_task *self = &op->hdr;
  uv_buf_t b;
  ssize_t r;
  int rc;
  if (self->state != 0) {
    r = f->req.result;
    uv_fs_req_cleanup(&f->req);
    if (self->err != 0) {
      if (f->kind == OP_OPEN && r >= 0)
        close_now((int)r);
      return AC_DONE;
    }
    if (r < 0)
      self->err = (int32_t)r;
    else if (f->kind == OP_OPEN)
      f->result.fd = (int)r;
    else if (f->kind != OP_CLOSE)
      f->result.n = r;
    return AC_DONE;
  }
  f->req.data = op;
  switch (f->kind) {
  case OP_OPEN:
    rc = uv_fs_open(AC__UVLOOP(), &f->req, f->path, f->flags, f->mode, fs_cb);
    break;
  case OP_READ:
    b = uv_buf_init(f->buf, (unsigned)f->len);
    rc = uv_fs_read(AC__UVLOOP(), &f->req, f->fd, &b, 1, f->offset, fs_cb);
    break;
  case OP_WRITE:
    b = uv_buf_init(f->buf, (unsigned)f->len);
    rc = uv_fs_write(AC__UVLOOP(), &f->req, f->fd, &b, 1, f->offset, fs_cb);
    break;
  default: rc = uv_fs_close(AC__UVLOOP(), &f->req, f->fd, fs_cb); break;
  }
  if (rc != 0)
    return ac__op_fail(op, rc);
  return ac__op_park(op, NULL);
}


static int fs_cancel(ac__op *op)
{
  return fs_cancel_req(&((fs_op *)op)->req);
}


// The same op with an ssize_t result (read, write), an int (open) or none
// (close).
AC__OP_TYPE_(fs_type, "fs", fs_op, offsetof(fs_op, result), sizeof(ssize_t),
             AC_RESULT_SIZE(*(ssize_t *)0), AC_KIND_INT, fs_step, fs_cancel,
             NULL);
AC__OP_TYPE_(fs_int_type, "fs", fs_op, offsetof(fs_op, result), sizeof(int),
             AC_RESULT_SIZE(*(int *)0), AC_KIND_INT, fs_step, fs_cancel, NULL);
AC__OP_TYPE_VOID(fs_void_type, "fs", fs_op, fs_step, fs_cancel, NULL);


ac_task *ac_fs_open(const char *path, int flags, int mode)
{
  return AC__OP_NEW(fs_op, &fs_int_type, .kind = OP_OPEN, .path = path,
                    .flags = flags, .mode = mode);
}


ac_task *ac_fs_read(int fd, void *buf, size_t len, int64_t offset)
{
  return AC__OP_NEW(fs_op, &fs_type, .kind = OP_READ, .fd = fd, .buf = buf,
                    .len = len, .offset = offset);
}


ac_task *ac_fs_write(int fd, const void *buf, size_t len, int64_t offset)
{
  return AC__OP_NEW(fs_op, &fs_type, .kind = OP_WRITE, .fd = fd,
                    .buf = (char *)buf, .len = len, .offset = offset);
}


ac_task *ac_fs_close(int fd)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_CLOSE, .fd = fd);
}


// Whole files -------------------------------------------------------------------
//
// One frame walks open -> (fstat) -> read/write until done -> close, reusing
// its request.  On an error or a cancellation the file is closed and a
// partial buffer freed before the frame ends.

enum { W_START, W_OPEN, W_STAT, W_IO, W_CLOSE };

typedef struct file_op {
  ac__op op;
  char *result;  // read_file: the buffer handed to the caller
  const char *path;
  size_t *lenp;
  const char *data;  // write_file: the bytes
  size_t len;        // write_file: their length
  int writing;
  int fd;
  int ferr;   // the error to raise after closing
  char *buf;  // read_file: buffer being filled (malloc)
  size_t cap;
  size_t done;  // bytes read or written so far
  uv_fs_t req;
} file_op;

// Submits the next request for the current state; AC_SUSPENDED or an error.
static int file_submit(file_op *f)
{
  uv_buf_t b;
  int rc;
  f->req.data = f;
  switch (f->op.hdr.state) {
  case W_OPEN:
    rc = uv_fs_open(AC__UVLOOP(), &f->req, f->path,
                    f->writing ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY, 0644,
                    fs_cb);
    break;
  case W_STAT: rc = uv_fs_fstat(AC__UVLOOP(), &f->req, f->fd, fs_cb); break;
  case W_IO:
    if (f->writing) {
      b = uv_buf_init((char *)f->data + f->done, (unsigned)(f->len - f->done));
      rc = uv_fs_write(AC__UVLOOP(), &f->req, f->fd, &b, 1, -1, fs_cb);
    } else {
      if (f->cap - f->done < 2) {
        size_t cap = f->cap * 2;
        char *nb = ac__sys_realloc(f->buf, cap);
        if (nb == NULL)
          return AC_ENOMEM;
        f->buf = nb;
        f->cap = cap;
      }
      b = uv_buf_init(f->buf + f->done, (unsigned)(f->cap - f->done - 1));
      rc = uv_fs_read(AC__UVLOOP(), &f->req, f->fd, &b, 1, -1, fs_cb);
    }
    break;
  default:
    rc = uv_fs_close(AC__UVLOOP(), &f->req, f->fd, fs_cb);
    f->fd = -1;
    break;
  }
  return rc != 0 ? rc : AC_SUSPENDED;
}


// Goes to `state` and submits its request; on a submit error closes.
static int file_go(file_op *f, int state)
{
  int rc;
  f->op.hdr.state = (uint16_t)state;
  rc = file_submit(f);
  if (rc == AC_SUSPENDED)
    return ac__op_park(&f->op, NULL);
  if (f->ferr == 0)
    f->ferr = rc;
  if (state != W_CLOSE && f->fd >= 0)
    return file_go(f, W_CLOSE);
  f->op.hdr.err = f->ferr;
  return AC_DONE;
}


static int file_step(ac__op *op)
{
  file_op *f = (file_op *)op;
  ac_task *self = &op->hdr;
  ssize_t r;
  if (self->state == W_START)
    return file_go(f, W_OPEN);
  r = f->req.result;
  if (self->state == W_STAT && r == 0) {
    size_t size = (size_t)f->req.statbuf.st_size;
    f->cap = size + 1 > 4096 ? size + 1 : 4096;
    f->buf = ac__sys_alloc(f->cap);  // handed to the caller: free()
    if (f->buf == NULL)
      r = AC_ENOMEM;
  }
  uv_fs_req_cleanup(&f->req);
  if (self->err != 0) {  // cancelled: close and leave
    if (self->state == W_OPEN && r >= 0)
      close_now((int)r);
    else if (self->state != W_CLOSE && f->fd >= 0)
      close_now(f->fd);
    f->fd = -1;
    return AC_DONE;  // destroy frees the buffer
  }
  if (r < 0) {
    if (f->ferr == 0)
      f->ferr = (int)r;
    if (self->state == W_OPEN || self->state == W_CLOSE) {
      self->err = f->ferr;
      return AC_DONE;
    }
    return file_go(f, W_CLOSE);
  }
  switch (self->state) {
  case W_OPEN: f->fd = (int)r; return file_go(f, f->writing ? W_IO : W_STAT);
  case W_STAT: return file_go(f, W_IO);
  case W_IO:
    f->done += (size_t)r;
    if (f->writing ? f->done < f->len : r > 0)
      return file_go(f, W_IO);
    return file_go(f, W_CLOSE);
  default:  // W_CLOSE
    if (f->ferr != 0) {
      self->err = f->ferr;
      return AC_DONE;
    }
    if (!f->writing) {
      f->buf[f->done] = 0;
      f->result = f->buf;
      f->buf = NULL;
      if (f->lenp != NULL)
        *f->lenp = f->done;
    }
    return AC_DONE;
  }
}


static int file_cancel(ac__op *op)
{
  return fs_cancel_req(&((file_op *)op)->req);
}


// The buffer of a read that did not finish.
static void file_release(ac__op *op)
{
  file_op *f = (file_op *)op;
  free(f->buf);
  f->buf = NULL;
}

AC__OP_TYPE(read_file_type, "fs_read_file", file_op, AC_KIND_PTR, file_step,
            file_cancel, file_release);
AC__OP_TYPE_VOID(write_file_type, "fs_write_file", file_op, file_step,
                 file_cancel, file_release);


ac_task *ac_fs_read_file(const char *path, size_t *len)
{
  return AC__OP_NEW(file_op, &read_file_type, .path = path, .lenp = len,
                    .fd = -1);
}


ac_task *ac_fs_write_file(const char *path, const void *data, size_t len)
{
  return AC__OP_NEW(file_op, &write_file_type, .path = path, .data = data,
                    .len = len, .writing = 1, .fd = -1);
}
