// http_body.c — bodies streamed to a reader (ac_http_open,
// ac_http_body_read, ac_http_body_close): the transfer's bytes wait in the
// body's buffer until read, and the transfer pauses while too many wait.
// The transfer itself (struct xfer) and the multi handle are http.c's
// (http_internal.h).
//
// ac_http_open's op parks on the body's `opener` slot until the first body
// bytes or the end of the transfer (so the status and headers are known);
// a read parks on `reader` until bytes or the end.  Reads take bytes from
// the body's buffer in their own step, so a reader cancelled after it was
// woken loses nothing.
#include "http_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

// A body streamed to a reader (ac_http_open).  The transfer pauses when
// more than STREAM_MAX bytes wait unread, so a slow reader pushes back on
// the server as a stream's reader does.
#define STREAM_MAX (256 * 1024)

struct ac_http_body {
  xfer x;
  ac__op *opener;  // slot: the ac_http_open op until the headers are in
  ac__op *reader;  // slot: the read op waiting, or NULL
  char *buf;       // bytes received and not read yet: [start, start+len)
  size_t start, len, cap;
  int paused;  // the write callback returned CURL_WRITEFUNC_PAUSE
  int ended;   // the transfer has ended (err says how)
  int err;
  int status;
  ac_http_body *prev, *next;  // bodies
};

// This thread's open bodies (ac_http_open handed them over; closed at
// loop close).
static AC__THREAD ac_http_body *bodies;


static void stream_wake(ac_http_body *b);

// The body streamed to a reader: kept until read; beyond STREAM_MAX unread
// bytes the transfer pauses (curl hands the same bytes again on resume).
size_t ac__http_on_write_stream(char *p, size_t size, size_t n, void *ud)
{
  xfer *f = ud;
  ac_http_body *b = f->stream;
  size_t len = size * n;
  if (b->len > 0 && b->len + len > STREAM_MAX) {
    b->paused = 1;
    return CURL_WRITEFUNC_PAUSE;
  }
  if (b->start > 0 && b->start + b->len + len > b->cap) {
    memmove(b->buf, b->buf + b->start, b->len);
    b->start = 0;
  }
  size_t used = b->start + b->len;
  if (ac__http_append(&b->buf, &used, &b->cap, p, len) != 0) {
    f->werr = ENOMEM;
    return 0;
  }
  b->len += len;
  f->nbytes += len;
  stream_wake(b);
  return len;
}


// Wakes whoever waits for the body (on new bytes or the end).
static void stream_wake(ac_http_body *b)
{
  ac__op_wake(&b->opener, 0);
  ac__op_wake(&b->reader, 0);
}


static void body_done(xfer *x, int err)
{
  ac_http_body *b = (ac_http_body *)x;
  b->ended = 1;
  b->err = err;
  stream_wake(b);
}


static void body_unlink(ac_http_body *b)
{
  if (b->prev != NULL)
    b->prev->next = b->next;
  else if (bodies == b)
    bodies = b->next;
  if (b->next != NULL)
    b->next->prev = b->prev;
  b->prev = b->next = NULL;
}


void ac_http_body_close(ac_http_body *b)
{
  if (b == NULL)
    return;
  ac__op_wake(&b->reader, AC_ECANCELED);
  body_unlink(b);
  ac__http_xfer_free(&b->x);
  free(b->buf);
  ac__mem_free(b, sizeof *b);
}


typedef struct open_op {
  ac__op op;
  ac_http_body *result;
  ac_http_body *b;  // until handed over
} open_op;


static int open_step(ac__op *op)
{
  open_op *f = (open_op *)op;
  ac_http_body *b = f->b;
  int err;
  if (op->hdr.state == 0) {
    err = b->x.fail_err != 0 ? b->x.fail_err : ac__http_start(&b->x);
    if (err != 0) {
      ac__http_fill(&b->x, err, 0, 0, 0);
      return ac__op_fail(op, err);  // release closes the body
    }
    if (b->len == 0 && !b->ended)
      return ac__op_park(op, &b->opener);
  }
  if (op->hdr.err != 0)
    return AC_DONE;  // cancelled: release closes the body
  // A transfer that failed before any body byte fails the open; one that
  // failed later (cut short) raises at the read that reaches the cut.
  if (b->ended && b->err != 0 && b->len == 0)
    return ac__op_fail(op, b->err);
  if (b->x.resp != NULL && b->x.easy != NULL) {  // the status so far
    long status = 0;
    curl_easy_getinfo(b->x.easy, CURLINFO_RESPONSE_CODE, &status);
    b->x.resp->status = (int)status;
  }
  f->result = b;
  f->b = NULL;
  b->next = bodies;
  if (bodies != NULL)
    bodies->prev = b;
  bodies = b;
  return AC_DONE;
}


static void open_release(ac__op *op)
{
  open_op *f = (open_op *)op;
  if (f->b != NULL) {
    ac_http_body_close(f->b);
    f->b = NULL;
  }
}

AC__OP_TYPE(open_type, "http_open", open_op, AC_KIND_PTR, open_step, NULL,
            open_release);


ac_task *ac_http_open(const ac_http_request *req, ac_http_response *resp)
{
  ac_http_body *b = ac__mem_try_alloc(sizeof *b);
  int err;
  if (b == NULL)
    return &ac__nomem_task;
  memset(b, 0, sizeof *b);
  b->x.done = body_done;
  b->x.stream = b;
  err = ac__http_xfer_init(&b->x, req, NULL, resp);
  if (err == AC_ENOMEM) {
    ac_http_body_close(b);
    return &ac__nomem_task;
  }
  b->x.fail_err = err;  // raised when the request starts
  // Out of memory, the op's release closes b.
  return AC__OP_NEW(open_op, &open_type, .b = b);
}


typedef struct bread_op {
  ac__op op;
  ssize_t result;
  ac_http_body *b;
  char *dst;
  size_t n;
} bread_op;


static int bread_step(ac__op *op)
{
  bread_op *f = (bread_op *)op;
  ac_http_body *b = f->b;
  if (op->hdr.err != 0)
    return AC_DONE;  // cancelled or the body was closed
  if (b->len > 0 || f->n == 0) {
    size_t n = b->len < f->n ? b->len : f->n;
    memcpy(f->dst, b->buf + b->start, n);
    b->start += n;
    b->len -= n;
    if (b->len == 0)
      b->start = 0;
    f->result = (ssize_t)n;
    if (b->paused && b->len < STREAM_MAX / 2 && b->x.easy != NULL) {
      b->paused = 0;
      curl_easy_pause(b->x.easy, CURLPAUSE_CONT);  // may write at once
      ac__http_check_done();
    }
    return AC_DONE;
  }
  if (b->ended)
    return b->err != 0 ? ac__op_fail(op, b->err) : AC_DONE;  // 0: the end
  return ac__op_park(op, &b->reader);
}

AC__OP_TYPE(bread_type, "http_body_read", bread_op, AC_KIND_INT, bread_step,
            NULL, NULL);


ac_task *ac_http_body_read(ac_http_body *b, void *buf, size_t len)
{
  return AC__OP_NEW(bread_op, &bread_type, .b = b, .dst = buf, .n = len);
}


void ac__http_bodies_close(void)
{
  while (bodies != NULL)
    ac_http_body_close(bodies);
}
