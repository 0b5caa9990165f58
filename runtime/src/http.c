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
// A uv_async_t that never fires is referenced while transfers exist, so
// the loop waits for them instead of reporting a stall; every other handle
// (timer, socket polls) is unreferenced.  The multi handle, and with it
// curl's cache of kept-alive connections, lives as long as the loop: a
// later request to the same host reuses a connection (resp->reused), and
// an idle connection never keeps the loop running.  ac_http_close_idle()
// drops the idle connections; ac_loop_close cleans everything up
// (ac__http_loop_close).
//
// A transfer (struct xfer, http_internal.h) is what curl works on; it
// belongs either to the frame of ac_http_get / ac_http_get_to_file /
// ac_http_fetch (the request op) or to an ac_http_body (ac_http_open: the
// body streamed to a reader, http_body.c), and its `done` function tells
// the owner how it ended.
//
// The frame of a request is a native async frame (docs/abi.md): state 0
// starts the transfer and suspends; completion or cancellation settles
// everything (easy handle, file, response) and wakes the frame, which then
// ends with its result or error.  Strings are copied into the runtime's raw
// pools, so a frame that is never started leaks nothing even at loop close.
#include "http_internal.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

// Sockets curl asked us to watch.
typedef struct sock_ctx {
  uv_poll_t poll;
  curl_socket_t fd;
  int events;  // what curl wants (UV_READABLE | UV_WRITABLE)
  int closed;  // uv_close called (memory goes in its callback)
  struct sock_ctx *prev, *next;
} sock_ctx;

// The client's state, per thread like the loop it runs on.
static AC__THREAD struct {
  CURLM *multi;  // NULL before the first request (and after loop close)
  uv_loop_t *uv;
  uv_timer_t *timer;  // curl's timeout (unreferenced)
  uv_async_t *guard;  // referenced while transfers exist
  sock_ctx socks;     // list head of watched sockets
  size_t active;      // transfers added to the multi
  xfer *failing;      // transfers to fail in ac__http_check_done (fail_later)
} M;

// The frame of a request that runs to its end (get, get_to_file, fetch).
typedef struct http_frame {
  ac__op op;
  union {
    int status;     // the status, for get and fetch
    int64_t bytes;  // ac_http_get_to_file's result
  } r;
  xfer x;
} http_frame;


// The multi handle and its libuv side ---------------------------------------

static void free_handle_cb(uv_handle_t *h)
{
  free(h->data == NULL ? (void *)h : h->data);
}


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
  ac__http_check_done();
}


static void on_timeout(uv_timer_t *t)
{
  int running = 0;
  (void)t;
  if (M.multi == NULL)
    return;
  curl_multi_socket_action(M.multi, CURL_SOCKET_TIMEOUT, 0, &running);
  ac__http_check_done();
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
// transfer is taken out and fails with err in ac__http_check_done, which
// runs after every curl_multi_socket_action (no handle may be removed
// inside curl's callback).
static void fail_later(CURL *easy, int err)
{
  xfer *f = NULL;
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
    uv_unref((uv_handle_t *)&c->poll);  // the guard keeps the loop alive
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


// curl_global_init is not thread-safe: once per process.
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_init_status;

static void curl_init(void)
{
  curl_init_status = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}


static int multi_open(void)
{
  if (M.multi != NULL)
    return 0;
  pthread_once(&curl_once, curl_init);
  if (!curl_init_status)
    return AC_EHTTP;
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
  uv_unref((uv_handle_t *)M.timer);
  M.timer->data = NULL;
  uv_async_init(M.uv, M.guard, async_noop);
  uv_unref((uv_handle_t *)M.guard);  // referenced while transfers exist
  M.guard->data = NULL;
  M.socks.next = M.socks.prev = &M.socks;
  curl_multi_setopt(M.multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
  curl_multi_setopt(M.multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
  return 0;
}


// Cleans up the multi handle (closing the kept-alive connections) and
// closes every libuv handle (never from inside a libcurl callback).
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


// Transfers -----------------------------------------------------------------

// One more or one fewer transfer: the guard holds the loop while any runs.
static void active_add(int delta)
{
  if (delta > 0 && M.active++ == 0)
    uv_ref((uv_handle_t *)M.guard);
  if (delta < 0 && --M.active == 0)
    uv_unref((uv_handle_t *)M.guard);
}


static size_t on_write_file(char *p, size_t size, size_t n, void *ud)
{
  xfer *f = ud;
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


// Appends len bytes to a malloc'd, NUL-terminated buffer (*buf, *blen,
// *cap); 0 or -1 when out of memory.
int ac__http_append(char **buf, size_t *blen, size_t *cap, const char *p,
                    size_t len)
{
  if (*blen + len + 1 > *cap) {
    size_t c = *cap ? *cap : 4096;
    char *b;
    while (c < *blen + len + 1)
      c *= 2;
    b = ac__sys_realloc(*buf, c);  // the caller's to free()
    if (b == NULL)
      return -1;
    *buf = b;
    *cap = c;
  }
  memcpy(*buf + *blen, p, len);
  *blen += len;
  (*buf)[*blen] = '\0';
  return 0;
}


static size_t on_write_mem(char *p, size_t size, size_t n, void *ud)
{
  xfer *f = ud;
  ac_http_response *r = f->resp;
  size_t len = size * n;
  if (r != NULL &&
      ac__http_append(&r->body, &r->body_len, &f->cap, p, len) != 0) {
    f->werr = ENOMEM;
    return 0;
  }
  f->nbytes += len;
  return len;
}


// The response's header lines, kept in resp->headers; a new status line
// (a redirect's target, or the answer after "100 Continue") starts over,
// so the headers are those of the final response.
static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
  xfer *f = ud;
  ac_http_response *r = f->resp;
  size_t len = size * n;
  if (r == NULL)
    return len;
  if (len >= 5 && memcmp(p, "HTTP/", 5) == 0)
    r->headers_len = 0;
  if (ac__http_append(&r->headers, &r->headers_len, &f->hcap, p, len) != 0) {
    f->werr = ENOMEM;
    return 0;
  }
  return len;
}


// The request body from a file (blocking read(2) on the loop's thread, as
// the body to a file is written: local disk, not the network).
static size_t on_read_file(char *p, size_t size, size_t n, void *ud)
{
  xfer *f = ud;
  ssize_t r;
  do
    r = read(f->body_fd, p, size * n);
  while (r < 0 && errno == EINTR);
  if (r < 0) {
    f->werr = errno;
    return CURL_READFUNC_ABORT;
  }
  return (size_t)r;
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
  case CURLE_WRITE_ERROR:
  case CURLE_READ_ERROR:
  case CURLE_ABORTED_BY_CALLBACK: return werr > 0 ? -werr : AC_EHTTP;
  case CURLE_OUT_OF_MEMORY: return AC_ENOMEM;
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL: return AC_EINVAL;
  case CURLE_PEER_FAILED_VERIFICATION: return AC_ETLSVERIFY;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_CERTPROBLEM: return AC_ETLS;
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR: return os_errno > 0 ? (int)-os_errno : AC_EHTTP;
  default: return AC_EHTTP;
  }
}


// Takes the transfer out of the multi (closing its connection if it was
// still in use).  Never called from inside a libcurl callback.
static void detach(xfer *f)
{
  if (f->easy == NULL)
    return;
  curl_multi_remove_handle(M.multi, f->easy);
  curl_easy_cleanup(f->easy);
  f->easy = NULL;
  active_add(-1);
}


// Closes the .part file; on success renames it to path, else removes it.
// Returns err, or the rename's error.
static int settle_file(xfer *f, int err)
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


// Fills the response (when there is one).
void ac__http_fill(xfer *f, int err, int status, int redirects, int reused)
{
  ac_http_response *r = f->resp;
  f->status = status;
  if (r == NULL)
    return;
  r->status = status;
  r->error = err;
  r->redirects = redirects;
  r->reused = reused;
  r->bytes = f->nbytes;
  if (err == 0)
    r->message[0] = '\0';
  else if (f->errbuf[0] != '\0')
    snprintf(r->message, sizeof r->message, "%s", f->errbuf);
  else
    snprintf(r->message, sizeof r->message, "%s", ac_strerror(err));
}


// A transfer curl reports done.
static void finish(xfer *f, CURLcode res)
{
  long status = 0, os_errno = 0, redirects = 0, connects = 0;
  int err;
  curl_easy_getinfo(f->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(f->easy, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo(f->easy, CURLINFO_REDIRECT_COUNT, &redirects);
  curl_easy_getinfo(f->easy, CURLINFO_NUM_CONNECTS, &connects);
  err = map_curl(res, os_errno, f->werr);
  if (err == 0 && status >= 400)
    err = AC_EHTTPSTATUS;
  if (err == AC_EHTTPSTATUS)
    snprintf(f->errbuf, sizeof f->errbuf, "%.200s: HTTP status %ld", f->url,
             status);
  else if ((res == CURLE_WRITE_ERROR || res == CURLE_READ_ERROR ||
            res == CURLE_ABORTED_BY_CALLBACK) &&
           f->werr > 0)
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
  ac__http_fill(f, err, (int)status, (int)redirects,
                status > 0 && connects == 0);
  f->done(f, err);
}


// Reaps finished transfers and fails those fail_later marked.
void ac__http_check_done(void)
{
  CURLMsg *m;
  int left;
  while (M.multi != NULL &&
         (m = curl_multi_info_read(M.multi, &left)) != NULL) {
    if (m->msg == CURLMSG_DONE) {
      xfer *f = NULL;
      CURLcode res = m->data.result;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&f);
      finish(f, res);
    }
  }
  while (M.failing != NULL) {
    xfer *f = M.failing;
    M.failing = f->fail_next;
    if (f->easy != NULL) {  // (not finished meanwhile)
      detach(f);
      snprintf(f->errbuf, sizeof f->errbuf, "%.120s: %s", f->url,
               ac_strerror(f->fail_err));
      int err = settle_file(f, f->fail_err);
      ac__http_fill(f, err, 0, 0, 0);
      f->done(f, err);
    }
  }
}


static long ms(double seconds)
{
  return seconds > 0 ? (long)(seconds * 1000.0 + 0.5) : 0;
}


// Sets what the request sends: method, headers, body.
static void set_request(xfer *f, CURL *e)
{
  if (f->headers != NULL)
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, f->headers);
  if (f->body != NULL) {
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)f->body_len);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, f->body);
  } else if (f->body_fd >= 0) {
    struct stat st;
    curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);  // PUT unless a method is set
    curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read_file);
    curl_easy_setopt(e, CURLOPT_READDATA, f);
    if (fstat(f->body_fd, &st) == 0 && S_ISREG(st.st_mode))
      curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size);
  }
  if (f->method != NULL) {
    if (strcmp(f->method, "HEAD") == 0)
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    else
      curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, f->method);
  }
}


// Starts the transfer: 0, or an error (nothing left behind).
int ac__http_start(xfer *f)
{
  CURL *e;
  int err, maxr;
  f->errbuf[0] = '\0';
  if (f->resp != NULL) {
    f->resp->status = f->resp->error = f->resp->redirects = 0;
    f->resp->reused = 0;
    f->resp->bytes = 0;
    if (f->path == NULL)
      f->resp->headers_len = 0;
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
  if (f->path == NULL) {  // (to a file: resp->headers is left alone)
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, f);
  }
  if (f->stream != NULL) {
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, ac__http_on_write_stream);
    curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
  } else if (f->path != NULL) {
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write_file);
    curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write_mem);
  }
  set_request(f, e);
  if (!f->opt.no_follow) {
    maxr = f->opt.max_redirects == 0  ? 10
           : f->opt.max_redirects < 0 ? 0
                                      : f->opt.max_redirects;
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)maxr);
  }
  if (f->ca_file != NULL)
    curl_easy_setopt(e, CURLOPT_CAINFO, f->ca_file);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms(f->opt.timeout));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                   f->opt.connect_timeout > 0 ? ms(f->opt.connect_timeout)
                                              : 30000L);
  if (curl_multi_add_handle(M.multi, e) != CURLM_OK) {
    curl_easy_cleanup(e);
    return AC_EHTTP;
  }
  f->easy = e;
  active_add(1);
  return 0;
}


// Lets go of what the transfer copied (the url, method, paths, headers)
// and of its easy handle and request file, if still held.
void ac__http_xfer_free(xfer *f)
{
  detach(f);
  settle_file(f, AC_ECANCELED);
  if (f->body_fd >= 0) {
    close(f->body_fd);
    f->body_fd = -1;
  }
  curl_slist_free_all(f->headers);
  f->headers = NULL;
  ac__mem_free(f->url, f->url_size);
  f->url = NULL;
  if (f->method != NULL)
    ac__mem_free(f->method, f->method_size);
  f->method = NULL;
  if (f->ca_file != NULL)
    ac__mem_free(f->ca_file, f->ca_size);
  f->ca_file = NULL;
  if (f->path != NULL) {
    ac__mem_free(f->path, f->path_size);
    ac__mem_free(f->part, f->path_size + 5);
    f->path = NULL;
  }
}


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


// Fills a transfer from a request (copying its strings); 0, AC_ENOMEM, or
// the error of opening the request body's file.
int ac__http_xfer_init(xfer *f, const ac_http_request *req, const char *path,
                       ac_http_response *resp)
{
  f->fd = -1;
  f->body_fd = -1;
  f->resp = resp;
  if (req->opt != NULL)
    f->opt = *req->opt;
  f->url = mem_strdup(req->url != NULL ? req->url : "", &f->url_size);
  if (f->url == NULL)
    return AC_ENOMEM;
  if (req->method != NULL &&
      (f->method = mem_strdup(req->method, &f->method_size)) == NULL)
    return AC_ENOMEM;
  if (f->opt.ca_file != NULL &&
      (f->ca_file = mem_strdup(f->opt.ca_file, &f->ca_size)) == NULL)
    return AC_ENOMEM;
  f->opt.ca_file = NULL;  // (the copy is f->ca_file)
  for (const char *const *h = req->headers; h != NULL && *h != NULL; h++) {
    struct curl_slist *l = curl_slist_append(f->headers, *h);
    if (l == NULL)
      return AC_ENOMEM;
    f->headers = l;
  }
  f->body = req->body;
  f->body_len = req->body != NULL ? req->body_len : 0;
  if (req->body_file != NULL) {
    f->body_fd = open(req->body_file, O_RDONLY | O_CLOEXEC);
    if (f->body_fd < 0) {
      int err = -errno;
      snprintf(f->errbuf, sizeof f->errbuf, "%s: %s", req->body_file,
               strerror(errno));
      return err;
    }
  }
  if (path != NULL) {
    f->path = mem_strdup(path, &f->path_size);
    if (f->path == NULL)
      return AC_ENOMEM;
    f->part = ac__mem_try_alloc(f->path_size + 5);
    if (f->part == NULL)
      return AC_ENOMEM;
    memcpy(f->part, path, f->path_size - 1);
    memcpy(f->part + f->path_size - 1, ".part", 6);
  }
  return 0;
}


// Requests that run to their end -----------------------------------------

static const ac__op_type file_type;

// How a request's transfer ended: the result, then wake the frame.
static void frame_done(xfer *x, int err)
{
  http_frame *f = (http_frame *)((char *)x - offsetof(http_frame, x));
  if (f->op.hdr.q.desc == &file_type.desc)
    f->r.bytes = (int64_t)x->nbytes;
  else
    f->r.status = x->status;
  ac__op_complete(&f->op, err);
}


static int http_step(ac__op *op)
{
  http_frame *f = (http_frame *)op;
  int err;
  if (op->hdr.state != 0)
    return AC_DONE;  // woken by finish() or cancelled: everything is settled
  if (f->x.fail_err != 0) {  // the request could not be set up
    ac__http_fill(&f->x, f->x.fail_err, 0, 0, 0);
    return ac__op_fail(op, f->x.fail_err);
  }
  err = ac__http_start(&f->x);
  if (err != 0) {
    err = settle_file(&f->x, err);
    ac__http_fill(&f->x, err, 0, 0, 0);
    return ac__op_fail(op, err);
  }
  return ac__op_park(op, NULL);
}


// Takes the transfer out and settles the file and the response; the
// mechanism then wakes the frame with AC_ECANCELED.
static int http_cancel(ac__op *op)
{
  http_frame *f = (http_frame *)op;
  detach(&f->x);
  settle_file(&f->x, AC_ECANCELED);
  snprintf(f->x.errbuf, sizeof f->x.errbuf, "%s: cancelled", f->x.url);
  ac__http_fill(&f->x, AC_ECANCELED, f->x.resp != NULL ? f->x.resp->status : 0,
                0, 0);
  return AC__OP_CANCEL_NOW;
}


static void http_release(ac__op *op)
{
  ac__http_xfer_free(&((http_frame *)op)->x);
}

AC__OP_TYPE_(get_type, "http_get", http_frame, offsetof(http_frame, r),
             sizeof(int), AC_RESULT_SIZE(*(int *)0), AC_KIND_INT, http_step,
             http_cancel, http_release);
AC__OP_TYPE_(file_type, "http_get_to_file", http_frame, offsetof(http_frame, r),
             sizeof(int64_t), AC_RESULT_SIZE(*(int64_t *)0), AC_KIND_INT,
             http_step, http_cancel, http_release);


static ac_task *http_new(const ac__op_type *type, const ac_http_request *req,
                         const char *path, ac_http_response *resp)
{
  http_frame *f = ac__op_new(type, NULL);
  int err;
  if (ac_frame_failed(&f->op.hdr)) {
    if (resp != NULL)
      resp->error = AC_ENOMEM;
    return &ac__nomem_task;
  }
  f->x.done = frame_done;
  err = ac__http_xfer_init(&f->x, req, path, resp);
  if (err == AC_ENOMEM) {  // the await raises AC_ENOMEM; release frees
    ac_task_release(&f->op.hdr);
    if (resp != NULL)
      resp->error = AC_ENOMEM;
    return &ac__nomem_task;
  }
  f->x.fail_err = err;  // raised when the request starts
  return &f->op.hdr;
}


// A body that a new request is about to fill starts empty.
static void clear_body(ac_http_response *resp)
{
  if (resp != NULL) {
    free(resp->body);
    resp->body = NULL;
    resp->body_len = 0;
  }
}


ac_task *ac_http_get(const char *url, const ac_http_options *opt,
                     ac_http_response *resp)
{
  ac_http_request req = {.url = url, .opt = opt};
  clear_body(resp);
  return http_new(&get_type, &req, NULL, resp);
}


ac_task *ac_http_get_to_file(const char *url, const char *path,
                             const ac_http_options *opt, ac_http_response *resp)
{
  ac_http_request req = {.url = url, .opt = opt};
  return http_new(&file_type, &req, path != NULL ? path : "", resp);
}


ac_task *ac_http_fetch(const ac_http_request *req, ac_http_response *resp)
{
  clear_body(resp);
  return http_new(&get_type, req, NULL, resp);
}


void ac_http_response_clear(ac_http_response *resp)
{
  if (resp == NULL)
    return;
  free(resp->body);
  free(resp->headers);
  memset(resp, 0, sizeof *resp);
}


const char *ac_http_message(const ac_http_response *resp)
{
  if (resp->message[0] != '\0' || resp->error == 0)
    return resp->message;
  return ac_strerror(resp->error);
}


ssize_t ac_http_header(const ac_http_response *resp, const char *name,
                       char *buf, size_t size)
{
  size_t nlen = strlen(name);
  const char *p = resp->headers, *end;
  if (p == NULL)
    return UV_ENOENT;
  end = p + resp->headers_len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *next = eol != NULL ? eol + 1 : end;
    if ((size_t)(next - p) > nlen && strncasecmp(p, name, nlen) == 0 &&
        p[nlen] == ':') {
      const char *v = p + nlen + 1, *ve = eol != NULL ? eol : end;
      while (v < ve && (*v == ' ' || *v == '\t'))
        v++;
      while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
        ve--;
      size_t n = (size_t)(ve - v);
      if (buf != NULL && size > 0) {
        size_t c = n < size ? n : size - 1;
        memcpy(buf, v, c);
        buf[c] = '\0';
      }
      return (ssize_t)n;
    }
    p = next;
  }
  return UV_ENOENT;
}


size_t ac_http_active(void)
{
  return M.active;
}


// The loop ----------------------------------------------------------------------

void ac_http_close_idle(void)
{
  if (M.multi != NULL && M.active == 0)
    multi_close();
}


void ac__http_loop_close(void)
{
  ac__http_bodies_close();
  multi_close();
}
