// driver.h — what the driver's command line (main.c, options.c) uses from
// driver_sys.c: memory, argument vectors, paths, temporary files, staged
// outputs, signals and running $CC.  All of it is the driver's own; the
// translator never calls it.
#ifndef ACC_DRIVER_H
#define ACC_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

// Exit statuses of acc.
enum {
  DRV_EXIT_USER = 1,      // the program has errors (translator or $CC)
  DRV_EXIT_USAGE = 2,     // bad command line, or a file cannot be read/written
  DRV_EXIT_INTERNAL = 3,  // a bug in acc (or out of memory)
};

//
// Memory: every allocation is recorded and freed once at exit, so the
// driver never tracks ownership of the many small strings it builds.
//

void *drv_xmalloc(size_t size);
char *drv_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// A NULL-terminated vector of strings: argument lists and file lists.
typedef struct ArgVec {
  const char **items;
  int len, cap;
} ArgVec;

void drv_vec_push(ArgVec *v, const char *s);
void drv_vec_append(ArgVec *v, const ArgVec *w);

//
// Paths
//

const char *drv_base_name(const char *path);  // the last component
char *drv_dir_name(const char *path);         // the directory, "." if none
const char *drv_suffix(const char *path);     // from the last dot, or ""
// path with its suffix replaced; with strip_dir, in the current directory.
char *drv_replace_suffix(const char *path, const char *new_suffix,
                         bool strip_dir);
bool drv_file_exists(const char *path);

//
// Exit, messages, temporaries and outputs
//

// SIGINT, SIGTERM, SIGHUP, SIGPIPE: while a child runs, recorded, passed
// on to it and acted on by drv_check_signal once it is reaped; otherwise
// (translating) temporaries are removed and acc dies of the signal at once.
// Crash signals remove them too and exit with DRV_EXIT_INTERNAL, and so does
// any exit() (atexit): every way out leaves no temporary or staged output.
void drv_install_signal_handlers(void);
// If a signal arrived: removes every temporary and dies of that signal.
void drv_check_signal(void);
// Removes temporaries and uncommitted outputs, frees memory, exits.
_Noreturn void drv_quit(int status);
// `acc: error: MESSAGE`, then drv_quit(status).
_Noreturn void drv_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
// `acc: error: MESSAGE` and a pointer to --help, then exit status 2.
_Noreturn void drv_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
void drv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// The path of `name` in this run's private temporary directory (made on
// first use under $TMPDIR, removed at exit).
const char *drv_temp_path(const char *name);
// Registers output file `final` and returns the name to write it under: a
// unique hidden name in the same directory, or `final` itself for a device
// or FIFO.  Nothing appears under `final` before drv_commit_outputs.
const char *drv_stage_output(const char *final, bool executable);
// Renames every staged output to its final name (mode 0666 or, for
// executables, 0777, less the umask).
void drv_commit_outputs(void);

//
// Running commands
//

// Runs argv (printed first, shell-quoted, if verbose) with stdout on out_fd
// unless it is -1; true if it exited with status 0.  A command that cannot
// start is fatal (status 2).
bool drv_run_to(bool verbose, const ArgVec *argv, int out_fd);
// The same with stderr on err_fd too, unless it is -1.
bool drv_run_fds(bool verbose, const ArgVec *argv, int out_fd, int err_fd);
// The same, with stdin read from in_fd and stderr going to err_fd unless
// they are -1.
bool drv_run_io(bool verbose, const ArgVec *argv, int in_fd, int out_fd,
                int err_fd);

//
// The C compiler's messages about translated code (ccdiag.c)
//

// Copies the C compiler's stderr, saved in file `path`, to stderr with the
// lowering's names replaced by the user's (ac__f_resume → f) and clang's
// quotes of generated lines replaced by the source line.
void drv_relay_cc_diagnostics(const char *path);

//
// Compilation database (compdb.c)
//

// Writes one compile_commands.json entry, clang -MJ style (ends with ",\n").
void drv_compdb_entry(FILE *f, const char *dir, const char *file,
                      const char *output, const ArgVec *args);

#endif
