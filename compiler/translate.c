// translate.c — runs the translator's phases on one preprocessed unit:
// lex → parse → sema → lower (through the emitter).  Each phase reports its own errors; a phase
// runs only if the ones before it succeeded, so one mistake gives one
// message rather than a cascade.
#include "acc.h"

#include <stdlib.h>

// A unit ready for the first phase; the unit tests make theirs here too.
void unit_init(Unit *u, const char *text, size_t len,
               const TranslateOptions *opts) {
  *u = (Unit){.opts = opts, .text = text, .len = len};
}

// Frees everything the phases attached to a unit (not the unit itself).
void unit_free(Unit *u) {
  for (int i = 0; i < u->nfiles; i++)
    free(u->files[i].contents);
  free(u->files);
  free(u->toks);
  sb_free(&u->report_values);
  scope_free(u);
  arena_free(&u->arena);
}

int translate_unit(const char *text, size_t len, FILE *out,
                   const TranslateOptions *opts) {
  Unit u;
  unit_init(&u, text, len, opts);
  int errors = lex_unit(&u);
  if (!errors)
    errors = parse_unit(&u);
  if (!errors)
    errors = sema_check(&u);
  if (!errors) {
    Emitter e;
    emit_init(&e, &u, out);
    errors = lower_unit(&u, &e);
    emit_finish(&e);
  }
  if (u.nerrors > MAX_ERRORS)
    fprintf(stderr, "acc: too many errors (%d); stopped after %d\n",
            u.nerrors, MAX_ERRORS);
  unit_free(&u);
  return errors;
}
