// sema.h — what sema.c and sema_async.c share (internal to the compiler).
#ifndef ACC_SEMA_H
#define ACC_SEMA_H
#include "acc.h"

#include <string.h>

typedef struct Sema {
  Unit *u;
  Node *fn;           // the function definition being checked, or NULL
  bool in_async;      // fn is an async function
  int in_defer;       // nesting of deferred statements around the node
  Node *defer;        // the innermost deferred statement, or NULL
  int breakable;      // loops and switches inside it around the node
  int continuable;    // …loops
  int in_stmt_expr;   // …of statement expressions
  int nested;         // inside that many function definitions within fn
  int errors_before;  // u->nerrors when the check began
  // The rules of async bodies are first checked quietly, during check's
  // walk (one walk of the body instead of five): a breach only sets
  // `found`, and then the rules run again one by one to report in their
  // order.  `jumps` collects the body's try blocks, labels and gotos.
  bool quiet;
  bool found;
  struct TryJumps *jumps;
} Sema;

// A function's try blocks, handlers, labels and gotos, for the check that
// no jump enters a try or catch block (check_try_jumps).
typedef struct TryJumps {
  Sema *s;
  Node **nodes;  // the function's try blocks, handlers, labels and gotos
  int n;
  int tries;         // try blocks and handlers around the node being walked
  int switch_tries;  // …around the innermost switch
} TryJumps;

// Whether a breach of an async-body rule is to be reported now (in the
// quiet walk it is only noted).
static inline bool breach(Sema *s)
{
  if (!s->quiet)
    return true;
  s->found = true;
  return false;
}

// The token of a keyword inside a node's span, or the span's first token.
static inline int find_tok(Unit *u, Node *n, int kind)
{
  for (int i = n->first; i <= n->last; i++)
    if (u->toks[i].kind == kind)
      return i;
  return n->first;
}

// Whether a keyword is inside a node's span.
static inline bool find_tok_is(Unit *u, Node *n, int kind)
{
  return u->toks[find_tok(u, n, kind)].kind == kind;
}

static inline const char *fn_name(Unit *u, Node *fn)
{
  int name = decl_name(fn->decl);
  if (name < 0)
    return "?";
  return arena_strndup(&u->arena, tok_text(u, name), u->toks[name].len);
}

// Whether token tok is spelled s (n bytes): the length compared first.
static inline bool spelled(Unit *u, int tok, const char *s, size_t n)
{
  return u->toks[tok].len == n && !memcmp(tok_text(u, tok), s, n);
}

// Whether n calls the function named by the string literal `s`.
#define CALLS(u, n, s)                                                         \
  ((n)->kind == ND_CALL && (n)->lhs->kind == ND_IDENT &&                       \
   spelled(u, (n)->lhs->name, s, sizeof(s) - 1))

// Whether tokens a and b are the same name.
static inline bool same_name(Unit *u, int a, int b)
{
  return u->toks[a].len == u->toks[b].len &&
         !memcmp(tok_text(u, a), tok_text(u, b), u->toks[a].len);
}

// sema_async.c: the rules only async bodies have.
void collect_jumps(TryJumps *j, Node *n);  // a try, label or goto, for later
bool vla_declared(Node *n);
// Reports what breaks them, in their order, after check()'s quiet walk.
void check_async_body(Sema *s, Node *fn);

#endif
