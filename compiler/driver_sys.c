// driver_sys.c — the driver's dealings with the system: memory, paths,
// temporary files, staged outputs, signals, running $CC (see driver.h).
//
// Cleanup is one function, remove_temps_now, reached from every exit:
// success, errors, any exit() (atexit), termination signals and crashes.  It
// uses only async-signal-safe calls, so the signal handlers run it too.
#include "driver.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

//
// Memory: every allocation is recorded and freed once at exit, so the
// driver never has to track ownership of the many small strings it builds.
//

typedef struct Alloc {
  struct Alloc *next;
  max_align_t data[];
} Alloc;

static Alloc *allocs;

void *drv_xmalloc(size_t size)
{
  Alloc *a = malloc(sizeof *a + size);
  if (!a)
    drv_die(DRV_EXIT_INTERNAL, "out of memory");
  a->next = allocs;
  allocs = a;
  return a->data;
}

static void free_all(void)
{
  while (allocs) {
    Alloc *next = allocs->next;
    free(allocs);
    allocs = next;
  }
}

char *drv_xprintf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = drv_xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

void drv_vec_push(ArgVec *v, const char *s)
{
  if (v->len + 1 >= v->cap) {
    int cap = v->cap ? v->cap * 2 : 16;
    const char **items = drv_xmalloc((size_t)cap * sizeof *items);
    if (v->len)
      memcpy(items, v->items, (size_t)v->len * sizeof *items);
    v->items = items;
    v->cap = cap;
  }
  v->items[v->len++] = s;
  v->items[v->len] = NULL;
}

void drv_vec_append(ArgVec *v, const ArgVec *w)
{
  for (int i = 0; i < w->len; i++)
    drv_vec_push(v, w->items[i]);
}

//
// Paths
//

// The last component of path.
const char *drv_base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

// The directory part of path, "." if it has none.
char *drv_dir_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  if (!slash)
    return drv_xprintf(".");
  if (slash == path)
    return drv_xprintf("/");
  return drv_xprintf("%.*s", (int)(slash - path), path);
}

// The suffix of path's last component, from its last dot ("" if none).
const char *drv_suffix(const char *path)
{
  const char *base = drv_base_name(path);
  const char *dot = strrchr(base, '.');
  return dot && dot != base ? dot : "";
}

// path with its suffix replaced by new_suffix; with strip_dir, in the
// current directory (as cc names x.o after dir/x.c).
char *drv_replace_suffix(const char *path, const char *new_suffix,
                         bool strip_dir)
{
  const char *p = strip_dir ? drv_base_name(path) : path;
  int keep = (int)(strlen(p) - strlen(drv_suffix(p)));
  return drv_xprintf("%.*s%s", keep, p, new_suffix);
}

bool drv_file_exists(const char *path)
{
  return access(path, F_OK) == 0;
}

//
// Cleanup: temporary files and staged outputs, removed on every way out:
// drv_quit, any exit() (the translator's out-of-memory exits, through
// atexit), SIGINT/SIGTERM/SIGHUP/SIGPIPE and crash signals (in the handler,
// with async-signal-safe calls only).  What the handlers read is published
// with signals blocked, so they always see it whole.
//

static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t child_pid;

// A file the user asked for, written first under tmp in the same directory.
typedef struct Output {
  const char *final;  // the name the user sees
  const char *tmp;  // staged name; NULL if written directly (/dev/null, a FIFO)
  bool executable;  // link output: mode 0777 & ~umask, others 0666 & ~umask
} Output;

static char *volatile temp_dir;  // private directory for intermediates, or NULL
static Output *volatile outputs;  // grows; read by the handlers
static volatile sig_atomic_t noutputs;
static int cap_outputs;

// Blocks the signals whose handlers clean up, while the data they read
// changes; *old receives the mask to restore.
static void block_signals(sigset_t *old)
{
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, old);
}

static void restore_signals(const sigset_t *old)
{
  pthread_sigmask(SIG_SETMASK, old, NULL);
}

// Removes the temporary directory's files, the directory and every staged
// output, using only async-signal-safe calls.  Entries are read again until
// a pass removes nothing, since removing while reading may skip some.
static void remove_temps_now(void)
{
  const char *dir = temp_dir;
  if (dir) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      char buf[4096] __attribute__((aligned(16)));
      bool removed = true;
      while (removed) {
        removed = false;
        lseek(fd, 0, SEEK_SET);
        ssize_t n;
        while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
          for (ssize_t off = 0; off < n;) {
            struct dirent64 *e = (struct dirent64 *)(void *)(buf + off);
            off += e->d_reclen;
            const char *name = e->d_name;
            bool dots =
                name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
            if (!dots && unlinkat(fd, name, 0) == 0)
              removed = true;
          }
        }
      }
      close(fd);
    }
    rmdir(dir);
  }
  Output *o = outputs;
  int n = noutputs;
  for (int i = 0; i < n; i++)
    if (o[i].tmp)
      unlink(o[i].tmp);
}

static void remove_temps(void)
{
  sigset_t old;
  block_signals(&old);
  remove_temps_now();
  temp_dir = NULL;
  noutputs = 0;
  restore_signals(&old);
}

// Dies of `sig` with its default action, as if acc had never caught it, so
// the parent sees the real cause (async-signal-safe calls only).
static _Noreturn void die_of_signal(int sig)
{
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
  raise(sig);
  _exit(128 + sig);
}


// SIGINT, SIGTERM, SIGHUP, SIGPIPE.  While $CC runs, the signal is passed
// on and acted on once the child is reaped (drv_check_signal), so the
// child's files are gone before ours are removed.  Otherwise acc is working
// on its own (translating, or blocked writing to a pipe) and may not look at
// got_signal for a long time: it cleans up and dies of the signal now.
static void on_signal(int sig)
{
  if (!got_signal)
    got_signal = sig;
  pid_t child = (pid_t)child_pid;
  if (child > 0) {
    kill(child, sig);
    return;
  }
  remove_temps_now();
  die_of_signal(sig);
}

static const int crash_sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
static struct sigaction crash_prev[sizeof crash_sigs / sizeof crash_sigs[0]];
static void *alt_stack;  // where on_crash runs when the stack overflowed

// A crash is a bug in acc: remove the temporaries, say so, and exit with
// the internal-error status.  A handler that was there before (a
// sanitizer's) is given the crash afterwards, so its report is not lost.
static void on_crash(int sig, siginfo_t *info, void *ctx)
{
  remove_temps_now();
  for (size_t i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++) {
    struct sigaction *prev = &crash_prev[i];
    if (crash_sigs[i] != sig)
      continue;
    if (prev->sa_flags & SA_SIGINFO) {
      sigaction(sig, prev, NULL);
      prev->sa_sigaction(sig, info, ctx);
      return;
    }
    if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
      sigaction(sig, prev, NULL);
      prev->sa_handler(sig);
      return;
    }
  }
  const char *what = sig == SIGSEGV  ? "segmentation fault"
                     : sig == SIGBUS ? "bus error"
                     : sig == SIGILL ? "illegal instruction"
                     : sig == SIGFPE ? "arithmetic exception"
                                     : "aborted";
  static const char msg[] = "acc: internal compiler error: ";
  size_t len = 0;
  while (what[len])
    len++;
  ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
  ignored = write(STDERR_FILENO, what, len);
  ignored = write(STDERR_FILENO, "\n", 1);
  (void)ignored;
  _exit(DRV_EXIT_INTERNAL);
}

static void remove_temps_at_exit(void)
{
  remove_temps_now();
}

void drv_install_signal_handlers(void)
{
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigfillset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction old;
    // A signal ignored by whoever started us (nohup) stays ignored.
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    sigaction(sigs[i], &sa, NULL);
  }
  // Crash handlers run on an alternate stack, so a stack overflow is caught
  // too (the translator's threads set up their own, see translate.c).
  enum { ALT_STACK = 64 * 1024 };
  alt_stack = malloc(ALT_STACK);
  if (alt_stack) {
    stack_t ss = {.ss_sp = alt_stack, .ss_size = ALT_STACK};
    sigaltstack(&ss, NULL);
  }
  struct sigaction crash;
  memset(&crash, 0, sizeof crash);
  crash.sa_sigaction = on_crash;
  crash.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
  sigfillset(&crash.sa_mask);
  for (size_t i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
    sigaction(crash_sigs[i], &crash, &crash_prev[i]);
  // The translator's exits (out of memory, internal errors) clean up too.
  atexit(remove_temps_at_exit);
}

// If a signal arrived, removes every temporary and dies of that signal.
void drv_check_signal(void)
{
  int sig = got_signal;
  if (!sig)
    return;
  remove_temps();
  die_of_signal(sig);
}

_Noreturn void drv_quit(int status)
{
  drv_check_signal();
  remove_temps();
  free_all();
  exit(status);
}

void drv_die(int status, const char *fmt, ...)
{
  drv_check_signal();
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "acc: error: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  drv_quit(status);
}

void drv_usage_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "acc: error: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\nTry 'acc --help' for more information.\n");
  va_end(ap);
  drv_quit(DRV_EXIT_USAGE);
}

void drv_warn(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "acc: warning: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
}

// Makes the private directory for intermediate files on first use.
const char *drv_temp_path(const char *name)
{
  if (!temp_dir) {
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
      tmp = "/tmp";
    char *dir = drv_xprintf("%s/acc-XXXXXX", tmp);
    sigset_t old;
    block_signals(&old);
    bool made = mkdtemp(dir) != NULL;
    if (made)
      temp_dir = dir;
    restore_signals(&old);
    if (!made)
      drv_die(DRV_EXIT_USAGE, "cannot create a temporary directory in '%s': %s",
              tmp, strerror(errno));
  }
  return drv_xprintf("%s/%s", temp_dir, name);
}

// Registers an output file and returns the name to write it under.
const char *drv_stage_output(const char *final, bool executable)
{
  if (noutputs == cap_outputs) {
    int cap = cap_outputs ? cap_outputs * 2 : 16;
    Output *grown = drv_xmalloc((size_t)cap * sizeof *grown);
    if (noutputs)
      memcpy(grown, outputs, (size_t)noutputs * sizeof *grown);
    outputs = grown;  // the old array stays valid until exit
    cap_outputs = cap;
  }
  Output *o = &outputs[noutputs];
  o->final = final;
  o->executable = executable;
  o->tmp = NULL;
  struct stat st;
  // Devices and FIFOs (-o /dev/null) are written in place, never replaced.
  if (stat(final, &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode))
      drv_die(DRV_EXIT_USAGE, "cannot write '%s': Is a directory", final);
    noutputs++;
    return final;
  }
  const char *base = drv_base_name(final);
  char *tmp = base == final ? drv_xprintf(".%s.acc-XXXXXX", base)
                            : drv_xprintf("%.*s.%s.acc-XXXXXX",
                                          (int)(base - final), final, base);
  // The file and its registration appear together for the handlers.
  sigset_t old;
  block_signals(&old);
  int fd = mkstemp(tmp);
  if (fd >= 0) {
    o->tmp = tmp;
    noutputs++;
  }
  restore_signals(&old);
  if (fd < 0)
    drv_die(DRV_EXIT_USAGE, "cannot create '%s': %s", final, strerror(errno));
  close(fd);
  return tmp;
}

// Moves every staged output to its final name: the build succeeded.
void drv_commit_outputs(void)
{
  mode_t mask = umask(0);
  umask(mask);
  for (int i = 0; i < noutputs; i++) {
    Output *o = &outputs[i];
    if (!o->tmp)
      continue;
    mode_t mode = (o->executable ? 0777 : 0666) & ~mask;
    if (chmod(o->tmp, mode) != 0 || rename(o->tmp, o->final) != 0)
      drv_die(DRV_EXIT_USAGE, "cannot write '%s': %s", o->final,
              strerror(errno));
    o->tmp = NULL;
  }
}

//
// Running $CC
//

// Writes one argument so that a shell would read it back unchanged.
static void print_quoted(FILE *f, const char *s)
{
  bool plain = *s != '\0';
  for (const char *p = s; *p; p++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                "0123456789_@%+=:,./-",
                *p))
      plain = false;
  if (plain) {
    fputs(s, f);
    return;
  }
  fputc('\'', f);
  for (const char *p = s; *p; p++) {
    if (*p == '\'')
      fputs("'\\''", f);
    else
      fputc(*p, f);
  }
  fputc('\'', f);
}

static void print_command(const ArgVec *argv)
{
  for (int i = 0; i < argv->len; i++) {
    if (i)
      fputc(' ', stderr);
    print_quoted(stderr, argv->items[i]);
  }
  fputc('\n', stderr);
}

// Runs argv, with stdout going to fd out_fd if it is not -1; returns true if
// it exited with status 0.  A command that cannot start is an error (2).
bool drv_run_to(bool verbose, const ArgVec *argv, int out_fd)
{
  return drv_run_io(verbose, argv, -1, out_fd, -1);
}

bool drv_run_fds(bool verbose, const ArgVec *argv, int out_fd, int err_fd)
{
  return drv_run_io(verbose, argv, -1, out_fd, err_fd);
}

// drv_run_to, with stdin read from fd in_fd and stderr going to err_fd if
// they are not -1.
bool drv_run_io(bool verbose, const ArgVec *argv, int in_fd, int out_fd,
                int err_fd)
{
  if (verbose)
    print_command(argv);
  fflush(stdout);
  fflush(stderr);
  drv_check_signal();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);
  if (out_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  if (err_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  // Signals wait until child_pid is set, so a handler never misses the
  // child; the child itself starts with the mask acc started with.
  sigset_t old;
  block_signals(&old);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setsigmask(&attr, &old);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  pid_t pid;
  int err = posix_spawnp(&pid, argv->items[0], &actions, &attr,
                         (char *const *)argv->items, environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (!err)
    child_pid = pid;
  restore_signals(&old);
  if (err)
    drv_die(DRV_EXIT_USAGE, "cannot run '%s': %s", argv->items[0],
            strerror(err));
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  child_pid = 0;
  drv_check_signal();
  if (WIFSIGNALED(status)) {
    fprintf(stderr, "acc: error: '%s' was killed by signal %d (%s)\n",
            argv->items[0], WTERMSIG(status), strsignal(WTERMSIG(status)));
    return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
