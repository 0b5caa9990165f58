// options.h — acc's command line: the state the driver runs with
// (Driver: the mode and options from argv, and what main.c adds to them)
// and the parse of argv into it (options.c).
#ifndef ACC_OPTIONS_H
#define ACC_OPTIONS_H

#include "driver.h"

typedef enum {
  MODE_LINK,    // default: a program (or a -shared library)
  MODE_OBJECT,  // -c
  MODE_ASM,     // -S
  MODE_PP,      // -E
  MODE_EMIT_C,  // --emit-c
  MODE_FRAMES,  // --frame-report
  MODE_SYNTAX,  // -fsyntax-only
} Mode;

typedef struct Driver {
  Mode mode;
  bool verbose;             // -v
  bool version;             // --version
  const char *output;       // -o, or NULL
  ArgVec cc;                // $CC split into words
  ArgVec inputs;            // input files, in order ("-": standard input)
  ArgVec langs;             // the -x language of each input, or NULL
  ArgVec link_items;        // inputs and -l -L -Wl, -Xlinker, in order
  ArgVec pp_flags;          // preprocessing only: -I -D -U -include ...
  ArgVec gen_flags;         // every step: -std= -f -m -O -pthread ...
  ArgVec warn_flags;        // preprocessing and compiling: -W -w -pedantic
  ArgVec compile_flags;     // compiling only: -g -Wa,
  ArgVec link_flags;        // linking only: -static -shared -g ...
  const char *dep_mode;     // "-MD", "-MMD" or NULL
  const char *dep_file;     // -MF
  ArgVec dep_targets;       // -MT/-MQ pairs, in order
  bool dep_phony;           // -MP
  const char *compdb_file;  // -MJ: compilation database entries go here
  FILE *compdb;             // ... opened (staged) at the first entry
  const char *prefix;       // where include/acrt.h and lib/libacrt.a live
  FILE *frame_report;       // --frame-report: where the translator writes it
  bool all_async;           // --all-async (or ACC_ALL_ASYNC=1): test mode
  bool no_async_keywords;   // -fno-async-keywords
  bool optimize;            // the last -O asks for optimisation (not -O0/-Og)
  const char *save_temps;   // -save-temps: directory to keep files in, or NULL
  const char *stdin_copy;   // standard input, read once into a temporary
} Driver;

// Reads argv into d: the mode, the outputs, and which of $CC's steps gets
// each flag.  --help prints the help and exits 0; a bad command line is a
// usage error (exit status 2).
void drv_parse_args(Driver *d, int argc, char **argv);

// Whether s begins with prefix.
bool drv_starts_with(const char *s, const char *prefix);

#endif
