// io_internal.h — what the I/O files of libacrt share (stream.c, tcp.c,
// dns.c, fs.c, thread.c, process.c); never installed.
//
// Every I/O operation is an op (internal.h, op.c), and waits for libuv in
// one of two ways, chosen per operation:
// - detach: the request lives in its own block (or in the handle) that
//   outlives the op, and the block's back pointer is the op's slot;
//   cancelling clears it (AC__OP_CANCEL_NOW: the op ends with AC_ECANCELED
//   at once), and the libuv callback, finding the slot empty, frees the
//   block (and whatever result it carries) later.  Used for writes,
//   shutdown, getaddrinfo, connect (which closes its half-open handle).
// - wait: the request is embedded in the op; cancelling calls uv_cancel
//   (AC__OP_CANCEL_LATER), and if the job is already running the hook
//   returns AC__OP_CANCEL_NO, so the runtime raises AC_ECANCELED when the
//   callback completes the op.  Used for file requests and to_thread (their
//   buffers and arguments may live in the caller, so the frame must not
//   resume before libuv is done).
#ifndef AC_IO_INTERNAL_H
#define AC_IO_INTERNAL_H

#include "internal.h"

// A stream: a TCP connection, a Unix domain socket, a pipe or a terminal,
// with its read buffer.
struct ac_stream {
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
    uv_tty_t tty;
  } u;
  char *buf;  // read buffer (ac__mem_alloc), bytes [start, start+len)
  size_t start;
  size_t len;
  size_t cap;
  ac__op *reader;        // slot: the read op waiting, or NULL
  int rerr;              // sticky end of reading: UV_EOF or a read error
  int reading;           // uv_read_start is on
  int closing;           // uv_close called
  int owned;             // belongs to a process: ac_stream_close ignores it
  uv_connect_t connect;  // connect request (tcp.c)
  ac__op *connector;     // slot: the connect op waiting, or NULL
};

// stream.c
// A new stream (memory from the pools); the caller initialises u.
ac_stream *ac__stream_new(void);
// Closes the handle; the close callback frees the stream.
void ac__stream_close(ac_stream *s);
// A read frame that waits for end of stream and hands the whole buffer
// over as a malloc'd, NUL-terminated block in *out (result: its length).
ac_task *ac__stream_read_all(ac_stream *s, char **out);

#endif
