// acrt_io.h — async I/O on libuv: TCP streams, DNS, files, the thread pool,
// child processes (included by acrt.h).
//
// Every async function here is a native frame on the task ABI, so `await`
// works on it directly:
//
//   ac_stream *s = await ac_tcp_connect("127.0.0.1", port);
//   defer ac_stream_close(s);
//   await ac_stream_write(s, "ping\n", 5);
//   ssize_t n = await ac_stream_read_until(s, buf, sizeof buf, "\n");
//
// Rules shared by everything in this header:
// - Failures raise the libuv error code (negative: UV_ECONNREFUSED,
//   UV_ENOENT, UV_EAI_NONAME, ...); ac_strerror/ac_err_name name them.
// - Cancelling the awaiting task cancels or closes the libuv request or
//   handle underneath, frees what the operation allocated, and the task
//   sees AC_ECANCELED.  Operations that libuv cannot stop once started
//   (file requests and to_thread jobs already running on the thread pool)
//   finish first, then raise AC_ECANCELED; their result is released
//   (an opened file is closed, a read buffer freed).
// - Buffers and strings passed in are borrowed until the await ends.
// - Handles (ac_stream, ac_server, ac_process) are long-lived and closed
//   with a plain (non-async) call, so `defer ac_stream_close(s);` works;
//   their memory goes when libuv's close callback has run (on a later loop
//   pass).  ac_loop_close closes any handle still open.
// - No libuv handle per task: only streams, servers and processes own one.
// - The first stream created sets SIGPIPE to SIG_IGN if it was SIG_DFL (as
//   Python does): a write to a closed peer raises UV_EPIPE.
#ifndef AC_ACRT_IO_H
#define AC_ACRT_IO_H

#include <sys/types.h>

struct addrinfo;
struct sockaddr_storage;

typedef struct ac_stream ac_stream;    // a connection, a pipe or a terminal
typedef struct ac_server ac_server;    // a listening TCP or Unix socket
typedef struct ac_process ac_process;  // a child process
typedef struct ac_udp ac_udp;          // a UDP socket

// ---------------------------------------------------------------------------
// TCP.

// Connects to host:port.  host is a numeric IPv4/IPv6 address (no lookup)
// or a name resolved with getaddrinfo (each address tried in turn, as
// asyncio does).  Result: a new stream owned by the caller (close it with
// ac_stream_close); TCP_NODELAY is on.  Raises the connect error of the
// last address tried (UV_ECONNREFUSED, ...) or the lookup error
// (UV_EAI_NONAME).  Cancelling closes the half-open socket.
AC_ASYNC_DECL(ac_stream *, ac_tcp_connect, (const char *host, int port));

// Binds a listening socket to host:port and listens (backlog <= 0: 128).
// host is a numeric IPv4/IPv6 address, NULL or "" (0.0.0.0), "::" (every
// IPv6 and, unless AC_TCP_IPV6ONLY, IPv4 address), or a name looked up
// with getaddrinfo (the first address that binds is used).  port 0 picks a
// free port (see ac_server_port).  SO_REUSEADDR is on.  Result: a new
// server owned by the caller (ac_server_close).  Completes without
// suspending for a numeric address; raises UV_EADDRINUSE, UV_EAI_NONAME,
// UV_EINVAL (a port out of range), ...
AC_ASYNC_DECL(ac_server *, ac_tcp_listen, (const char *host, int port,
                                           int backlog));

// Flags of ac_tcp_listen_ex.  AC_TCP_REUSEPORT: SO_REUSEPORT, so sockets
// of several loops or processes share the port and the kernel spreads the
// connections over them.  AC_TCP_IPV6ONLY: an IPv6 address accepts IPv6
// only.
#define AC_TCP_REUSEPORT 1u
#define AC_TCP_IPV6ONLY 2u

// ac_tcp_listen with AC_TCP_* flags.
AC_ASYNC_DECL(ac_server *, ac_tcp_listen_ex, (const char *host, int port,
                                              int backlog, unsigned flags));

// Waits for the next connection on a TCP or Unix server (ac_tcp_accept is
// the same function).  Result: a new stream owned by the caller.
// One accept at a time per server (a second raises UV_EBUSY).  Cancelling
// gives up the wait (a connection that arrives later waits for the next
// accept); closing the server raises AC_ECANCELED in the waiting accept.
AC_ASYNC_DECL(ac_stream *, ac_server_accept, (ac_server *srv));
AC_ASYNC_DECL(ac_stream *, ac_tcp_accept, (ac_server *srv));

// The port the server is bound to (useful after listening on port 0), or a
// negative error (UV_EINVAL for a Unix server).
int ac_server_port(const ac_server *srv);

// Closes the server (plain call, usable in a defer).  A pending accept
// raises AC_ECANCELED.  The pointer is invalid afterwards.  NULL ignored.
void ac_server_close(ac_server *srv);

// ---------------------------------------------------------------------------
// Unix domain sockets (stream).  Connections are ac_stream, the server an
// ac_server: read, write, accept and close as for TCP.

// Binds a Unix socket at path (which must not exist: UV_EADDRINUSE; remove
// a stale one first) and listens.  Result: a server owned by the caller
// (ac_server_close, which also removes the socket file).  Completes
// without suspending.
AC_ASYNC_DECL(ac_server *, ac_unix_listen, (const char *path, int backlog));
// Connects to the Unix socket at path.  Result: a new stream owned by the
// caller.  Raises UV_ENOENT (no such socket), UV_ECONNREFUSED (nobody
// listening), ...
AC_ASYNC_DECL(ac_stream *, ac_unix_connect, (const char *path));

// ---------------------------------------------------------------------------
// Streams (TCP and Unix connections, pipes, terminals, process pipes).  Reads go through a buffer kept
// in the stream; the socket is read only while a reader waits, so a slow
// reader pushes back on the peer.  One read at a time per stream (a second
// concurrent read raises UV_EBUSY); writes may come from several tasks and
// go out in call order.

// Reads what is available, at least 1 byte and at most len, into buf.
// Result: the number of bytes, 0 at end of stream.  Raises the read error
// (UV_ECONNRESET, ...).
AC_ASYNC_DECL(ssize_t, ac_stream_read, (ac_stream *s, void *buf, size_t len));

// Reads exactly n bytes into buf.  Result: n, or 0 if the stream had ended
// before any byte (a clean end).  Raises UV_EOF if it ends in the middle;
// the bytes received so far stay buffered (ac_stream_read returns them).
AC_ASYNC_DECL(ssize_t, ac_stream_read_exactly, (ac_stream *s, void *buf,
                                                size_t n));

// Reads up to and including the delimiter delim (a non-empty string,
// borrowed), at most max bytes, into buf (which has room for max bytes; no
// NUL is added).  Result: the number of bytes including the delimiter, or
// 0 if the stream had ended before any byte (a clean end), so
//   while ((n = await ac_stream_read_until(s, line, sizeof line, "\n")) > 0)
// reads every line.  Raises UV_ENOBUFS if max bytes arrived without the
// delimiter, UV_EOF if the stream ended in the middle of a line; either way
// the data stays buffered.
AC_ASYNC_DECL(ssize_t, ac_stream_read_until, (ac_stream *s, void *buf,
                                              size_t max, const char *delim));

// Writes all len bytes of buf and waits until libuv has handed them to the
// kernel (back-pressure: a writer to a slow peer waits).  Bytes the socket
// takes at once are written without a copy or a suspension; the rest is
// copied, so a cancelled write returns at once (AC_ECANCELED) while the
// copy still goes out in order.  Raises the write error (UV_EPIPE, ...).
AC_ASYNC_DECL(void, ac_stream_write, (ac_stream *s, const void *buf,
                                      size_t len));

// Half-closes: sends FIN after every queued write (reads still work).
AC_ASYNC_DECL(void, ac_stream_shutdown, (ac_stream *s));

// Closes the stream (plain call, usable in a defer): pending writes are
// dropped, a pending read raises AC_ECANCELED.  The pointer is invalid
// afterwards.  NULL ignored.  A process's stdout stream is closed by
// ac_process_close (ac_stream_close ignores it).
void ac_stream_close(ac_stream *s);

// Bytes buffered and not yet read.
size_t ac_stream_buffered(const ac_stream *s);

// Makes a stream of an open descriptor: a pipe, a terminal or a connected
// socket (e.g. 0 for standard input, read line by line with
// ac_stream_read_until without blocking the loop).  Returns 0 and the
// stream in *out, owned by the caller (ac_stream_close, which closes fd),
// or UV_EINVAL (a regular file: use ac_fs_read), UV_EBADF, ...  A terminal
// stays in its normal (line) mode; libuv reopens it, and fd itself is
// closed at once (the stream owns it either way).
int ac_stream_open_fd(int fd, ac_stream **out);

// ---------------------------------------------------------------------------
// UDP.  Datagrams, addresses as numeric strings (or struct
// sockaddr_storage for the sender).  The socket is read only while a
// receiver waits; datagrams that come meanwhile wait in the kernel's buffer.

// Flags of ac_udp_open.  AC_UDP_REUSEADDR: SO_REUSEADDR (several sockets
// on one port, e.g. multicast listeners).
#define AC_UDP_REUSEADDR 1u

// Opens a UDP socket bound to ip:port (numeric; NULL or "" is 0.0.0.0;
// port 0 picks one, see ac_udp_port).  Returns 0 and the socket in *out,
// owned by the caller (ac_udp_close), or a negative error.
int ac_udp_open(const char *ip, int port, unsigned flags, ac_udp **out);
// The local port, or a negative error.
int ac_udp_port(const ac_udp *u);
// Sends one datagram of len bytes to ip:port (numeric).  Raises UV_EINVAL
// (not a numeric address), UV_EMSGSIZE, ...  Cancelling a send that
// already went to the kernel changes nothing (it is raised after).
AC_ASYNC_DECL(void, ac_udp_send, (ac_udp *u, const void *buf, size_t len,
                                  const char *ip, int port));
// Waits for one datagram and copies at most len bytes of it to buf (the
// rest of a longer one is dropped, as recvfrom does).  Result: the bytes
// copied.  The sender goes to *from (may be NULL; see ac_addr_name).  One
// receiver at a time (UV_EBUSY).  Cancelling gives up the wait (no datagram
// is lost); closing the socket raises AC_ECANCELED.
AC_ASYNC_DECL(ssize_t, ac_udp_recv, (ac_udp *u, void *buf, size_t len,
                                     struct sockaddr_storage *from));
// Joins (join != 0) or leaves the multicast group (numeric) on the
// interface with address iface (NULL: the system's choice).  0 or a
// negative error.
int ac_udp_multicast(ac_udp *u, const char *group, const char *iface, int join);
// Options of the datagrams the socket sends, as libuv's uv_udp_set_*.
// Each returns 0 or a negative error (UV_EINVAL for a value out of range
// or an address that is not numeric or not of the socket's family).
// The interface that multicast datagrams leave by, named by its numeric
// address (NULL: the system's choice, by the routing table).
int ac_udp_set_multicast_interface(ac_udp *u, const char *iface);
// The TTL (IPv6: hop limit) of multicast datagrams, 0 to 255; 1 by
// default, 0 keeps them on this host.
int ac_udp_set_multicast_ttl(ac_udp *u, int ttl);
// Whether this host's own members of a group get the multicast datagrams
// the socket sends (on != 0, the default) or not.
int ac_udp_set_multicast_loop(ac_udp *u, int on);
// The TTL (IPv6: hop limit) of unicast datagrams, 1 to 255.
int ac_udp_set_ttl(ac_udp *u, int ttl);
// Whether the socket may send to a broadcast address (SO_BROADCAST; off
// by default: such a send raises UV_EACCES).
int ac_udp_set_broadcast(ac_udp *u, int on);
// Closes the socket (plain call, usable in a defer).  NULL ignored.
void ac_udp_close(ac_udp *u);

// Writes the numeric address of addr to ip (room for len bytes, 46 is
// enough) and its port to *port (may be NULL).  0 or a negative error.
int ac_addr_name(const struct sockaddr_storage *addr, char *ip, size_t len,
                 int *port);

// ---------------------------------------------------------------------------
// DNS.

// getaddrinfo(3) on libuv's thread pool.  node/service/hints as in
// getaddrinfo (hints may be NULL: any family, SOCK_STREAM).  Result: a list
// owned by the caller, freed with ac_freeaddrinfo.  Raises UV_EAI_NONAME
// (no such name), UV_EAI_AGAIN, ...  Cancelling returns at once; a lookup
// already running finishes on its thread and its result is freed.
AC_ASYNC_DECL(struct addrinfo *, ac_getaddrinfo,
              (const char *node, const char *service,
               const struct addrinfo *hints));
void ac_freeaddrinfo(struct addrinfo *ai);

// ---------------------------------------------------------------------------
// Files (libuv's thread pool).  fds are plain file descriptors.

// open(2): flags O_RDONLY, O_WRONLY|O_CREAT|O_TRUNC, ...  Result: the fd,
// owned by the caller (ac_fs_close, or close(2)).
AC_ASYNC_DECL(int, ac_fs_open, (const char *path, int flags, int mode));
// pread(2) at offset (-1: the current position).  Result: bytes read, 0 at
// end of file.
AC_ASYNC_DECL(ssize_t, ac_fs_read, (int fd, void *buf, size_t len,
                                    int64_t offset));
// pwrite(2) at offset (-1: the current position).  Result: bytes written.
AC_ASYNC_DECL(ssize_t, ac_fs_write, (int fd, const void *buf, size_t len,
                                     int64_t offset));
// close(2).
AC_ASYNC_DECL(void, ac_fs_close, (int fd));
// Reads a whole file.  Result: a malloc'd buffer with the contents and a NUL
// after them, owned by the caller (free()); its length goes to *len (len may
// be NULL).  Raises UV_ENOENT, UV_EISDIR, ...
AC_ASYNC_DECL(char *, ac_fs_read_file, (const char *path, size_t *len));
// Creates or truncates path (mode 0644) and writes len bytes of data.
AC_ASYNC_DECL(void, ac_fs_write_file, (const char *path, const void *data,
                                       size_t len));

// Metadata and directories (os.stat, os.mkdir, os.listdir, ... on the
// thread pool).  Paths are borrowed until the await ends.

struct stat;

// stat(2) / lstat(2) / fstat(2): fills *st (borrowed until the await ends;
// the fields libuv reports: dev, ino, mode, nlink, uid, gid, rdev, size,
// blksize, blocks and the three times with nanoseconds).  Raises UV_ENOENT,
// UV_ENOTDIR, UV_EBADF, ...
AC_ASYNC_DECL(void, ac_fs_stat, (const char *path, struct stat *st));
AC_ASYNC_DECL(void, ac_fs_lstat, (const char *path, struct stat *st));
AC_ASYNC_DECL(void, ac_fs_fstat, (int fd, struct stat *st));
// mkdir(2) with mode (before the umask); raises UV_EEXIST, UV_ENOENT, ...
AC_ASYNC_DECL(void, ac_fs_mkdir, (const char *path, int mode));
// rmdir(2): the directory must be empty (UV_ENOTEMPTY otherwise).
AC_ASYNC_DECL(void, ac_fs_rmdir, (const char *path));
// unlink(2).
AC_ASYNC_DECL(void, ac_fs_unlink, (const char *path));
// rename(2): replaces `to` atomically if it exists.
AC_ASYNC_DECL(void, ac_fs_rename, (const char *from, const char *to));
// fsync(2): the file's data and metadata reach the disk.
AC_ASYNC_DECL(void, ac_fs_fsync, (int fd));

// One directory entry of ac_fs_readdir.  name points into the same
// allocation as the array.
typedef struct ac_dirent {
  const char *name;
  int type;  // AC_DIRENT_*
} ac_dirent;

enum {
  AC_DIRENT_UNKNOWN = 0,  // the file system did not say (use ac_fs_lstat)
  AC_DIRENT_FILE,
  AC_DIRENT_DIR,
  AC_DIRENT_LINK,
  AC_DIRENT_OTHER  // FIFO, socket, device
};

// Reads a whole directory in one batch (os.listdir; without "." and "..").
// Result: the number of entries; *entries gets one malloc'd block holding
// the array and the names, sorted by name (strcmp), owned by the caller: a
// single free(*entries) releases it (NULL when the directory is empty).
// Raises UV_ENOENT, UV_ENOTDIR, UV_EACCES, ...
AC_ASYNC_DECL(ssize_t, ac_fs_readdir, (const char *path, ac_dirent **entries));

// File-change notification (libuv's fs_event: inotify on Linux).
typedef struct ac_fs_watch ac_fs_watch;

// What ac_fs_watch_next reports (may be both).
#define AC_FS_RENAME 1  // an entry appeared, disappeared or was renamed
#define AC_FS_CHANGE 2  // an entry's contents or metadata changed

// Starts watching path (a file, or a directory and the entries directly in
// it).  Returns 0 and the new watch in *out, owned by the caller
// (ac_fs_watch_close), or a negative error (UV_ENOENT, ...).  Changes are
// queued from this call on, so none is lost between two awaits of
// ac_fs_watch_next.
int ac_fs_watch_start(const char *path, ac_fs_watch **out);

// Waits for the next change.  Result: AC_FS_RENAME and/or AC_FS_CHANGE;
// the name of the entry (relative to the watched directory; may be empty)
// is copied, NUL-terminated and truncated to fit, to name (room for
// name_len bytes; name may be NULL).  One waiter at a time (a second raises
// UV_EBUSY).  Closing the watch raises AC_ECANCELED in the waiter.
AC_ASYNC_DECL(int, ac_fs_watch_next, (ac_fs_watch *w, char *name,
                                      size_t name_len));

// Stops watching (plain call, usable in a defer); queued changes are
// dropped.  The pointer is invalid afterwards.  NULL ignored.
void ac_fs_watch_close(ac_fs_watch *w);

// ---------------------------------------------------------------------------
// Periodic timers (tokio's interval, Trio's periodic): ticks at start +
// k * period on the loop's clock, so the ticks do not drift however long
// the work between two awaits takes.
typedef struct ac_interval ac_interval;

// A new interval whose first tick is `period` seconds from now (period > 0;
// otherwise NULL).  Owned by the caller (ac_interval_free).  NULL when out
// of memory.
ac_interval *ac_interval_new(double period);

// Waits for the next tick.  Result: how many periods ended since the
// previous tick (1 when the caller keeps up; n > 1 when it fell behind:
// missed ticks are skipped, not delivered in a burst).  Cancelling gives up
// the wait; the schedule is unchanged.  One waiter at a time (UV_EBUSY).
AC_ASYNC_DECL(int64_t, ac_interval_tick, (ac_interval *iv));

// Frees the interval (a pending tick raises AC_ECANCELED).  NULL ignored.
void ac_interval_free(ac_interval *iv);

// ---------------------------------------------------------------------------
// The thread pool (asyncio.to_thread).

// Runs fn(arg) on libuv's thread pool and returns its result.  fn must not
// touch the loop or tasks.  Cancelling a job still queued removes it (fn
// never runs); a job already running finishes first (the task waits, so
// arg may point into the caller's frame), then AC_ECANCELED is raised and
// the result is dropped.
AC_ASYNC_DECL(void *, ac_to_thread, (void *(*fn)(void *), void *arg));

// ---------------------------------------------------------------------------
// Child processes.

// Flags of ac_process_run.  AC_PROCESS_CAPTURE_STDOUT: stdout to a pipe
// (ac_process_stdout); otherwise inherited.  stdin is /dev/null, stderr is
// inherited.
#define AC_PROCESS_CAPTURE_STDOUT 1u

// Starts argv[0] (searched in PATH) with arguments argv (NULL-terminated,
// borrowed until the await ends).  Result: a new process owned by the
// caller (ac_process_close).  Completes without suspending; raises
// UV_ENOENT if the program does not exist.
AC_ASYNC_DECL(ac_process *, ac_process_run, (const char *const argv[],
                                             unsigned flags));
// Waits for the process to exit.  Result: its exit status, or 128 + the
// signal number if a signal ended it (as a shell reports it).  Cancelling
// gives up the wait; the process keeps running.
AC_ASYNC_DECL(int, ac_process_wait, (ac_process *p));
// The read end of the process's stdout (AC_PROCESS_CAPTURE_STDOUT), or
// NULL.  Borrowed: valid until ac_process_close.
ac_stream *ac_process_stdout(ac_process *p);
// The process id.
int ac_process_pid(const ac_process *p);
// Sends a signal (uv_process_kill).  Returns 0 or a negative error.
int ac_process_kill(ac_process *p, int signum);
// Closes the process handle and its stdout stream (plain call, usable in a
// defer).  A process still running is killed (SIGKILL) and reaped.  A
// pending wait raises AC_ECANCELED.  NULL ignored.
void ac_process_close(ac_process *p);

// How a child's standard stream is connected (ac_process_options).
enum {
  AC_STDIO_INHERIT = 0,  // the parent's descriptor (the default)
  AC_STDIO_PIPE,         // a pipe: ac_process_stdin/stdout/stderr
  AC_STDIO_NULL,         // /dev/null
  AC_STDIO_STDOUT        // stderr only: wherever stdout goes (merged)
};

// What ac_process_spawn starts (asyncio.create_subprocess_exec).
typedef struct ac_process_options {
  const char *const *argv;  // program (searched in PATH) and arguments,
                            // NULL-terminated
  const char *const *env;   // "NAME=value" list, NULL-terminated; NULL:
                            // the parent's environment
  const char *cwd;          // working directory; NULL: the parent's
  int stdin_mode;           // AC_STDIO_*
  int stdout_mode;
  int stderr_mode;
} ac_process_options;

// Starts a child as opts says (opts and what it points to are borrowed
// until the await ends).  Result: a new process owned by the caller
// (ac_process_close).  Completes without suspending; raises UV_ENOENT (no
// such program), UV_EINVAL (a bad mode), ...
AC_ASYNC_DECL(ac_process *, ac_process_spawn,
              (const ac_process_options *opts));
// The pipes of AC_STDIO_PIPE streams, or NULL.  Borrowed: valid until
// ac_process_close (or, for stdin, ac_process_close_stdin).  Write to
// stdin with ac_stream_write; read the others with the stream reads.
ac_stream *ac_process_stdin(ac_process *p);
ac_stream *ac_process_stderr(ac_process *p);
// Closes the child's stdin pipe (it sees end of file).  NULL pipe ignored.
void ac_process_close_stdin(ac_process *p);
// SIGTERM (Process.terminate); 0, or UV_ESRCH once the child has exited.
int ac_process_terminate(ac_process *p);
// After the exit: the exit code and the signal that ended the child (0 if
// none) to *code and *signum (either may be NULL); 0, or UV_EBUSY while it
// runs.
int ac_process_exit_info(const ac_process *p, int *code, int *signum);

// asyncio's Process.communicate: writes len bytes of input to stdin (if it
// is a pipe; then closes it), reads stdout and stderr (those that are
// pipes) to their ends, all at once so that no pipe that fills up blocks
// the child, then waits for the exit.  Result: the exit status (as
// ac_process_wait).  *out and *err get malloc'd buffers with a NUL after
// the bytes, owned by the caller (free()), NULL for a stream that is not a
// pipe; their lengths go to *out_len and *err_len.  Any pointer may be
// NULL (that output is then discarded).  A child that stops reading its
// stdin early is not an error.  Cancelling stops the transfers; the child
// keeps running (ac_process_close kills it).
AC_ASYNC_DECL(int, ac_process_communicate,
              (ac_process * p, const void *input, size_t len, char **out,
               size_t *out_len, char **err, size_t *err_len));

// Runs argv to completion, capturing its stdout (subprocess.check_output
// without the check).  Result: a malloc'd buffer with the output and a NUL
// after it, owned by the caller (free()); its length goes to *len and the
// exit status (as ac_process_wait) to *status (either may be NULL).
// Cancelling kills the process.
AC_ASYNC_DECL(char *, ac_process_output, (const char *const argv[], size_t *len,
                                          int *status));

#endif
