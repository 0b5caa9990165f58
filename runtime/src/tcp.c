// tcp.c — TCP: connect (with DNS), listen (with DNS, IPv6, SO_REUSEPORT),
// accept; Unix domain sockets (listen, connect) on the same server type.
//
// Connect resolves a name with uv_getaddrinfo in a block that outlives the
// frame (cancelling detaches it; the callback frees the block and the
// list), then tries each address in turn with uv_tcp_connect on a new
// stream whose uv_connect_t is embedded in the stream.  Cancelling a connect
// in progress closes that stream: libuv calls the connect callback with
// UV_ECANCELED (ignored: the frame is gone) and then the close callback
// frees it.
//
// Accept: the server's connection callback hands a connection straight to
// the waiting accept frame; with nobody waiting it leaves it in libuv
// (which stops watching the listening socket until uv_accept), and the next
// accept takes it without suspending.
#include "io_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

// Fills ss from a numeric address; 0 or UV_EINVAL.
static int numeric_addr(const char *ip, int port, struct sockaddr_storage *ss)
{
  memset(ss, 0, sizeof *ss);
  if (ip == NULL || *ip == 0)
    ip = "0.0.0.0";
  if (uv_ip4_addr(ip, port, (struct sockaddr_in *)ss) == 0)
    return 0;
  if (uv_ip6_addr(ip, port, (struct sockaddr_in6 *)ss) == 0)
    return 0;
  return UV_EINVAL;
}


// Connect -----------------------------------------------------------------------

// A name lookup an op waits for (connect, listen).  The request lives in a
// block of its own until libuv's callback, which finds the op through the
// block's slot: NULL once the op was cancelled (detached), and the block
// and the list are then only freed.
typedef struct lookup lookup;

typedef struct dns_block {
  uv_getaddrinfo_t req;
  ac__op *op;    // the op's slot: NULL once detached
  lookup *into;  // where the outcome goes (valid while op is set)
} dns_block;

struct lookup {
  dns_block *dns;       // the pending request, or NULL
  struct addrinfo *ai;  // the list (owned by the op; lookup_release)
  int status;           // the lookup's error, or 0
};


static void dns_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
  dns_block *b = (dns_block *)req;
  if (b->op == NULL) {
    if (res != NULL)
      uv_freeaddrinfo(res);
  } else {
    b->into->dns = NULL;
    b->into->ai = res;
    b->into->status = status;
    ac__op_complete(b->op, 0);
  }
  ac__mem_free(b, sizeof *b);
}


// Starts looking host:port up (AI_PASSIVE and the like in ai_flags) and
// parks op until it is done: AC_SUSPENDED, or AC_DONE with the error.
static int lookup_start(ac__op *op, lookup *lk, const char *host, int port,
                        int ai_flags)
{
  struct addrinfo hints;
  char service[16];
  int rc;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = ai_flags;
  snprintf(service, sizeof service, "%d", port);
  lk->dns = ac__mem_try_alloc(sizeof *lk->dns);
  if (lk->dns == NULL)
    return ac__op_fail(op, AC_ENOMEM);
  lk->dns->op = NULL;
  lk->dns->into = lk;
  rc = uv_getaddrinfo(AC__UVLOOP(), &lk->dns->req, dns_cb, host, service,
                      &hints);
  if (rc != 0) {
    ac__mem_free(lk->dns, sizeof *lk->dns);
    lk->dns = NULL;
    return ac__op_fail(op, rc);
  }
  return ac__op_park(op, &lk->dns->op);
}


// Cancelling: the pending request is detached (dns_cb frees it).
static void lookup_cancel(lookup *lk)
{
  uv_cancel((uv_req_t *)&lk->dns->req);
  lk->dns = NULL;
}


static void lookup_release(lookup *lk)
{
  if (lk->ai != NULL) {
    uv_freeaddrinfo(lk->ai);
    lk->ai = NULL;
  }
}

enum { C_START, C_DNS, C_CONNECT };

typedef struct connect_op {
  ac__op op;
  ac_stream *result;
  const char *host;
  int port;
  int cerr;              // error of the last connect attempt
  lookup lk;             // a host name's lookup
  struct addrinfo *cur;  // the address being tried
  ac_stream *s;          // the stream being connected
  struct sockaddr_storage addr;
} connect_op;


static void connect_cb(uv_connect_t *req, int status)
{
  ac_stream *s = (ac_stream *)((char *)req - offsetof(ac_stream, connect));
  if (s->connector == NULL)
    return;  // cancelled: the stream is closing
  ((connect_op *)s->connector)->cerr = status;
  ac__op_wake(&s->connector, 0);
}


// Starts connecting to addr; AC_SUSPENDED, or AC_DONE with cerr set.
static int connect_start(connect_op *f, const struct sockaddr *addr)
{
  ac_stream *s = ac__stream_new();
  int rc;
  if (s == NULL) {
    f->cerr = AC_ENOMEM;
    return AC_DONE;
  }
  rc = uv_tcp_init(AC__UVLOOP(), &s->u.tcp);
  if (rc != 0) {
    ac__mem_free(s, sizeof *s);
    f->cerr = rc;
    return AC_DONE;
  }
  rc = uv_tcp_connect(&s->connect, &s->u.tcp, addr, connect_cb);
  if (rc != 0) {
    ac__stream_close(s);
    f->cerr = rc;
    return AC_DONE;
  }
  f->s = s;
  f->op.hdr.state = C_CONNECT;
  return ac__op_park(&f->op, &s->connector);
}


// Tries f->cur and the addresses after it.
static int connect_next(connect_op *f)
{
  for (; f->cur != NULL; f->cur = f->cur->ai_next) {
    if (f->cur->ai_family != AF_INET && f->cur->ai_family != AF_INET6)
      continue;
    if (connect_start(f, f->cur->ai_addr) == AC_SUSPENDED)
      return AC_SUSPENDED;
  }
  return ac__op_fail(&f->op, f->cerr != 0 ? f->cerr : UV_EAI_NONAME);
}


static int connect_step(ac__op *op)
{
  connect_op *f = (connect_op *)op;
  switch (op->hdr.state) {
  case C_START:
    if (f->port < 0 || f->port > 65535)
      return ac__op_fail(op, UV_EINVAL);
    if (numeric_addr(f->host, f->port, &f->addr) == 0 && f->host != NULL &&
        *f->host != 0) {
      if (connect_start(f, (struct sockaddr *)&f->addr) == AC_SUSPENDED)
        return AC_SUSPENDED;
      return ac__op_fail(op, f->cerr);
    }
    op->hdr.state = C_DNS;
    return lookup_start(op, &f->lk, f->host, f->port, 0);
  case C_DNS:
    if (op->hdr.err != 0)
      return AC_DONE;  // the list is freed by release
    if (f->lk.status != 0)
      return ac__op_fail(op, f->lk.status);
    f->cur = f->lk.ai;
    return connect_next(f);
  default:                   // C_CONNECT
    if (op->hdr.err != 0) {  // cancelled (connect_cancel closed the stream),
      if (f->s != NULL) {    // or cancelled after it connected
        ac__stream_close(f->s);
        f->s = NULL;
      }
      return AC_DONE;
    }
    if (f->cerr == 0) {
      f->result = f->s;
      f->s = NULL;
      uv_tcp_nodelay(&f->result->u.tcp, 1);
      return AC_DONE;
    }
    ac__stream_close(f->s);
    f->s = NULL;
    if (f->cur == NULL)  // a numeric address: no other to try
      return ac__op_fail(op, f->cerr);
    f->cur = f->cur->ai_next;
    return connect_next(f);
  }
}


// A lookup: detached (dns_cb frees the block and the list).  A connect:
// closing the stream makes libuv call connect_cb with UV_ECANCELED (ignored:
// the op is no longer in the stream's slot), then free it.
static int connect_cancel(ac__op *op)
{
  connect_op *f = (connect_op *)op;
  if (op->hdr.state == C_DNS) {
    lookup_cancel(&f->lk);
  } else {
    ac__stream_close(f->s);
    f->s = NULL;
  }
  return AC__OP_CANCEL_NOW;
}


static void connect_release(ac__op *op)
{
  connect_op *f = (connect_op *)op;
  if (f->s != NULL) {
    ac__stream_close(f->s);
    f->s = NULL;
  }
  lookup_release(&f->lk);
}

AC__OP_TYPE(connect_type, "tcp_connect", connect_op, AC_KIND_PTR, connect_step,
            connect_cancel, connect_release);


ac_task *ac_tcp_connect(const char *host, int port)
{
  return AC__OP_NEW(connect_op, &connect_type, .host = host, .port = port);
}


// Servers -----------------------------------------------------------------------
//
// One server type for TCP and Unix domain sockets: the handle is a union
// and `local` says which; accepting initialises the connection's handle of
// the same kind.

struct ac_server {
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
  } u;
  ac__op *acceptor;  // slot: the accept op waiting, or NULL
  int local;         // a Unix domain socket (uv_pipe_t)
  int pending;       // a connection waits in libuv for uv_accept
  int err;           // a listen error reported by libuv
  int closing;
};

typedef struct accept_op {
  ac__op op;
  ac_stream *result;
  ac_server *srv;
} accept_op;


// Takes the connection libuv holds; 0 or an error.
static int take_connection(ac_server *srv, ac_stream **out)
{
  ac_stream *s = ac__stream_new();
  int rc;
  if (s == NULL)
    return AC_ENOMEM;  // the connection stays pending for the next accept
  srv->pending = 0;
  rc = srv->local ? uv_pipe_init(AC__UVLOOP(), &s->u.pipe, 0)
                  : uv_tcp_init(AC__UVLOOP(), &s->u.tcp);
  if (rc != 0) {
    ac__mem_free(s, sizeof *s);
    return rc;
  }
  rc = uv_accept(&srv->u.stream, &s->u.stream);
  if (rc != 0) {
    ac__stream_close(s);
    return rc;
  }
  if (!srv->local)
    uv_tcp_nodelay(&s->u.tcp, 1);
  *out = s;
  return 0;
}


static void connection_cb(uv_stream_t *st, int status)
{
  ac_server *srv = (ac_server *)st;
  accept_op *f = (accept_op *)srv->acceptor;
  if (status < 0)
    srv->err = status;
  else
    srv->pending = 1;
  if (f == NULL)
    return;
  if (srv->pending) {
    ac__op_complete(&f->op, take_connection(srv, &f->result));
  } else {
    srv->err = 0;
    ac__op_complete(&f->op, status);
  }
}


static int accept_step(ac__op *op)
{
  accept_op *f = (accept_op *)op;
  ac_server *srv = f->srv;
  int err;
  if (op->hdr.state != 0) {
    if (op->hdr.err != 0 && f->result != NULL) {  // cancelled after accepting
      ac__stream_close(f->result);
      f->result = NULL;
    }
    return AC_DONE;
  }
  if (srv->closing)
    return ac__op_fail(op, AC_ECANCELED);
  if (srv->pending)
    return ac__op_fail(op, take_connection(srv, &f->result));
  if (srv->err != 0) {
    err = srv->err;
    srv->err = 0;
    return ac__op_fail(op, err);
  }
  return ac__op_park(op, &srv->acceptor);
}

AC__OP_TYPE(accept_type, "server_accept", accept_op, AC_KIND_PTR, accept_step,
            NULL, NULL);


ac_task *ac_server_accept(ac_server *srv)
{
  return AC__OP_NEW(accept_op, &accept_type, .srv = srv);
}


ac_task *ac_tcp_accept(ac_server *srv)
{
  return ac_server_accept(srv);
}


static void server_free_cb(uv_handle_t *h)
{
  ac__mem_free(h, sizeof(ac_server));
}


void ac_server_close(ac_server *srv)
{
  if (srv == NULL || srv->closing)
    return;
  srv->closing = 1;
  ac__op_wake(&srv->acceptor, AC_ECANCELED);
  uv_close(&srv->u.handle, server_free_cb);
}


int ac_server_port(const ac_server *srv)
{
  struct sockaddr_storage ss;
  int len = sizeof ss;
  int rc;
  if (srv->local)
    return UV_EINVAL;
  rc = uv_tcp_getsockname(&srv->u.tcp, (struct sockaddr *)&ss, &len);
  if (rc != 0)
    return rc;
  if (ss.ss_family == AF_INET6)
    return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
  return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}


// A new server (pool memory) with its handle initialised; NULL and *err
// set on failure.
static ac_server *server_new(int local, int family, int *err)
{
  ac_server *srv = ac__mem_try_alloc(sizeof *srv);
  if (srv == NULL) {
    *err = AC_ENOMEM;
    return NULL;
  }
  memset(srv, 0, sizeof *srv);
  srv->local = local;
  *err = local ? uv_pipe_init(AC__UVLOOP(), &srv->u.pipe, 0)
               : uv_tcp_init_ex(AC__UVLOOP(), &srv->u.tcp, (unsigned)family);
  if (*err != 0) {
    ac__mem_free(srv, sizeof *srv);
    return NULL;
  }
  return srv;
}


// Binds a TCP server to addr with the AC_TCP_* flags and listens.
static int tcp_bind_listen(const struct sockaddr *addr, int backlog,
                           unsigned flags, ac_server **out)
{
  int rc;
  ac_server *srv = server_new(0, addr->sa_family, &rc);
  if (srv == NULL)
    return rc;
  if (flags & AC_TCP_REUSEPORT) {  // libuv 1.44 has no flag for it
    uv_os_fd_t fd;
    int one = 1;
    rc = uv_fileno(&srv->u.handle, &fd);
    if (rc == 0 &&
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
      rc = uv_translate_sys_error(errno);
  }
  if (rc == 0)
    rc = uv_tcp_bind(&srv->u.tcp, addr,
                     (flags & AC_TCP_IPV6ONLY) ? UV_TCP_IPV6ONLY : 0);
  if (rc == 0)
    rc = uv_listen(&srv->u.stream, backlog > 0 ? backlog : 128, connection_cb);
  if (rc != 0) {
    ac_server_close(srv);
    return rc;
  }
  *out = srv;
  return 0;
}


// Listen: a numeric address binds at once; a name is looked up first (a
// detached lookup, as for connect) and the first address that binds wins.
typedef struct listen_op {
  ac__op op;
  ac_server *result;
  const char *host;
  int port;
  int backlog;
  unsigned flags;
  lookup lk;  // a host name's lookup
} listen_op;


static int listen_step(ac__op *op)
{
  listen_op *f = (listen_op *)op;
  struct sockaddr_storage ss;
  struct addrinfo *ai;
  int rc;
  if (op->hdr.state == 0) {
    if (f->port < 0 || f->port > 65535)
      return ac__op_fail(op, UV_EINVAL);
    if (numeric_addr(f->host, f->port, &ss) == 0)
      return ac__op_fail(op, tcp_bind_listen((struct sockaddr *)&ss, f->backlog,
                                             f->flags, &f->result));
    return lookup_start(op, &f->lk, f->host, f->port, AI_PASSIVE);
  }
  if (op->hdr.err != 0)
    return AC_DONE;  // cancelled: the list is freed by release
  if (f->lk.status != 0)
    return ac__op_fail(op, f->lk.status);
  rc = UV_EAI_NONAME;
  for (ai = f->lk.ai; ai != NULL; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
      continue;
    rc = tcp_bind_listen(ai->ai_addr, f->backlog, f->flags, &f->result);
    if (rc == 0)
      break;
  }
  return ac__op_fail(op, rc);
}


static int listen_cancel(ac__op *op)
{
  lookup_cancel(&((listen_op *)op)->lk);
  return AC__OP_CANCEL_NOW;
}


static void listen_release(ac__op *op)
{
  lookup_release(&((listen_op *)op)->lk);
}

AC__OP_TYPE(listen_type, "tcp_listen", listen_op, AC_KIND_PTR, listen_step,
            listen_cancel, listen_release);


ac_task *ac_tcp_listen_ex(const char *host, int port, int backlog,
                          unsigned flags)
{
  return AC__OP_NEW(listen_op, &listen_type, .host = host, .port = port,
                    .backlog = backlog, .flags = flags);
}


ac_task *ac_tcp_listen(const char *host, int port, int backlog)
{
  return ac_tcp_listen_ex(host, port, backlog, 0);
}


// Unix domain sockets ----------------------------------------------------------
//
// Both complete without suspending: bind, listen and a local connect
// (libuv's uv_pipe_connect reports even a synchronous result through its
// callback, so connect does park, for one loop pass).

typedef struct unix_op {
  ac__op op;
  void *result;  // ac_server * (listen) or ac_stream * (connect)
  const char *path;
  int backlog;
  int listening;
  int cerr;
  ac_stream *s;  // connect: the stream being connected
} unix_op;


static void unix_connect_cb(uv_connect_t *req, int status)
{
  ac_stream *s = (ac_stream *)((char *)req - offsetof(ac_stream, connect));
  if (s->connector == NULL)
    return;  // cancelled: the stream is closing
  ((unix_op *)s->connector)->cerr = status;
  ac__op_wake(&s->connector, 0);
}


static int unix_listen_now(unix_op *f)
{
  int rc;
  ac_server *srv = server_new(1, 0, &rc);
  if (srv == NULL)
    return ac__op_fail(&f->op, rc);
  rc = uv_pipe_bind(&srv->u.pipe, f->path);
  if (rc == 0)
    rc = uv_listen(&srv->u.stream, f->backlog > 0 ? f->backlog : 128,
                   connection_cb);
  if (rc != 0) {
    ac_server_close(srv);
    return ac__op_fail(&f->op, rc);
  }
  f->result = srv;
  return AC_DONE;
}


static int unix_step(ac__op *op)
{
  unix_op *f = (unix_op *)op;
  int rc;
  if (f->listening)
    return unix_listen_now(f);
  if (op->hdr.state == 0) {
    f->s = ac__stream_new();
    if (f->s == NULL)
      return ac__op_fail(op, AC_ENOMEM);
    rc = uv_pipe_init(AC__UVLOOP(), &f->s->u.pipe, 0);
    if (rc != 0) {
      ac__mem_free(f->s, sizeof *f->s);
      f->s = NULL;
      return ac__op_fail(op, rc);
    }
    uv_pipe_connect(&f->s->connect, &f->s->u.pipe, f->path, unix_connect_cb);
    return ac__op_park(op, &f->s->connector);
  }
  if (op->hdr.err == 0 && f->cerr != 0)
    op->hdr.err = f->cerr;
  if (op->hdr.err != 0) {
    if (f->s != NULL)  // not closed by unix_cancel
      ac__stream_close(f->s);
    f->s = NULL;
    return AC_DONE;
  }
  f->result = f->s;
  f->s = NULL;
  return AC_DONE;
}


static int unix_cancel(ac__op *op)
{
  unix_op *f = (unix_op *)op;
  ac__stream_close(f->s);  // connect_cb comes with UV_ECANCELED: ignored
  f->s = NULL;
  return AC__OP_CANCEL_NOW;
}


static void unix_release(ac__op *op)
{
  unix_op *f = (unix_op *)op;
  if (f->s != NULL) {
    ac__stream_close(f->s);
    f->s = NULL;
  }
}

AC__OP_TYPE(unix_type, "unix", unix_op, AC_KIND_PTR, unix_step, unix_cancel,
            unix_release);


ac_task *ac_unix_listen(const char *path, int backlog)
{
  return AC__OP_NEW(unix_op, &unix_type, .path = path, .backlog = backlog,
                    .listening = 1);
}


ac_task *ac_unix_connect(const char *path)
{
  return AC__OP_NEW(unix_op, &unix_type, .path = path);
}
