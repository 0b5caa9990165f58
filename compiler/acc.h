// acc.h — declarations shared by the phases of acc, the Async C compiler.
//
// Sections are named after the file that defines what they declare, in
// pipeline order: driver → translate (runs the phases) → … .
#ifndef ACC_ACC_H
#define ACC_ACC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

//
// translate.c — the translator's entry point, called by the driver
//

typedef struct TranslateOptions {
  const char *input_name; // the .ac file as the user named it, for messages
  bool verbose;           // -v: warn about constructs passed through unparsed
} TranslateOptions;

// Translates one preprocessed Async C unit, text[0..len) (the output of
// `$CC -E`, line markers included), into C written on `out`.  Diagnostics go
// to stderr.  Returns the number of errors; when it is not 0 the caller must
// throw away whatever was written on `out`.
int translate_unit(const char *text, size_t len, FILE *out,
                   const TranslateOptions *opts);

#endif
