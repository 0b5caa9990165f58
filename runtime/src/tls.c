// tls.c — TLS sessions over any stream, on OpenSSL's memory BIOs.
//
// OpenSSL never touches a socket here: it reads ciphertext from rbio and
// writes ciphertext to wbio (both memory BIOs), and one op type drives any
// SSL call (handshake, read, write, shutdown) with two inner awaits on the
// stream, hand-lowered as acc would lower
//   for (;;) {
//     r = SSL_call();
//     if (wbio has bytes) await ac_stream_write(s, them);   // S_FLUSH
//     if (r finished) return;
//     await n = ac_stream_read(s, rbuf);  BIO_write(rbio, rbuf, n); // S_READ
//   }
// Cancelling cancels the inner stream operation; the op then unwinds with
// AC_ECANCELED (a session cancelled in the middle of a record is not
// usable afterwards: close it).
#include "io_internal.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ac_tls_context {
  SSL_CTX *ctx;
  int server;
  char message[256];  // the last failure of one of its sessions
};

struct ac_tls {
  SSL *ssl;
  ac_tls_context *ctx;
  BIO *rbio;  // ciphertext received, for OpenSSL to read
  BIO *wbio;  // ciphertext OpenSSL wrote, to send
  ac_stream *s;
  char rbuf[16 * 1024 + 512];  // one TLS record and then some
};

static __thread char last_error[256];

const char *ac_tls_last_error(void)
{
  return last_error;
}


// Records why (OpenSSL's queue, or what), returns err.
static int tls_error(int err, const char *what)
{
  unsigned long e = ERR_get_error();
  if (e != 0 && what == NULL) {
    ERR_error_string_n(e, last_error, sizeof last_error);
  } else {
    snprintf(last_error, sizeof last_error, "%s", what ? what : "TLS failure");
  }
  ERR_clear_error();
  return err;
}


// Contexts ------------------------------------------------------------------------

int ac_tls_context_new(const ac_tls_config *cfg, ac_tls_context **out)
{
  ac_tls_config none = {0};
  ac_tls_context *c;
  *out = NULL;
  if (cfg == NULL)
    cfg = &none;
  c = ac__sys_alloc(sizeof *c);
  if (c == NULL)
    return AC_ENOMEM;
  c->server = cfg->cert_file != NULL;
  c->message[0] = '\0';
  c->ctx = SSL_CTX_new(c->server ? TLS_server_method() : TLS_client_method());
  if (c->ctx == NULL) {
    free(c);
    return tls_error(AC_ETLS, NULL);
  }
  SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
  int ok = 1;
  if (c->server) {
    ok = SSL_CTX_use_certificate_chain_file(c->ctx, cfg->cert_file) == 1 &&
         SSL_CTX_use_PrivateKey_file(
             c->ctx, cfg->key_file ? cfg->key_file : cfg->cert_file,
             SSL_FILETYPE_PEM) == 1 &&
         SSL_CTX_check_private_key(c->ctx) == 1;
  } else if (!cfg->insecure) {
    SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
    ok = cfg->ca_file != NULL
             ? SSL_CTX_load_verify_locations(c->ctx, cfg->ca_file, NULL) == 1
             : SSL_CTX_set_default_verify_paths(c->ctx) == 1;
  }
  if (!ok) {
    int err = tls_error(AC_ETLS, NULL);
    SSL_CTX_free(c->ctx);
    free(c);
    return err;
  }
  *out = c;
  return 0;
}


void ac_tls_context_free(ac_tls_context *c)
{
  if (c == NULL)
    return;
  SSL_CTX_free(c->ctx);
  free(c);
}


// Sessions ------------------------------------------------------------------------

static ac_tls *session_new(ac_tls_context *c, ac_stream *s)
{
  ac_tls *t = ac__sys_alloc(sizeof *t);
  if (t == NULL)
    return NULL;
  t->ssl = SSL_new(c->ctx);
  t->rbio = BIO_new(BIO_s_mem());
  t->wbio = BIO_new(BIO_s_mem());
  t->s = s;
  t->ctx = c;
  if (t->ssl == NULL || t->rbio == NULL || t->wbio == NULL) {
    BIO_free(t->rbio);
    BIO_free(t->wbio);
    SSL_free(t->ssl);
    free(t);
    return NULL;
  }
  SSL_set_bio(t->ssl, t->rbio, t->wbio);  // the SSL owns them now
  return t;
}


void ac_tls_close(ac_tls *t)
{
  if (t == NULL)
    return;
  SSL_free(t->ssl);
  free(t);
}


const char *ac_tls_context_message(const ac_tls_context *c)
{
  return c->message;
}


const char *ac_tls_version(const ac_tls *t)
{
  return SSL_get_version(t->ssl);
}


// The op ---------------------------------------------------------------------------

enum { K_CONNECT, K_ACCEPT, K_READ, K_WRITE, K_SHUTDOWN };
enum { S_START, S_FLUSH, S_READ };

typedef struct tls_op {
  ac__op op;
  union {
    ac_tls *t;  // connect, accept
    ssize_t n;  // read
  } result;
  ac_tls *t;
  int kind;
  char *buf;  // read: the caller's buffer; write: the bytes
  size_t len;
  size_t done;   // write: bytes taken by SSL_write so far
  char *out;     // ciphertext being sent (malloc), or NULL
  int finished;  // the SSL call has its outcome (after the flush)
  int ferr;      // that outcome's error
  ssize_t got;   // the stream read's result
} tls_op;


// The handshake's failure: AC_ETLSVERIFY with the reason when the
// certificate was refused.
static int handshake_error(tls_op *f)
{
  long v = SSL_get_verify_result(f->t->ssl);
  if (v != X509_V_OK) {
    ERR_clear_error();
    snprintf(last_error, sizeof last_error, "certificate verify failed: %s",
             X509_verify_cert_error_string(v));
    return AC_ETLSVERIFY;
  }
  return tls_error(AC_ETLS, NULL);
}


// One SSL call for the op.  Returns 1 when the op has its outcome (in
// f->ferr and the result), 0 when OpenSSL needs more ciphertext.
static int tls_call(tls_op *f)
{
  SSL *ssl = f->t->ssl;
  int r, e;
  switch (f->kind) {
  case K_CONNECT:
  case K_ACCEPT:
    r = SSL_do_handshake(ssl);
    if (r == 1) {
      f->result.t = f->t;
      return 1;
    }
    e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ)
      return 0;
    f->ferr = handshake_error(f);
    return 1;
  case K_READ:
    r = SSL_read(ssl, f->buf, f->len > INT32_MAX ? INT32_MAX : (int)f->len);
    if (r > 0) {
      f->result.n = r;
      return 1;
    }
    e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ)
      return 0;
    if (e == SSL_ERROR_ZERO_RETURN) {  // close_notify: the end
      f->result.n = 0;
      return 1;
    }
    f->ferr = tls_error(AC_ETLS, NULL);
    return 1;
  case K_WRITE:
    while (f->done < f->len) {
      size_t n = f->len - f->done;
      r = SSL_write(ssl, f->buf + f->done, n > INT32_MAX ? INT32_MAX : (int)n);
      if (r <= 0) {
        e = SSL_get_error(ssl, r);
        if (e == SSL_ERROR_WANT_READ)
          return 0;
        f->ferr = tls_error(AC_ETLS, NULL);
        return 1;
      }
      f->done += (size_t)r;
    }
    return 1;
  default:  // K_SHUTDOWN: our close_notify only (no wait for the peer's)
    r = SSL_shutdown(ssl);
    if (r < 0 && SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ)
      f->ferr = tls_error(AC_ETLS, NULL);
    return 1;
  }
}


// The stream ended before the op had its outcome: the error to end with
// (0 for a read: a ragged end reads as the end).
static int tls_eof(tls_op *f)
{
  if (f->kind == K_READ) {
    f->result.n = 0;
    return 0;
  }
  snprintf(last_error, sizeof last_error,
           "the peer closed the connection during the TLS %s",
           f->kind == K_WRITE ? "write" : "handshake");
  return f->kind == K_WRITE ? UV_EPIPE : AC_ETLS;
}


// The op's end: its outcome, and the session of a failed handshake freed.
static int tls_end(tls_op *f, int err)
{
  ac_task *self = &f->op.hdr;
  if (err != 0) {
    self->err = err;
    snprintf(f->t->ctx->message, sizeof f->t->ctx->message, "%s", last_error);
  }
  if (self->err != 0 && (f->kind == K_CONNECT || f->kind == K_ACCEPT)) {
    ac_tls_close(f->t);
    f->t = NULL;
    f->result.t = NULL;
  }
  return AC_DONE;
}


static int tls_step(ac__op *op)
{
  tls_op *f = (tls_op *)op;
  ac_task *self = &op->hdr;
  if (f->t == NULL)  // refused when it was made (handshake_new)
    return ac__op_fail(op, f->ferr);
  for (;;) {
    switch (self->state) {
    case S_FLUSH:
      if (ac_await_end(self, NULL, 0))
        return tls_end(f, 0);
      free(f->out);
      f->out = NULL;
      if (f->finished)
        return tls_end(f, f->ferr);
      break;
    case S_READ:
      if (ac_await_end(self, &f->got, sizeof f->got))
        return tls_end(f, 0);
      if (f->got == 0)
        return tls_end(f, tls_eof(f));
      BIO_write(f->t->rbio, f->t->rbuf, (int)f->got);
      break;
    default: break;
    }
    int finished = tls_call(f);
    size_t pending = BIO_ctrl_pending(f->t->wbio);
    if (pending > 0) {
      f->out = ac__sys_alloc(pending);
      if (f->out == NULL)
        return tls_end(f, AC_ENOMEM);
      BIO_read(f->t->wbio, f->out, (int)pending);
      f->finished = finished;
      self->state = S_FLUSH;
      if (ac_await_call(self, ac_stream_write(f->t->s, f->out, pending)) ==
          AC_SUSPENDED)
        return AC_SUSPENDED;
      continue;
    }
    if (finished)
      return tls_end(f, f->ferr);
    self->state = S_READ;
    if (ac_await_call(self, ac_stream_read(f->t->s, f->t->rbuf,
                                           sizeof f->t->rbuf)) == AC_SUSPENDED)
      return AC_SUSPENDED;
  }
}


static void tls_release(ac__op *op)
{
  tls_op *f = (tls_op *)op;
  free(f->out);
  f->out = NULL;
  if (f->t != NULL && (f->kind == K_CONNECT || f->kind == K_ACCEPT) &&
      f->result.t == NULL) {  // a handshake that never finished
    ac_tls_close(f->t);
    f->t = NULL;
  }
}

AC__OP_TYPE(handshake_type, "tls_handshake", tls_op, AC_KIND_PTR, tls_step,
            NULL, tls_release);
AC__OP_TYPE(read_type, "tls_read", tls_op, AC_KIND_INT, tls_step, NULL,
            tls_release);
AC__OP_TYPE_VOID(io_type, "tls_write", tls_op, tls_step, NULL, tls_release);


// A handshake op for a new session of c over s (or the failed task).
static ac_task *handshake_new(ac_tls_context *c, ac_stream *s, int kind,
                              const char *server_name)
{
  ac_tls *t;
  if (c == NULL || s == NULL || (kind == K_ACCEPT) != c->server) {
    snprintf(last_error, sizeof last_error, "%s",
             c == NULL || s == NULL ? "no context or stream"
             : c->server            ? "a server context cannot connect"
                                    : "a client context cannot accept");
    return AC__OP_NEW(tls_op, &handshake_type, .kind = kind, .ferr = UV_EINVAL);
  }
  t = session_new(c, s);
  if (t == NULL)
    return &ac__nomem_task;
  if (kind == K_CONNECT) {
    SSL_set_connect_state(t->ssl);
    if (server_name != NULL && *server_name != 0) {
      SSL_set_tlsext_host_name(t->ssl, server_name);
      SSL_set1_host(t->ssl, server_name);  // checked during the handshake
    }
  } else {
    SSL_set_accept_state(t->ssl);
  }
  return AC__OP_NEW(tls_op, &handshake_type, .t = t, .kind = kind);
}


ac_task *ac_tls_connect(ac_tls_context *c, ac_stream *s,
                        const char *server_name)
{
  return handshake_new(c, s, K_CONNECT, server_name);
}


ac_task *ac_tls_accept(ac_tls_context *c, ac_stream *s)
{
  return handshake_new(c, s, K_ACCEPT, NULL);
}


ac_task *ac_tls_read(ac_tls *t, void *buf, size_t len)
{
  return AC__OP_NEW(tls_op, &read_type, .t = t, .kind = K_READ, .buf = buf,
                    .len = len);
}


ac_task *ac_tls_write(ac_tls *t, const void *buf, size_t len)
{
  return AC__OP_NEW(tls_op, &io_type, .t = t, .kind = K_WRITE,
                    .buf = (char *)buf, .len = len);
}


ac_task *ac_tls_shutdown(ac_tls *t)
{
  return AC__OP_NEW(tls_op, &io_type, .t = t, .kind = K_SHUTDOWN);
}
