// http.c — the HTTP/1.1 client: libcurl's multi-socket interface on the
// runtime's own libuv loop (acrt_http.h).
//
// Why libcurl: HTTP/1.1 framing (Content-Length, chunked, close-delimited,
// trailers), redirects, timeouts, keep-alive, proxies and TLS are done by a
// library that is maintained, fuzzed and in every distribution; its
// multi-socket interface lets the application own the event loop, so one
// libuv loop drives the tasks and every transfer, with no thread and no
// blocking call.
//
// Wiring (one curl multi handle per burst of activity):
//   CURLMOPT_SOCKETFUNCTION  -> one uv_poll_t per socket curl wants watched
//   CURLMOPT_TIMERFUNCTION   -> one uv_timer_t
//   poll / timer callbacks   -> curl_multi_socket_action, then
//                               curl_multi_info_read: each finished transfer
//                               completes its op (ac__op_complete)
// A uv_async_t that never fires keeps uv_loop_alive() true while transfers
// exist, so the loop waits for them instead of reporting a stall.  When the
// last transfer ends (done, failed or cancelled) the multi handle is
// cleaned up and every libuv handle closed, so nothing stays open when the
// loop closes; the price is that connections are not reused across bursts
// (they are within one: concurrent and back-to-back requests of the same
// burst share curl's connection cache).
//
// The frame of a request is a native async frame (docs/abi.md): state 0
// starts the transfer and suspends; completion or cancellation settles
// everything (easy handle, file, response) and wakes the frame, which then
// ends with its result or error.  Strings are copied into the runtime's raw
// pools, so a frame that is never started leaks nothing even at loop close.
#include "internal.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Sockets curl asked us to watch.
typedef struct sock_ctx {
  uv_poll_t poll;
  curl_socket_t fd;
  int events;  // what curl wants (UV_READABLE | UV_WRITABLE)
  int closed;  // uv_close called (memory goes in its callback)
  struct sock_ctx *prev, *next;
} sock_ctx;

typedef struct http_frame http_frame;

static struct {
  CURLM *multi;  // NULL when idle
  uv_loop_t *uv;
  uv_timer_t *timer;    // curl's timeout
  uv_async_t *guard;    // keeps the loop alive while transfers exist
  sock_ctx socks;       // list head of watched sockets
  size_t active;        // transfers added to the multi
  int curl_ready;       // curl_global_init done
  http_frame *failing;  // transfers to fail in check_done (fail_later)
} M;

struct http_frame {
  ac__op op;
  union {
    int status;     // ac_http_get's result
    int64_t bytes;  // ac_http_get_to_file's result
  } r;
  char *url;  // copies in the runtime's raw pools
  size_t url_size;
  char *path;        // NULL for ac_http_get
  char *part;        // path + ".part"
  size_t path_size;  // of path (part is path_size + 5)
  ac_http_options opt;
  ac_http_response *resp;  // borrowed, may be NULL for a file
  CURL *easy;              // while the transfer is in the multi
  int fd;                  // the .part file, or -1
  int werr;                // errno of a failed write
  uint64_t nbytes;         // body bytes so far
  size_t cap;              // ac_http_get: capacity of resp->body
  int fail_err;            // in M.failing: the error to end with
  http_frame *fail_next;
  char errbuf[CURL_ERROR_SIZE];
};

static const ac__op_type file_type;


// The multi handle and its libuv side ---------------------------------------

static void free_handle_cb(uv_handle_t *h)
{
  free(h->data == NULL ? (void *)h : h->data);
}


static void check_done(void);


static void on_poll(uv_poll_t *h, int status, int events)
{
  sock_ctx *c = h->data;
  int flags = 0, running = 0;
  if (M.multi == NULL)
    return;
  if (status < 0) {
    // libuv reports POLLERR as UV_EBADF and stops the handle.  Let curl
    // read or write: it then finds the socket's own error (ECONNRESET,
    // ECONNREFUSED, ...) instead of a bare "select/poll returned error".
    flags = CURL_CSELECT_IN | CURL_CSELECT_OUT;
  } else {
    if (events & UV_READABLE)
      flags |= CURL_CSELECT_IN;
    if (events & UV_WRITABLE)
      flags |= CURL_CSELECT_OUT;
  }
  curl_multi_socket_action(M.multi, c->fd, flags, &running);
  // Still watched: watch again what curl last asked for (curl calls the
  // socket callback only when that changes).
  if (status < 0 && !c->closed && c->events != 0)
    uv_poll_start(&c->poll, c->events, on_poll);
  check_done();
}


static void on_timeout(uv_timer_t *t)
{
  int running = 0;
  (void)t;
  if (M.multi == NULL)
    return;
  curl_multi_socket_action(M.multi, CURL_SOCKET_TIMEOUT, 0, &running);
  check_done();
}


static void sock_close(sock_ctx *c)
{
  c->prev->next = c->next;
  c->next->prev = c->prev;
  c->closed = 1;
  uv_poll_stop(&c->poll);
  uv_close((uv_handle_t *)&c->poll, free_handle_cb);
}


// A socket of easy's transfer cannot be watched (out of memory): the
// transfer is taken out and fails with err in check_done, which runs
// after every curl_multi_socket_action (no handle may be removed inside
// curl's callback).
static void fail_later(CURL *easy, int err)
{
  http_frame *f = NULL;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&f);
  if (f == NULL || f->fail_err != 0)
    return;
  f->fail_err = err;
  f->fail_next = M.failing;
  M.failing = f;
}


// CURLMOPT_SOCKETFUNCTION: watch s for what curl asks.
static int on_curl_socket(CURL *easy, curl_socket_t s, int what, void *userp,
                          void *socketp)
{
  sock_ctx *c = socketp;
  int events = 0;
  (void)easy;
  (void)userp;
  if (what == CURL_POLL_REMOVE) {
    if (c != NULL) {
      sock_close(c);
      if (M.multi != NULL)
        curl_multi_assign(M.multi, s, NULL);
    }
    return 0;
  }
  if (c == NULL) {
    int rc = AC_ENOMEM;
    c = ac__sys_alloc(sizeof *c);
    if (c == NULL || (rc = uv_poll_init_socket(M.uv, &c->poll, s)) != 0) {
      free(c);
      fail_later(easy, rc);
      return 0;
    }
    c->poll.data = c;
    c->fd = s;
    c->closed = 0;
    c->next = M.socks.next;
    c->prev = &M.socks;
    c->next->prev = c;
    M.socks.next = c;
    curl_multi_assign(M.multi, s, c);
  }
  if (what & CURL_POLL_IN)
    events |= UV_READABLE;
  if (what & CURL_POLL_OUT)
    events |= UV_WRITABLE;
  c->events = events;
  uv_poll_start(&c->poll, events, on_poll);
  return 0;
}


// CURLMOPT_TIMERFUNCTION: call curl back after timeout_ms (-1: never).
static int on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
  (void)multi;
  (void)userp;
  if (timeout_ms < 0) {
    uv_timer_stop(M.timer);
  } else {
    uv_update_time(M.uv);
    uv_timer_start(M.timer, on_timeout, (uint64_t)timeout_ms, 0);
  }
  return 0;
}


static void async_noop(uv_async_t *a)
{
  (void)a;
}


static int multi_open(void)
{
  if (M.multi != NULL)
    return 0;
  if (!M.curl_ready) {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      return AC_EHTTP;
    M.curl_ready = 1;
  }
  M.uv = ac_loop_uv(ac__loop_get());
  M.multi = curl_multi_init();
  M.timer = ac__sys_alloc(sizeof *M.timer);
  M.guard = ac__sys_alloc(sizeof *M.guard);
  if (M.multi == NULL || M.timer == NULL || M.guard == NULL) {
    if (M.multi != NULL)
      curl_multi_cleanup(M.multi);
    free(M.timer);
    free(M.guard);
    M.multi = NULL;
    M.timer = NULL;
    M.guard = NULL;
    return AC_ENOMEM;
  }
  uv_timer_init(M.uv, M.timer);
  M.timer->data = NULL;
  uv_async_init(M.uv, M.guard, async_noop);
  M.guard->data = NULL;
  M.socks.next = M.socks.prev = &M.socks;
  curl_multi_setopt(M.multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
  curl_multi_setopt(M.multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
  return 0;
}


// Cleans up the multi handle and closes every libuv handle (never from
// inside a libcurl callback).
static void multi_close(void)
{
  CURLM *m = M.multi;
  if (m == NULL)
    return;
  M.multi = NULL;  // the socket callback may still report removals
  curl_multi_cleanup(m);
  while (M.socks.next != &M.socks)
    sock_close(M.socks.next);
  uv_timer_stop(M.timer);
  uv_close((uv_handle_t *)M.timer, free_handle_cb);
  uv_close((uv_handle_t *)M.guard, free_handle_cb);
  M.timer = NULL;
  M.guard = NULL;
}


size_t ac_http_active(void)
{
  return M.active;
}


// Transfers -----------------------------------------------------------------

static size_t on_write_file(char *p, size_t size, size_t n, void *ud)
{
  http_frame *f = ud;
  size_t len = size * n, off = 0;
  while (off < len) {
    ssize_t w = write(f->fd, p + off, len - off);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      f->werr = errno;
      return 0;  // CURLE_WRITE_ERROR
    }
    off += (size_t)w;
  }
  f->nbytes += len;
  return len;
}


static size_t on_write_mem(char *p, size_t size, size_t n, void *ud)
{
  http_frame *f = ud;
  ac_http_response *r = f->resp;
  size_t len = size * n;
  if (r == NULL) {
    f->nbytes += len;
    return len;
  }
  if (r->body_len + len + 1 > f->cap) {
    size_t cap = f->cap ? f->cap : 4096;
    char *b;
    while (cap < r->body_len + len + 1)
      cap *= 2;
    b = ac__sys_realloc(r->body, cap);  // the caller's to free()
    if (b == NULL) {
      f->werr = ENOMEM;
      return 0;
    }
    r->body = b;
    f->cap = cap;
  }
  memcpy(r->body + r->body_len, p, len);
  r->body_len += len;
  r->body[r->body_len] = '\0';
  f->nbytes += len;
  return len;
}


// A libcurl outcome as a runtime error code (libuv codes where natural).
static int map_curl(CURLcode res, long os_errno, int werr)
{
  switch (res) {
  case CURLE_OK: return 0;
  case CURLE_COULDNT_CONNECT:
    return os_errno > 0 ? (int)-os_errno : UV_ECONNREFUSED;
  case CURLE_OPERATION_TIMEDOUT: return AC_ETIMEDOUT;
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY: return UV_EAI_NONAME;
  case CURLE_TOO_MANY_REDIRECTS: return AC_EHTTPREDIRECTS;
  case CURLE_PARTIAL_FILE: return AC_EHTTPPARTIAL;
  case CURLE_HTTP_RETURNED_ERROR: return AC_EHTTPSTATUS;
  case CURLE_WRITE_ERROR: return werr > 0 ? -werr : AC_EHTTP;
  case CURLE_OUT_OF_MEMORY: return AC_ENOMEM;
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL: return AC_EINVAL;
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR: return os_errno > 0 ? (int)-os_errno : AC_EHTTP;
  default: return AC_EHTTP;
  }
}


// Takes the transfer out of the multi (closing its connection if it was
// still in use).  Never called from inside a libcurl callback.
static void detach(http_frame *f)
{
  if (f->easy == NULL)
    return;
  curl_multi_remove_handle(M.multi, f->easy);
  curl_easy_cleanup(f->easy);
  f->easy = NULL;
  M.active--;
}


// Closes the .part file; on success renames it to path, else removes it.
// Returns err, or the rename's error.
static int settle_file(http_frame *f, int err)
{
  if (f->fd < 0)
    return err;
  if (close(f->fd) != 0 && err == 0)
    err = -errno;
  f->fd = -1;
  if (err == 0 && rename(f->part, f->path) != 0) {
    err = -errno;
    snprintf(f->errbuf, sizeof f->errbuf, "%s: %s", f->path, strerror(errno));
  }
  if (err != 0)
    unlink(f->part);
  return err;
}


// Fills the response and the result.
static void fill(http_frame *f, int err, int status, int redirects)
{
  ac_http_response *r = f->resp;
  if (r != NULL) {
    r->status = status;
    r->error = err;
    r->redirects = redirects;
    r->bytes = f->nbytes;
    if (err == 0)
      r->message[0] = '\0';
    else if (f->errbuf[0] != '\0')
      snprintf(r->message, sizeof r->message, "%s", f->errbuf);
    else
      snprintf(r->message, sizeof r->message, "%s", ac_strerror(err));
  }
  if (f->op.hdr.q.desc == &file_type.desc)
    f->r.bytes = (int64_t)f->nbytes;
  else
    f->r.status = status;
}


// Fills the response and the result, then wakes the (suspended) frame.
static void complete(http_frame *f, int err, int status, int redirects)
{
  fill(f, err, status, redirects);
  ac__op_complete(&f->op, err);
}


// A transfer curl reports done.
static void finish(http_frame *f, CURLcode res)
{
  long status = 0, os_errno = 0, redirects = 0;
  int err;
  curl_easy_getinfo(f->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(f->easy, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo(f->easy, CURLINFO_REDIRECT_COUNT, &redirects);
  err = map_curl(res, os_errno, f->werr);
  if (err == 0 && status >= 400)
    err = AC_EHTTPSTATUS;
  if (err == AC_EHTTPSTATUS)
    snprintf(f->errbuf, sizeof f->errbuf, "%.200s: HTTP status %ld", f->url,
             status);
  else if (res == CURLE_WRITE_ERROR && f->werr > 0)
    snprintf(f->errbuf, sizeof f->errbuf, "%s: %s",
             f->part != NULL ? f->part : "body", strerror(f->werr));
  else if (err != 0) {
    // "URL: what (libcurl's detail)"
    char detail[CURL_ERROR_SIZE];
    snprintf(detail, sizeof detail, "%s",
             f->errbuf[0] != '\0' ? f->errbuf : curl_easy_strerror(res));
    snprintf(f->errbuf, sizeof f->errbuf, "%.120s: %s (%.100s)", f->url,
             ac_strerror(err), detail);
  }
  detach(f);
  err = settle_file(f, err);
  complete(f, err, (int)status, (int)redirects);
}


// Reaps finished transfers and fails those fail_later marked; closes the
// multi when none is left.
static void check_done(void)
{
  CURLMsg *m;
  int left;
  while (M.multi != NULL &&
         (m = curl_multi_info_read(M.multi, &left)) != NULL) {
    if (m->msg == CURLMSG_DONE) {
      http_frame *f = NULL;
      CURLcode res = m->data.result;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&f);
      finish(f, res);
    }
  }
  while (M.failing != NULL) {
    http_frame *f = M.failing;
    M.failing = f->fail_next;
    if (f->easy != NULL) {  // (not finished meanwhile)
      detach(f);
      snprintf(f->errbuf, sizeof f->errbuf, "%.120s: %s", f->url,
               ac_strerror(f->fail_err));
      complete(f, settle_file(f, f->fail_err), 0, 0);
    }
  }
  if (M.active == 0)
    multi_close();
}


static long ms(double seconds)
{
  return seconds > 0 ? (long)(seconds * 1000.0 + 0.5) : 0;
}


// Starts the transfer: 0, or an error (nothing left behind).
static int start(http_frame *f)
{
  CURL *e;
  int err, maxr;
  f->errbuf[0] = '\0';
  if (f->resp != NULL) {
    f->resp->status = f->resp->error = f->resp->redirects = 0;
    f->resp->bytes = 0;
    f->resp->message[0] = '\0';
  }
  if (f->path != NULL) {
    f->fd = open(f->part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (f->fd < 0) {
      snprintf(f->errbuf, sizeof f->errbuf, "%s: %s", f->part, strerror(errno));
      return -errno;
    }
  }
  err = multi_open();
  if (err != 0)
    return err;
  e = curl_easy_init();
  if (e == NULL)
    return AC_ENOMEM;
  curl_easy_setopt(e, CURLOPT_URL, f->url);
  curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)f);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, f->errbuf);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(e, CURLOPT_USERAGENT, "libacrt/0.1 (libcurl)");
  curl_easy_setopt(e, CURLOPT_WRITEDATA, f);
  if (f->path != NULL) {
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write_file);
    curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write_mem);
  }
  if (!f->opt.no_follow) {
    maxr = f->opt.max_redirects == 0  ? 10
           : f->opt.max_redirects < 0 ? 0
                                      : f->opt.max_redirects;
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)maxr);
  }
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms(f->opt.timeout));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   f->opt.connect_timeout > 0 ? ms(f->opt.connect_timeout)
                                              : 30000L);
  if (curl_multi_add_handle(M.multi, e) != CURLM_OK) {
    curl_easy_cleanup(e);
    if (M.active == 0)
      multi_close();
    return AC_EHTTP;
  }
  f->easy = e;
  M.active++;
  return 0;
}


static int http_step(ac__op *op)
{
  http_frame *f = (http_frame *)op;
  int err;
  if (op->hdr.state != 0)
    return AC_DONE;  // woken by finish() or cancelled: everything is settled
  err = start(f);
  if (err != 0) {
    err = settle_file(f, err);
    fill(f, err, 0, 0);
    return ac__op_fail(op, err);
  }
  return ac__op_park(op, NULL);
}


// Takes the transfer out and settles the file and the response; the
// mechanism then wakes the frame with AC_ECANCELED.
static int http_cancel(ac__op *op)
{
  http_frame *f = (http_frame *)op;
  detach(f);
  settle_file(f, AC_ECANCELED);
  snprintf(f->errbuf, sizeof f->errbuf, "%s: cancelled", f->url);
  fill(f, AC_ECANCELED, f->resp != NULL ? f->resp->status : 0, 0);
  if (M.active == 0)
    multi_close();
  return AC__OP_CANCEL_NOW;
}


static void http_release(ac__op *op)
{
  http_frame *f = (http_frame *)op;
  if (f->easy != NULL) {
    detach(f);
    if (M.active == 0)
      multi_close();
  }
  settle_file(f, AC_ECANCELED);
  ac__mem_free(f->url, f->url_size);
  if (f->path != NULL) {
    ac__mem_free(f->path, f->path_size);
    ac__mem_free(f->part, f->path_size + 5);
  }
}

AC__OP_TYPE_(get_type, "http_get", http_frame, offsetof(http_frame, r),
             sizeof(int), AC_RESULT_SIZE(*(int *)0), AC_KIND_INT, http_step,
             http_cancel, http_release);
AC__OP_TYPE_(file_type, "http_get_to_file", http_frame, offsetof(http_frame, r),
             sizeof(int64_t), AC_RESULT_SIZE(*(int64_t *)0), AC_KIND_INT,
             http_step, http_cancel, http_release);


// NULL when out of memory.
static char *mem_strdup(const char *s, size_t *size)
{
  size_t n = strlen(s) + 1;
  char *p = ac__mem_try_alloc(n);
  if (p == NULL)
    return NULL;
  memcpy(p, s, n);
  *size = n;
  return p;
}


static ac_task *http_new(const ac__op_type *type, const char *url,
                         const char *path, const ac_http_options *opt,
                         ac_http_response *resp)
{
  http_frame *f = ac__op_new(type, NULL);
  if (ac_frame_failed(&f->op.hdr))
    goto nomem;
  f->fd = -1;
  f->url = mem_strdup(url != NULL ? url : "", &f->url_size);
  if (f->url == NULL)
    goto nomem;
  if (path != NULL) {
    f->path = mem_strdup(path, &f->path_size);
    if (f->path == NULL)
      goto nomem;
    f->part = ac__mem_try_alloc(f->path_size + 5);
    if (f->part == NULL)
      goto nomem;
    memcpy(f->part, path, f->path_size - 1);
    memcpy(f->part + f->path_size - 1, ".part", 6);
  }
  if (opt != NULL)
    f->opt = *opt;
  f->resp = resp;
  return &f->op.hdr;
nomem:  // the await raises AC_ENOMEM; http_release frees what was copied
  ac_task_release(&f->op.hdr);
  if (resp != NULL)
    resp->error = AC_ENOMEM;
  return &ac__nomem_task;
}


ac_task *ac_http_get(const char *url, const ac_http_options *opt,
                     ac_http_response *resp)
{
  if (resp != NULL) {
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
  }
  return http_new(&get_type, url, NULL, opt, resp);
}


ac_task *ac_http_get_to_file(const char *url, const char *path,
                             const ac_http_options *opt, ac_http_response *resp)
{
  return http_new(&file_type, url, path != NULL ? path : "", opt, resp);
}


void ac_http_response_clear(ac_http_response *resp)
{
  if (resp == NULL)
    return;
  free(resp->body);
  memset(resp, 0, sizeof *resp);
}


const char *ac_http_message(const ac_http_response *resp)
{
  if (resp->message[0] != '\0' || resp->error == 0)
    return resp->message;
  return ac_strerror(resp->error);
}
