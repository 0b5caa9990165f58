// sema.c — the rules of Async C that need the whole tree.
//
// Names were resolved while parsing (scope.c), so this pass only walks the
// tree and checks what the grammar cannot: where `async` may stand, where
// `await` and `defer` may be used.  Each error points at the offending
// token and names the function involved.
#include "acc.h"

#include <string.h>

typedef struct Sema {
  Unit *u;
  Node *fn;      // the function definition being checked, or NULL
  bool in_async; // fn is an async function
} Sema;

// The token of a keyword inside a node's span, or the span's first token.
static int find_tok(Unit *u, Node *n, int kind) {
  for (int i = n->first; i <= n->last; i++)
    if (u->toks[i].kind == kind)
      return i;
  return n->first;
}

static const char *fn_name(Unit *u, Node *fn) {
  int name = decl_name(fn->decl);
  if (name < 0)
    return "?";
  return arena_strndup(&u->arena, tok_text(u, name), u->toks[name].len);
}

static void check(Node *n, void *arg);
static void check_async_declarator(Sema *s, Node *specs, Node *d);

static void check_await(Sema *s, Node *n) {
  Unit *u = s->u;
  if (!s->fn) {
    diag_at(u, DIAG_ERROR, n->first, "'await' used outside of a function");
  } else if (!s->in_async) {
    diag_at(u, DIAG_ERROR, n->first,
            "'await' used outside of an async function");
    int name = decl_name(s->fn->decl);
    if (name >= 0)
      diag_at(u, DIAG_NOTE, name, "'%s' is declared here without 'async'",
              fn_name(u, s->fn));
  }
}

// `f(x);` where f is async makes a task and throws it away: it never runs.
static void check_discarded_call(Sema *s, Node *n) {
  Node *e = n->lhs;
  while (e && e->kind == ND_PAREN)
    e = e->lhs;
  if (!e || e->kind != ND_CALL || e->lhs->kind != ND_IDENT || !e->lhs->sym ||
      !e->lhs->sym->is_async)
    return;
  Unit *u = s->u;
  const char *name = arena_strndup(&u->arena, tok_text(u, e->lhs->name),
                                   u->toks[e->lhs->name].len);
  const char *call = arena_strndup(&u->arena, tok_text(u, e->first),
                                   u->toks[e->last].off + u->toks[e->last].len -
                                       u->toks[e->first].off);
  diag_at_span(u, DIAG_ERROR, e->first, e->last,
               "the task made by async function '%s' is thrown away and "
               "never runs; did you mean 'await %s' or "
               "'ac_create_task(%s)'?",
               name, call, call);
}

static void check(Node *n, void *arg) {
  Sema *s = arg;
  switch (n->kind) {
  case ND_EXPR_STMT:
    check_discarded_call(s, n);
    break;
  case ND_DECL: // a block-scope async prototype
    if (s->fn && n->specs && (n->specs->flags & SPEC_ASYNC))
      for (Node *d = n->list; d; d = d->next)
        check_async_declarator(s, n->specs, d->decl);
    break;
  case ND_CALL:
    if (n->lhs->kind == ND_IDENT && tok_is(s->u, n->lhs->name, "ac_raise") &&
        !s->in_async)
      diag_at(s->u, DIAG_ERROR, n->first,
              "'ac_raise' used outside of an async function");
    break;
  case ND_AWAIT:
    check_await(s, n);
    break;
  case ND_PARAM:
  case ND_TYPE_NAME:
    if (n->specs->flags & SPEC_ASYNC)
      diag_at(s->u, DIAG_ERROR, find_tok(s->u, n->specs, TOK_ASYNC),
              "'async' can only be applied to functions");
    break;
  case ND_DEFER:
    if (!s->fn)
      diag_at(s->u, DIAG_ERROR, n->first, "'defer' used outside of a function");
    break;
  default:
    break;
  }
  ast_visit_children(n, check, s);
}

// `async` on a declaration: only functions, never main, never variadic.
static void check_async_declarator(Sema *s, Node *specs, Node *d) {
  Unit *u = s->u;
  int at = find_tok(u, specs, TOK_ASYNC);
  Node *fn = decl_func_part(d);
  int name = decl_name(d);
  if (specs->flags & SPEC_TYPEDEF) {
    diag_at(u, DIAG_ERROR, at, "'async' cannot be used in a typedef");
  } else if (!fn) {
    diag_at(u, DIAG_ERROR, name >= 0 ? name : at,
            "'async' can only be applied to functions");
  } else if (name >= 0 && tok_is(u, name, "main")) {
    diag_at(u, DIAG_ERROR, name,
            "'main' cannot be async; call 'ac_run(amain())' from a plain "
            "'main' instead");
  } else if (fn->flags & NF_VARIADIC) {
    diag_at(u, DIAG_ERROR, name >= 0 ? name : at,
            "an async function cannot be variadic");
  }
}

static void check_decl(Sema *s, Node *decl) {
  if (!decl->specs)
    return;
  if (!(decl->specs->flags & SPEC_ASYNC)) {
    check(decl, s);
    return;
  }
  if (!decl->list)
    diag_at(s->u, DIAG_ERROR, find_tok(s->u, decl->specs, TOK_ASYNC),
            "'async' can only be applied to functions");
  for (Node *d = decl->list; d; d = d->next)
    check_async_declarator(s, decl->specs, d->decl);
  check(decl, s);
}

static void check_function(Sema *s, Node *fn) {
  s->fn = fn;
  s->in_async = fn->specs->flags & SPEC_ASYNC;
  if (s->in_async) {
    check_async_declarator(s, fn->specs, fn->decl);
  }
  check(fn->body, s);
  s->fn = NULL;
  s->in_async = false;
}

int sema_check(Unit *u) {
  int before = u->nerrors;
  Sema s = {.u = u};
  for (Node *n = u->root->list; n; n = n->next) {
    switch (n->kind) {
    case ND_FUNC_DEF:
      check_function(&s, n);
      break;
    case ND_DECL:
      check_decl(&s, n);
      break;
    default:
      break;
    }
  }
  return u->nerrors - before;
}
