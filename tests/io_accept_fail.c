// io_accept_fail.c — an LD_PRELOAD shim for tests/io_abuse.py: the first
// AC_TEST_ACCEPT_FAILS calls of accept4 fail with EMFILE, as at the
// descriptor limit once libuv's spare descriptor is gone too (then libuv
// hands the error to the server's accept); later calls go to libc.
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

// Fails while the budget of failures lasts, then accepts for real.
int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
  static int calls;
  static int (*real)(int, struct sockaddr *, socklen_t *, int);
  const char *fails = getenv("AC_TEST_ACCEPT_FAILS");
  if (fails != NULL && calls++ < atoi(fails)) {
    errno = EMFILE;
    return -1;
  }
  if (real == NULL)
    *(void **)&real = dlsym(RTLD_NEXT, "accept4");
  return real(fd, addr, len, flags);
}
