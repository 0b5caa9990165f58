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
  ac__op *op;  // the op's slot: NULL once detached
} lookup_block;

typedef struct lookup_op {
  ac__op op;
  struct addrinfo *result;
  const char *node;
  const char *service;
  const struct addrinfo *hints;
  lookup_block *b;  // the request (valid while the op is parked)
} lookup_op;


static void lookup_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
  lookup_block *b = (lookup_block *)req;
  if (b->op == NULL) {
    if (res != NULL)
      uv_freeaddrinfo(res);
  } else {
    ((lookup_op *)b->op)->result = res;
    ac__op_complete(b->op, status);
  }
  ac__mem_free(b, sizeof *b);
}


static int lookup_step(ac__op *op)
{
  lookup_op *f = (lookup_op *)op;
  struct addrinfo hints;
  int rc;
  if (op->hdr.state != 0) {
    if (op->hdr.err != 0 && f->result != NULL) {  // cancelled after the answer
      uv_freeaddrinfo(f->result);
      f->result = NULL;
    }
    return AC_DONE;
  }
  if (f->hints == NULL) {
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
  }
  f->b = ac__mem_try_alloc(sizeof *f->b);
  if (f->b == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  f->b->op = NULL;
  rc = uv_getaddrinfo(AC__UVLOOP(), &f->b->req, lookup_cb, f->node, f->service,
                      f->hints != NULL ? f->hints : &hints);
  if (rc != 0) {
    ac__mem_free(f->b, sizeof *f->b);
    return ac__op_fail(op, rc);
  }
  return ac__op_park(op, &f->b->op);
}


// Detaches the block (the callback frees it and the list) and tries to
// take the job off the pool.
static int lookup_cancel(ac__op *op)
{
  uv_cancel((uv_req_t *)&((lookup_op *)op)->b->req);
  return AC__OP_CANCEL_NOW;
}

AC__OP_TYPE(lookup_type, "getaddrinfo", lookup_op, AC_KIND_PTR, lookup_step,
            lookup_cancel, NULL);


ac_task *ac_getaddrinfo(const char *node, const char *service,
                        const struct addrinfo *hints)
{
  return AC__OP_NEW(lookup_op, &lookup_type, .node = node, .service = service,
                    .hints = hints);
}


void ac_freeaddrinfo(struct addrinfo *ai)
{
  if (ai != NULL)
    uv_freeaddrinfo(ai);
}
