// acrt_http.h — the HTTP/1.1 client (included by acrt.h).
//
// Requests (any method, headers, a body from memory or a file) on
// libcurl's multi-socket interface, driven by the runtime's
// own libuv loop: a transfer never blocks the loop, any number of them run
// at once, and each is an async function with the task ABI, so `await`
// works on it directly.  Content-Length, chunked and close-delimited
// bodies; bounded redirects; total and connect timeouts; the response's
// status and headers; the body in memory (ac_http_get, ac_http_fetch),
// streamed to a file (ac_http_get_to_file) or read chunk by chunk
// (ac_http_open).  Kept-alive connections are reused by later requests to
// the same server for as long as the loop lives.
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
//   AC_ETLSVERIFY                        https: the server's certificate is
//                                        not trusted or does not match
//   AC_ETLS                              https: any other TLS failure
//   AC_ECANCELED                         the awaiting task was cancelled
// ac_strerror() knows all of them; the response's `message` (or
// ac_http_message()) says what happened to this transfer in one line,
// e.g. "Failed to connect to 127.0.0.1 port 9: Connection refused".
#ifndef AC_ACRT_HTTP_H
#define AC_ACRT_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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
  const char *ca_file;     // https: trust the certificates of this PEM file
                           // instead of the system store (copied)
} ac_http_options;

// What a request reports.  Owned by the caller, who must keep it valid
// until the request's task has ended; filled in on success and failure.
// Zero-initialise it (`ac_http_response r = {0};`) before its first use.
typedef struct ac_http_response {
  int status;       // status of the last response (0: none arrived)
  int error;        // 0, or the code the request raised
  int redirects;    // redirects followed
  int reused;       // 1: it went over a connection kept from an earlier
                    // request (keep-alive)
  uint64_t bytes;   // body bytes received (written, for a file)
  char *body;       // ac_http_get, ac_http_fetch: the body, NUL-terminated
                    // (NULL before any byte); malloc'd, the caller's to
                    // free with ac_http_response_clear
  size_t body_len;  // its length (without the NUL)
  char *headers;    // the final response's status line and header
                    // lines as received ("Name: value\r\n" each),
                    // NUL-terminated (not for ac_http_get_to_file);
                    // malloc'd, freed by ac_http_response_clear; see
                    // ac_http_header
  size_t headers_len;
  char message[256];  // "" on success, else one line saying what failed
} ac_http_response;

// A request beyond a plain GET.  Everything is copied when the request is
// made, except body (borrowed until the task ends).
typedef struct ac_http_request {
  const char *url;
  const char *method;          // NULL: GET, or POST when there is a body;
                               // "HEAD" asks for no body
  const char *const *headers;  // "Name: value" lines, NULL-terminated (NULL:
                               // none); "Name:" removes a default header
  const void *body;            // the request body (body_len bytes), or NULL
  size_t body_len;
  const char *body_file;       // or the body read from this file (sent as
                               // PUT unless method says otherwise)
  const ac_http_options *opt;  // NULL: the defaults
} ac_http_request;

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

// Sends req (any method, headers, body); the response's body goes to
// resp->body, its headers to resp->headers.  Otherwise as ac_http_get
// (result: the status; 400 or above raises AC_EHTTPSTATUS once the body
// is in).  resp may be NULL (the body is then dropped).  A body_file that
// cannot be opened raises its error (UV_ENOENT, ...) at the await.
AC_ASYNC_DECL(int, ac_http_fetch,
              (const ac_http_request *req, ac_http_response *resp));

// A response body read chunk by chunk (ac_http_open).
typedef struct ac_http_body ac_http_body;

// Sends req and waits for the response to begin (its status and headers,
// in resp, which may be NULL).  Result: the body, owned by the caller
// (ac_http_body_close).  A status of 400 or above raises AC_EHTTPSTATUS
// (as ac_http_get_to_file); the other errors are those of ac_http_get.
AC_ASYNC_DECL(ac_http_body *, ac_http_open,
              (const ac_http_request *req, ac_http_response *resp));
// Reads what has arrived of the body, at least 1 byte and at most len.
// Result: the number of bytes, 0 at the end of the body.  Raises the
// transfer's error (AC_EHTTPPARTIAL, AC_ETIMEDOUT, ...).  A reader that
// does not keep up pauses the transfer (at 256 KiB unread), so the server
// is pushed back.  One read at a time.  Cancelling a read loses no byte.
AC_ASYNC_DECL(ssize_t, ac_http_body_read,
              (ac_http_body * b, void *buf, size_t len));
// Aborts the transfer if it is still running and frees the body (plain
// call, usable in a defer).  A pending read raises AC_ECANCELED.  NULL is
// ignored.
void ac_http_body_close(ac_http_body *b);

// The value of the response header `name` (case-insensitive; the first if
// there are several), without surrounding blanks: copied, NUL-terminated
// and truncated to fit, to buf (size bytes; buf may be NULL).  Result: the
// value's full length, or UV_ENOENT.
ssize_t ac_http_header(const ac_http_response *resp, const char *name,
                       char *buf, size_t size);

// Frees resp->body and resp->headers and zeroes *resp.  NULL is ignored.
void ac_http_response_clear(ac_http_response *resp);

// A line describing the outcome: resp->message if set, else
// ac_strerror(resp->error) ("" for success).  Borrowed from resp.
const char *ac_http_message(const ac_http_response *resp);

// Transfers in progress (tests check it drops to 0).
size_t ac_http_active(void);

// Closes the kept-alive connections no transfer uses (they also go when
// the loop closes).
void ac_http_close_idle(void);

#endif
