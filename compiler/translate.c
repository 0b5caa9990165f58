// translate.c — runs the translator's phases on one preprocessed unit:
// lex → parse → sema → lower (through the emitter).  Each phase reports its own errors; a phase
// runs only if the ones before it succeeded, so one mistake gives one
// message rather than a cascade.
//
// Nesting and the stack.  The parser keeps its own stack on the heap, but
// its actions, sema, lowering and the emitter are recursive walks of the
// tree, one or a few C frames per level of nesting.  Rather than trust the
// caller's stack (8 MB by default, 1 MB under `ulimit -s 1024`, less on some
// threads), the parse runs on a thread with a stack sized for the deepest
// nesting the parser accepts (PARSE_MAX_DEPTH states, and never more than
// the unit's tokens), and the walks on a thread sized for the depth of the
// tree actually built, which the parser counts as it builds it
// (Node.height).  So a chain
// of 200,000 `+` operators translates, as gcc and clang translate it, in
// stack that is reserved but only touched as deep as the input goes.  A tree
// deeper than MAX_NESTING levels is a clean error, `nesting is too deep`.
#include "acc.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

// Bytes of stack a level of nesting may take in the deepest walk, with a
// margin of about four over what was measured (sanitizers make frames
// several times larger), and the stack every unit gets besides.
#ifndef STACK_PER_LEVEL
#if defined(__SANITIZE_ADDRESS__)
#define STACK_PER_LEVEL 4096
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STACK_PER_LEVEL 4096
#endif
#endif
#endif
#ifndef STACK_PER_LEVEL
#define STACK_PER_LEVEL 1024
#endif
#ifndef STACK_BASE
#define STACK_BASE ((size_t)16 << 20)
#endif

typedef struct Job {
  Unit *u;
  FILE *out;
  int (*phase)(struct Job *job);
  int errors;
} Job;

// Runs a phase on its thread.  The thread gets an alternate signal stack,
// so a crash handler (the driver's, which removes its temporaries) can run
// even if this stack overflowed.
static void *run_job(void *arg)
{
  Job *job = arg;
  enum { ALT_STACK = 64 * 1024 };
  void *alt = malloc(ALT_STACK);
  if (alt) {
    stack_t ss = {.ss_sp = alt, .ss_size = ALT_STACK};
    sigaltstack(&ss, NULL);
  }
  job->errors = job->phase(job);
  if (alt) {
    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    free(alt);
  }
  return NULL;
}

// Runs job->phase on a thread whose stack holds `levels` levels of
// nesting; the caller waits.  Returns the phase's error count.
static int run_with_stack(Job *job, size_t levels)
{
  pthread_attr_t attr;
  pthread_t thread;
  int rc = pthread_attr_init(&attr);
  if (!rc)
    rc =
        pthread_attr_setstacksize(&attr, STACK_BASE + levels * STACK_PER_LEVEL);
  if (!rc)
    rc = pthread_create(&thread, &attr, run_job, job);
  pthread_attr_destroy(&attr);
  if (rc) {
    fprintf(stderr, "acc: error: cannot reserve %zu MB of stack: %s\n",
            (STACK_BASE + levels * STACK_PER_LEVEL) >> 20, strerror(rc));
    exit(3);
  }
  pthread_join(thread, NULL);
  return job->errors;
}

static int parse_phase(Job *job)
{
  return parse_unit(job->u);
}

// Measures the tree, then checks and emits it.
static int walk_phase(Job *job)
{
  if (job->u->opts->all_async)
    all_async_unit(job->u);
  return check_and_lower_unit(job->u, job->out);
}

// A unit ready for the first phase; the unit tests make theirs here too.
void unit_init(Unit *u, const char *text, size_t len,
               const TranslateOptions *opts)
{
  *u = (Unit){.opts = opts, .text = text, .len = len};
}

// Frees everything the phases attached to a unit (not the unit itself).
void unit_free(Unit *u)
{
  for (int i = 0; i < u->nfiles; i++)
    free(u->files[i].contents);
  free(u->files);
  acc_unreserve(u->toks, sizeof(Token) * (size_t)u->cap_toks);
  free(u->lines.nl);
  sb_free(&u->report_values);
  free(u->marks);
  free(u->ref_runs);
  scope_free(u);
  arena_free(&u->arena);
}

int translate_unit(const char *text, size_t len, FILE *out,
                   const TranslateOptions *opts)
{
  // Tokens hold 32-bit offsets, and flex takes an int length.
  if (len >= INT32_MAX) {
    fprintf(stderr, "%s: error: the preprocessed unit is 2 GB or larger\n",
            opts->input_name);
    return 1;
  }
  Unit u;
  unit_init(&u, text, len, opts);
  Job job = {.u = &u, .out = out};
  int errors = lex_unit(&u);
  char *merged = NULL;
  size_t merged_len;
  if (!errors && opts->comments_text &&
      (merged = lex_merge_comments(&u, opts->comments_text, opts->comments_len,
                                   &merged_len))) {
    unit_free(&u);
    unit_init(&u, merged, merged_len, opts);
    errors = lex_unit(&u);
  }
  if (!errors) {
    job.phase = parse_phase;
    size_t states =
        u.ntoks < PARSE_MAX_DEPTH ? (size_t)u.ntoks : PARSE_MAX_DEPTH;
    errors = run_with_stack(&job, states);
  }
  if (!errors) {
    // The parser counted the tree's height; only a tree too deep is walked,
    // to find the node to report (or one with so many nodes that the count,
    // modulo 2^24, may have wrapped).
    Node *deepest = u.root;
    int depth = u.root ? (int)u.root->height : 0;
    if (depth > MAX_NESTING || u.nnodes > NODE_HEIGHT_MAX)
      depth = ast_depth(u.root, MAX_NESTING, &deepest);
    if (depth > MAX_NESTING) {
      diag_at(&u, DIAG_ERROR, deepest->first,
              "nesting is too deep (more than %d levels)", MAX_NESTING);
      errors = 1;
    } else {
      job.phase = walk_phase;
      errors = run_with_stack(&job, (size_t)depth);
    }
  }
  if (u.nerrors > MAX_ERRORS)
    fprintf(stderr, "acc: too many errors (%d); stopped after %d\n", u.nerrors,
            MAX_ERRORS);
  unit_free(&u);
  free(merged);
  return errors;
}
