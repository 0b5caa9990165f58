// fuzz_acc.c — libFuzzer target: one input is one preprocessed Async C unit
// (what `$CC -E` gives the translator), translated exactly as the driver
// does it.  Any crash, sanitizer report, leak, hang or exit() (a
// translator that calls exit, e.g. for an internal error, is a bug: it
// must return its error count) is a finding.  Diagnostics go to stderr;
// run with -close_fd_mask=2 to keep the fuzzer's log readable.
//
// Built by tests/fuzz.mk against a libacc.a compiled with
// -fsanitize=fuzzer-no-link,address,undefined.
#include "acc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Output goes nowhere, but through a real FILE so the emitter's writes and
// the frame report run as they do in acc.
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// Opens the sink once: fopen per input would dominate the run time.
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  sink = fopen("/dev/null", "w");
  if (!sink)
    abort();
  return 0;
}

// What every input is translated after, on one line (so the input's line
// numbers are off by one): the runtime's names that the translator looks
// up, and the usual typedefs.  Without it a fuzzed unit declares no
// ac_frame_new, sema stops at "needs the runtime", and nothing of an async
// function's lowering ever runs (nor does the parser see ac_task as a type).
static const char prelude[] =
    "typedef unsigned long size_t; typedef long ssize_t; "
    "typedef long ptrdiff_t; typedef long intptr_t; "
    "typedef unsigned long uintptr_t; typedef _Bool bool; "
    "typedef struct _IO_FILE FILE; typedef __builtin_va_list va_list; "
    "typedef signed char int8_t; typedef short int16_t; "
    "typedef int int32_t; typedef long int64_t; "
    "typedef unsigned char uint8_t; typedef unsigned short uint16_t; "
    "typedef unsigned int uint32_t; typedef unsigned long uint64_t; "
    "typedef struct ac_task ac_task; typedef struct ac_task ac_future; "
    "typedef struct ac_loop ac_loop; typedef struct ac_taskgroup ac_taskgroup; "
    "typedef struct ac_timeout ac_timeout; "
    "void *ac_frame_new(void *desc, size_t size); "
    "ac_task *ac_sleep(double seconds); "
    "ac_task *ac_create_task(ac_task *task); int ac_run(ac_task *task); "
    "void ac_raise(int err); int ac_defer_reason(void); "
    "int printf(const char *fmt, ...);\n";

// Translates one input twice, after the prelude: as the driver does at -O0
// with -v warnings and --frame-report on (so their code runs too), and as
// at -O1 in --all-async mode (every function async: the lowering sees all
// of C).  The input name names no file, so diagnostics fall back to the
// preprocessed line unless a line marker names one.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  size_t len = sizeof prelude - 1 + size;
  char *text = malloc(len ? len : 1);
  if (!text)
    abort();
  memcpy(text, prelude, sizeof prelude - 1);
  if (size)
    memcpy(text + sizeof prelude - 1, data, size);
  TranslateOptions plain = {
      .input_name = "<fuzz>", .verbose = true, .frame_report = sink};
  translate_unit(text, len, sink, &plain);
  TranslateOptions all = {.input_name = "<fuzz>",
                          .frame_report = sink,
                          .all_async = true,
                          .frame_locals = true};
  translate_unit(text, len, sink, &all);
  free(text);
  return 0;
}
