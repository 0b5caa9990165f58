// sema.c — the rules of Async C that need the whole tree.
//
// Names were resolved while parsing (scope.c), so this pass only walks the
// tree and checks what the grammar cannot: where `async` may stand, where
// `await`, `defer` and `ac_raise` may be used, and what an async body may
// not contain (alloca, VLAs, awaits in unevaluated operands, in deferred
// statements, …).  Each error points at the offending token and names the
// function involved.  Every rule of the language is checked here, so the
// lowering can assume a valid program.
#include "acc.h"

#include <string.h>

typedef struct Sema {
  Unit *u;
  Node *fn;           // the function definition being checked, or NULL
  bool in_async;      // fn is an async function
  int errors_before;  // u->nerrors when the check began
} Sema;

// The token of a keyword inside a node's span, or the span's first token.
static int find_tok(Unit *u, Node *n, int kind)
{
  for (int i = n->first; i <= n->last; i++)
    if (u->toks[i].kind == kind)
      return i;
  return n->first;
}

static const char *fn_name(Unit *u, Node *fn)
{
  int name = decl_name(fn->decl);
  if (name < 0)
    return "?";
  return arena_strndup(&u->arena, tok_text(u, name), u->toks[name].len);
}

static void check(Node *n, void *arg);
static void check_async_declarator(Sema *s, Node *specs, Node *d);

static void check_await(Sema *s, Node *n)
{
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
static void check_discarded_call(Sema *s, Node *n)
{
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

static void check(Node *n, void *arg)
{
  Sema *s = arg;
  switch (n->kind) {
  case ND_EXPR_STMT: check_discarded_call(s, n); break;
  case ND_DECL:  // a block-scope async prototype
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
  case ND_AWAIT: check_await(s, n); break;
  case ND_PARAM:
  case ND_TYPE_NAME:
    if (n->specs && (n->specs->flags & SPEC_ASYNC))  // (K&R: maybe none)
      diag_at(s->u, DIAG_ERROR, find_tok(s->u, n->specs, TOK_ASYNC),
              "'async' can only be applied to functions");
    break;
  case ND_DEFER:
    if (!s->fn)
      diag_at(s->u, DIAG_ERROR, n->first, "'defer' used outside of a function");
    break;
  case ND_FUNC_DEF:  // a GNU nested function (plain functions may have them)
    if (s->in_async) {
      int name = decl_name(n->decl);
      diag_at(s->u, DIAG_ERROR, name >= 0 ? name : n->first,
              "a nested function cannot be defined in async function '%s': "
              "it lives in its enclosing function's stack frame, which an "
              "async function leaves at every await; define it at file "
              "scope",
              fn_name(s->u, s->fn));
      return;
    }
    break;
  default: break;
  }
  ast_visit_children(n, check, s);
}

// `async` on a declaration: only functions, never main, never variadic.
static void check_async_declarator(Sema *s, Node *specs, Node *d)
{
  Unit *u = s->u;
  int at = find_tok(u, specs, TOK_ASYNC);
  Node *fn = decl_func_part(d);
  int name = decl_name(d);
  if (specs->flags & SPEC_TYPEDEF) {
    diag_at(u, DIAG_ERROR, at, "'async' cannot be used in a typedef");
  } else if (!fn) {
    diag_at(u, DIAG_ERROR, name >= 0 ? name : at,
            "'async' can only be applied to functions");
  } else if (name >= 0 && tok_is(u, name, "main") && !u->all_async_main) {
    diag_at(u, DIAG_ERROR, name,
            "'main' cannot be async; call 'ac_run(amain())' from a plain "
            "'main' instead");
  } else if (fn->flags & NF_VARIADIC) {
    diag_at(u, DIAG_ERROR, name >= 0 ? name : at,
            "an async function cannot be variadic");
  }
}

static void check_decl(Sema *s, Node *decl)
{
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

static void check_async_body(Sema *s, Node *fn);

// A function definition.  The rules of async bodies come right after the
// others, while the body is still in the cache, and only while the unit
// has no error (one mistake, one message).
static void check_function(Sema *s, Node *fn)
{
  s->fn = fn;
  s->in_async = fn->specs->flags & SPEC_ASYNC;
  if (s->in_async) {
    check_async_declarator(s, fn->specs, fn->decl);
  }
  check(fn->body, s);
  if (s->in_async && s->u->nerrors == s->errors_before)
    check_async_body(s, fn);
  s->fn = NULL;
  s->in_async = false;
}

//
// Checks specific to async bodies, in the order they are reported.
//

static bool contains_await(Node *n);

// (ast_visit_children's callback for contains_await.)
static void contains_await_child(Node *n, void *found)
{
  if (!*(bool *)found && contains_await(n))
    *(bool *)found = true;
}

// Whether a subtree holds an await (sema runs before the lowering's marks).
static bool contains_await(Node *n)
{
  bool found = n->kind == ND_AWAIT;
  if (!found)
    ast_visit_children(n, contains_await_child, &found);
  return found;
}

// Nodes whose operands C does not evaluate, and constructs an await cannot
// sit in; children first.  Returns whether n contains an await.
static bool check_async_node(Sema *s, Node *n)
{
  Unit *u = s->u;
  bool aw = n->kind == ND_AWAIT;
#define ONE(field)                                                             \
  if (n->field && check_async_node(s, n->field))                               \
    aw = true;
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    if (check_async_node(s, c))                                                \
      aw = true;
  NODE_CHILDREN(ONE, LIST)
#undef ONE
#undef LIST
  if (n->kind == ND_CALL &&
      (is_call_to(u, n, "alloca") || is_call_to(u, n, "__builtin_alloca")))
    diag_at(u, DIAG_ERROR, n->first,
            "'alloca' cannot be used in an async function: its memory would "
            "not survive a suspension");
  if (!aw)
    return false;
  switch (n->kind) {
  case ND_SIZEOF:
  case ND_ALIGNOF:
  case ND_GENERIC:
  case ND_TYPE_NAME:
  case ND_SPECS:
    diag_at(u, DIAG_ERROR, n->first,
            "'await' cannot appear in the operand of '%s', which is never "
            "evaluated",
            tok_dup(u, n->first));
    break;
  case ND_COND:
    if (!n->then && contains_await(n->els))
      diag_at(u, DIAG_ERROR, n->first,
              "'await' in the last operand of '?:' with the middle operand "
              "left out is not supported; use an if");
    break;
  case ND_DEFER:
    diag_at(u, DIAG_ERROR, n->first,
            "'await' inside a deferred statement is not supported");
    break;
  case ND_ASM:
    diag_at(u, DIAG_ERROR, n->first,
            "'await' inside an asm statement is not supported");
    break;
  default: break;
  }
  return true;
}

// ac_raise(code) is a statement of async functions, like return.  (Outside
// async functions check() reports any use.)
static void check_raise(Sema *s, Node *n, bool stmt_level)
{
  if (!stmt_level && is_call_to(s->u, n, "ac_raise"))
    diag_at(s->u, DIAG_ERROR, n->first,
            "'ac_raise' must be used as a statement");
  if (n->kind == ND_EXPR_STMT) {
    check_raise(s, strip_parens(n->lhs), true);
    return;
  }
#define ONE(field)                                                             \
  if (n->field)                                                                \
    check_raise(s, n->field, false);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    check_raise(s, c, false);
  NODE_CHILDREN(ONE, LIST)
#undef ONE
#undef LIST
}

// Whether an array size names a variable or calls a function (not in the
// operands of sizeof and _Alignof, nor in type names).
static bool names_variable(Node *n);

// (ast_visit_children's callback for names_variable.)
static void names_variable_child(Node *n, void *found)
{
  if (!*(bool *)found && names_variable(n))
    *(bool *)found = true;
}

static bool names_variable(Node *n)
{
  if (n->kind == ND_SIZEOF || n->kind == ND_ALIGNOF || n->kind == ND_TYPE_NAME)
    return false;
  if (n->kind == ND_IDENT && n->sym &&
      (n->sym->kind == SYM_VAR || n->sym->kind == SYM_FUNC))
    return true;
  if (n->kind == ND_CALL)
    return true;
  bool found = false;
  ast_visit_children(n, names_variable_child, &found);
  return found;
}

// A VLA: an array declarator whose size is not a constant.
bool decl_is_vla(Node *d)
{
  for (; d; d = d->inner)
    for (Node *p = d->list; p; p = p->next)
      if (p->op == DP_ARRAY && p->lhs && names_variable(p->lhs))
        return true;
  return false;
}

// A VLA cannot live in a frame: its size must be a constant.
static void check_vla(Node *n, void *arg)
{
  Sema *s = arg;
  if (n->kind != ND_DECL || !n->specs || (n->specs->flags & SPEC_TYPEDEF))
    return;
  for (Node *d = n->list; d; d = d->next) {
    int name = decl_name(d->decl);
    if (decl_is_vla(d->decl))
      diag_at(s->u, DIAG_ERROR, name >= 0 ? name : d->first,
              "variable-length array '%s' in an async function: its size "
              "must be a constant (or allocate it and free it with defer)",
              name >= 0 ? tok_dup(s->u, name) : "?");
  }
}

// The rules that only async bodies have, in the order they are reported.
static void check_async_body(Sema *s, Node *fn)
{
  Unit *u = s->u;
  if (!scope_lookup(u, "ac_frame_new", strlen("ac_frame_new"))) {
    int name = decl_name(fn->decl);
    diag_at(u, DIAG_ERROR, name >= 0 ? name : fn->first,
            "async function '%s' needs the runtime: add #include <acrt.h>",
            name >= 0 ? tok_dup(u, name) : "anonymous");
    return;
  }
  check_async_node(s, fn->body);
  check_raise(s, fn->body, false);
  ast_walk_post(fn->body, check_vla, s);
}

int sema_check(Unit *u)
{
  int before = u->nerrors;
  Sema s = {.u = u, .errors_before = before};
  for (Node *n = u->root->list; n; n = n->next) {
    switch (n->kind) {
    case ND_FUNC_DEF: check_function(&s, n); break;
    case ND_DECL: check_decl(&s, n); break;
    default: break;
    }
  }
  return u->nerrors - before;
}
