// mixed_util.c — a C file in an Async C program: $CC compiles it as it is.
int twice(int x);
const char *dialect(void);

int twice(int x) { return 2 * x; }

const char *dialect(void) {
#ifdef __ASYNC_C__
  return "async c";
#else
  return "plain c";
#endif
}
