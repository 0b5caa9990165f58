// acrt_http.h — the HTTP/1.1 client (included by acrt.h).
//
// GET requests on libcurl's multi-socket interface, driven by the runtime's
// own libuv loop: a transfer never blocks the loop, any number of them run
// at once, and each is an async function with the task ABI, so `await`
// works on it directly.  Content-Length, chunked and close-delimited
// bodies; bounded redirects; total and connect timeouts; the body in
// memory (ac_http_get) or streamed to a file (ac_http_get_to_file).
//
// Failures raise a negative code at the await, like every runtime error:
//   UV_ECONNREFUSED, UV_ECONNRESET, ...  the system's own error (libuv code)
//   UV_EAI_NONAME                        the host name did not resolve
//   AC_ETIMEDOUT                         a timeout of the options expired
//   AC_EHTTPSTATUS                       the server answered 400 or above
//   AC_EHTTPPARTIAL                      the connection closed before the
//                                        whole body (Content-Length or
//                                        chunked) arrived
//   AC_EHTTPREDIRECTS                    more redirects than max_redirects
//   AC_EHTTP                             any other protocol or libcurl error
//   AC_EINVAL                            a malformed or non-http(s) URL
//   AC_ECANCELED                         the awaiting task was cancelled
// ac_strerror() knows all of them; the response's `message` (or
// ac_http_message()) says what happened to this transfer in one line,
// e.g. "Failed to connect to 127.0.0.1 port 9: Connection refused".
#ifndef AC_ACRT_HTTP_H
#define AC_ACRT_HTTP_H

#include <stddef.h>
#include <stdint.h>

// The HTTP client's error codes (name, value, message), also in
// ac_strerror() / ac_err_name().
#define AC_HTTP_ERRNO_MAP(XX)                                                  \
  XX(EHTTP, -30100, "HTTP transfer failed")                                    \
  XX(EHTTPSTATUS, -30101,                                                      \
     "HTTP server answered with an error status (400 or above)")               \
  XX(EHTTPPARTIAL, -30102,                                                     \
     "HTTP connection closed before the whole body arrived")                   \
  XX(EHTTPREDIRECTS, -30103, "too many HTTP redirects")

enum {
#define AC__HTTP_ERR_ENUM(name, value, msg) AC_##name = (value),
  AC_HTTP_ERRNO_MAP(AC__HTTP_ERR_ENUM)
#undef AC__HTTP_ERR_ENUM
};

// Options of a request.  All-zero (or a NULL pointer) means the defaults.
typedef struct ac_http_options {
  double timeout;          // seconds for the whole transfer; <= 0: no limit
  double connect_timeout;  // seconds to connect (DNS + TCP/TLS); <= 0: 30 s
  int max_redirects;       // redirects followed at most; 0: 10; < 0: none
                           // (a further 3xx fails with AC_EHTTPREDIRECTS)
  int no_follow;           // nonzero: do not follow redirects; a 3xx is
                           // then a successful answer like any other
} ac_http_options;

// What a request reports.  Owned by the caller, who must keep it valid
// until the request's task has ended; filled in on success and failure.
// Zero-initialise it (`ac_http_response r = {0};`) before its first use.
typedef struct ac_http_response {
  int status;         // status of the last response (0: none arrived)
  int error;          // 0, or the code the request raised
  int redirects;      // redirects followed
  uint64_t bytes;     // body bytes received (written, for a file)
  char *body;         // ac_http_get only: the body, NUL-terminated
                      // (NULL before any byte); malloc'd, the caller's to
                      // free with ac_http_response_clear
  size_t body_len;    // its length (without the NUL)
  char message[256];  // "" on success, else one line saying what failed
} ac_http_response;

// GET url; the body goes to resp->body (resp must not be NULL; a body it
// still holds from an earlier request is freed by this call).  The result
// is the final status (2xx, or 3xx with no_follow); a status of 400 or
// above raises AC_EHTTPSTATUS after the whole body has arrived (so
// resp->body holds the error page).  url is copied at the call, *opt too
// (opt may be NULL); resp is borrowed until the task ends.  Cancelling the
// awaiting task aborts the transfer (its connection is closed) and raises
// AC_ECANCELED; what arrived so far stays in resp->body.
AC_ASYNC_DECL(int, ac_http_get, (const char *url, const ac_http_options *opt,
                                 ac_http_response *resp));

// GET url and stream the body to the file at path.  The body is written to
// "path.part" (created or truncated, mode 0666 & ~umask) and renamed to
// path only when the whole body arrived: on any failure or cancellation
// the .part file is removed and path is left untouched.  A status of 400
// or above fails at the headers (AC_EHTTPSTATUS; nothing is written).  The
// result is the number of body bytes.  url and path are copied at the
// call, *opt too (opt may be NULL); resp may be NULL, else it is borrowed
// until the task ends (its body and body_len are not touched).  Cancellation as ac_http_get.
// Writes are plain write(2) calls from the loop's thread (disk writes of a
// local file do not wait for the network).
AC_ASYNC_DECL(int64_t, ac_http_get_to_file,
              (const char *url, const char *path, const ac_http_options *opt,
               ac_http_response *resp));

// Frees resp->body and zeroes *resp.  NULL is ignored.
void ac_http_response_clear(ac_http_response *resp);

// A line describing the outcome: resp->message if set, else
// ac_strerror(resp->error) ("" for success).  Borrowed from resp.
const char *ac_http_message(const ac_http_response *resp);

// Transfers in progress (tests check it drops to 0).
size_t ac_http_active(void);

#endif
