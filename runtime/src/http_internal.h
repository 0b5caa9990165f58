// http_internal.h — what the HTTP client's two files share (http.c: the
// multi handle, transfers and the requests that run to their end;
// http_body.c: bodies streamed to a reader); never installed.
#ifndef AC_HTTP_INTERNAL_H
#define AC_HTTP_INTERNAL_H

#include "internal.h"

#include <curl/curl.h>

typedef struct xfer xfer;

// One transfer: the request as curl needs it, and what came back.
struct xfer {
  char *url;  // copies in the runtime's raw pools
  size_t url_size;
  char *method;  // a copy, or NULL (GET, or POST with a body)
  size_t method_size;
  char *ca_file;  // a copy of opt.ca_file, or NULL
  size_t ca_size;
  char *path;                  // the body to a file, else NULL
  char *part;                  // path + ".part"
  size_t path_size;            // of path (part is path_size + 5)
  struct curl_slist *headers;  // request headers (curl's copies)
  const char *body;            // request body (borrowed), or NULL
  size_t body_len;
  int body_fd;  // request body from a file, or -1
  ac_http_options opt;
  ac_http_response *resp;  // borrowed, may be NULL for a file
  CURL *easy;              // while the transfer is in the multi
  int fd;                  // the .part file, or -1
  int werr;                // errno of a failed write or read
  uint64_t nbytes;         // body bytes so far
  size_t cap;              // body in memory: capacity of resp->body
  size_t hcap;             // capacity of resp->headers
  int status;              // the final status, once known
  int fail_err;            // in http.c's failing list (or before the start):
  xfer *fail_next;         // the error to end with
  ac_http_body *stream;    // the body goes to this reader, else NULL
  // Called once when the transfer has ended (detached, file settled, the
  // response filled): wakes the owner.
  void (*done)(xfer *x, int err);
  char errbuf[CURL_ERROR_SIZE];
};

// http.c
// Appends len bytes to a malloc'd, NUL-terminated buffer (*buf, *blen,
// *cap); 0 or -1 when out of memory.
int ac__http_append(char **buf, size_t *blen, size_t *cap, const char *p,
                    size_t len);
// Fills the transfer's response (when there is one) with how it ended.
void ac__http_fill(xfer *f, int err, int status, int redirects, int reused);
// Reaps finished transfers (calling their `done`); after anything that may
// make curl end a transfer (curl_multi_socket_action, curl_easy_pause).
void ac__http_check_done(void);
// Starts the transfer: 0, or an error (nothing left behind).
int ac__http_start(xfer *f);
// Fills a transfer from a request (copying its strings); 0, AC_ENOMEM, or
// the error of opening the request body's file.
int ac__http_xfer_init(xfer *f, const ac_http_request *req, const char *path,
                       ac_http_response *resp);
// Lets go of everything the transfer holds (a started one is taken out).
void ac__http_xfer_free(xfer *f);

// http_body.c
// CURLOPT_WRITEFUNCTION of a transfer whose body goes to a reader
// (f->stream).
size_t ac__http_on_write_stream(char *p, size_t size, size_t n, void *ud);
// Closes every open streamed body of this thread (at loop close).
void ac__http_bodies_close(void);

#endif
