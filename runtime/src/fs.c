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

static uv_loop_t *uvloop(void)
{
  return ac_loop_uv(ac__loop_get());
}


static void fs_cb(uv_fs_t *req)
{
  ac__wake_frame(req->data, 0);
}


static int fs_cancel_req(ac_task *self, uv_fs_t *req)
{
  if (self->state == 0)
    return 0;
  return uv_cancel((uv_req_t *)req) == 0;
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

typedef struct fs_frame {
  ac_task hdr;
  union {
    ssize_t n;        // read, write
    int fd;           // open
  } result;
  int op;
  int fd;
  int flags;
  int mode;
  const char *path;
  char *buf;
  size_t len;
  int64_t offset;
  uv_fs_t req;
} fs_frame;

static int fs_resume(ac_task *self);
static int fs_cancel(ac_task *self);
AC__IO_DESC(fs_desc, fs_resume, "fs", fs_frame, fs_cancel, NULL, AC_KIND_INT);

static int fs_resume(ac_task *self)
{
  fs_frame *f = (fs_frame *)self;
  uv_buf_t b;
  ssize_t r;
  int rc;
  if (self->state != 0) {
    r = f->req.result;
    uv_fs_req_cleanup(&f->req);
    if (self->err != 0) {
      if (f->op == OP_OPEN && r >= 0)
        close_now((int)r);
      return AC_DONE;
    }
    if (r < 0)
      self->err = (int32_t)r;
    else if (f->op == OP_OPEN)
      f->result.fd = (int)r;
    else if (f->op != OP_CLOSE)
      f->result.n = r;
    return AC_DONE;
  }
  if (self->err != 0)
    return AC_DONE;
  f->req.data = self;
  switch (f->op) {
  case OP_OPEN:
    rc = uv_fs_open(uvloop(), &f->req, f->path, f->flags, f->mode, fs_cb);
    break;
  case OP_READ:
    b = uv_buf_init(f->buf, (unsigned)f->len);
    rc = uv_fs_read(uvloop(), &f->req, f->fd, &b, 1, f->offset, fs_cb);
    break;
  case OP_WRITE:
    b = uv_buf_init(f->buf, (unsigned)f->len);
    rc = uv_fs_write(uvloop(), &f->req, f->fd, &b, 1, f->offset, fs_cb);
    break;
  default:
    rc = uv_fs_close(uvloop(), &f->req, f->fd, fs_cb);
    break;
  }
  if (rc != 0) {
    self->err = rc;
    return AC_DONE;
  }
  self->state = 1;
  return AC_SUSPENDED;
}


static int fs_cancel(ac_task *self)
{
  return fs_cancel_req(self, &((fs_frame *)self)->req);
}


// The same machinery with an int result (open) or none (close).
static const ac_desc fs_int_desc = {
    .resume = fs_resume, .name = "fs", .file = "acrt/io",
    .frame_size = sizeof(fs_frame), .result_off = offsetof(fs_frame, result),
    .result_size = sizeof(int), .size_class = AC_SIZE_CLASS(sizeof(fs_frame)),
    .result_kind = AC_KIND_INT, .kind = AC_DESC_FUNC, .cancel = fs_cancel};
static const ac_desc fs_void_desc = {
    .resume = fs_resume, .name = "fs", .file = "acrt/io",
    .frame_size = sizeof(fs_frame), .result_off = 0, .result_size = 0,
    .size_class = AC_SIZE_CLASS(sizeof(fs_frame)),
    .result_kind = AC_KIND_VOID, .kind = AC_DESC_FUNC, .cancel = fs_cancel};


static ac_task *fs_new(const ac_desc *d, int op)
{
  ac_task *t = ac__frame_try_new(d);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  fs_frame *f = (fs_frame *)t;
  f->result.n = 0;
  f->op = op;
  f->fd = -1;
  f->flags = 0;
  f->mode = 0;
  f->path = NULL;
  f->buf = NULL;
  f->len = 0;
  f->offset = -1;
  return t;
}


ac_task *ac_fs_open(const char *path, int flags, int mode)
{
  ac_task *t = fs_new(&fs_int_desc, OP_OPEN);
  if (ac_frame_failed(t))
    return t;
  fs_frame *f = (fs_frame *)t;
  f->path = path;
  f->flags = flags;
  f->mode = mode;
  return t;
}


ac_task *ac_fs_read(int fd, void *buf, size_t len, int64_t offset)
{
  ac_task *t = fs_new(&fs_desc, OP_READ);
  if (ac_frame_failed(t))
    return t;
  fs_frame *f = (fs_frame *)t;
  f->fd = fd;
  f->buf = buf;
  f->len = len;
  f->offset = offset;
  return t;
}


ac_task *ac_fs_write(int fd, const void *buf, size_t len, int64_t offset)
{
  ac_task *t = fs_new(&fs_desc, OP_WRITE);
  if (ac_frame_failed(t))
    return t;
  fs_frame *f = (fs_frame *)t;
  f->fd = fd;
  f->buf = (char *)buf;
  f->len = len;
  f->offset = offset;
  return t;
}


ac_task *ac_fs_close(int fd)
{
  ac_task *t = fs_new(&fs_void_desc, OP_CLOSE);
  if (ac_frame_failed(t))
    return t;
  ((fs_frame *)t)->fd = fd;
  return t;
}


// Whole files -------------------------------------------------------------------
//
// One frame walks open -> (fstat) -> read/write until done -> close, reusing
// its request.  On an error or a cancellation the file is closed and a
// partial buffer freed before the frame ends.

enum { W_START, W_OPEN, W_STAT, W_IO, W_CLOSE };

typedef struct file_frame {
  ac_task hdr;
  char *result;       // read_file: the buffer handed to the caller
  const char *path;
  size_t *lenp;
  const char *data;   // write_file: the bytes
  size_t len;         // write_file: their length
  int writing;
  int fd;
  int ferr;           // the error to raise after closing
  char *buf;          // read_file: buffer being filled (malloc)
  size_t cap;
  size_t done;        // bytes read or written so far
  uv_fs_t req;
} file_frame;

static int file_resume(ac_task *self);
static int file_cancel(ac_task *self);
static void file_destroy(ac_task *self);
AC__IO_DESC(read_file_desc, file_resume, "fs_read_file", file_frame,
            file_cancel, file_destroy, AC_KIND_PTR);
static const ac_desc write_file_desc = {
    .resume = file_resume, .name = "fs_write_file", .file = "acrt/io",
    .frame_size = sizeof(file_frame), .result_off = 0, .result_size = 0,
    .size_class = AC_SIZE_CLASS(sizeof(file_frame)),
    .result_kind = AC_KIND_VOID, .kind = AC_DESC_FUNC, .cancel = file_cancel,
    .destroy = file_destroy};


// Submits the next request for the current state; AC_SUSPENDED or an error.
static int file_submit(file_frame *f)
{
  uv_buf_t b;
  int rc;
  f->req.data = f;
  switch (f->hdr.state) {
  case W_OPEN:
    rc = uv_fs_open(uvloop(), &f->req, f->path,
                    f->writing ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY,
                    0644, fs_cb);
    break;
  case W_STAT:
    rc = uv_fs_fstat(uvloop(), &f->req, f->fd, fs_cb);
    break;
  case W_IO:
    if (f->writing) {
      b = uv_buf_init((char *)f->data + f->done, (unsigned)(f->len - f->done));
      rc = uv_fs_write(uvloop(), &f->req, f->fd, &b, 1, -1, fs_cb);
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
      rc = uv_fs_read(uvloop(), &f->req, f->fd, &b, 1, -1, fs_cb);
    }
    break;
  default:
    rc = uv_fs_close(uvloop(), &f->req, f->fd, fs_cb);
    f->fd = -1;
    break;
  }
  return rc != 0 ? rc : AC_SUSPENDED;
}


// Goes to `state` and submits its request; on a submit error closes.
static int file_go(file_frame *f, int state)
{
  int rc;
  f->hdr.state = (uint16_t)state;
  rc = file_submit(f);
  if (rc == AC_SUSPENDED)
    return AC_SUSPENDED;
  if (f->ferr == 0)
    f->ferr = rc;
  if (state != W_CLOSE && f->fd >= 0)
    return file_go(f, W_CLOSE);
  f->hdr.err = f->ferr;
  return AC_DONE;
}


static int file_resume(ac_task *self)
{
  file_frame *f = (file_frame *)self;
  ssize_t r;
  if (self->state == W_START) {
    if (self->err != 0)
      return AC_DONE;
    return file_go(f, W_OPEN);
  }
  r = f->req.result;
  if (self->state == W_STAT && r == 0) {
    size_t size = (size_t)f->req.statbuf.st_size;
    f->cap = size + 1 > 4096 ? size + 1 : 4096;
    f->buf = ac__sys_alloc(f->cap);  // handed to the caller: free()
    if (f->buf == NULL)
      r = AC_ENOMEM;
  }
  uv_fs_req_cleanup(&f->req);
  if (self->err != 0) {            // cancelled: close and leave
    if (self->state == W_OPEN && r >= 0)
      close_now((int)r);
    else if (self->state != W_CLOSE && f->fd >= 0)
      close_now(f->fd);
    f->fd = -1;
    return AC_DONE;                // destroy frees the buffer
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
  case W_OPEN:
    f->fd = (int)r;
    return file_go(f, f->writing ? W_IO : W_STAT);
  case W_STAT:
    return file_go(f, W_IO);
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


static int file_cancel(ac_task *self)
{
  return fs_cancel_req(self, &((file_frame *)self)->req);
}


static void file_destroy(ac_task *self)
{
  file_frame *f = (file_frame *)self;
  free(f->buf);
  f->buf = NULL;
}


static ac_task *file_new(const ac_desc *d, const char *path)
{
  ac_task *t = ac__frame_try_new(d);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  file_frame *f = (file_frame *)t;
  f->result = NULL;
  f->path = path;
  f->lenp = NULL;
  f->data = NULL;
  f->len = 0;
  f->writing = 0;
  f->fd = -1;
  f->ferr = 0;
  f->buf = NULL;
  f->cap = 0;
  f->done = 0;
  return t;
}


ac_task *ac_fs_read_file(const char *path, size_t *len)
{
  ac_task *t = file_new(&read_file_desc, path);
  if (ac_frame_failed(t))
    return t;
  ((file_frame *)t)->lenp = len;
  return t;
}


ac_task *ac_fs_write_file(const char *path, const void *data, size_t len)
{
  ac_task *t = file_new(&write_file_desc, path);
  if (ac_frame_failed(t))
    return t;
  file_frame *f = (file_frame *)t;
  f->data = data;
  f->len = len;
  f->writing = 1;
  return t;
}
