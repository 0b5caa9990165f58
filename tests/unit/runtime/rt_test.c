// rt_test.c — the runtime tests' shared fixture and log.
#include "rt_test.h"

#include <dirent.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char rt_log[1 << 14];


void rt_logf(const char *fmt, ...)
{
  size_t len = strlen(rt_log);
  va_list ap;
  if (len > 0 && len + 1 < sizeof rt_log)
    rt_log[len++] = ' ';
  va_start(ap, fmt);
  vsnprintf(rt_log + len, sizeof rt_log - len, fmt, ap);
  va_end(ap);
}


// Line-buffered stdout, set before main prints anything: cmocka's TAP lines
// then interleave with the messages on stderr in the order they happened,
// and none is lost when a test ends the process.
__attribute__((constructor)) static void rt_line_buffered(void)
{
  setvbuf(stdout, NULL, _IOLBF, 0);
}


// The running test's name and limit, for the SIGALRM handler.
static const char *volatile timeout_test = "?";
static unsigned timeout_seconds;

// A test ran past its limit: name it and end the binary (a hung test would
// otherwise hold the whole suite until the runner's backstop kills it,
// naming nobody).  Only async-signal-safe calls, but for the fflush that
// keeps the TAP lines of the tests that did finish.
static void on_timeout(int sig)
{
  char msg[256];
  const char *name = timeout_test;
  (void)sig;
  fflush(stdout);
  snprintf(msg, sizeof msg, "TIMEOUT: %s after %u s\n", name, timeout_seconds);
  if (write(2, msg, strlen(msg)) < 0) {
    // Nothing more can be done from here.
  }
  _exit(124);
}

#if defined(__SANITIZE_ADDRESS__)
#define RT_SLOWDOWN 3
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_SLOWDOWN 3
#endif
#endif
#ifndef RT_SLOWDOWN
#define RT_SLOWDOWN 1
#endif

// Arms the per-test limit: RT_TEST_TIMEOUT seconds if set, else 60 (times
// three under ASan), generous for a loaded 2-core machine.
static void arm_timeout(void **state)
{
  const char *env = getenv("RT_TEST_TIMEOUT");
  unsigned secs = env && atoi(env) > 0 ? (unsigned)atoi(env) : 60 * RT_SLOWDOWN;
  timeout_test = *state ? (const char *)*state : "?";
  timeout_seconds = secs;
  signal(SIGALRM, on_timeout);
  alarm(secs);
}


int rt_setup(void **state)
{
  arm_timeout(state);
  rt_log[0] = 0;
  ac_loop_set_virtual_clock(ac_loop_default(), 1);
  return 0;
}


int rt_setup_real_clock(void **state)
{
  arm_timeout(state);
  rt_log[0] = 0;
  ac_loop_set_virtual_clock(ac_loop_default(), 0);
  return 0;
}


int rt_expect_leftovers;

// libacrt internal (not in acrt.h): live objects in the pools.
size_t ac__pool_live(void);

int rt_teardown(void **state)
{
  size_t live = ac__pool_live();
  (void)state;
  ac_loop_close(ac_loop_default());
  if (!rt_expect_leftovers && live != 0) {
    fprintf(stderr, "rt_teardown: %zu objects still allocated\n", live);
    rt_expect_leftovers = 0;
    alarm(0);
    return -1;
  }
  rt_expect_leftovers = 0;
  alarm(0);
  return 0;
}


int rt_run(ac_task *t)
{
  return ac_loop_run_until_complete(ac_loop_default(), t);
}


static int saved_fd = -1;
static FILE *capture;
static char captured[8192];


void rt_stderr_begin(void)
{
  fflush(stderr);
  capture = tmpfile();
  saved_fd = dup(2);
  dup2(fileno(capture), 2);
}


const char *rt_stderr_end(void)
{
  size_t n;
  fflush(stderr);
  dup2(saved_fd, 2);
  close(saved_fd);
  rewind(capture);
  n = fread(captured, 1, sizeof captured - 1, capture);
  captured[n] = 0;
  fclose(capture);
  return captured;
}


// The twin's line "NAME: tokens" from FILE.out in $RT_TWINS_DIR (written
// at test time by running the Python twin, tests/runtime.mk), or from the
// copy kept beside the twin (tests/unit/runtime/py) when it is not set.
static const char *twin_line(const char *file, const char *name)
{
  static char line[4096];
  const char *dir = getenv("RT_TWINS_DIR");
  char path[1024];
  size_t n = strlen(name);
  FILE *f;
  snprintf(path, sizeof path, "%s/%s.out",
           dir != NULL ? dir : "tests/unit/runtime/py", file);
  f = fopen(path, "r");
  if (f == NULL)
    return NULL;
  while (fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, name, n) == 0 && line[n] == ':' && line[n + 1] == ' ') {
      fclose(f);
      line[strcspn(line, "\n")] = 0;
      return line + n + 2;
    }
  }
  fclose(f);
  return NULL;
}


void rt_assert_twin(const char *file, const char *name)
{
  const char *want = twin_line(file, name);
  if (want == NULL)
    fail_msg("no line '%s' in the twin output %s.out", name, file);
  assert_string_equal(rt_log, want);
}


// rt_catch (rt_test.h): one await, whose error is taken as the result.
typedef struct catch_frame {
  ac_task hdr;
  int result;
  ac_task *t;
} catch_frame;
ASYNC_DESC(rt_catch, catch_frame, AC_KIND_INT);

static int rt_catch_resume(ac_task *self)
{
  catch_frame *F = (catch_frame *)self;
  switch (self->state) {
  case 0:
    self->state = 1;
    if (ac_await_task(self, F->t) == AC_SUSPENDED)
      return AC_SUSPENDED;
    __attribute__((fallthrough));
  case 1:
    F->result = ac_await_end(self, NULL, 0);
    self->err = 0;
    ac_task_release(F->t);  // ac_await_task borrowed it
    F->t = NULL;
  }
  return AC_DONE;
}

ac_task *rt_catch(ac_task *t)
{
  ac_task *c = ac_frame_new(&rt_catch_desc);
  if (ac_frame_failed(c)) {
    ac_task_release(t);  // out of memory: what it was handed goes too
    return c;
  }
  ((catch_frame *)c)->t = t;
  return c;
}


void rt_settle(void)
{
  for (int i = 0; i < 200 && ac__pool_live() != 0; i++) {
    ac_task *t = ac_sleep(0.005);
    rt_run(t);
    ac_task_release(t);
  }
}


int rt_run_settled(ac_task *t)
{
  int rc = rt_run(t);
  ac_task_release(t);
  rt_settle();
  return rc;
}


int rt_count_fds(void)
{
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  assert_non_null(d);
  while (readdir(d) != NULL)
    n++;
  closedir(d);
  return n;
}


static int fds_before;

void rt_fresh_loop(void)
{
  ac_loop_close(ac_loop_default());
  fds_before = rt_count_fds();
}


int rt_run_fresh(ac_task *t)
{
  int rc = rt_run_settled(t);
  assert_int_equal(ac__pool_live(), 0);
  ac_loop_close(ac_loop_default());
  assert_int_equal(rt_count_fds(), fds_before);
  return rc;
}
