// udp.c — UDP sockets: send, receive (one receiver at a time), multicast.
//
// A receive reads straight into the receiver's buffer: the socket is read
// (uv_udp_recv_start) only while a receiver waits, and libuv's allocation
// callback hands out that buffer, so a datagram is never copied twice and
// datagrams that come with nobody waiting stay in the kernel.  A send is
// tried at once (uv_udp_try_send); only when the kernel's buffer is full
// does it queue a request embedded in the op, which then waits for it
// (the caller's buffer is borrowed until the await ends).
#include "io_internal.h"

#include <string.h>

struct ac_udp {
  uv_udp_t udp;
  ac__op *receiver;  // slot: the recv op waiting, or NULL
  int closing;
};

typedef struct recv_op {
  ac__op op;
  ssize_t result;
  ac_udp *u;  // while parked
  char *buf;
  size_t len;
  struct sockaddr_storage *from;
} recv_op;


// Fills ss from a numeric address; 0 or UV_EINVAL.
static int udp_addr(const char *ip, int port, struct sockaddr_storage *ss)
{
  memset(ss, 0, sizeof *ss);
  if (port < 0 || port > 65535)
    return UV_EINVAL;
  if (ip == NULL || *ip == 0)
    ip = "0.0.0.0";
  if (uv_ip4_addr(ip, port, (struct sockaddr_in *)ss) == 0)
    return 0;
  if (uv_ip6_addr(ip, port, (struct sockaddr_in6 *)ss) == 0)
    return 0;
  return UV_EINVAL;
}


int ac_udp_open(const char *ip, int port, unsigned flags, ac_udp **out)
{
  struct sockaddr_storage ss;
  ac_udp *u;
  int rc;
  *out = NULL;
  rc = udp_addr(ip, port, &ss);
  if (rc != 0)
    return rc;
  u = ac__mem_try_alloc(sizeof *u);
  if (u == NULL)
    return AC_ENOMEM;
  memset(u, 0, sizeof *u);
  rc = uv_udp_init(AC__UVLOOP(), &u->udp);
  if (rc != 0) {
    ac__mem_free(u, sizeof *u);
    return rc;
  }
  rc = uv_udp_bind(&u->udp, (struct sockaddr *)&ss,
                   (flags & AC_UDP_REUSEADDR) ? UV_UDP_REUSEADDR : 0);
  if (rc != 0) {
    ac_udp_close(u);
    return rc;
  }
  *out = u;
  return 0;
}


int ac_udp_port(const ac_udp *u)
{
  struct sockaddr_storage ss;
  int len = sizeof ss, port = 0;
  int rc = uv_udp_getsockname(&u->udp, (struct sockaddr *)&ss, &len);
  if (rc == 0)
    rc = ac_addr_name(&ss, NULL, 0, &port);
  return rc != 0 ? rc : port;
}


int ac_udp_multicast(ac_udp *u, const char *group, const char *iface, int join)
{
  return uv_udp_set_membership(&u->udp, group, iface,
                               join ? UV_JOIN_GROUP : UV_LEAVE_GROUP);
}


// The options below are libuv's; the wrappers only keep the handle
// private (an ac_udp is not a uv_udp_t for the caller).
int ac_udp_set_multicast_interface(ac_udp *u, const char *iface)
{
  return uv_udp_set_multicast_interface(&u->udp, iface);
}


// See ac_udp_set_multicast_interface.
int ac_udp_set_multicast_ttl(ac_udp *u, int ttl)
{
  return uv_udp_set_multicast_ttl(&u->udp, ttl);
}


// See ac_udp_set_multicast_interface.
int ac_udp_set_multicast_loop(ac_udp *u, int on)
{
  return uv_udp_set_multicast_loop(&u->udp, on != 0);
}


// See ac_udp_set_multicast_interface.
int ac_udp_set_ttl(ac_udp *u, int ttl)
{
  return uv_udp_set_ttl(&u->udp, ttl);
}


// See ac_udp_set_multicast_interface.
int ac_udp_set_broadcast(ac_udp *u, int on)
{
  return uv_udp_set_broadcast(&u->udp, on != 0);
}


static void udp_free_cb(uv_handle_t *h)
{
  ac__mem_free(h, sizeof(ac_udp));
}


void ac_udp_close(ac_udp *u)
{
  if (u == NULL || u->closing)
    return;
  u->closing = 1;
  if (u->receiver != NULL) {
    ((recv_op *)u->receiver)->u = NULL;
    ac__op_wake(&u->receiver, AC_ECANCELED);
  }
  uv_close((uv_handle_t *)&u->udp, udp_free_cb);
}


int ac_addr_name(const struct sockaddr_storage *addr, char *ip, size_t len,
                 int *port)
{
  int rc = 0;
  if (addr->ss_family == AF_INET) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)addr;
    if (ip != NULL)
      rc = uv_ip4_name(a, ip, len);
    if (port != NULL)
      *port = ntohs(a->sin_port);
  } else if (addr->ss_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)addr;
    if (ip != NULL)
      rc = uv_ip6_name(a, ip, len);
    if (port != NULL)
      *port = ntohs(a->sin6_port);
  } else {
    rc = UV_EAFNOSUPPORT;
  }
  return rc;
}


// Receiving ----------------------------------------------------------------------

static void recv_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
  ac_udp *u = (ac_udp *)h;
  recv_op *f = (recv_op *)u->receiver;
  (void)suggested;
  *buf = uv_buf_init(f->buf, (unsigned)f->len);
}


static void recv_cb(uv_udp_t *h, ssize_t nread, const uv_buf_t *buf,
                    const struct sockaddr *addr, unsigned flags)
{
  ac_udp *u = (ac_udp *)h;
  recv_op *f = (recv_op *)u->receiver;
  (void)buf;
  (void)flags;
  if (f == NULL || (nread == 0 && addr == NULL))
    return;  // nothing more to read now
  uv_udp_recv_stop(h);
  if (nread >= 0) {
    f->result = nread;
    if (f->from != NULL)
      memcpy(f->from, addr,
             addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                         : sizeof(struct sockaddr_in));
  }
  f->u = NULL;
  ac__op_wake(&u->receiver, nread < 0 ? (int)nread : 0);
}


static int recv_step(ac__op *op)
{
  recv_op *f = (recv_op *)op;
  ac_udp *u = f->u;
  int rc;
  if (op->hdr.state != 0)
    return AC_DONE;
  if (u->closing)
    return ac__op_fail(op, AC_ECANCELED);
  if (u->receiver != NULL)
    return ac__op_fail(op, UV_EBUSY);
  if (f->from != NULL)
    memset(f->from, 0, sizeof *f->from);
  // libuv asks for the buffer (recv_alloc) on a later pass, never inside
  // uv_udp_recv_start, so parking after it is in time.
  rc = uv_udp_recv_start(&u->udp, recv_alloc, recv_cb);
  if (rc != 0)
    return ac__op_fail(op, rc);
  return ac__op_park(op, &u->receiver);
}


static int recv_cancel(ac__op *op)
{
  recv_op *f = (recv_op *)op;
  if (f->u != NULL)
    uv_udp_recv_stop(&f->u->udp);
  return AC__OP_CANCEL_NOW;
}

AC__OP_TYPE(recv_type, "udp_recv", recv_op, AC_KIND_INT, recv_step, recv_cancel,
            NULL);


ac_task *ac_udp_recv(ac_udp *u, void *buf, size_t len,
                     struct sockaddr_storage *from)
{
  return AC__OP_NEW(recv_op, &recv_type, .u = u, .buf = buf, .len = len,
                    .from = from);
}


// Sending ---------------------------------------------------------------------------

typedef struct send_op {
  ac__op op;
  ac_udp *u;
  const char *buf;
  size_t len;
  const char *ip;
  int port;
  uv_udp_send_t req;
} send_op;


static void send_cb(uv_udp_send_t *req, int status)
{
  ac__op_complete(req->data, status);
}


static int send_step(ac__op *op)
{
  send_op *f = (send_op *)op;
  struct sockaddr_storage ss;
  uv_buf_t b;
  int rc;
  if (op->hdr.state != 0)
    return AC_DONE;  // the request is done; op.hdr.err says how
  if (f->u->closing)
    return ac__op_fail(op, AC_ECANCELED);
  rc = udp_addr(f->ip, f->port, &ss);
  if (rc != 0)
    return ac__op_fail(op, rc);
  b = uv_buf_init((char *)f->buf, (unsigned)f->len);
  rc = uv_udp_try_send(&f->u->udp, &b, 1, (struct sockaddr *)&ss);
  if (rc >= 0)
    return AC_DONE;
  if (rc != UV_EAGAIN)
    return ac__op_fail(op, rc);
  f->req.data = op;
  rc = uv_udp_send(&f->req, &f->u->udp, &b, 1, (struct sockaddr *)&ss, send_cb);
  if (rc != 0)
    return ac__op_fail(op, rc);
  return ac__op_park(op, NULL);
}


// A queued datagram cannot be taken back: the op waits for it.
static int send_cancel(ac__op *op)
{
  (void)op;
  return AC__OP_CANCEL_NO;
}

AC__OP_TYPE_VOID(send_type, "udp_send", send_op, send_step, send_cancel, NULL);


ac_task *ac_udp_send(ac_udp *u, const void *buf, size_t len, const char *ip,
                     int port)
{
  return AC__OP_NEW(send_op, &send_type, .u = u, .buf = buf, .len = len,
                    .ip = ip, .port = port);
}
