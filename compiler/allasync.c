// allasync.c — `acc --all-async`, a test mode of the translator: every
// function defined in the input file becomes async, every call of one an
// await, and main an async function that a generated main runs with
// ac_run.  A plain C program must print what it prints as plain C, so
// every plain-C suite (the corpus, csmith, the torture tests) also tests
// the lowering (docs/acc.md).
//
// The pass rewrites the tree between the parser and sema: it sets `async`
// on definitions and prototypes and wraps calls in AWAIT nodes spanning the
// same tokens (the emitter prints tokens, so nothing else changes).  A
// function stays plain where it could not be async and keep its meaning:
// variadic, noreturn, a constructor, a VLA or alloca inside, its name used
// as a value (a function pointer's call could not be awaited), called with
// another argument count than its definition names, or called where an
// await cannot stand (an operand C never evaluates, asm, a deferred
// statement).  A plain function cannot await, so what it calls
// stays plain too: the plain set is closed over calls.
#include "lower.h"

#include <stdlib.h>
#include <string.h>

enum { AA_NONE, AA_CANDIDATE, AA_PLAIN };

// A call (or reference) of a function, as the rewrite will see it.
typedef struct Edge {
  int caller;  // Symbol.id of the calling function, -1 outside functions
  int callee;  // Symbol.id
  bool await;  // a call that can become an await
  int nargs;   // a call's argument count; -1 for a reference
} Edge;

typedef struct AllAsync {
  Unit *u;
  uint8_t *state;  // by Symbol.id: AA_*
  int *nparams;    // by Symbol.id: a candidate's param_count()
  bool *reads_ra;  // by Symbol.id: reads its return or frame address
  Edge *edges;
  int nedges;
  int cap_edges;
  int caller;     // the function being scanned (Symbol.id), or -1
  bool wrapping;  // second pass: wrap the calls of async functions
} AllAsync;

static void edge(AllAsync *a, int callee, bool await, int nargs)
{
  if (a->nedges == a->cap_edges) {
    a->cap_edges = a->cap_edges ? 2 * a->cap_edges : 64;
    a->edges = acc_realloc(a->edges, sizeof *a->edges * (size_t)a->cap_edges);
  }
  a->edges[a->nedges++] = (Edge){a->caller, callee, await, nargs};
}

// The number of parameters a function's declarator names (0 for `()` and
// `(void)`), or -1 if one has no name or a variably modified type: the
// frame could not hold it.
static int param_count(Node *part)
{
  Node *p = part->list;
  if (p && p->specs && (p->specs->flags & SPEC_VOID) && !p->decl && !p->next)
    return 0;
  int n = 0;
  for (; p; p = p->next, n++)
    if (!p->decl || decl_name(p->decl) < 0 || decl_is_vla(p->decl))
      return -1;
  return n;
}

// A function that cannot be async without changing its meaning.
static bool must_stay_plain(Unit *u, Node *fn)
{
  static const char *const words[] = {"noreturn", "constructor", "destructor",
                                      "naked",    "gnu_inline",  NULL};
  Node *part = decl_func_part(fn->decl);
  int name = decl_name(fn->decl);
  return !part || (part->flags & NF_VARIADIC) || name < 0 ||
         param_count(part) < 0 ||
         // called by the code -finstrument-functions adds
         tok_is(u, name, "__cyg_profile_func_enter") ||
         tok_is(u, name, "__cyg_profile_func_exit") ||
         (fn->specs->flags & SPEC_NORETURN) || attr_says(u, fn->specs, words) ||
         (fn->specs->flags & (SPEC_INLINE | SPEC_EXTERN)) ==
             (SPEC_INLINE | SPEC_EXTERN) ||
         (part->flags & NF_KR);  // K&R: its calls are unprototyped
}

// The symbol a call calls directly (f(x), not (*p)(x)), or NULL.
static Symbol *direct_fn(Node *call)
{
  Node *c = call->lhs;
  return c->kind == ND_IDENT && c->sym && c->sym->kind == SYM_FUNC ? c->sym
                                                                   : NULL;
}

static void scan(AllAsync *a, Node **slot, bool can_await);

// Do the specifiers define a struct or union with a member whose size may
// vary (`struct { char w[n]; }`: an identifier in its brackets that names
// no file-scope enumerator)?  The frame could not hold such an object,
// and the parser keeps no members: the tokens tell.
static bool vm_struct(Unit *u, Node *specs)
{
  int body = 0, bracket = 0;
  bool tag = false;
  for (int i = specs->first; i <= specs->last; i++) {
    int k = u->toks[i].kind;
    if (k == TOK_STRUCT || k == TOK_UNION) {
      tag = true;
    } else if (k == '{' && (tag || body)) {
      body++;
      tag = false;
    } else if (k == '}' && body) {
      body--;
    } else if (k == '[' && body) {
      bracket++;
    } else if (k == ']' && bracket) {
      bracket--;
    } else if (k == TOK_IDENTIFIER && bracket) {
      Symbol *c = scope_lookup(u, tok_text(u, i), u->toks[i].len);
      if (!c || c->kind != SYM_ENUM_CONST)
        return true;
    }
  }
  return false;
}

// Is the value of statement expression n a statement expression?
static bool nested_stmt_expr(Node *n)
{
  Node *last = n->body ? n->body->list : NULL;
  while (last && last->next)
    last = last->next;
  return last && last->kind == ND_EXPR_STMT && last->lhs &&
         strip_parens(last->lhs)->kind == ND_STMT_EXPR;
}

static void scan_children(AllAsync *a, Node *n, bool can_await)
{
#define ONE(field)                                                             \
  if (n->field)                                                                \
    scan(a, &n->field, can_await);
#define LIST(field)                                                            \
  for (Node **c = &n->field; *c; c = &(*c)->next)                              \
    scan(a, c, can_await);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
}

// First pass: records calls and references (edges) and functions that
// must stay plain.  Second pass (a->wrapping): wraps the calls of async
// functions in AWAIT nodes.
static void scan(AllAsync *a, Node **slot, bool can_await)
{
  Node *n = *slot;
  Unit *u = a->u;
  switch (n->kind) {
  case ND_SIZEOF:
  case ND_ALIGNOF:
  case ND_GENERIC:
  case ND_TYPE_NAME:
  case ND_SPECS:
  case ND_DECLARATOR:
  case ND_TYPES_COMPAT:
  case ND_OFFSETOF:
  case ND_ASM:
  case ND_DEFER: can_await = false; break;
  case ND_STMT_EXPR:
    // `({ …; ({ … }); })`: the lowering cannot name the type of a value
    // that is a statement expression holding an await (lower.c).
    if (nested_stmt_expr(n))
      can_await = false;
    break;
  case ND_COND:
    if (!n->then) {  // a ?: b — an await in b is not supported
      scan(a, &n->cond, can_await);
      scan(a, &n->els, false);
      return;
    }
    break;
  case ND_CALL:
    if (!a->wrapping && a->caller >= 0 &&
        (is_call_to(u, n, "__builtin_return_address") ||
         is_call_to(u, n, "__builtin_frame_address")))
      a->reads_ra[a->caller] = true;
    if (!a->wrapping && a->caller >= 0 &&
        (is_call_to(u, n, "alloca") || is_call_to(u, n, "__builtin_alloca") ||
         is_call_to(u, n, "__builtin_apply_args") || a->reads_ra[a->caller]))
      a->state[a->caller] = AA_PLAIN;
    Symbol *f = direct_fn(n);
    if (!f && !a->wrapping && n->lhs->kind == ND_IDENT && !n->lhs->sym) {
      // Called before any declaration: C declared it `int f()`.
      Symbol *s = scope_lookup(u, tok_text(u, n->lhs->first),
                               u->toks[n->lhs->first].len);
      if (s && s->kind == SYM_FUNC)
        edge(a, s->id, false, -1);
    }
    if (f) {
      for (Node **c = &n->list; *c; c = &(*c)->next)
        scan(a, c, can_await);
      if (!a->wrapping) {
        int nargs = 0;
        for (Node *c = n->list; c; c = c->next)
          nargs++;
        edge(a, f->id, can_await, nargs);
      } else if (a->state[f->id] == AA_CANDIDATE) {
        Node *aw = ast_new(u, ND_AWAIT, n->first, n->last);
        aw->lhs = n;
        aw->next = n->next;
        n->next = NULL;
        *slot = aw;
      }
      return;
    }
    break;
  case ND_IDENT:
    if (n->sym && n->sym->kind == SYM_FUNC && !a->wrapping)
      edge(a, n->sym->id, false, -1);  // a function used as a value
    return;
  case ND_FUNC_DEF:      // a nested function: its enclosing one stays plain
  case ND_LOCAL_LABELS:  // (the lowering does not support __label__)
    if (!a->wrapping && a->caller >= 0)
      a->state[a->caller] = AA_PLAIN;
    break;
  case ND_DECL:
    // A VLA cannot live in a frame; a block-scope prototype keeps the
    // function it declares plain (its calls name that declaration).
    if (!a->wrapping && a->caller >= 0 && n->specs && vm_struct(u, n->specs))
      a->state[a->caller] = AA_PLAIN;
    if (!a->wrapping && a->caller >= 0 && n->specs &&
        !(n->specs->flags & SPEC_TYPEDEF))
      for (Node *d = n->list; d; d = d->next) {
        Symbol *s = d->decl->sym;
        Symbol *file = s && s->kind == SYM_FUNC
                           ? scope_lookup(u, s->name, strlen(s->name))
                           : NULL;
        if (file && file->kind == SYM_FUNC)
          edge(a, file->id, false, -1);
        if (decl_is_vla(d->decl))
          a->state[a->caller] = AA_PLAIN;
      }
    break;
  default: break;
  }
  scan_children(a, n, can_await);
}

// The file-scope declarations of a function: a prototype can become async
// only if every declarator of its declaration is a function that does.
static void scan_decl(AllAsync *a, Node *decl)
{
  bool mixed = false;  // or an asm label (`f(void) __asm__("name")`)
  for (int i = decl->first; i <= decl->last; i++)
    if (a->u->toks[i].kind == TOK_ASM)
      mixed = true;
  for (Node *d = decl->list; d; d = d->next) {
    Symbol *s = d->decl->sym;
    if (!s || s->kind != SYM_FUNC || !decl_func_part(d->decl) ||
        (decl->specs->flags & SPEC_TYPEDEF))
      mixed = true;
  }
  for (Node *d = decl->list; d; d = d->next) {
    Symbol *s = d->decl->sym;
    if (s && s->kind == SYM_FUNC && (mixed || !decl_func_part(d->decl)))
      a->state[s->id] = AA_PLAIN;
  }
  a->caller = -1;
  scan_children(a, decl, true);
}

// Is `fn` main, and can the generated main run it?
static bool is_main(Unit *u, Node *fn)
{
  int name = decl_name(fn->decl);
  return name >= 0 && tok_is(u, name, "main");
}

// Functions named inside attributes (`cleanup(fn)`, `alias("fn")`) are
// called by the C compiler's rules, not awaited: they stay plain.
static void attribute_names(AllAsync *a)
{
  Unit *u = a->u;
  a->caller = -1;
  for (int i = 0; i < u->ntoks; i++) {
    if (u->toks[i].kind != TOK_ATTRIBUTE || u->toks[i].file != 0)
      continue;
    const char *t = tok_text(u, i);
    size_t n = u->toks[i].len;
    for (size_t k = 0; k < n;) {
      size_t b = k;
      while (k < n && (t[k] == '_' || (t[k] >= 'a' && t[k] <= 'z') ||
                       (t[k] >= 'A' && t[k] <= 'Z') ||
                       (k > b && t[k] >= '0' && t[k] <= '9')))
        k++;
      Symbol *s = k > b ? scope_lookup(u, t + b, k - b) : NULL;
      if (s && s->kind == SYM_FUNC)
        edge(a, s->id, false, -1);
      if (k == b)
        k++;
    }
  }
}

void all_async_unit(Unit *u)
{
  AllAsync a = {.u = u, .caller = -1};
  a.state = calloc((size_t)u->nsyms + 1, 1);
  a.nparams = calloc((size_t)u->nsyms + 1, sizeof *a.nparams);
  a.reads_ra = calloc((size_t)u->nsyms + 1, sizeof *a.reads_ra);
  if (!a.state || !a.nparams || !a.reads_ra)
    diag_ice(__FILE__, __LINE__, "out of memory");
  // Candidates: the functions defined in the input file.
  for (Node *n = u->root->list; n; n = n->next)
    if (n->kind == ND_FUNC_DEF && n->decl->sym && u->toks[n->first].file == 0 &&
        !(n->specs->flags & SPEC_ASYNC)) {
      uint8_t *st = &a.state[n->decl->sym->id];
      // Defined twice (gnu_inline and its out-of-line copy): plain.
      *st = *st != AA_NONE || must_stay_plain(u, n) ? AA_PLAIN : AA_CANDIDATE;
      if (*st == AA_CANDIDATE)
        a.nparams[n->decl->sym->id] = param_count(decl_func_part(n->decl));
    }
  // Calls and references.
  for (Node *n = u->root->list; n; n = n->next) {
    if (n->kind == ND_FUNC_DEF) {
      Symbol *s = n->decl->sym;
      a.caller = s ? s->id : -1;
      if (s && a.state[s->id] == AA_NONE)
        a.state[s->id] = AA_PLAIN;  // a plain function (from a header)
      scan(&a, &n->body, true);
    } else if (n->kind == ND_DECL && n->specs) {
      scan_decl(&a, n);
    } else if (n->kind == ND_RAW) {
      // Passed through unparsed: every function it names stays plain.
      a.caller = -1;
      for (int i = n->first; i <= n->last; i++) {
        Symbol *s = u->toks[i].kind == TOK_IDENTIFIER
                        ? scope_lookup(u, tok_text(u, i), u->toks[i].len)
                        : NULL;
        if (s && s->kind == SYM_FUNC)
          edge(&a, s->id, false, -1);
      }
    }
  }
  attribute_names(&a);
  // main is called by the generated main only.
  Symbol *main_sym = NULL;
  for (Node *n = u->root->list; n; n = n->next)
    if (n->kind == ND_FUNC_DEF && n->decl->sym && is_main(u, n))
      main_sym = n->decl->sym;
  for (int i = 0; main_sym && i < a.nedges; i++)
    if (a.edges[i].callee == main_sym->id)
      a.state[main_sym->id] = AA_PLAIN;
  // A call with more or fewer arguments than the definition names (through
  // a `()` declaration) could not call its strict async prototype.  A
  // function that calls one reading its return address stays plain: made
  // async, its body could run from two copies (inline and resumed).
  for (int i = 0; i < a.nedges; i++) {
    Edge *e = &a.edges[i];
    if (e->nargs >= 0 && e->caller >= 0 && a.reads_ra[e->callee])
      a.state[e->caller] = AA_PLAIN;
    if (a.state[e->callee] == AA_CANDIDATE && e->nargs >= 0 &&
        e->nargs != a.nparams[e->callee])
      a.state[e->callee] = AA_PLAIN;
  }
  // What a plain function calls stays plain; so does a function used as a
  // value or called where no await can stand.
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < a.nedges; i++) {
      Edge *e = &a.edges[i];
      bool plain_caller = e->caller < 0 || a.state[e->caller] != AA_CANDIDATE;
      if (a.state[e->callee] == AA_CANDIDATE && (plain_caller || !e->await)) {
        a.state[e->callee] = AA_PLAIN;
        changed = true;
      }
    }
  }
  // The rewrite.
  a.wrapping = true;
  for (Node *n = u->root->list; n; n = n->next) {
    if (n->kind == ND_FUNC_DEF && n->decl->sym &&
        a.state[n->decl->sym->id] == AA_CANDIDATE) {
      n->specs->flags |= SPEC_ASYNC;
      n->decl->sym->is_async = true;
      if (is_main(u, n))
        u->all_async_main = n;
      a.caller = n->decl->sym->id;
      scan(&a, &n->body, true);
    } else if (n->kind == ND_DECL && n->specs && n->list &&
               n->list->decl->sym && n->list->decl->sym != main_sym &&
               a.state[n->list->decl->sym->id] == AA_CANDIDATE) {
      // (A prototype of main declares the generated main: it stays plain.)
      n->specs->flags |= SPEC_ASYNC;
    }
  }
  free(a.state);
  free(a.nparams);
  free(a.reads_ra);
  free(a.edges);
}

// The name of a function as its lowered code spells it: main's async
// version in --all-async mode is ac__main.
const char *lowered_name(Unit *u, int name_tok)
{
  Node *m = u->all_async_main;
  if (m && decl_name(m->decl) == name_tok)
    return "ac__main";
  return tok_dup(u, name_tok);
}

// After the lowered main (ac__main): the program's main, which runs it.
void all_async_emit_main(Lower *L)
{
  Node *part = decl_func_part(L->fn->decl);
  emit_boiler(L->e);
  EMIT_LIT(L->e, "int main");
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  print_range(L, part->first, part->last);  // (main is never K&R here)
  L->e->flat = saved;
  EMIT_LIT(L->e, " {\n  return ac_run(ac__main(");
  const char *sep = "";
  for (Node *p = part->list; p; p = p->next) {
    int name = p->decl ? decl_name(p->decl) : -1;
    if (name >= 0) {
      emit_gen(L->e, "%s%s", sep, tok_dup(L->u, name));
      sep = ", ";
    }
  }
  EMIT_LIT(L->e, "));\n}\n");
}
