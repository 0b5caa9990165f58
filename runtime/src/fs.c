// fs.c — files on libuv's thread pool: open, read, write, close, whole
// files, metadata and directories (stat, mkdir, readdir, ...).  Watches
// and intervals are in fs_watch.c.
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
#include <sys/stat.h>

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

enum {
  OP_OPEN,
  OP_READ,
  OP_WRITE,
  OP_CLOSE,
  OP_STAT,
  OP_LSTAT,
  OP_FSTAT,
  OP_MKDIR,
  OP_RMDIR,
  OP_UNLINK,
  OP_RENAME,
  OP_FSYNC
};

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
  const char *path2;  // rename: the new name
  struct stat *st;    // stat, lstat, fstat: the caller's buffer
  char *buf;
  size_t len;
  int64_t offset;
  uv_fs_t req;
} fs_op;

// Copies libuv's portable stat into the caller's struct stat.
static void stat_to_caller(const uv_stat_t *u, struct stat *st)
{
  memset(st, 0, sizeof *st);
  st->st_dev = (dev_t)u->st_dev;
  st->st_ino = (ino_t)u->st_ino;
  st->st_mode = (mode_t)u->st_mode;
  st->st_nlink = (nlink_t)u->st_nlink;
  st->st_uid = (uid_t)u->st_uid;
  st->st_gid = (gid_t)u->st_gid;
  st->st_rdev = (dev_t)u->st_rdev;
  st->st_size = (off_t)u->st_size;
  st->st_blksize = (blksize_t)u->st_blksize;
  st->st_blocks = (blkcnt_t)u->st_blocks;
  st->st_atim.tv_sec = u->st_atim.tv_sec;
  st->st_atim.tv_nsec = u->st_atim.tv_nsec;
  st->st_mtim.tv_sec = u->st_mtim.tv_sec;
  st->st_mtim.tv_nsec = u->st_mtim.tv_nsec;
  st->st_ctim.tv_sec = u->st_ctim.tv_sec;
  st->st_ctim.tv_nsec = u->st_ctim.tv_nsec;
}

// Submits the request of f->kind; 0 or a libuv error.
static int fs_submit(fs_op *f)
{
  uv_loop_t *loop = AC__UVLOOP();
  uv_buf_t b;
  switch (f->kind) {
  case OP_OPEN:
    return uv_fs_open(loop, &f->req, f->path, f->flags, f->mode, fs_cb);
  case OP_READ:
    b = uv_buf_init(f->buf, (unsigned)f->len);
    return uv_fs_read(loop, &f->req, f->fd, &b, 1, f->offset, fs_cb);
  case OP_WRITE:
    b = uv_buf_init(f->buf, (unsigned)f->len);
    return uv_fs_write(loop, &f->req, f->fd, &b, 1, f->offset, fs_cb);
  case OP_STAT: return uv_fs_stat(loop, &f->req, f->path, fs_cb);
  case OP_LSTAT: return uv_fs_lstat(loop, &f->req, f->path, fs_cb);
  case OP_FSTAT: return uv_fs_fstat(loop, &f->req, f->fd, fs_cb);
  case OP_MKDIR: return uv_fs_mkdir(loop, &f->req, f->path, f->mode, fs_cb);
  case OP_RMDIR: return uv_fs_rmdir(loop, &f->req, f->path, fs_cb);
  case OP_UNLINK: return uv_fs_unlink(loop, &f->req, f->path, fs_cb);
  case OP_RENAME: return uv_fs_rename(loop, &f->req, f->path, f->path2, fs_cb);
  case OP_FSYNC: return uv_fs_fsync(loop, &f->req, f->fd, fs_cb);
  default: return uv_fs_close(loop, &f->req, f->fd, fs_cb);
  }
}

static int fs_step(ac__op *op)
{
  fs_op *f = (fs_op *)op;
  ac_task *self = &op->hdr;
  ssize_t r;
  int rc;
  if (self->state != 0) {
    r = f->req.result;
    if (r >= 0 && self->err == 0 && f->st != NULL)
      stat_to_caller(&f->req.statbuf, f->st);
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
    else if (f->kind == OP_READ || f->kind == OP_WRITE)
      f->result.n = r;
    return AC_DONE;
  }
  f->req.data = op;
  rc = fs_submit(f);
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


ac_task *ac_fs_stat(const char *path, struct stat *st)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_STAT, .path = path,
                    .st = st);
}


ac_task *ac_fs_lstat(const char *path, struct stat *st)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_LSTAT, .path = path,
                    .st = st);
}


ac_task *ac_fs_fstat(int fd, struct stat *st)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_FSTAT, .fd = fd, .st = st);
}


ac_task *ac_fs_mkdir(const char *path, int mode)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_MKDIR, .path = path,
                    .mode = mode);
}


ac_task *ac_fs_rmdir(const char *path)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_RMDIR, .path = path);
}


ac_task *ac_fs_unlink(const char *path)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_UNLINK, .path = path);
}


ac_task *ac_fs_rename(const char *from, const char *to)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_RENAME, .path = from,
                    .path2 = to);
}


ac_task *ac_fs_fsync(int fd)
{
  return AC__OP_NEW(fs_op, &fs_void_type, .kind = OP_FSYNC, .fd = fd);
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


// Directories -----------------------------------------------------------------
//
// uv_fs_scandir reads the whole directory on the thread pool; the step
// then packs the entries and their names into one block the caller frees.

typedef struct readdir_op {
  ac__op op;
  ssize_t result;
  const char *path;
  ac_dirent **entries;
  uv_fs_t req;
} readdir_op;

static int dirent_cmp(const void *a, const void *b)
{
  return strcmp(((const ac_dirent *)a)->name, ((const ac_dirent *)b)->name);
}


static int dirent_type(uv_dirent_type_t t)
{
  switch (t) {
  case UV_DIRENT_FILE: return AC_DIRENT_FILE;
  case UV_DIRENT_DIR: return AC_DIRENT_DIR;
  case UV_DIRENT_LINK: return AC_DIRENT_LINK;
  case UV_DIRENT_UNKNOWN: return AC_DIRENT_UNKNOWN;
  default: return AC_DIRENT_OTHER;
  }
}


// Packs the entries of a finished scandir request (result: n of them)
// into one sorted block: the array first, then the names.  libuv frees each
// entry as uv_fs_scandir_next moves past it, so the names are gathered in
// one pass into a growing buffer and moved into the block at the end.
// Result: the number of entries, or AC_ENOMEM.
static ssize_t pack_entries(uv_fs_t *req, size_t n, ac_dirent **out)
{
  uv_dirent_t d;
  size_t cap = 256, used = 0, i = 0;
  *out = NULL;
  char *names = ac__sys_alloc(cap);
  int *types = ac__sys_alloc(n * sizeof *types + 1);
  ac_dirent *block = NULL;
  if (names == NULL || types == NULL)
    goto out;
  while (i < n && uv_fs_scandir_next(req, &d) == 0) {
    size_t len = strlen(d.name) + 1;
    while (cap - used < len) {
      char *nb = ac__sys_realloc(names, cap * 2);
      if (nb == NULL)
        goto out;
      names = nb;
      cap *= 2;
    }
    memcpy(names + used, d.name, len);
    used += len;
    types[i++] = dirent_type(d.type);
  }
  n = i;
  block = ac__sys_alloc(n * sizeof *block + used);  // handed out: free()
  if (block == NULL)
    goto out;
  char *p = memcpy((char *)(block + n), names, used);
  for (i = 0; i < n; i++) {
    block[i].name = p;
    block[i].type = types[i];
    p += strlen(p) + 1;
  }
  qsort(block, n, sizeof *block, dirent_cmp);
out:
  free(names);
  free(types);
  if (block == NULL || i == 0) {
    free(block);
    *out = NULL;
    return block == NULL && n > 0 ? AC_ENOMEM : 0;
  }
  *out = block;
  return (ssize_t)i;
}


static int readdir_step(ac__op *op)
{
  readdir_op *f = (readdir_op *)op;
  ac_task *self = &op->hdr;
  int rc;
  if (self->state != 0) {
    ssize_t r = f->req.result;
    if (self->err == 0 && r < 0)
      self->err = (int32_t)r;
    else if (self->err == 0) {
      r = pack_entries(&f->req, (size_t)r, f->entries);
      if (r < 0)
        self->err = (int32_t)r;
      else
        f->result = r;
    }
    uv_fs_req_cleanup(&f->req);
    return AC_DONE;
  }
  f->req.data = op;
  rc = uv_fs_scandir(AC__UVLOOP(), &f->req, f->path, 0, fs_cb);
  if (rc != 0)
    return ac__op_fail(op, rc);
  return ac__op_park(op, NULL);
}


static int readdir_cancel(ac__op *op)
{
  return fs_cancel_req(&((readdir_op *)op)->req);
}

AC__OP_TYPE(readdir_type, "fs_readdir", readdir_op, AC_KIND_INT, readdir_step,
            readdir_cancel, NULL);


ac_task *ac_fs_readdir(const char *path, ac_dirent **entries)
{
  *entries = NULL;
  return AC__OP_NEW(readdir_op, &readdir_type, .path = path,
                    .entries = entries);
}
