// sema.c — the rules of Async C that need the whole tree.
//
// Names were resolved while parsing (scope.c), so this pass only walks the
// tree and checks what the grammar cannot: where `async` may stand, where
// `await`, `defer` and `ac_raise` may be used, and what an async body may
// not contain (alloca, VLAs, awaits in unevaluated operands, in deferred
// statements, …: those in sema_async.c).  Each error points at the
// offending token and names the function involved.  Every rule of the
// language is checked here, so the lowering can assume a valid program.
#include "acc.h"
#include "ahead.h"
#include "sema.h"

#include <stdlib.h>
#include <string.h>

static void check(Node *n, void *arg);
static void check_async_declarator(Sema *s, Node *specs, Node *d);

// try/catch: in async functions only (it catches what awaits raise), and
// the catch variable is a plain `int` (an error code).
static void check_try(Sema *s, Node *n)
{
  Unit *u = s->u;
  if (!s->in_async) {
    diag_at(u, DIAG_ERROR, n->first, "'try' used outside of an async function");
    if (s->fn && decl_name(s->fn->decl) >= 0)
      diag_at(u, DIAG_NOTE, decl_name(s->fn->decl),
              "'%s' is declared here without 'async'", fn_name(u, s->fn));
    return;
  }
  if (s->in_stmt_expr) {
    diag_at(u, DIAG_ERROR, n->first,
            "'try' inside a statement expression is not supported");
    return;
  }
  Node *p = n->lhs, *d = p->decl;
  bool is_int = d && !d->inner && !d->list && !d->rhs;
  for (int i = p->specs->first; i <= p->specs->last && is_int; i++) {
    int k = u->toks[i].kind;
    is_int = k == TOK_INT || k == TOK_CONST || k == TOK_VOLATILE ||
             k == TOK_ATTRIBUTE;
  }
  if (is_int && !find_tok_is(u, p->specs, TOK_INT))
    is_int = false;
  if (!is_int)
    diag_at_span(u, DIAG_ERROR, p->first, p->last,
                 "the variable of 'catch' must be an 'int' (it receives the "
                 "error code): write 'catch (int err)'");
}

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
  // `await` is only legal in an async function; elsewhere the task runs
  // on a loop of its own: ac_run (from main, say) or ac_create_task.
  if (s->in_async)
    diag_at_span(u, DIAG_ERROR, e->first, e->last,
                 "the task made by async function '%s' is thrown away and "
                 "never runs; did you mean 'await %s' or "
                 "'ac_create_task(%s)'?",
                 name, call, call);
  else
    diag_at_span(u, DIAG_ERROR, e->first, e->last,
                 "the task made by async function '%s' is thrown away and "
                 "never runs; did you mean 'ac_run(%s)' or "
                 "'ac_create_task(%s)'?",
                 name, call, call);
}

//
// Types of tasks: what acc can tell without a type checker.  A declared
// type is "certainly not a task" when its specifiers name an arithmetic
// type or a struct, union or enum other than ac_task (directly or through
// typedefs it can resolve): nothing derived from those (pointers, arrays,
// functions) is an `ac_task *` or a `void *`.  _Bool is not one of them:
// C converts any pointer to _Bool (`_Bool started = fetch(2);` is valid).  Anything else (ac_task,
// ac_future, void, typeof, _Atomic(…), a typedef it cannot resolve for
// sure) is "maybe a task", and never an error.
//

static bool not_task_type(Sema *s, Node *specs, int depth);

// Whether the function being checked declares `name` as a typedef in a
// block (then a file-scope lookup of the name could find another type).
static bool local_typedef(Sema *s, Node *n, const char *name, size_t len)
{
  if (!n)
    return false;
  if (n->kind == ND_DECL && n->specs && (n->specs->flags & SPEC_TYPEDEF))
    for (Node *d = n->list; d; d = d->next) {
      int t = decl_name(d->decl);
      if (t >= 0 && s->u->toks[t].len == len &&
          !memcmp(tok_text(s->u, t), name, len))
        return true;
    }
  bool found = false;
#define ONE(field)                                                             \
  if (!found && n->field && local_typedef(s, n->field, name, len))             \
    found = true;
#define LIST(field)                                                            \
  for (Node *c = n->field; c && !found; c = c->next)                           \
    if (local_typedef(s, c, name, len))                                        \
      found = true;
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  return found;
}

// A typedef name in declaration specifiers: certainly not a task when it
// resolves, at file scope and not shadowed in the function, to such a type.
static bool not_task_typedef(Sema *s, int tok, int depth)
{
  Unit *u = s->u;
  const char *name = tok_text(u, tok);
  size_t len = u->toks[tok].len;
  if (tok_is(u, tok, "ac_task") || tok_is(u, tok, "ac_future") || depth > 64)
    return false;
  Symbol *sym = scope_lookup(u, name, len);
  if (!sym || sym->kind != SYM_TYPEDEF || !sym->specs)
    return false;
  if (s->fn && local_typedef(s, s->fn->body, name, len))
    return false;
  return not_task_type(s, sym->specs, depth + 1);
}

static bool not_task_type(Sema *s, Node *specs, int depth)
{
  Unit *u = s->u;
  bool arithmetic = false;
  for (int i = specs->first; i <= specs->last; i++) {
    switch (u->toks[i].kind) {
    case TOK_CHAR:
    case TOK_SHORT:
    case TOK_INT:
    case TOK_LONG:
    case TOK_FLOAT:
    case TOK_DOUBLE:
    case TOK_SIGNED:
    case TOK_UNSIGNED:
    case TOK_COMPLEX:
    case TOK_INT128:
    case TOK_FLOATN: arithmetic = true; break;
    case TOK_CONST:
    case TOK_VOLATILE:
    case TOK_RESTRICT:
    case TOK_NULLABILITY:
    case TOK_TYPEDEF:
    case TOK_STATIC:
    case TOK_EXTERN:
    case TOK_AUTO:
    case TOK_REGISTER:
    case TOK_THREAD_LOCAL:
    case TOK_INLINE:
    case TOK_NORETURN:
    case TOK_ASYNC:
    case TOK_EXTENSION:
    case TOK_ATTRIBUTE: break;
    case TOK_STRUCT:
    case TOK_UNION:
    case TOK_ENUM: {
      // Any tag but ac_task's (an untagged body included).
      int tag = i + 1;
      while (tag <= specs->last && u->toks[tag].kind == TOK_ATTRIBUTE)
        tag++;
      return !(tag <= specs->last && tok_is(u, tag, "ac_task"));
    }
    case TOK_IDENTIFIER:
      if (!not_task_typedef(s, i, depth))
        return false;
      arithmetic = true;
      break;
    default: return false;  // void, typeof, _Atomic(…), _Alignas(…), …
    }
  }
  return arithmetic;
}

// The async function that call `e` calls, when e is exactly such a call.
static Symbol *async_call(Node *e)
{
  e = e ? strip_parens(e) : NULL;
  if (!e || e->kind != ND_CALL || e->lhs->kind != ND_IDENT || !e->lhs->sym ||
      e->lhs->sym->kind != SYM_FUNC || !e->lhs->sym->is_async)
    return NULL;
  return e->lhs->sym;
}

// The text of a node's tokens, as written (for messages).
static const char *node_text(Unit *u, Node *n)
{
  return arena_strndup(&u->arena, tok_text(u, n->first),
                       u->toks[n->last].off + u->toks[n->last].len -
                           u->toks[n->first].off);
}

// `int x = fetch(2);` (also `x = fetch(2);`, `return fetch(2);`): a task
// stored where its result was meant, the await forgotten: whether `value`
// is an async call stored as a type that is certainly not a task.
static bool task_into(Sema *s, Node *value, Node *specs)
{
  return async_call(value) && specs && not_task_type(s, specs, 0);
}

// Reports it; `what` names the target (formatted only for the message).
static void check_task_into(Sema *s, Node *value, const char *what)
{
  Unit *u = s->u;
  Symbol *callee = async_call(value);
  Node *call = strip_parens(value);
  const char *text = node_text(u, call);
  if (s->in_async)
    diag_at_span(u, DIAG_ERROR, call->first, call->last,
                 "async function '%s' returns a task ('ac_task *'), not its "
                 "result, so it cannot be %s; did you mean 'await %s'? (to "
                 "keep the task, use an 'ac_task *')",
                 callee->name, what, text);
  else
    diag_at_span(u, DIAG_ERROR, call->first, call->last,
                 "async function '%s' returns a task ('ac_task *'), not its "
                 "result, so it cannot be %s; keep the task in an "
                 "'ac_task *' and run it with 'ac_run(%s)' (or await it in "
                 "an async function)",
                 callee->name, what, text);
}

// The targets check_task_into looks at: initialisers, assignments to a
// variable, and return values.
static void check_task_use(Sema *s, Node *n)
{
  Unit *u = s->u;
  if (n->kind == ND_DECL && n->specs && !(n->specs->flags & SPEC_TYPEDEF)) {
    for (Node *d = n->list; d; d = d->next) {
      int name = decl_name(d->decl);
      if (d->init && name >= 0 && task_into(s, d->init, n->specs))
        check_task_into(s, d->init,
                        arena_printf(&u->arena, "the initial value of '%s'",
                                     tok_dup(u, name)));
    }
  } else if (n->kind == ND_ASSIGN && n->op == '=' && n->lhs->kind == ND_IDENT &&
             n->lhs->sym && n->lhs->sym->kind == SYM_VAR) {
    if (task_into(s, n->rhs, n->lhs->sym->specs))
      check_task_into(
          s, n->rhs,
          arena_printf(&u->arena, "assigned to '%s'", n->lhs->sym->name));
  } else if (n->kind == ND_RETURN && s->fn && !s->nested && n->lhs) {
    if (task_into(s, n->lhs, s->fn->specs))
      check_task_into(
          s, n->lhs,
          arena_printf(&u->arena, "the result of '%s'", fn_name(u, s->fn)));
  }
}

// `await E` where E is certainly neither an async call nor a task or a
// future: a constant, or a variable or non-async function call whose
// declared type is certainly not a task.
static void check_await_operand(Sema *s, Node *n)
{
  Unit *u = s->u;
  Node *e = strip_parens(n->lhs);
  Symbol *sym = NULL;
  bool bad = false;
  switch (e->kind) {
  case ND_NUM:
  case ND_CHAR:
  case ND_STR: bad = true; break;
  case ND_IDENT:
    sym = e->sym;
    bad = sym &&
          (sym->kind == SYM_ENUM_CONST || (sym->kind == SYM_VAR && sym->specs &&
                                           not_task_type(s, sym->specs, 0)));
    break;
  case ND_CALL:
    sym = e->lhs->kind == ND_IDENT ? e->lhs->sym : NULL;
    bad = sym && sym->kind == SYM_FUNC && !sym->is_async && sym->specs &&
          not_task_type(s, sym->specs, 0);
    break;
  default: break;
  }
  if (!bad)
    return;
  diag_at_span(u, DIAG_ERROR, e->first, e->last,
               "'await' needs a call of an async function, an 'ac_task *' "
               "or an 'ac_future *'; '%s' is none of them",
               node_text(u, e));
  if (sym && sym->tok >= 0 && sym->kind != SYM_ENUM_CONST)
    diag_at(u, DIAG_NOTE, sym->tok, "'%s' is declared here", sym->name);
}

static int check_node(Sema *s, Node *n, bool stmt_level);

// __func__ and its GNU spellings (names without a declaration).
static bool is_func_name(Unit *u, int tok)
{
  return spelled(u, tok, "__func__", 8) ||
         spelled(u, tok, "__FUNCTION__", 12) ||
         spelled(u, tok, "__PRETTY_FUNCTION__", 19);
}

// A function body's share of Unit.refs: refs[from..to), the nodes sema
// listed while it walked the body that begins at token `tok`.
struct RefRun {
  int tok, from, to;
};

// Unit.refs lives in the unit's arena, which the parse left with most of
// a 2 MB block zeroed and unused: a doubled copy there costs no page
// faults, where malloc'd memory would (~160 for bench g's unit).
__attribute__((noinline)) static void grow_refs(Unit *u)
{
  size_t cap = u->cap_refs ? 2 * (size_t)u->cap_refs : 1024;
  Node **refs = arena_alloc(&u->arena, cap * sizeof *refs);
  if (u->nrefs)
    memcpy(refs, u->refs, (size_t)u->nrefs * sizeof *refs);
  u->refs = refs;
  u->cap_refs = (int)cap;
}

// Lists a node the lowering looks at wherever it is (Unit.refs): a name
// that refers to a declaration (a frame variable's becomes its frame
// member), a call of ac_defer_reason(), __func__ and its kin, a
// declaration (local typedefs and tags move to file scope), a statement
// expression, a compound literal (it may be kept in the frame).
static void add_ref(Unit *u, Node *n)
{
  if (u->nrefs == u->cap_refs)
    grow_refs(u);
  u->refs[u->nrefs++] = n;
}

// Names and constants have no children and no rule of their own: in a
// function, only their marks and the list (most nodes are such leaves).
static inline bool is_leaf(const Node *n)
{
  return n->kind == ND_IDENT || n->kind == ND_NUM || n->kind == ND_CHAR ||
         n->kind == ND_STR;
}

static inline int check_leaf(Sema *s, Node *n)
{
  if (!s->fn)
    return 0;
  Unit *u = s->u;
  if (n->kind == ND_IDENT && (n->sym || is_func_name(u, n->name)))
    add_ref(u, n);
  u->marks[n->id] = NM_MARKED;
  return 0;
}

// check_node on a child (NULL: none).
static inline int check_child(Sema *s, Node *c, bool stmt_level)
{
  if (!c)
    return 0;
  return is_leaf(c) ? check_leaf(s, c) : check_node(s, c, stmt_level);
}

// check_child on each node of a list, the next one fetched meanwhile.
static inline int check_list(Sema *s, Node *c, bool stmt_level)
{
  int marks = 0;
  for (; c; c = c->next) {
    __builtin_prefetch(c->next);
    marks |= check_child(s, c, stmt_level);
  }
  return marks;
}

// check_node on n's children: the NM_* marks of what they hold.
static int check_children(Sema *s, Node *n, bool stmt_level)
{
  int marks = 0;
  // ac_raise's statement level goes through an expression statement and
  // its parentheses (check_raise).
  bool below = n->kind == ND_EXPR_STMT || (n->kind == ND_PAREN && stmt_level);
  // The operators, calls and statements most nodes are: parser.y gives
  // them these fields only (binary() its lhs and rhs), so the other
  // fields are not asked; in NODE_CHILDREN's order.
  // The tree is walked once here after the parse: each node is a cache
  // miss, so the next sibling (or the other operand) is fetched while the
  // first child's subtree is checked.
  switch (n->kind) {
  case ND_BINARY:
  case ND_LOGAND:
  case ND_LOGOR:
  case ND_ASSIGN:
  case ND_COMMA:
  case ND_INDEX:
    __builtin_prefetch(n->rhs);
    marks = check_child(s, n->lhs, below);
    return marks | check_child(s, n->rhs, below);
  case ND_CALL:
    __builtin_prefetch(n->list);
    marks = check_child(s, n->lhs, below);
    return marks | check_list(s, n->list, below);
  case ND_BLOCK: return check_list(s, n->list, below);
  case ND_DECL:
    __builtin_prefetch(n->list);
    marks = check_child(s, n->specs, below);
    return marks | check_list(s, n->list, below);
  case ND_INIT_DECL:
    marks = check_child(s, n->decl, below);
    return marks | check_child(s, n->init, below);
  case ND_EXPR_STMT:
  case ND_RETURN:
  case ND_PAREN:
  case ND_MEMBER:
  case ND_POSTINC:
  case ND_PREINC:
  case ND_UNARY: return check_child(s, n->lhs, below);
  default: break;
  }
#define ONE(field) marks |= check_child(s, n->field, below);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    marks |= check_child(s, c, below);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  return marks;
}


// The rules of async bodies that check_async_node, check_raise and
// check_vla report, asked quietly after n's children (`aw`: whether they
// hold an await): only whether one is broken (Sema.found).  The body's
// try blocks, labels and gotos are collected (collect_jumps).
static void quiet_rules(Sema *s, Node *n, bool aw, bool stmt_level)
{
  Unit *u = s->u;
  switch (n->kind) {
  case ND_TRY:
  case ND_LABEL:
  case ND_GOTO: collect_jumps(s->jumps, n); return;
  case ND_CALL:
    if (CALLS(u, n, "alloca") || CALLS(u, n, "__builtin_alloca") ||
        (!stmt_level && CALLS(u, n, "ac_raise")))
      s->found = true;
    return;
  case ND_DECL:
    if (!s->found && vla_declared(n))
      s->found = true;
    return;
  case ND_SIZEOF:
  case ND_ALIGNOF:
  case ND_GENERIC:
  case ND_TYPE_NAME:
  case ND_SPECS:
  case ND_ASM:
    if (aw)
      s->found = true;
    return;
  case ND_COND:  // (its children's marks are set)
    if (aw && !n->then && (u->marks[n->els->id] & NM_AWAIT))
      s->found = true;
    return;
  default: return;
  }
}

// After n's children (`marks`: what they hold): the async rules' quiet
// check, n's marks for the lowering (Unit.marks), which are returned, and
// the list of the nodes the lowering looks at (add_ref).
static int check_done(Sema *s, Node *n, int marks, bool stmt_level)
{
  Unit *u = s->u;
  bool ref = false;
  switch (n->kind) {
  case ND_AWAIT: marks |= NM_AWAIT; break;
  case ND_DEFER: marks |= NM_DEFER; break;
  case ND_DECL:
    if (n->specs && (n->specs->flags & SPEC_ASYNC))
      marks |= NM_ASYNC_DECL;
    ref = true;
    break;
  case ND_COMPOUND_LIT:
    marks |= NM_LITERAL;
    ref = true;
    break;
  case ND_STMT_EXPR: ref = true; break;
  case ND_IDENT: ref = n->sym || is_func_name(u, n->name); break;
  case ND_CALL: ref = CALLS(u, n, "ac_defer_reason"); break;
  default: break;
  }
  if (s->quiet)
    quiet_rules(s, n, marks & NM_AWAIT, stmt_level);
  if (ref)
    add_ref(u, n);
  u->marks[n->id] = (uint8_t)(marks | NM_MARKED);
  return marks;
}

static void check(Node *n, void *arg)
{
  check_node(arg, n, false);
}

// Whether a label named like token `name` is defined inside n.
static bool has_label(Unit *u, Node *n, int name)
{
  if (!n)
    return false;
  if (n->kind == ND_LABEL && same_name(u, n->name, name))
    return true;
#define ONE(field)                                                             \
  if (has_label(u, n->field, name))                                            \
    return true;
#define LIST(field)                                                            \
  for (Node *k = n->field; k; k = k->next)                                     \
    if (has_label(u, k, name))                                                 \
      return true;
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  return false;
}

// A deferred statement runs as its block is left, however that happens:
// a jump out of it (break, continue or goto to a place outside it) would
// leave the exit it is part of half done, as `return` would.  Jumps that
// stay inside the deferred statement are fine.
static void check_defer_jump(Sema *s, Node *n)
{
  if (!s->defer)
    return;
  const char *what = NULL;
  if (n->kind == ND_BREAK && s->breakable == 0)
    what = "'break'";
  else if (n->kind == ND_CONTINUE && s->continuable == 0)
    what = "'continue'";
  else if (n->kind == ND_GOTO && !has_label(s->u, s->defer->body, n->name))
    what = "'goto'";
  else if (n->kind == ND_GOTO_PTR)
    what = "a computed 'goto'";
  if (what)
    diag_at(s->u, DIAG_ERROR, n->first,
            "%s cannot leave a deferred statement: it runs as its block is "
            "left, and must run to its end",
            what);
}

// The rules of every function, and (in an async function) the async
// body's rules quietly; children after the node.  Returns the NM_* marks
// of what n holds.
// What a construct (defer, loop, switch, statement expression) changes in
// Sema around its children, and restores after them.
typedef struct Around {
  Node *defer;
  int breakable, continuable, in_defer, in_stmt_expr;
} Around;

static Around around(Sema *s)
{
  return (Around){s->defer, s->breakable, s->continuable, s->in_defer,
                  s->in_stmt_expr};
}

// `int v; int v;` (or a parameter declared again in the body) in an async
// function: the parser gives both one Symbol, so they would become one
// frame variable and the C compiler would never see the redefinition (the
// frame layout looped on it).  In a block only `extern` may repeat one.
static void check_redefinition(Sema *s, Node *decl)
{
  if (!s->in_async || (decl->specs->flags & (SPEC_EXTERN | SPEC_TYPEDEF)))
    return;
  for (Node *d = decl->list; d; d = d->next) {
    Symbol *sym = d->decl->sym;
    int name = decl_name(d->decl);
    if (!sym || sym->kind != SYM_VAR || name < 0 || sym->tok < 0 ||
        sym->tok == name)
      continue;
    diag_at(s->u, DIAG_ERROR, name, "redefinition of '%s'", sym->name);
    diag_at(s->u, DIAG_NOTE, sym->tok, "'%s' is first declared here",
            sym->name);
  }
}

static int check_node(Sema *s, Node *n, bool stmt_level)
{
  Around outer;
  bool scoped = false;  // outer is to be restored
  bool nested = false;
  switch (n->kind) {
  case ND_IDENT:
  case ND_NUM:
  case ND_CHAR:
  case ND_STR: return check_leaf(s, n);
  case ND_EXPR_STMT: check_discarded_call(s, n); break;
  case ND_DECL:
    check_task_use(s, n);
    check_redefinition(s, n);
    if (s->fn && n->specs && (n->specs->flags & SPEC_ASYNC))
      for (Node *d = n->list; d; d = d->next)  // a block-scope async prototype
        check_async_declarator(s, n->specs, d->decl);
    break;
  case ND_ASSIGN: check_task_use(s, n); break;
  case ND_CALL:
    if (!s->in_async && CALLS(s->u, n, "ac_raise"))
      diag_at(s->u, DIAG_ERROR, n->first,
              "'ac_raise' used outside of an async function");
    break;
  case ND_AWAIT:
    check_await(s, n);
    check_await_operand(s, n);
    break;
  case ND_PARAM:
  case ND_TYPE_NAME:
    if (n->specs && (n->specs->flags & SPEC_ASYNC))  // (K&R: maybe none)
      diag_at(s->u, DIAG_ERROR, find_tok(s->u, n->specs, TOK_ASYNC),
              "'async' can only be applied to functions");
    break;
  case ND_DEFER:
    if (!s->fn)
      diag_at(s->u, DIAG_ERROR, n->first, "'defer' used outside of a function");
    outer = around(s);
    scoped = true;
    s->defer = n;
    s->breakable = s->continuable = 0;
    s->in_defer++;
    break;
  case ND_WHILE:
  case ND_DO:
  case ND_FOR:
    outer = around(s);
    scoped = true;
    s->breakable++;
    s->continuable++;
    break;
  case ND_SWITCH:
    outer = around(s);
    scoped = true;
    s->breakable++;
    break;
  case ND_BREAK:
  case ND_CONTINUE:
  case ND_GOTO:
  case ND_GOTO_PTR: check_defer_jump(s, n); break;
  case ND_RETURN:
    check_task_use(s, n);
    if (s->in_defer)
      diag_at(s->u, DIAG_ERROR, n->first,
              "'return' cannot be used in a deferred statement");
    break;
  case ND_TRY: check_try(s, n); break;
  case ND_STMT_EXPR:
    outer = around(s);
    scoped = true;
    s->in_stmt_expr++;
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
      return 0;  // (an error: no async rule is reported, no lowering)
    }
    // A function defined inside another (GNU C) has returns of its own.
    nested = s->fn && n != s->fn;
    break;
  default: break;
  }
  s->nested += nested;
  int marks = check_children(s, n, stmt_level);
  s->nested -= nested;
  if (scoped) {
    s->defer = outer.defer;
    s->breakable = outer.breakable;
    s->continuable = outer.continuable;
    s->in_defer = outer.in_defer;
    s->in_stmt_expr = outer.in_stmt_expr;
  }
  // (File scope: no marks, the lowering asks only about function bodies.)
  return s->fn ? check_done(s, n, marks, stmt_level) : 0;
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

// Whether check_node could report anything in a file-scope declaration
// (the headers' thousands of prototypes, typedefs and struct definitions
// are 14 % of bench g's nodes): only through `async`, `await`, `defer`,
// `try` or `ac_raise`, or an async call in an initialiser or a statement
// expression — a look at its tokens, which lie in one run, instead of a
// walk of its nodes.  --all-async makes awaits and async specifiers
// without tokens: always.
static bool decl_may_break(Unit *u, Node *decl)
{
  if (u->opts->all_async)
    return true;
  for (int i = decl->first; i <= decl->last; i++) {
    switch (u->toks[i].kind) {
    case TOK_ASYNC:
    case TOK_AWAIT:
    case TOK_DEFER:
    case TOK_TRY:
    case '=': return true;  // (an initialiser)
    case '{':               // (a statement expression)
      if (i > decl->first && u->toks[i - 1].kind == '(')
        return true;
      break;
    case TOK_IDENTIFIER:
      if (spelled(u, i, "ac_raise", 8))
        return true;
      break;
    default: break;
    }
  }
  return false;
}

static void check_decl(Sema *s, Node *decl)
{
  if (!decl->specs)
    return;
  if (!(decl->specs->flags & SPEC_ASYNC)) {
    if (decl_may_break(s->u, decl))
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

// A function definition.  The rules of async bodies come right after the
// others, while the body is still in the cache, and only while the unit
// has no error (one mistake, one message).
// Notes that refs[from..nrefs) are the body's at token tok (unit_refs).
static void note_run(Unit *u, int tok, int from)
{
  u->ref_runs =
      acc_grow(u->ref_runs, sizeof *u->ref_runs, (size_t)u->nref_runs);
  u->ref_runs[u->nref_runs++] = (struct RefRun){tok, from, u->nrefs};
}

static void check_function(Sema *s, Node *fn)
{
  s->fn = fn;
  s->in_async = fn->specs->flags & SPEC_ASYNC;
  TryJumps jumps = {.s = s};
  if (s->in_async) {
    check_async_declarator(s, fn->specs, fn->decl);
    s->quiet = true;
    s->found = false;
    s->jumps = &jumps;
  }
  int from = s->u->nrefs;
  check(fn->body, s);
  if (s->in_async || (s->u->marks[fn->body->id] & NM_DEFER))
    note_run(s->u, fn->body->first, from);
  else
    s->u->nrefs = from;  // (a function the lowering leaves alone)
  s->quiet = false;
  if (s->in_async && s->u->nerrors == s->errors_before)
    check_async_body(s, fn);
  free(jumps.nodes);
  s->jumps = NULL;
  s->fn = NULL;
  s->in_async = false;
}

// Checks every top-level item, in order: the number of errors reported.
int sema_check(Unit *u)
{
  return sema_check_each(u, NULL, NULL);
}

// The same, with after(item) right after each item is checked, while the
// unit has no error: check_and_lower_unit lowers the item then, while its
// nodes are in the cache.  Each item's memory is asked for (ahead.h) as
// the item before it is checked.
int sema_check_each(Unit *u, void (*after)(Node *item, void *arg), void *arg)
{
  int before = u->nerrors;
  Sema s = {.u = u, .errors_before = before};
  free(u->marks);
  free(u->ref_runs);
  u->refs = NULL;
  u->ref_runs = NULL;
  u->nrefs = u->cap_refs = u->nref_runs = u->ref_hint = 0;
  u->nmarks = u->nnodes + 1;
  u->marks = calloc((size_t)u->nmarks, sizeof *u->marks);
  if (!u->marks)
    diag_ice(__FILE__, __LINE__, "out of memory");
  for (Node *n = u->root->list; n; n = n->next) {
    ahead_fetch(u->toks, n, n->next);  // (the next item, while n is checked)
    if (after)  // (Unit.refs holds this item's only: it is lowered now)
      u->nrefs = u->nref_runs = u->ref_hint = 0;
    switch (n->kind) {
    case ND_FUNC_DEF: check_function(&s, n); break;
    case ND_DECL: check_decl(&s, n); break;
    default: break;
    }
    if (after && u->nerrors == before)
      after(n, arg);
  }
  return u->nerrors - before;
}

#ifdef ACC_NODE_CHECK
// The first of Unit.refs whose first token is `tok` or later.
static int refs_from(const Unit *u, int tok)
{
  int lo = 0, hi = u->nrefs;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (u->refs[mid]->first < tok)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}
#endif

// The share sema noted for the body beginning at token `tok`, or NULL: the
// lowering asks for each function's twice (frame.c, lower.c), in order,
// so the one found last or the next is the one.
static const struct RefRun *find_run(Unit *u, int tok)
{
  int lo = 0, hi = u->nref_runs;
  for (int i = u->ref_hint; i < u->ref_hint + 2 && i < hi; i++)
    if (u->ref_runs[i].tok == tok)
      return &u->ref_runs[u->ref_hint = i];
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (u->ref_runs[mid].tok < tok)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == u->nref_runs || u->ref_runs[lo].tok != tok)
    return NULL;
  return &u->ref_runs[u->ref_hint = lo];
}

// The nodes of Unit.refs under a function's body, in sema's walk order:
// *n of them from the one returned, or NULL if sema made no list (then
// the caller walks the body).  Sema notes the share of each body the
// lowering rewrites (async, or using defer), and only those.
Node **unit_refs(Unit *u, Node *body, int *n)
{
  *n = 0;
  const struct RefRun *run = u->refs ? find_run(u, body->first) : NULL;
  if (!run)
    return NULL;
  *n = run->to - run->from;
#ifdef ACC_NODE_CHECK
  if (run->from != refs_from(u, body->first) ||
      run->to != refs_from(u, body->last + 1))
    diag_ice(__FILE__, __LINE__, "a body's share of the refs is not its run");
#endif
  return u->refs + run->from;
}
