// driver_sys.c — the driver's dealings with the system: memory, paths,
// temporary files, staged outputs, signals, running $CC (see driver.h).
//
// Cleanup is one function, remove_temps, reached from every exit: success,
// errors, and signals.  Signal handlers only record the signal and pass it
// on to the running child; the cleanup runs in ordinary code once the child
// has been reaped (drv_check_signal), so it may use stdio and malloc.
#include "driver.h"

#include <dirent.h>
#include <errno.h>
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

void *drv_xmalloc(size_t size) {
  Alloc *a = malloc(sizeof *a + size);
  if (!a)
    drv_die(DRV_EXIT_INTERNAL, "out of memory");
  a->next = allocs;
  allocs = a;
  return a->data;
}

static void free_all(void) {
  while (allocs) {
    Alloc *next = allocs->next;
    free(allocs);
    allocs = next;
  }
}

char *drv_xprintf(const char *fmt, ...) {
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

void drv_vec_push(ArgVec *v, const char *s) {
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

void drv_vec_append(ArgVec *v, const ArgVec *w) {
  for (int i = 0; i < w->len; i++)
    drv_vec_push(v, w->items[i]);
}

//
// Paths
//

// The last component of path.
const char *drv_base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

// The directory part of path, "." if it has none.
char *drv_dir_name(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return drv_xprintf(".");
  if (slash == path)
    return drv_xprintf("/");
  return drv_xprintf("%.*s", (int)(slash - path), path);
}

// The suffix of path's last component, from its last dot ("" if none).
const char *drv_suffix(const char *path) {
  const char *base = drv_base_name(path);
  const char *dot = strrchr(base, '.');
  return dot && dot != base ? dot : "";
}

// path with its suffix replaced by new_suffix; with strip_dir, in the
// current directory (as cc names x.o after dir/x.c).
char *drv_replace_suffix(const char *path, const char *new_suffix,
                            bool strip_dir) {
  const char *p = strip_dir ? drv_base_name(path) : path;
  int keep = (int)(strlen(p) - strlen(drv_suffix(p)));
  return drv_xprintf("%.*s%s", keep, p, new_suffix);
}

bool drv_file_exists(const char *path) {
  return access(path, F_OK) == 0;
}

//
// Cleanup: temporary files and staged outputs.  Signal handlers only record
// the signal and pass it on to the running child; the cleanup itself runs in
// ordinary code once the child has been reaped (see drv_check_signal).
//

static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t child_pid;

// A file the user asked for, written first under tmp in the same directory.
typedef struct Output {
  const char *final; // the name the user sees
  const char *tmp;   // staged name; NULL if written directly (/dev/null, a FIFO)
  bool executable;   // link output: mode 0777 & ~umask, others 0666 & ~umask
} Output;

static char *temp_dir; // private directory for intermediate files, or NULL
static Output outputs[64];
static int noutputs;

static void remove_temps(void) {
  if (temp_dir) {
    DIR *dir = opendir(temp_dir);
    if (dir) {
      struct dirent *e;
      while ((e = readdir(dir)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
          unlink(drv_xprintf("%s/%s", temp_dir, e->d_name));
      closedir(dir);
    }
    rmdir(temp_dir);
    temp_dir = NULL;
  }
  for (int i = 0; i < noutputs; i++)
    if (outputs[i].tmp)
      unlink(outputs[i].tmp);
  noutputs = 0;
}

static void on_signal(int sig) {
  if (!got_signal)
    got_signal = sig;
  if (child_pid > 0)
    kill((pid_t)child_pid, sig);
}

void drv_install_signal_handlers(void) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction old;
    // A signal ignored by whoever started us (nohup) stays ignored.
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    sigaction(sigs[i], &sa, NULL);
  }
}

// If a signal arrived, removes every temporary and dies of that signal.
void drv_check_signal(void) {
  int sig = got_signal;
  if (!sig)
    return;
  remove_temps();
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  raise(sig);
  _exit(128 + sig);
}

_Noreturn void drv_quit(int status) {
  drv_check_signal();
  remove_temps();
  free_all();
  exit(status);
}

void drv_die(int status, const char *fmt, ...) {
  drv_check_signal();
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "acc: error: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  drv_quit(status);
}

void drv_usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "acc: error: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\nTry 'acc --help' for more information.\n");
  va_end(ap);
  drv_quit(DRV_EXIT_USAGE);
}

void drv_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "acc: warning: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
}

// Makes the private directory for intermediate files on first use.
const char *drv_temp_path(const char *name) {
  if (!temp_dir) {
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
      tmp = "/tmp";
    char *dir = drv_xprintf("%s/acc-XXXXXX", tmp);
    if (!mkdtemp(dir))
      drv_die(DRV_EXIT_USAGE, "cannot create a temporary directory in '%s': %s", tmp,
          strerror(errno));
    temp_dir = dir;
  }
  return drv_xprintf("%s/%s", temp_dir, name);
}

// Registers an output file and returns the name to write it under.
const char *drv_stage_output(const char *final, bool executable) {
  if (noutputs == (int)(sizeof outputs / sizeof outputs[0]))
    drv_die(DRV_EXIT_USAGE, "too many output files");
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
                            : drv_xprintf("%.*s.%s.acc-XXXXXX", (int)(base - final),
                                      final, base);
  int fd = mkstemp(tmp);
  if (fd < 0)
    drv_die(DRV_EXIT_USAGE, "cannot create '%s': %s", final, strerror(errno));
  close(fd);
  o->tmp = tmp;
  noutputs++;
  return tmp;
}

// Moves every staged output to its final name: the build succeeded.
void drv_commit_outputs(void) {
  mode_t mask = umask(0);
  umask(mask);
  for (int i = 0; i < noutputs; i++) {
    Output *o = &outputs[i];
    if (!o->tmp)
      continue;
    mode_t mode = (o->executable ? 0777 : 0666) & ~mask;
    if (chmod(o->tmp, mode) != 0 || rename(o->tmp, o->final) != 0)
      drv_die(DRV_EXIT_USAGE, "cannot write '%s': %s", o->final, strerror(errno));
    o->tmp = NULL;
  }
}

//
// Running $CC
//

// Writes one argument so that a shell would read it back unchanged.
static void print_quoted(FILE *f, const char *s) {
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

static void print_command(const ArgVec *argv) {
  for (int i = 0; i < argv->len; i++) {
    if (i)
      fputc(' ', stderr);
    print_quoted(stderr, argv->items[i]);
  }
  fputc('\n', stderr);
}

// Runs argv, with stdout going to fd out_fd if it is not -1; returns true if
// it exited with status 0.  A command that cannot start is an error (2).
bool drv_run_to(bool verbose, const ArgVec *argv, int out_fd) {
  if (verbose)
    print_command(argv);
  fflush(stdout);
  fflush(stderr);
  drv_check_signal();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (out_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  pid_t pid;
  int err = posix_spawnp(&pid, argv->items[0], &actions, NULL,
                         (char *const *)argv->items, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err)
    drv_die(DRV_EXIT_USAGE, "cannot run '%s': %s", argv->items[0], strerror(err));
  child_pid = pid;
  if (got_signal) // arrived before child_pid was set
    kill(pid, got_signal);
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

