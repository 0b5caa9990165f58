// f. TCP echo over 127.0.0.1, hand-written on libuv: one process runs the
// server and C client connections; each client sends M messages of 64
// bytes, one at a time, waiting for the whole echo before the next.
// Prints round trips per second.
#include "../common/bench_util.h"
#include <uv.h>

#define MSG 64

typedef struct {
  uv_tcp_t tcp;
  char buf[65536];
} server_conn;

typedef struct {
  uv_tcp_t tcp;
  uv_connect_t connect;
  uv_write_t wr;
  char msg[MSG];
  char in[MSG];
  size_t got;
  long left;
} client;

typedef struct {
  uv_write_t wr;
  uv_buf_t buf;
} echo_wr;

static uv_loop_t *loop;
static uv_tcp_t server;
static long nconn, nmsg, clients_left, accepted;
static server_conn **sconns;

static void die(const char *what, int err)
{
  fprintf(stderr, "echo_uv: %s: %s\n", what, uv_strerror(err));
  exit(1);
}

// ---- server: echo what arrives --------------------------------------------
static void s_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
  (void)hint;
  server_conn *c = (server_conn *)h;
  *buf = uv_buf_init(c->buf, sizeof c->buf);
}

static void s_written(uv_write_t *req, int status)
{
  if (status < 0)
    die("server write", status);
  free(req);
}

static void s_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
  if (nread < 0) {
    uv_close((uv_handle_t *)s, NULL);
    return;
  }
  if (nread == 0)
    return;
  // The read buffer is reused at once: copy into the write request.
  echo_wr *w = malloc(sizeof *w + (size_t)nread);
  memcpy(w + 1, buf->base, (size_t)nread);
  w->buf = uv_buf_init((char *)(w + 1), (unsigned)nread);
  int r = uv_write(&w->wr, s, &w->buf, 1, s_written);
  if (r < 0)
    die("server uv_write", r);
}

static void on_connection(uv_stream_t *srv, int status)
{
  if (status < 0)
    die("listen", status);
  server_conn *c = malloc(sizeof *c);
  sconns[accepted++] = c;
  uv_tcp_init(loop, &c->tcp);
  uv_tcp_nodelay(&c->tcp, 1);
  if (uv_accept(srv, (uv_stream_t *)&c->tcp) != 0)
    die("accept", -1);
  uv_read_start((uv_stream_t *)&c->tcp, s_alloc, s_read);
}

// ---- clients ------------------------------------------------------------------
static void c_send(client *c);

static void c_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
  (void)hint;
  client *c = (client *)h;
  *buf = uv_buf_init(c->in + c->got, (unsigned)(MSG - c->got));
}

static void c_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
  (void)buf;
  client *c = (client *)s;
  if (nread < 0)
    die("client read", (int)nread);
  c->got += (size_t)nread;
  if (c->got < MSG)
    return;
  c->got = 0;
  if (--c->left > 0) {
    c_send(c);
    return;
  }
  uv_read_stop(s);
  uv_close((uv_handle_t *)s, NULL);
  if (--clients_left == 0)
    uv_close((uv_handle_t *)&server, NULL);
}

static void c_written(uv_write_t *req, int status)
{
  (void)req;
  if (status < 0)
    die("client write", status);
}

static void c_send(client *c)
{
  uv_buf_t b = uv_buf_init(c->msg, MSG);
  int r = uv_write(&c->wr, (uv_stream_t *)&c->tcp, &b, 1, c_written);
  if (r < 0)
    die("client uv_write", r);
}

static void c_connected(uv_connect_t *req, int status)
{
  client *c = req->data;
  if (status < 0)
    die("connect", status);
  uv_tcp_nodelay(&c->tcp, 1);
  uv_read_start((uv_stream_t *)&c->tcp, c_alloc, c_read);
  c_send(c);
}

int main(int argc, char **argv)
{
  nconn = bench_arg(argc, argv, 1, 50);
  nmsg = bench_arg(argc, argv, 2, 2000);
  loop = uv_default_loop();
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  uv_tcp_init(loop, &server);
  int r = uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
  if (r < 0)
    die("bind", r);
  r = uv_listen((uv_stream_t *)&server, 128, on_connection);
  if (r < 0)
    die("listen", r);
  struct sockaddr_storage bound;
  int len = sizeof bound;
  uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &len);
  sconns = calloc((size_t)nconn, sizeof *sconns);
  client *cs = calloc((size_t)nconn, sizeof *cs);
  clients_left = nconn;
  double t0 = bench_now();
  for (long i = 0; i < nconn; i++) {
    client *c = &cs[i];
    memset(c->msg, 'a' + (int)(i % 26), MSG);
    c->left = nmsg;
    c->connect.data = c;
    uv_tcp_init(loop, &c->tcp);
    r = uv_tcp_connect(&c->connect, &c->tcp, (const struct sockaddr *)&bound,
                       c_connected);
    if (r < 0)
      die("uv_tcp_connect", r);
  }
  uv_run(loop, UV_RUN_DEFAULT);
  double dt = bench_now() - t0;
  printf("rt_per_s=%.0f\n", (double)nconn * (double)nmsg / dt);
  for (long i = 0; i < accepted; i++)
    free(sconns[i]);
  free(sconns);
  free(cs);
  uv_loop_close(loop);
  return 0;
}
