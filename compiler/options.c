// options.c — acc's command line: the options it knows, how each one is
// read (joined or separate argument) and which of $CC's steps it goes to,
// the checks that need the whole line, and --help.  The driver's steps
// are in main.c; this file only fills the Driver (options.h).
#include "options.h"

#include <stdio.h>
#include <string.h>

// --help: the usage, every option by group, the environment and the exit
// statuses (docs/acc.md describes each option at length).
static void print_help(void)
{
  printf(
      "Usage: acc [options] file...\n"
      "Compiles Async C (.ac) files, with C sources, objects and libraries,\n"
      "into a program linked with the Async C runtime (libacrt).\n"
      "\n"
      "Inputs:\n"
      "  x.ac                  Async C: preprocessed, translated to C, "
      "compiled\n"
      "  x.c x.i x.s x.S       handed to $CC to compile\n"
      "  other files           (x.o, x.a, x.so, ...) handed to $CC to link\n"
      "\n"
      "Modes (the default links a program, a.out unless -o):\n"
      "  -c                    compile each input to an object file (x.o)\n"
      "  -S                    compile each input to assembly (x.s)\n"
      "  -E                    preprocess only, to stdout or -o (for .ac: "
      "with\n"
      "                        -D__ASYNC_C__ and the runtime's include dir)\n"
      "  --emit-c              write the translated C of .ac inputs, to "
      "stdout\n"
      "                        or to -o FILE ('-o -' is stdout)\n"
      "  --frame-report        print, for each async function, its frame "
      "size,\n"
      "                        what each member takes and the locals each\n"
      "                        await holds (compiles the input to find sizes)\n"
      "  -fsyntax-only         check the inputs, write nothing\n"
      "  --all-async           test mode: every function of a .ac input is\n"
      "                        async and every call of one an await (also\n"
      "                        ACC_ALL_ASYNC=1 in the environment)\n"
      "  -o FILE               write the output to FILE\n"
      "  -x LANG               read the inputs that follow as LANG: ac (Async "
      "C),\n"
      "                        c, cpp-output, assembler, assembler-with-cpp,\n"
      "                        or none (by their suffix again); '-' is "
      "standard\n"
      "                        input, Async C unless -x says otherwise\n"
      "  -save-temps[=obj]     keep x.i (the preprocessed .ac) and x.acc.c "
      "(its\n"
      "                        translation) in the current directory (with\n"
      "                        =obj: in the directory of the -o file)\n"
      "\n"
      "Async C keywords:\n"
      "  -fno-async-keywords   async, await and defer are plain names; the\n"
      "                        reserved spellings __async, __await and "
      "__defer\n"
      "                        are the keywords (they always are)\n"
      "\n"
      "Passed to $CC (see docs/acc.md for which step gets which):\n"
      "  -I DIR  -D NAME[=VAL]  -U NAME  -include FILE  -imacros FILE\n"
      "  -isystem DIR  -iquote DIR  -idirafter DIR  -nostdinc  -undef  -H\n"
      "  -dM -dD ...  -Wp,ARGS       preprocessor options\n"
      "  -O[LEVEL]  -g[...]  -std=STD  -ansi  -f...  -m...  -pthread\n"
      "  -W...  -w  -pedantic  -pedantic-errors  -Wa,ARGS\n"
      "                        compiler options\n"
      "  -l LIB  -L DIR  -Wl,ARGS  -Xlinker ARG  -static  -shared  -rdynamic\n"
      "  -pie  -no-pie  -s  -nostdlib  -nostartfiles  -nodefaultlibs\n"
      "  -static-libgcc  -u SYMBOL\n"
      "                        linker options (-l, -L, -Wl, keep their order\n"
      "                        among the inputs; the runtime comes last)\n"
      "  -MD  -MMD  -MF FILE  -MT TARGET  -MQ TARGET  -MP\n"
      "                        write a dependency file naming the real output\n"
      "                        and the real source\n"
      "  -MJ FILE              write a compile_commands.json entry for each\n"
      "                        source (clang's -MJ format)\n"
      "  -pipe                 accepted and ignored\n"
      "\n"
      "Other options:\n"
      "  -v                    show every command run, and verbose "
      "translation\n"
      "  --help                show this help and exit\n"
      "  --version             show the version and the C compiler, and exit\n"
      "\n"
      "Environment:\n"
      "  CC                    the C compiler, split on blanks (default: cc);\n"
      "                        it preprocesses and compiles, so translated C\n"
      "                        is tied to it\n"
      "  TMPDIR                where temporary files go (default: /tmp)\n"
      "\n"
      "Exit status: 0 success, 1 errors in the program, 2 usage or I/O error,\n"
      "3 internal error.\n");
}

// Options that take an argument, either joined (-Idir) or separate (-I dir);
// the argument is stored joined.
static const char *const joinable[] = {"-I", "-D", "-U", "-L", "-l", NULL};

// Options whose argument is always the next word.
static const char *const pp_separate[] = {"-include", "-imacros",   "-isystem",
                                          "-iquote",  "-idirafter", "-isysroot",
                                          NULL};

// A prefix test for options that carry their value joined (-I, -Wl, ...).
bool drv_starts_with(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

// Whether s is one of list's words (a NULL-terminated table above).
static bool in_list(const char *s, const char *const *list)
{
  for (int i = 0; list[i]; i++)
    if (!strcmp(s, list[i]))
      return true;
  return false;
}

// The languages -x accepts: Async C, and what $CC reads (as cc names them).
static const char *const languages[] = {
    "ac", "c", "cpp-output", "assembler", "assembler-with-cpp", "none", NULL};

// One pass over argv, in order, since order matters to cc: -x applies to
// the inputs after it, and -l/-L keep their place among the inputs.  The
// mode is decided at the end, as cc does (the earliest stage wins).
void drv_parse_args(Driver *d, int argc, char **argv)
{
  bool mode_e = false, mode_s = false, mode_c = false, emit_c = false;
  bool frame_report = false, syntax_only = false;
  const char *lang = NULL;  // -x LANG in force
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    // The argument of an option that takes one as the next word.
#define NEXT_ARG()                                                             \
  (i + 1 < argc                                                                \
       ? argv[++i]                                                             \
       : (drv_usage_error("missing argument to '%s'", arg), (char *)0))

    if (arg[0] != '-' || arg[1] == '\0') {
      drv_vec_push(&d->inputs, arg);
      drv_vec_push(&d->langs, lang);
      drv_vec_push(&d->link_items, arg);
      continue;
    }
    if (!strcmp(arg, "--help")) {
      print_help();
      drv_quit(0);
    }
    if (!strcmp(arg, "--version")) {
      d->version = true;  // answered once the prefix is known
      continue;
    }
    if (!strcmp(arg, "--frame-report")) {
      frame_report = true;
      continue;
    }
    if (!strcmp(arg, "--all-async")) {
      d->all_async = true;
      continue;
    }
    if (!strcmp(arg, "--emit-c")) {
      emit_c = true;
    } else if (!strcmp(arg, "-c")) {
      mode_c = true;
    } else if (!strcmp(arg, "-S")) {
      mode_s = true;
    } else if (!strcmp(arg, "-E")) {
      mode_e = true;
    } else if (!strcmp(arg, "-v")) {
      d->verbose = true;
    } else if (drv_starts_with(arg, "-o")) {
      if (d->output)
        drv_usage_error("more than one '-o'");
      d->output = arg[2] ? arg + 2 : NEXT_ARG();
    } else if (!strcmp(arg, "-fsyntax-only")) {
      syntax_only = true;
    } else if (!strcmp(arg, "-fno-async-keywords") ||
               !strcmp(arg, "-fasync-keywords")) {
      d->no_async_keywords = arg[2] == 'n';
    } else if (drv_starts_with(arg, "-x")) {
      lang = arg[2] ? arg + 2 : NEXT_ARG();
      if (!in_list(lang, languages))
        drv_usage_error("language '%s' not recognized", lang);
      if (!strcmp(lang, "none"))
        lang = NULL;
    } else if (!strcmp(arg, "-save-temps") || !strcmp(arg, "-save-temps=cwd")) {
      d->save_temps = ".";
    } else if (!strcmp(arg, "-save-temps=obj")) {
      d->save_temps = "obj";
    } else if (!strcmp(arg, "-pipe")) {
      // Temporary files are always used; accepted for cc compatibility.
    } else if (!strcmp(arg, "-MD") || !strcmp(arg, "-MMD")) {
      d->dep_mode = arg;
    } else if (!strcmp(arg, "-MP")) {
      d->dep_phony = true;
    } else if (!strcmp(arg, "-MF")) {
      d->dep_file = NEXT_ARG();
    } else if (!strcmp(arg, "-MJ")) {
      d->compdb_file = NEXT_ARG();
    } else if (!strcmp(arg, "-MT") || !strcmp(arg, "-MQ")) {
      drv_vec_push(&d->dep_targets, arg);
      drv_vec_push(&d->dep_targets, NEXT_ARG());
    } else if (arg[1] && arg[2] == '\0' && in_list(arg, joinable)) {
      const char *value = NEXT_ARG();
      char *joined = drv_xprintf("%s%s", arg, value);
      drv_vec_push(arg[1] == 'L' || arg[1] == 'l' ? &d->link_items
                                                  : &d->pp_flags,
                   joined);
    } else if (drv_starts_with(arg, "-I") || drv_starts_with(arg, "-D") ||
               drv_starts_with(arg, "-U") || drv_starts_with(arg, "-Wp,") ||
               drv_starts_with(arg, "-d") || !strcmp(arg, "-nostdinc") ||
               !strcmp(arg, "-undef") || !strcmp(arg, "-H")) {
      drv_vec_push(&d->pp_flags, arg);
    } else if (in_list(arg, pp_separate)) {
      drv_vec_push(&d->pp_flags, arg);
      drv_vec_push(&d->pp_flags, NEXT_ARG());
    } else if (drv_starts_with(arg, "-l") || drv_starts_with(arg, "-L") ||
               drv_starts_with(arg, "-Wl,")) {
      drv_vec_push(&d->link_items, arg);
    } else if (!strcmp(arg, "-Xlinker") || !strcmp(arg, "-u")) {
      drv_vec_push(&d->link_items, arg);
      drv_vec_push(&d->link_items, NEXT_ARG());
    } else if (drv_starts_with(arg, "-std=") || drv_starts_with(arg, "-f") ||
               drv_starts_with(arg, "-m") || drv_starts_with(arg, "-O") ||
               !strcmp(arg, "-ansi") || !strcmp(arg, "-pthread")) {
      if (drv_starts_with(arg, "-O"))
        d->optimize = strcmp(arg, "-O0") && strcmp(arg, "-Og");
      drv_vec_push(&d->gen_flags, arg);
    } else if (drv_starts_with(arg, "-Wa,")) {
      drv_vec_push(&d->compile_flags, arg);
    } else if (drv_starts_with(arg, "-W") || !strcmp(arg, "-w") ||
               !strcmp(arg, "-pedantic") || !strcmp(arg, "-pedantic-errors")) {
      drv_vec_push(&d->warn_flags, arg);
    } else if (drv_starts_with(arg, "-g")) {
      drv_vec_push(&d->compile_flags, arg);
      drv_vec_push(&d->link_flags, arg);
    } else if (!strcmp(arg, "-static") || !strcmp(arg, "-shared") ||
               !strcmp(arg, "-rdynamic") || !strcmp(arg, "-pie") ||
               !strcmp(arg, "-no-pie") || !strcmp(arg, "-static-pie") ||
               !strcmp(arg, "-s") || !strcmp(arg, "-nostdlib") ||
               !strcmp(arg, "-nostartfiles") ||
               !strcmp(arg, "-nodefaultlibs") ||
               !strcmp(arg, "-static-libgcc")) {
      drv_vec_push(&d->link_flags, arg);
    } else {
      drv_usage_error("unrecognized option '%s'", arg);
    }
#undef NEXT_ARG
  }

  if (d->version)
    return;
  if (emit_c && (mode_c || mode_s || mode_e))
    drv_usage_error("'--emit-c' cannot be combined with '-c', '-S' or '-E'");
  // Like cc, the earliest stage asked for wins.
  d->mode = frame_report  ? MODE_FRAMES
            : emit_c      ? MODE_EMIT_C
            : mode_e      ? MODE_PP
            : syntax_only ? MODE_SYNTAX
            : mode_s      ? MODE_ASM
            : mode_c      ? MODE_OBJECT
                          : MODE_LINK;
  if (d->inputs.len == 0)
    drv_usage_error("no input files");
  if (d->output && d->mode != MODE_LINK && d->inputs.len > 1)
    drv_usage_error("cannot specify '-o' with '-c', '-S', '-E' or '--emit-c' "
                    "with multiple files");
  if (d->dep_file && d->inputs.len > 1)
    drv_usage_error("cannot specify '-MF' with multiple files");
}
