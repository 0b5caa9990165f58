// acrt_tls.h — TLS streams on OpenSSL (included by acrt.h).
//
// A TLS session runs over any ac_stream (TCP, Unix socket, pipe): the
// handshake, reads and writes are async functions on the task ABI, and
// cancelling one cancels the stream operation it waits for.  The session
// borrows the stream: close the session (ac_tls_close), then the stream.
//
//   ac_tls_context *ctx;
//   ac_tls_context_new(&(ac_tls_config){0}, &ctx);  // system trust store
//   ac_stream *s = await ac_tcp_connect("example.org", 443);
//   defer ac_stream_close(s);
//   ac_tls *t = await ac_tls_connect(ctx, s, "example.org");
//   defer ac_tls_close(t);
//   await ac_tls_write(t, req, len);
//   ssize_t n = await ac_tls_read(t, buf, sizeof buf);
//
// Failures raise AC_ETLSVERIFY (the peer's certificate is not trusted or
// does not match the name), AC_ETLS (any other TLS failure), or the
// stream's own error; ac_tls_context_message() says in one line why.
#ifndef AC_ACRT_TLS_H
#define AC_ACRT_TLS_H

#include <stddef.h>
#include <sys/types.h>

// The TLS error codes (name, value, message), also in ac_strerror().
#define AC_TLS_ERRNO_MAP(XX)                                                   \
  XX(ETLS, -30110, "TLS failure")                                              \
  XX(ETLSVERIFY, -30111, "TLS certificate verification failed")

enum {
#define AC__TLS_ERR_ENUM(name, value, msg) AC_##name = (value),
  AC_TLS_ERRNO_MAP(AC__TLS_ERR_ENUM)
#undef AC__TLS_ERR_ENUM
};

// How sessions of a context behave.  All-zero: a client that verifies the
// server against the system's trust store.
typedef struct ac_tls_config {
  const char *ca_file;    // client: trust the certificates of this PEM file
                          // instead of the system store
  int insecure;           // client: no verification at all (tests only)
  const char *cert_file;  // server: its certificate chain (PEM); setting it
                          // makes a server context
  const char *key_file;   // server: its private key (PEM)
} ac_tls_config;

typedef struct ac_tls_context ac_tls_context;  // shared settings
typedef struct ac_tls ac_tls;                  // one session

// Makes a context (loads the trust store, or the certificate and key).
// Returns 0 and the context in *out, owned by the caller
// (ac_tls_context_free, after its sessions are closed), or AC_ETLS with
// the reason in ac_tls_last_error() (a file that cannot be read, a key
// that does not match the certificate, ...).  cfg is copied.
int ac_tls_context_new(const ac_tls_config *cfg, ac_tls_context **out);
void ac_tls_context_free(ac_tls_context *ctx);

// The client handshake over s.  server_name (copied) goes in the SNI
// extension and is the name the certificate must match (NULL: no SNI and
// no name check; verification of the chain still applies).  Result: a
// session owned by the caller (ac_tls_close).  Raises AC_ETLSVERIFY,
// AC_ETLS, or the stream's error (UV_EOF if the peer closes).
AC_ASYNC_DECL(ac_tls *, ac_tls_connect, (ac_tls_context * ctx, ac_stream *s,
                                         const char *server_name));
// The server handshake over s (ctx must be a server context).
AC_ASYNC_DECL(ac_tls *, ac_tls_accept, (ac_tls_context * ctx, ac_stream *s));

// Reads decrypted bytes: at least 1, at most len.  Result: the number of
// bytes, 0 at the end (the peer's close_notify, or the stream's end
// without one, as Python's default suppress_ragged_eofs).  One read at a
// time.
AC_ASYNC_DECL(ssize_t, ac_tls_read, (ac_tls * t, void *buf, size_t len));
// Encrypts and writes all len bytes (the stream's back-pressure applies).
AC_ASYNC_DECL(void, ac_tls_write, (ac_tls * t, const void *buf, size_t len));
// Sends close_notify (the peer's reads end); the stream stays open.
AC_ASYNC_DECL(void, ac_tls_shutdown, (ac_tls * t));
// Frees the session (plain call, usable in a defer); the stream is the
// caller's to close.  NULL ignored.
void ac_tls_close(ac_tls *t);

// The negotiated protocol ("TLSv1.3", ...), borrowed from t.
const char *ac_tls_version(const ac_tls *t);

// One line on the last failure of a session of ctx ("certificate verify
// failed: self-signed certificate", "... hostname mismatch", ...), "" if
// none.  Borrowed from ctx.
const char *ac_tls_context_message(const ac_tls_context *ctx);
// One line on the last TLS failure of this thread, including those of
// ac_tls_context_new (a file that cannot be read, ...).
const char *ac_tls_last_error(void);

#endif
