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

// Output goes nowhere, but through a real FILE so the emitter's writes and
// the frame report run as they do in acc.
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// Opens the sink once: fopen per input would dominate the run time.
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  sink = fopen("/dev/null", "w");
  if (!sink)
    abort();
  return 0;
}

// Translates one input, with -v warnings and --frame-report on so their
// code runs too.  The input name names no file, so diagnostics fall back to
// the preprocessed line unless a line marker names one.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  TranslateOptions opts = {.input_name = "<fuzz>", .verbose = true,
                           .frame_report = sink};
  translate_unit((const char *)data, size, sink, &opts);
  return 0;
}
