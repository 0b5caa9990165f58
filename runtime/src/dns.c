// dns.c — ac_getaddrinfo: uv_getaddrinfo on libuv's thread pool.
//
// The request lives in a block that outlives the frame: cancelling
// detaches the block (and tries uv_cancel), the frame raises AC_ECANCELED
// at once, and the callback frees the block and any list it got.  libuv
// copies node, service and hints, so nothing borrowed is used after the
// frame is gone.
#include "io_internal.h"

#include <string.h>

typedef struct lookup_block {
  uv_getaddrinfo_t req;
  ac_task *frame;          // NULL once detached
} lookup_block;

typedef struct lookup_frame {
  ac_task hdr;
  struct addrinfo *result;
  const char *node;
  const char *service;
  const struct addrinfo *hints;
  lookup_block *b;            // pending request
} lookup_frame;

static int lookup_resume(ac_task *self);
static int lookup_cancel(ac_task *self);
static void lookup_destroy(ac_task *self);
AC__IO_DESC(lookup_desc, lookup_resume, "getaddrinfo", lookup_frame, lookup_cancel,
            lookup_destroy, AC_KIND_PTR);


static void lookup_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
  lookup_block *b = (lookup_block *)req;
  lookup_frame *f = (lookup_frame *)b->frame;
  if (f == NULL) {
    if (res != NULL)
      uv_freeaddrinfo(res);
  } else {
    f->b = NULL;
    f->result = res;
    ac__wake_frame(&f->hdr, status);
  }
  ac__mem_free(b, sizeof *b);
}


static int lookup_resume(ac_task *self)
{
  lookup_frame *f = (lookup_frame *)self;
  struct addrinfo hints;
  int rc;
  if (self->state != 0) {
    if (self->err != 0 && f->result != NULL) {  // cancelled after the answer
      uv_freeaddrinfo(f->result);
      f->result = NULL;
    }
    return AC_DONE;
  }
  if (self->err != 0)
    return AC_DONE;
  if (f->hints == NULL) {
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
  }
  f->b = ac__mem_try_alloc(sizeof *f->b);
  if (f->b == NULL) {
    self->err = AC_ENOMEM;
    return AC_DONE;
  }
  f->b->frame = self;
  rc = uv_getaddrinfo(ac_loop_uv(ac__loop_get()), &f->b->req, lookup_cb, f->node,
                      f->service, f->hints != NULL ? f->hints : &hints);
  if (rc != 0) {
    ac__mem_free(f->b, sizeof *f->b);
    f->b = NULL;
    self->err = rc;
    return AC_DONE;
  }
  self->state = 1;
  return AC_SUSPENDED;
}


static int lookup_cancel(ac_task *self)
{
  lookup_frame *f = (lookup_frame *)self;
  if (f->b == NULL)
    return 0;
  f->b->frame = NULL;
  uv_cancel((uv_req_t *)&f->b->req);
  f->b = NULL;
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


static void lookup_destroy(ac_task *self)
{
  lookup_frame *f = (lookup_frame *)self;
  if (f->b != NULL) {
    f->b->frame = NULL;
    f->b = NULL;
  }
}


ac_task *ac_getaddrinfo(const char *node, const char *service,
                        const struct addrinfo *hints)
{
  ac_task *t = ac__frame_try_new(&lookup_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  lookup_frame *f = (lookup_frame *)t;
  f->result = NULL;
  f->node = node;
  f->service = service;
  f->hints = hints;
  f->b = NULL;
  return t;
}


void ac_freeaddrinfo(struct addrinfo *ai)
{
  if (ai != NULL)
    uv_freeaddrinfo(ai);
}
