// tcp.c — TCP: connect (with DNS), listen, accept.
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

#include <stdio.h>
#include <string.h>

static uv_loop_t *uvloop(void)
{
  return ac_loop_uv(ac__loop_get());
}


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


// DNS blocks (shared with dns.c's shape) --------------------------------------

typedef struct dns_block {
  uv_getaddrinfo_t req;
  ac_task *frame;          // NULL once detached
  struct addrinfo *res;
  int status;
} dns_block;


// Connect -----------------------------------------------------------------------

enum { C_START, C_DNS, C_CONNECT };

typedef struct connect_frame {
  ac_task hdr;
  ac_stream *result;
  const char *host;
  int port;
  int cerr;                 // error of the last connect attempt
  dns_block *dns;           // pending lookup
  struct addrinfo *ai;      // the lookup's list (owned)
  struct addrinfo *cur;     // the address being tried
  ac_stream *s;             // the stream being connected
  struct sockaddr_storage addr;
} connect_frame;

static int connect_resume(ac_task *self);
static int connect_cancel(ac_task *self);
static void connect_destroy(ac_task *self);
AC__IO_DESC(connect_desc, connect_resume, "tcp_connect", connect_frame,
            connect_cancel, connect_destroy, AC_KIND_PTR);


static void dns_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
  dns_block *b = (dns_block *)req;
  connect_frame *f = (connect_frame *)b->frame;
  if (f == NULL) {
    if (res != NULL)
      uv_freeaddrinfo(res);
  } else {
    f->dns = NULL;
    f->ai = res;
    f->cerr = status;
    ac__wake_frame(&f->hdr, 0);
  }
  ac__mem_free(b, sizeof *b);
}


static void connect_cb(uv_connect_t *req, int status)
{
  ac_stream *s = (ac_stream *)((char *)req - offsetof(ac_stream, connect));
  ac_task *frame = s->connector;
  if (frame == NULL)
    return;  // cancelled: the stream is closing
  s->connector = NULL;
  ((connect_frame *)frame)->cerr = status;
  ac__wake_frame(frame, 0);
}


// Starts connecting to addr; AC_SUSPENDED, or AC_DONE with cerr set.
static int connect_start(connect_frame *f, const struct sockaddr *addr)
{
  ac_stream *s = ac__stream_new();
  int rc;
  if (s == NULL) {
    f->cerr = AC_ENOMEM;
    return AC_DONE;
  }
  rc = uv_tcp_init(uvloop(), &s->u.tcp);
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
  s->connector = &f->hdr;
  f->s = s;
  f->hdr.state = C_CONNECT;
  return AC_SUSPENDED;
}


// Tries f->cur and the addresses after it.
static int connect_next(connect_frame *f)
{
  for (; f->cur != NULL; f->cur = f->cur->ai_next) {
    if (f->cur->ai_family != AF_INET && f->cur->ai_family != AF_INET6)
      continue;
    if (connect_start(f, f->cur->ai_addr) == AC_SUSPENDED)
      return AC_SUSPENDED;
  }
  f->hdr.err = f->cerr != 0 ? f->cerr : UV_EAI_NONAME;
  return AC_DONE;
}


static int connect_resume(ac_task *self)
{
  connect_frame *f = (connect_frame *)self;
  struct addrinfo hints;
  char port[16];
  int rc;
  switch (self->state) {
  case C_START:
    if (self->err != 0)
      return AC_DONE;
    if (f->port < 0 || f->port > 65535) {
      self->err = UV_EINVAL;
      return AC_DONE;
    }
    if (numeric_addr(f->host, f->port, &f->addr) == 0 && f->host != NULL &&
        *f->host != 0) {
      if (connect_start(f, (struct sockaddr *)&f->addr) == AC_SUSPENDED)
        return AC_SUSPENDED;
      self->err = f->cerr;
      return AC_DONE;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(port, sizeof port, "%d", f->port);
    f->dns = ac__mem_try_alloc(sizeof *f->dns);
    if (f->dns == NULL) {
      self->err = AC_ENOMEM;
      return AC_DONE;
    }
    f->dns->frame = self;
    rc = uv_getaddrinfo(uvloop(), &f->dns->req, dns_cb, f->host, port,
                        &hints);
    if (rc != 0) {
      ac__mem_free(f->dns, sizeof *f->dns);
      f->dns = NULL;
      self->err = rc;
      return AC_DONE;
    }
    self->state = C_DNS;
    return AC_SUSPENDED;
  case C_DNS:
    if (self->err != 0)
      return AC_DONE;  // the list is freed by destroy
    if (f->cerr != 0) {
      self->err = f->cerr;
      return AC_DONE;
    }
    f->cur = f->ai;
    f->cerr = 0;
    return connect_next(f);
  default:  // C_CONNECT
    if (self->err != 0) {  // cancelled (connect_cancel closed the stream),
      if (f->s != NULL) {  // or cancelled after it connected
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
    if (f->cur == NULL) {  // a numeric address: no other to try
      self->err = f->cerr;
      return AC_DONE;
    }
    f->cur = f->cur->ai_next;
    return connect_next(f);
  }
}


static int connect_cancel(ac_task *self)
{
  connect_frame *f = (connect_frame *)self;
  if (self->state == C_DNS && f->dns != NULL) {
    f->dns->frame = NULL;  // dns_cb frees the block and the list
    uv_cancel((uv_req_t *)&f->dns->req);
    f->dns = NULL;
  } else if (self->state == C_CONNECT && f->s != NULL &&
             f->s->connector == self) {
    f->s->connector = NULL;
    ac__stream_close(f->s);
    f->s = NULL;
  } else {
    return 0;
  }
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


static void connect_destroy(ac_task *self)
{
  connect_frame *f = (connect_frame *)self;
  if (f->dns != NULL) {
    f->dns->frame = NULL;
    f->dns = NULL;
  }
  if (f->s != NULL) {
    f->s->connector = NULL;
    ac__stream_close(f->s);
    f->s = NULL;
  }
  if (f->ai != NULL) {
    uv_freeaddrinfo(f->ai);
    f->ai = NULL;
  }
}


ac_task *ac_tcp_connect(const char *host, int port)
{
  ac_task *t = ac__frame_try_new(&connect_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  connect_frame *f = (connect_frame *)t;
  f->result = NULL;
  f->host = host;
  f->port = port;
  f->cerr = 0;
  f->dns = NULL;
  f->ai = NULL;
  f->cur = NULL;
  f->s = NULL;
  return t;
}


// Servers -----------------------------------------------------------------------

struct ac_server {
  uv_tcp_t tcp;
  ac_task *acceptor;   // the accept frame waiting, or NULL
  int pending;         // a connection waits in libuv for uv_accept
  int err;             // a listen error reported by libuv
  int closing;
};

typedef struct accept_frame {
  ac_task hdr;
  ac_stream *result;
  ac_server *srv;      // NULL once the server was closed under the frame
} accept_frame;

static int accept_resume(ac_task *self);
static int accept_cancel(ac_task *self);
AC__IO_DESC(accept_desc, accept_resume, "tcp_accept", accept_frame,
            accept_cancel, NULL, AC_KIND_PTR);


// Takes the connection libuv holds; 0 or an error.
static int take_connection(ac_server *srv, ac_stream **out)
{
  ac_stream *s = ac__stream_new();
  int rc;
  if (s == NULL)
    return AC_ENOMEM;  // the connection stays pending for the next accept
  srv->pending = 0;
  rc = uv_tcp_init(uvloop(), &s->u.tcp);
  if (rc != 0) {
    ac__mem_free(s, sizeof *s);
    return rc;
  }
  rc = uv_accept((uv_stream_t *)&srv->tcp, &s->u.stream);
  if (rc != 0) {
    ac__stream_close(s);
    return rc;
  }
  uv_tcp_nodelay(&s->u.tcp, 1);
  *out = s;
  return 0;
}


static void connection_cb(uv_stream_t *st, int status)
{
  ac_server *srv = (ac_server *)st;
  accept_frame *f = (accept_frame *)srv->acceptor;
  if (status < 0)
    srv->err = status;
  else
    srv->pending = 1;
  if (f == NULL)
    return;
  srv->acceptor = NULL;
  if (srv->pending) {
    int rc = take_connection(srv, &f->result);
    ac__wake_frame(&f->hdr, rc);
  } else {
    srv->err = 0;
    ac__wake_frame(&f->hdr, status);
  }
}


static int accept_resume(ac_task *self)
{
  accept_frame *f = (accept_frame *)self;
  ac_server *srv = f->srv;
  if (self->state != 0) {
    if (srv != NULL && srv->acceptor == self)
      srv->acceptor = NULL;
    if (self->err != 0 && f->result != NULL) {  // cancelled after accepting
      ac__stream_close(f->result);
      f->result = NULL;
    }
    return AC_DONE;
  }
  if (self->err != 0)
    return AC_DONE;
  if (srv->closing) {
    self->err = AC_ECANCELED;
    return AC_DONE;
  }
  if (srv->acceptor != NULL) {
    self->err = UV_EBUSY;
    return AC_DONE;
  }
  if (srv->pending) {
    self->err = take_connection(srv, &f->result);
    return AC_DONE;
  }
  if (srv->err != 0) {
    self->err = srv->err;
    srv->err = 0;
    return AC_DONE;
  }
  srv->acceptor = self;
  self->state = 1;
  return AC_SUSPENDED;
}


static int accept_cancel(ac_task *self)
{
  accept_frame *f = (accept_frame *)self;
  if (f->srv == NULL || f->srv->acceptor != self)
    return 0;
  f->srv->acceptor = NULL;
  ac__wake_frame(self, AC_ECANCELED);
  return 1;
}


ac_task *ac_tcp_accept(ac_server *srv)
{
  ac_task *t = ac__frame_try_new(&accept_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  accept_frame *f = (accept_frame *)t;
  f->result = NULL;
  f->srv = srv;
  return t;
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
  if (srv->acceptor != NULL) {
    accept_frame *f = (accept_frame *)srv->acceptor;
    srv->acceptor = NULL;
    f->srv = NULL;
    ac__wake_frame(&f->hdr, AC_ECANCELED);
  }
  uv_close((uv_handle_t *)&srv->tcp, server_free_cb);
}


int ac_server_port(const ac_server *srv)
{
  struct sockaddr_storage ss;
  int len = sizeof ss;
  int rc = uv_tcp_getsockname(&srv->tcp, (struct sockaddr *)&ss, &len);
  if (rc != 0)
    return rc;
  if (ss.ss_family == AF_INET6)
    return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
  return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}


// Listen: completes at once (bind and listen are synchronous).
typedef struct listen_frame {
  ac_task hdr;
  ac_server *result;
  const char *ip;
  int port;
  int backlog;
} listen_frame;

static int listen_resume(ac_task *self);
AC__IO_DESC(listen_desc, listen_resume, "tcp_listen", listen_frame, NULL,
            NULL, AC_KIND_PTR);


static int listen_resume(ac_task *self)
{
  listen_frame *f = (listen_frame *)self;
  struct sockaddr_storage ss;
  ac_server *srv;
  int rc;
  if (self->err != 0)
    return AC_DONE;
  rc = numeric_addr(f->ip, f->port, &ss);
  if (rc == 0 && (f->port < 0 || f->port > 65535))
    rc = UV_EINVAL;
  if (rc != 0) {
    self->err = rc;
    return AC_DONE;
  }
  srv = ac__mem_try_alloc(sizeof *srv);
  if (srv == NULL) {
    self->err = AC_ENOMEM;
    return AC_DONE;
  }
  memset(srv, 0, sizeof *srv);
  rc = uv_tcp_init(uvloop(), &srv->tcp);
  if (rc != 0) {
    ac__mem_free(srv, sizeof *srv);
    self->err = rc;
    return AC_DONE;
  }
  rc = uv_tcp_bind(&srv->tcp, (struct sockaddr *)&ss, 0);
  if (rc == 0)
    rc = uv_listen((uv_stream_t *)&srv->tcp, f->backlog > 0 ? f->backlog : 128,
                   connection_cb);
  if (rc != 0) {
    ac_server_close(srv);
    self->err = rc;
    return AC_DONE;
  }
  f->result = srv;
  return AC_DONE;
}


ac_task *ac_tcp_listen(const char *ip, int port, int backlog)
{
  ac_task *t = ac__frame_try_new(&listen_desc);
  if (ac_frame_failed(t))
    return t;  // out of memory: its await raises AC_ENOMEM
  listen_frame *f = (listen_frame *)t;
  f->result = NULL;
  f->ip = ip;
  f->port = port;
  f->backlog = backlog;
  return t;
}
