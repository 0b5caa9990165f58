// main.c — acc's driver: a cc-like command line around the translator.
// (Its command line is read in options.c, see options.h; its dealings
// with the system are in driver_sys.c, see driver.h.)
//
// For every .ac input the driver runs three steps, each on a temporary file
// in a private directory under $TMPDIR:
//
//   $CC -E -D__ASYNC_C__ <flags> -I<prefix>/include [ACC_RT_CFLAGS]
//       -x c x.ac -o N-x.i
//   translate_unit(N-x.i) > N-x.c
//   $CC -c -x cpp-output <flags> N-x.c -o N-x.o
//
// then links every object with the runtime:
//
//   $CC <flags> <inputs and -l/-L in order> -o out <prefix>/lib/libacrt.a
//       <ACC_RT_LIBS: the Makefile's UV_LIBS, e.g. -lcurl -luv -lpthread ...>
//
// Other inputs go to $CC as they are (sources are compiled by $CC, objects
// and libraries are linked), so one command can build a mixed program.
//
// Two rules hold on every path:
// - No partial output.  Every file the user asked for (the -o target, the
//   default a.out or x.o, a .d file) is written under a temporary name in its
//   own directory and renamed into place only when every step succeeded; on
//   any failure, or on SIGINT/SIGTERM/SIGHUP/SIGPIPE, temporaries are removed
//   and an existing output file is left untouched.
// - Exit status: 0 success, 1 the program has errors (the translator's or
//   $CC's, whose messages are shown), 2 usage or I/O error (driver messages
//   are `acc: error: ...`), 3 internal error.
//
// The runtime is found relative to the running executable (the real path of
// /proc/self/exe, then ../include/acrt.h and ../lib/libacrt.a), so a build
// tree and an installed or moved prefix both work; if those files are not
// there, the configured prefix ACC_PREFIX is used.
#include "acc.h"
#include "driver.h"
#include "options.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ACC_PREFIX
#define ACC_PREFIX "/usr/local"
#endif
#ifndef ACC_VERSION
#define ACC_VERSION "unknown"
#endif
// The libraries libacrt needs, in link order, as string literals separated
// by commas: compiler/compiler.mk makes them from the Makefile's UV_LIBS,
// the one list (acrt.pc gets it from there too).
#ifndef ACC_RT_LIBS
#error "ACC_RT_LIBS: build acc with make (it comes from UV_LIBS)"
#endif
// The C flags code built against that libacrt needs, the same way (from
// the Makefile's RT_CFLAGS): none in a usual build, -DAC_POOL_PASSTHROUGH
// in a PT=1 one.
#ifndef ACC_RT_CFLAGS
#error "ACC_RT_CFLAGS: build acc with make (it comes from RT_CFLAGS)"
#endif

// Splits $CC on blanks; "cc" if it is unset or blank.
static void split_cc(Driver *d)
{
  const char *cc = getenv("CC");
  if (cc) {
    char *copy = drv_xprintf("%s", cc);
    for (char *tok = strtok(copy, " \t\n"); tok; tok = strtok(NULL, " \t\n"))
      drv_vec_push(&d->cc, tok);
  }
  if (d->cc.len == 0)
    drv_vec_push(&d->cc, "cc");
}

// Every input must exist before anything runs: one clear message, exit 2.
static void check_inputs(Driver *d)
{
  for (int i = 0; i < d->inputs.len; i++) {
    const char *in = d->inputs.items[i];
    if (!strcmp(in, "-"))
      continue;
    int fd = open(in, O_RDONLY);
    if (fd < 0)
      drv_die(DRV_EXIT_USAGE, "cannot open '%s': %s", in, strerror(errno));
    struct stat st;
    int err = fstat(fd, &st) != 0 ? errno : 0;
    close(fd);
    if (err)
      drv_die(DRV_EXIT_USAGE, "cannot open '%s': %s", in, strerror(err));
    if (S_ISDIR(st.st_mode))
      drv_die(DRV_EXIT_USAGE, "cannot open '%s': Is a directory", in);
    struct stat out;
    if (d->output && stat(d->output, &out) == 0 && S_ISREG(out.st_mode) &&
        out.st_dev == st.st_dev && out.st_ino == st.st_ino)
      drv_die(DRV_EXIT_USAGE, "input file '%s' is the same as output file", in);
  }
}

// The prefix holding include/acrt.h and lib/libacrt.a: the one this acc
// runs from (bin/..), else the configured one.
static void find_prefix(Driver *d)
{
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *prefix = drv_dir_name(drv_dir_name(exe));
    if (drv_file_exists(drv_xprintf("%s/include/acrt.h", prefix)) &&
        drv_file_exists(drv_xprintf("%s/lib/libacrt.a", prefix))) {
      d->prefix = prefix;
      return;
    }
  }
  d->prefix = ACC_PREFIX;
}

static void run(Driver *d, const ArgVec *argv)
{
  if (!drv_run_to(d->verbose, argv, -1))
    drv_quit(DRV_EXIT_USER);
}

// Runs $CC on translated C: its messages go through ccdiag.c, which names
// what the user wrote instead of what the lowering generated.
static void run_translated(Driver *d, const ArgVec *argv)
{
  const char *path = drv_temp_path("cc-stderr");  // read before the next run
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    drv_die(DRV_EXIT_USAGE, "cannot create '%s': %s", path, strerror(errno));
  // $CC colours what goes to a terminal; it now writes to a file, so it is
  // asked to, unless the command line says otherwise.
  ArgVec v = *argv;
  const char *term = getenv("TERM");
  bool colour = isatty(STDERR_FILENO) && term && strcmp(term, "dumb");
  for (int i = 0; i < argv->len && colour; i++)
    if (strstr(argv->items[i], "diagnostics-color") ||
        strstr(argv->items[i], "color-diagnostics"))
      colour = false;
  if (colour) {
    v = (ArgVec){0};
    drv_vec_push(&v, argv->items[0]);
    drv_vec_push(&v, "-fdiagnostics-color=always");
    for (int i = 1; i < argv->len; i++)
      drv_vec_push(&v, argv->items[i]);
  }
  bool ok = drv_run_fds(d->verbose, &v, -1, fd);
  close(fd);
  drv_relay_cc_diagnostics(path);
  if (!ok)
    drv_quit(DRV_EXIT_USER);
}

// Runs a command that reads input `in`: standard input ("-") is the copy
// acc made of it (read once, since an input may be read twice).  With
// `quiet` its stderr goes to /dev/null.  True if it succeeded.
static bool try_run_reading(Driver *d, const ArgVec *argv, const char *in,
                            bool quiet)
{
  int fd = -1, err = quiet ? open("/dev/null", O_WRONLY) : -1;
  if (!strcmp(in, "-") && (fd = open(d->stdin_copy, O_RDONLY)) < 0)
    drv_die(DRV_EXIT_USAGE, "cannot open '%s': %s", d->stdin_copy,
            strerror(errno));
  bool ok = drv_run_io(d->verbose, argv, fd, -1, err);
  if (fd >= 0)
    close(fd);
  if (err >= 0)
    close(err);
  return ok;
}

// The same; a failure is the program's error (exit status 1).
static void run_reading(Driver *d, const ArgVec *argv, const char *in)
{
  if (!try_run_reading(d, argv, in, false))
    drv_quit(DRV_EXIT_USER);
}

// Copies standard input to a temporary file if an input is "-".
static void copy_stdin(Driver *d)
{
  for (int i = 0; i < d->inputs.len; i++) {
    if (strcmp(d->inputs.items[i], "-"))
      continue;
    if (d->stdin_copy)
      drv_usage_error("standard input ('-') given more than once");
    d->stdin_copy = drv_temp_path("stdin");
    int fd = open(d->stdin_copy, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
      drv_die(DRV_EXIT_USAGE, "cannot create '%s': %s", d->stdin_copy,
              strerror(errno));
    char buf[65536];
    ssize_t n;
    while ((n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || write(fd, buf, (size_t)n) != n)
        drv_die(DRV_EXIT_USAGE, "cannot copy standard input: %s",
                strerror(errno));
    }
    close(fd);
  }
}

//
// The steps
//

typedef enum { IN_AC, IN_SOURCE, IN_LINKER } InputKind;

// What input `in` (one of d->inputs) is: its -x language, else its suffix;
// standard input is Async C unless -x says otherwise.
static InputKind input_kind(const Driver *d, const char *in)
{
  const char *lang = NULL;
  for (int i = 0; i < d->inputs.len; i++)
    if (d->inputs.items[i] == in)
      lang = d->langs.items[i];
  if (lang)
    return !strcmp(lang, "ac") ? IN_AC : IN_SOURCE;
  if (!strcmp(in, "-"))
    return IN_AC;
  const char *s = drv_suffix(in);
  if (!strcmp(s, ".ac"))
    return IN_AC;
  if (!strcmp(s, ".c") || !strcmp(s, ".i") || !strcmp(s, ".s") ||
      !strcmp(s, ".S") || !strcmp(s, ".sx"))
    return IN_SOURCE;
  return IN_LINKER;
}

// Dependency flags for compiling source `in` to `target`: the .d file is
// staged like every output, and names the real target, never a temporary.
// Without -MF the .d is named as cc names it: after the -o output with -c,
// -S or -E, after the source in the current directory otherwise, and after
// the program when linking (PROG.d, or PROG-x.d with several sources).
static void add_dep_flags(Driver *d, ArgVec *argv, const char *in,
                          const char *target, int nsources)
{
  if (!d->dep_mode)
    return;
  const char *dfile = d->dep_file;
  if (!dfile) {
    if (d->mode == MODE_LINK) {
      const char *prog = drv_replace_suffix(target, "", false);
      dfile = nsources == 1 ? drv_xprintf("%s.d", prog)
                            : drv_xprintf("%s-%s.d", prog,
                                          drv_replace_suffix(in, "", true));
    } else if (d->output && strcmp(d->output, "-")) {
      dfile = drv_replace_suffix(d->output, ".d", false);
    } else {
      dfile = drv_replace_suffix(in, ".d", true);
    }
  }
  drv_vec_push(argv, d->dep_mode);
  drv_vec_push(argv, "-MF");
  drv_vec_push(argv, drv_stage_output(dfile, false));
  if (d->dep_phony)
    drv_vec_push(argv, "-MP");
  if (d->dep_targets.len) {
    drv_vec_append(argv, &d->dep_targets);
  } else {
    drv_vec_push(argv, "-MQ");
    drv_vec_push(argv, target);
  }
}

// The command line that starts every $CC step.
static ArgVec cc_command(Driver *d)
{
  ArgVec v = {0};
  drv_vec_append(&v, &d->cc);
  return v;
}

// Whether the C compiler will read fall-through comments: gcc's
// -Wimplicit-fallthrough, which -Wextra (-W) turns on, and which an
// explicit -W[no-]implicit-fallthrough[=N] overrides wherever it stands.
static bool wants_fallthrough_comments(const Driver *d)
{
  int extra = 0, explicit_on = -1;
  for (int i = 0; i < d->warn_flags.len; i++) {
    const char *w = d->warn_flags.items[i];
    if (!strcmp(w, "-Wextra") || !strcmp(w, "-W"))
      extra = 1;
    else if (!strcmp(w, "-Wno-extra"))
      extra = 0;
    else if (!strcmp(w, "-Wimplicit-fallthrough") ||
             !strcmp(w, "-Werror=implicit-fallthrough"))
      explicit_on = 1;
    else if (drv_starts_with(w, "-Wimplicit-fallthrough="))
      explicit_on = strcmp(w + strlen("-Wimplicit-fallthrough="), "0") != 0;
    else if (!strcmp(w, "-Wno-implicit-fallthrough"))
      explicit_on = 0;
  }
  return explicit_on >= 0 ? explicit_on : extra;
}

// -g3 (or -ggdb3): the C compiler records macros, which it can only do from
// preprocessed text if the preprocessor kept the #defines (-dD), as cc does
// with -save-temps.
static bool wants_macros(const Driver *d)
{
  for (int i = 0; i < d->compile_flags.len; i++)
    if (!strcmp(d->compile_flags.items[i], "-g3") ||
        !strcmp(d->compile_flags.items[i], "-ggdb3"))
      return true;
  return false;
}

// The runtime's headers, for every step that preprocesses: its include
// directory and the flags its build requires of the code using it.  A
// pass-through runtime (PT=1) is another ABI: code compiled for pools
// would put a freed frame on a size class's free list, and the next frame
// of that class, if bigger, would get that exact-size block.
static void push_runtime_headers(const Driver *d, ArgVec *v)
{
  static const char *const rt_cflags[] = {ACC_RT_CFLAGS NULL};
  drv_vec_push(v, drv_xprintf("-I%s/include", d->prefix));
  for (int i = 0; rt_cflags[i]; i++)
    drv_vec_push(v, rt_cflags[i]);
}

// The command that preprocesses x.ac (without its output and dependency
// flags).
static ArgVec preprocess_command(Driver *d)
{
  ArgVec v = cc_command(d);
  drv_vec_push(&v, "-E");
  drv_vec_push(&v, "-D__ASYNC_C__");
  drv_vec_append(&v, &d->pp_flags);
  push_runtime_headers(d, &v);
  // Every .ac file sees the name ac_task (async prototypes become
  // `ac_task *f(...)`), from a header that includes nothing else.
  drv_vec_push(&v, "-include");
  drv_vec_push(&v, "acrt_forward.h");
  if (d->all_async) {  // the task ABI, before the program's first line
    drv_vec_push(&v, "-include");
    drv_vec_push(&v, "acrt_all_async.h");
  }
  drv_vec_append(&v, &d->gen_flags);
  drv_vec_append(&v, &d->warn_flags);
  return v;
}

// Preprocesses x.ac into `out` (a file name, or NULL for stdout).  Comments
// are not kept (-C would change programs: gcc puts them into `#x` of a
// macro argument); when the C compiler reads fall-through comments, x.ac is
// preprocessed a second time with -C into `comments_out`, and the
// translator puts those comments back (lex_merge_comments).
static void preprocess(Driver *d, const char *in, const char *out,
                       const char *comments_out, const char *dep_target,
                       int nsources)
{
  ArgVec v = preprocess_command(d);
  if (d->mode != MODE_PP && wants_macros(d))
    drv_vec_push(&v, "-dD");
  add_dep_flags(d, &v, in, dep_target, nsources);
  drv_vec_push(&v, "-x");
  drv_vec_push(&v, "c");
  drv_vec_push(&v, in);
  if (out) {
    drv_vec_push(&v, "-o");
    drv_vec_push(&v, out);
  }
  run_reading(d, &v, in);
  if (!comments_out || d->mode == MODE_PP || !wants_fallthrough_comments(d))
    return;
  // The same text with comments; its messages were shown by the first run.
  v = preprocess_command(d);
  drv_vec_push(&v, "-C");
  drv_vec_push(&v, "-w");
  drv_vec_push(&v, "-x");
  drv_vec_push(&v, "c");
  drv_vec_push(&v, in);
  drv_vec_push(&v, "-o");
  drv_vec_push(&v, comments_out);
  // Comments kept can break a directive (`/* c */ #endif` is then text):
  // then only the comments are lost.
  if (!try_run_reading(d, &v, in, true))
    unlink(comments_out);
}

// Reads a whole file; I/O errors are fatal (2).
static char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    drv_die(DRV_EXIT_USAGE, "cannot open '%s': %s", path, strerror(errno));
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *bigger = realloc(buf, cap *= 2);
      if (!bigger)
        free(buf);
      buf = bigger;
    }
  }
  bool failed = ferror(f);
  fclose(f);
  if (!buf)
    drv_die(DRV_EXIT_INTERNAL, "out of memory");
  if (failed) {
    free(buf);
    drv_die(DRV_EXIT_USAGE, "cannot read '%s': %s", path, strerror(errno));
  }
  *len = n;
  return buf;
}

// The preprocessed unit mapped from its file instead of read into fresh
// memory that the kernel must zero first (1.5 MB for bench g's unit).  A
// file that fills its last page exactly, or that cannot be mapped, is read
// (so the byte after the text is never outside the mapping), and so is an
// empty one; unmap_text() releases either.
static char *map_text(const char *path, size_t *len, bool *mapped)
{
  *mapped = false;
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      st.st_size % sysconf(_SC_PAGESIZE) != 0) {
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      close(fd);
      *len = (size_t)st.st_size;
      *mapped = true;
      return p;
    }
  }
  if (fd >= 0)
    close(fd);
  return read_file(path, len);
}

static void unmap_text(char *text, size_t len, bool mapped)
{
  if (mapped)
    munmap(text, len);
  else
    free(text);
}

// -save-temps: keeps a copy of intermediate file `path` of input `in` as
// BASE.SUFFIX in the current directory (=obj: the output's directory).
static void save_temp(Driver *d, const char *in, const char *path,
                      const char *suffix)
{
  if (!d->save_temps)
    return;
  const char *dir = d->save_temps;
  if (!strcmp(dir, "obj"))
    dir = d->output && strcmp(d->output, "-") ? drv_dir_name(d->output) : ".";
  const char *base = strcmp(in, "-") ? in : "stdin";
  const char *name =
      drv_xprintf("%s/%s", dir, drv_replace_suffix(base, suffix, true));
  size_t len;
  char *text = read_file(path, &len);
  FILE *f = fopen(name, "w");
  bool ok = f && fwrite(text, 1, len, f) == len;
  if (f && fclose(f) != 0)
    ok = false;
  free(text);
  if (!ok)
    drv_die(DRV_EXIT_USAGE, "cannot write '%s': %s", name, strerror(errno));
}

// Translates preprocessed `pp` (from source `in`) into C on file `out`;
// `comments` is the same preprocessed with -C, if preprocess() made it.
static void translate(Driver *d, const char *in, const char *pp,
                      const char *comments, const char *out)
{
  if (d->verbose)
    fprintf(stderr, "# translate %s -> %s  (%s)\n", pp, out, in);
  size_t len, clen = 0;
  bool mapped, cmapped = false;
  char *text = map_text(pp, &len, &mapped);
  char *ctext = comments && drv_file_exists(comments)
                    ? map_text(comments, &clen, &cmapped)
                    : NULL;
  FILE *f = fopen(out, "w");
  if (!f) {
    unmap_text(text, len, mapped);
    unmap_text(ctext, clen, cmapped);
    drv_die(DRV_EXIT_USAGE, "cannot create '%s': %s", out, strerror(errno));
  }
  // The emitter hands over its output in pieces of 256 KB (emit.c): each
  // is one write(2) without stdio's buffer, which would first fill its
  // 4 KB and write that apart.
  setvbuf(f, NULL, _IONBF, 0);
  TranslateOptions opts = {.input_name = strcmp(in, "-") ? in : "<stdin>",
                           .verbose = d->verbose,
                           .frame_report = d->frame_report,
                           .all_async = d->all_async,
                           .no_async_keywords = d->no_async_keywords,
                           .frame_locals = d->optimize,
                           .comments_text = ctext,
                           .comments_len = clen};
  int errors = translate_unit(text, len, f, &opts);
  unmap_text(text, len, mapped);
  unmap_text(ctext, clen, cmapped);
  bool write_failed = ferror(f);
  if (fclose(f) != 0)
    write_failed = true;
  drv_check_signal();
  if (errors)
    drv_quit(DRV_EXIT_USER);
  if (write_failed)
    drv_die(DRV_EXIT_USAGE, "cannot write '%s': %s", out, strerror(errno));
  save_temp(d, in, pp, ".i");
  save_temp(d, in, out, ".acc.c");
}

// Copies file `path` to stdout.
static void copy_to_stdout(const char *path)
{
  size_t len;
  char *text = read_file(path, &len);
  size_t n = fwrite(text, 1, len, stdout);
  free(text);
  if (n != len || fflush(stdout) != 0)
    drv_die(DRV_EXIT_USAGE, "cannot write to standard output: %s",
            strerror(errno));
}

// Puts `-x LANG` before an input on a $CC command line: `lang` if not NULL,
// else the language -x gave input `in`, if any.
static void push_lang(const Driver *d, ArgVec *v, const char *lang,
                      const char *in)
{
  for (int i = 0; !lang && i < d->inputs.len; i++)
    if (d->inputs.items[i] == in)
      lang = d->langs.items[i];
  if (lang) {
    drv_vec_push(v, "-x");
    drv_vec_push(v, lang);
  }
}

// Compiles source `in` (translated C from an .ac when `translated`) with
// -c or -S into `out`.
static void compile(Driver *d, const char *in, const char *src, bool translated,
                    const char *out, const char *dep_target, int nsources)
{
  ArgVec v = cc_command(d);
  drv_vec_push(&v, d->mode == MODE_ASM      ? "-S"
                   : d->mode == MODE_SYNTAX ? "-fsyntax-only"
                                            : "-c");  // (MODE_FRAMES: -c)
  if (!translated) {
    drv_vec_append(&v, &d->pp_flags);
    push_runtime_headers(d, &v);
    add_dep_flags(d, &v, in, dep_target, nsources);
  }
  drv_vec_append(&v, &d->gen_flags);
  drv_vec_append(&v, &d->warn_flags);
  drv_vec_append(&v, &d->compile_flags);
  // Translated C is already preprocessed: cpp-output stops cc expanding
  // macros again.  A source's own -x language goes with it.
  push_lang(d, &v, translated ? "cpp-output" : NULL, in);
  drv_vec_push(&v, src);
  if (out) {
    drv_vec_push(&v, "-o");
    drv_vec_push(&v, out);
  }
  if (translated)
    run_translated(d, &v);
  else
    run_reading(d, &v, src);
}

// The name of the n-th intermediate file for input `in`.
static const char *temp_for(int n, const char *in, const char *suf)
{
  return drv_temp_path(
      drv_xprintf("%d-%s", n, drv_replace_suffix(in, suf, true)));
}

// -MJ: records how tools should read source `in` (compiled to `output`):
// as C, .ac files with the runtime's acrt_tooling.h, which lets clangd and
// other C tools parse async, await and defer.
static void record_compdb(Driver *d, const char *in, const char *output)
{
  if (!d->compdb_file)
    return;
  if (!d->compdb) {
    const char *path = drv_stage_output(d->compdb_file, false);
    d->compdb = fopen(path, "w");
    if (!d->compdb)
      drv_die(DRV_EXIT_USAGE, "cannot create '%s': %s", path, strerror(errno));
  }
  ArgVec v = cc_command(d);
  if (input_kind(d, in) == IN_AC) {
    drv_vec_push(&v, "-x");
    drv_vec_push(&v, "c");
    drv_vec_push(&v, "-D__ASYNC_C__");
  }
  drv_vec_append(&v, &d->pp_flags);
  push_runtime_headers(d, &v);
  if (input_kind(d, in) == IN_AC) {
    if (d->no_async_keywords)
      drv_vec_push(&v, "-DAC_NO_ASYNC_KEYWORDS");
    drv_vec_push(&v, "-include");
    drv_vec_push(&v, "acrt_tooling.h");
  }
  drv_vec_append(&v, &d->gen_flags);
  drv_vec_append(&v, &d->warn_flags);
  drv_vec_append(&v, &d->compile_flags);
  drv_vec_push(&v, "-c");
  drv_vec_push(&v, in);
  drv_vec_push(&v, "-o");
  drv_vec_push(&v, output);
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd))
    drv_die(DRV_EXIT_USAGE, "cannot get the current directory: %s",
            strerror(errno));
  drv_compdb_entry(d->compdb, cwd, in, output, &v);
}

// Builds input number n (source `in`) into `out`, an object or assembly file.
static void build_one(Driver *d, int n, const char *in, const char *out,
                      const char *dep_target, int nsources)
{
  record_compdb(d, in, dep_target);
  if (input_kind(d, in) != IN_AC) {
    compile(d, in, in, false, out, dep_target, nsources);
    return;
  }
  const char *pp = temp_for(n, in, ".i");
  const char *c = temp_for(n, in, ".c");
  const char *ci = temp_for(n, in, ".ci");
  preprocess(d, in, pp, ci, dep_target, nsources);
  translate(d, in, pp, ci, c);
  compile(d, in, c, true, out, dep_target, nsources);
}

static void do_preprocess(Driver *d)
{
  bool to_stdout = !d->output || !strcmp(d->output, "-");
  for (int i = 0; i < d->inputs.len; i++) {
    const char *in = d->inputs.items[i];
    InputKind kind = input_kind(d, in);
    if (kind == IN_LINKER) {
      drv_warn("'%s': linker input file unused because linking not done", in);
      continue;
    }
    const char *out = to_stdout ? NULL : drv_stage_output(d->output, false);
    const char *target = drv_replace_suffix(in, ".o", true);
    if (kind == IN_AC) {
      preprocess(d, in, out, NULL, target, 1);
      continue;
    }
    ArgVec v = cc_command(d);
    drv_vec_push(&v, "-E");
    drv_vec_append(&v, &d->pp_flags);
    push_runtime_headers(d, &v);
    drv_vec_append(&v, &d->gen_flags);
    drv_vec_append(&v, &d->warn_flags);
    add_dep_flags(d, &v, in, target, 1);
    push_lang(d, &v, NULL, in);
    drv_vec_push(&v, in);
    if (out) {
      drv_vec_push(&v, "-o");
      drv_vec_push(&v, out);
    }
    run_reading(d, &v, in);
  }
}

static void do_emit_c(Driver *d)
{
  bool to_stdout = !d->output || !strcmp(d->output, "-");
  for (int i = 0; i < d->inputs.len; i++)
    if (input_kind(d, d->inputs.items[i]) != IN_AC)
      drv_usage_error("'--emit-c' translates .ac files; '%s' is not one",
                      d->inputs.items[i]);
  for (int i = 0; i < d->inputs.len; i++) {
    const char *in = d->inputs.items[i];
    const char *pp = temp_for(i, in, ".i");
    const char *out =
        to_stdout ? temp_for(i, in, ".c") : drv_stage_output(d->output, false);
    // A dependency file names the translation, the file make would build.
    const char *target =
        to_stdout ? drv_replace_suffix(in, ".c", true) : d->output;
    const char *ci = temp_for(i, in, ".ci");
    preprocess(d, in, pp, ci, target, 1);
    translate(d, in, pp, ci, out);
    // Standard output gets the translation only once it is complete.
    if (to_stdout)
      copy_to_stdout(out);
  }
}

// --frame-report: only the C compiler knows the sizes, so the translation
// is compiled with a table of them (section .acc_frames, made by the
// translator), the table is read back with objcopy, and each @N@ in the
// translator's report text becomes the N-th size.
static void do_frame_report(Driver *d)
{
  for (int i = 0; i < d->inputs.len; i++) {
    const char *in = d->inputs.items[i];
    if (input_kind(d, in) != IN_AC)
      drv_usage_error("'--frame-report' reads .ac files; '%s' is not one", in);
  }
  for (int i = 0; i < d->inputs.len; i++) {
    const char *in = d->inputs.items[i];
    const char *pp = temp_for(i, in, ".i");
    const char *c = temp_for(i, in, ".c");
    const char *obj = temp_for(i, in, ".o");
    const char *bin = temp_for(i, in, ".sizes");
    const char *txt = temp_for(i, in, ".report");
    const char *ci = temp_for(i, in, ".ci");
    preprocess(d, in, pp, ci, NULL, 1);
    d->frame_report = fopen(txt, "w");
    if (!d->frame_report)
      drv_die(DRV_EXIT_USAGE, "cannot create '%s': %s", txt, strerror(errno));
    translate(d, in, pp, ci, c);
    fclose(d->frame_report);
    d->frame_report = NULL;
    compile(d, in, c, true, obj, NULL, 1);
    ArgVec v = {0};
    drv_vec_push(&v, "objcopy");
    drv_vec_push(&v, "-O");
    drv_vec_push(&v, "binary");
    drv_vec_push(&v, "--only-section=.acc_frames");
    drv_vec_push(&v, obj);
    drv_vec_push(&v, bin);
    run(d, &v);
    size_t nbytes = 0, tlen = 0;
    char *sizes = drv_file_exists(bin) ? read_file(bin, &nbytes) : NULL;
    char *text = read_file(txt, &tlen);
    if (tlen == 0)
      printf("%s: no async function\n", in);
    for (size_t k = 0; k < tlen; k++) {
      unsigned long long value;
      int n = 0;
      if (text[k] == '@' && sscanf(text + k + 1, "%d@", &n) == 1 &&
          (size_t)(n + 1) * sizeof value <= nbytes) {
        memcpy(&value, sizes + (size_t)n * sizeof value, sizeof value);
        printf("%llu", value);
        k = (size_t)(strchr(text + k + 1, '@') - text);
      } else {
        putchar(text[k]);
      }
    }
    free(sizes);
    free(text);
  }
}

static void do_compile(Driver *d)
{
  const char *suf = d->mode == MODE_ASM ? ".s" : ".o";
  for (int i = 0; i < d->inputs.len; i++) {
    const char *in = d->inputs.items[i];
    if (input_kind(d, in) == IN_LINKER) {
      drv_warn("'%s': linker input file unused because linking not done", in);
      continue;
    }
    const char *final =
        d->output ? d->output : drv_replace_suffix(in, suf, true);
    bool to_stdout = !strcmp(final, "-");
    // -fsyntax-only: checked, and nothing written.
    const char *out = d->mode == MODE_SYNTAX ? NULL
                      : to_stdout            ? temp_for(i, in, suf)
                                             : drv_stage_output(final, false);
    build_one(d, i, in, out, final, 1);
    if (to_stdout)
      copy_to_stdout(out);
  }
}

static void do_link(Driver *d)
{
  const char *final = d->output ? d->output : "a.out";
  const char *lib = drv_xprintf("%s/lib/libacrt.a", d->prefix);
  if (!drv_file_exists(lib))
    drv_die(DRV_EXIT_USAGE, "cannot find the runtime library '%s'", lib);
  // Staged first: an unwritable destination fails before any work is done.
  const char *out = drv_stage_output(final, true);
  int nsources = 0;
  for (int i = 0; i < d->inputs.len; i++)
    nsources += input_kind(d, d->inputs.items[i]) != IN_LINKER;

  // Sources become objects in the temporary directory, in input order.
  // Translated .ac files are compiled by the link command itself (one $CC
  // run fewer per build): `-x cpp-output x.c -x none` in their place.
  ArgVec items = {0};
  int input = 0, translated = 0;
  for (int i = 0; i < d->link_items.len; i++) {
    const char *item = d->link_items.items[i];
    bool is_input = input < d->inputs.len && item == d->inputs.items[input];
    if (is_input && input_kind(d, item) == IN_AC) {
      const char *pp = temp_for(input, item, ".i");
      const char *c = temp_for(input, item, ".c");
      record_compdb(d, item, final);
      const char *ci = temp_for(input, item, ".ci");
      preprocess(d, item, pp, ci, final, nsources);
      translate(d, item, pp, ci, c);
      drv_vec_push(&items, "-x");
      drv_vec_push(&items, "cpp-output");
      drv_vec_push(&items, c);
      drv_vec_push(&items, "-x");
      item = "none";
      translated++;
    } else if (is_input && input_kind(d, item) != IN_LINKER) {
      const char *obj = temp_for(input, item, ".o");
      build_one(d, input, item, obj, final, nsources);
      item = obj;
    }
    input += is_input;
    drv_vec_push(&items, item);
  }

  ArgVec v = cc_command(d);
  drv_vec_append(&v, &d->gen_flags);
  if (translated) {
    drv_vec_append(&v, &d->warn_flags);
    drv_vec_append(&v, &d->compile_flags);
  }
  drv_vec_append(&v, &d->link_flags);
  drv_vec_append(&v, &items);
  drv_vec_push(&v, "-o");
  drv_vec_push(&v, out);
  drv_vec_push(&v, lib);
  static const char *const rt_libs[] = {ACC_RT_LIBS};
  for (size_t i = 0; i < sizeof rt_libs / sizeof rt_libs[0]; i++)
    drv_vec_push(&v, rt_libs[i]);
  if (translated)
    run_translated(d, &v);
  else
    run(d, &v);
}

// --version: ours, then the first line of `$CC --version`.
static void print_version(Driver *d)
{
  printf("acc (Async C) %s\n", ACC_VERSION);
  fflush(stdout);
  ArgVec v = cc_command(d);
  drv_vec_push(&v, "--version");
  const char *out = drv_temp_path("cc-version");
  int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    drv_die(DRV_EXIT_USAGE, "cannot create '%s': %s", out, strerror(errno));
  bool ok = drv_run_to(false, &v, fd);
  close(fd);
  size_t len;
  char *text = read_file(out, &len);
  char *nl = memchr(text, '\n', len);
  int first = (int)(nl ? (size_t)(nl - text) : len);
  printf("C compiler: ");
  for (int i = 0; i < d->cc.len; i++)
    printf("%s%s", i ? " " : "", d->cc.items[i]);
  if (ok)
    printf(" (%.*s)\n", first, text);
  else
    printf(" (cannot run it)\n");
  printf("prefix: %s\n", d->prefix);
  free(text);
}

int main(int argc, char **argv)
{
  static Driver driver;
  Driver *d = &driver;
  drv_install_signal_handlers();
  split_cc(d);
  const char *all_async = getenv("ACC_ALL_ASYNC");
  d->all_async = all_async && *all_async && strcmp(all_async, "0");
  drv_parse_args(d, argc, argv);
  find_prefix(d);
  if (d->version) {
    print_version(d);
    drv_quit(0);
  }
  if (d->verbose) {
    fprintf(stderr, "acc (Async C) %s, prefix %s, C compiler:", ACC_VERSION,
            d->prefix);
    for (int i = 0; i < d->cc.len; i++)
      fprintf(stderr, " %s", d->cc.items[i]);
    fprintf(stderr, "\n");
  }
  check_inputs(d);
  copy_stdin(d);

  switch (d->mode) {
  case MODE_PP: do_preprocess(d); break;
  case MODE_EMIT_C: do_emit_c(d); break;
  case MODE_FRAMES: do_frame_report(d); break;
  case MODE_OBJECT:
  case MODE_ASM:
  case MODE_SYNTAX: do_compile(d); break;
  case MODE_LINK: do_link(d); break;
  }
  if (fflush(stdout) != 0)
    drv_die(DRV_EXIT_USAGE, "cannot write to standard output: %s",
            strerror(errno));
  if (d->compdb && fclose(d->compdb) != 0)
    drv_die(DRV_EXIT_USAGE, "cannot write '%s': %s", d->compdb_file,
            strerror(errno));
  drv_commit_outputs();
  drv_quit(0);
}
