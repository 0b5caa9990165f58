// frame.c — frame analysis: what lives in an async function's frame, and
// what each await holds.
//
// Parameters, and every local whose scope — from its declaration to the
// end of its block — contains an await that can suspend: only those can be
// live across a suspension, and keeping them in the frame also keeps their
// addresses valid for the life of the task.  Every other local stays a
// plain C local of the resume function, so loops without awaits run as fast
// as ordinary C.  Static and extern locals, typedefs and tags stay where
// they are (local typedefs and tag definitions move to file scope, ahead of
// the frame, which may need them).  An await of a function defined earlier
// in the file that never suspends (direct_callee) is a plain call and keeps
// nothing alive.
//
// The result is a Frame: the frame variables in order, the hoisted
// declarations, and for each await that can suspend the frame variables in
// scope there.  Nothing here prints; lower_func.c and lower.c read it, and
// tests/unit/compiler/test_frame.c checks it.
#include "lower.h"

#include <stdlib.h>
#include <string.h>

// Side tables for every node and symbol of the parsed unit, zeroed.
void analysis_init(Analysis *a, Unit *u)
{
  *a = (Analysis){.u = u};
  a->marks = calloc((size_t)u->nnodes + 1, sizeof *a->marks);
  if (!a->marks)
    diag_ice(__FILE__, __LINE__, "out of memory");
}

// The tables only async functions need, made when the first one comes
// (a unit of plain C pays nothing for them).
static void need_frame_tables(Analysis *a)
{
  if (a->var_of)
    return;
  a->var_of = calloc((size_t)a->u->nsyms + 1, sizeof *a->var_of);
  a->await_of = calloc((size_t)a->u->nnodes + 1, sizeof *a->await_of);
  if (!a->var_of || !a->await_of)
    diag_ice(__FILE__, __LINE__, "out of memory");
}

// Frees the side tables (the Frames' contents live in the unit's arena).
void analysis_free(Analysis *a)
{
  free(a->marks);
  free(a->var_of);
  free(a->await_of);
}

// Marks every node that contains an await or a defer and returns the marks
// of n (each subtree is walked once per unit).
int analysis_mark(Analysis *a, Node *n)
{
  if (a->marks[n->id] & NM_MARKED)
    return a->marks[n->id] & (NM_AWAIT | NM_DEFER);
  int f = n->kind == ND_AWAIT ? NM_AWAIT : n->kind == ND_DEFER ? NM_DEFER : 0;
#define ONE(field)                                                             \
  if (n->field)                                                                \
    f |= analysis_mark(a, n->field);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    f |= analysis_mark(a, c);
  NODE_CHILDREN(ONE, LIST)
#undef ONE
#undef LIST
  a->marks[n->id] |= (uint8_t)(f | NM_MARKED);
  return f;
}

// Whether n's subtree holds an await (after analysis_mark).
bool has_await(const Analysis *a, const Node *n)
{
  return n && (a->marks[n->id] & NM_AWAIT);
}

// Whether n's subtree holds an await that can suspend (after mark_suspends).
static bool suspends(const Analysis *a, const Node *n)
{
  return n && (a->marks[n->id] & NM_SUSPENDS);
}

// Only async functions and functions with defer are rewritten.
bool lower_needed(Analysis *a, Node *fn)
{
  return (fn->specs->flags & SPEC_ASYNC) ||
         (analysis_mark(a, fn->body) & NM_DEFER);
}

// `await f(x)` of an earlier function that never suspends is a plain call
// of ac__f_direct: no suspension point.
Symbol *direct_callee(Analysis *a, Node *fn, Node *operand)
{
  Symbol *s = async_callee(operand);
  if (!s || !s->decl || s->decl->kind != ND_FUNC_DEF ||
      s->decl->first >= fn->first)
    return NULL;
  return analysis_mark(a, s->decl->body) & NM_AWAIT ? NULL : s;
}

// The frame variable of a symbol of the function analysed last, or NULL.
FrameVar *frame_var(const Analysis *a, const Symbol *s)
{
  return s && a->var_of ? a->var_of[s->id] : NULL;
}

// What an await of the function analysed last holds (NULL: a direct call).
FrameAwait *frame_await(const Analysis *a, const Node *await)
{
  return a->await_of ? a->await_of[await->id] : NULL;
}

// Frames, typedefs and descriptors are named after the function.
const char *fn_name(Unit *u, Node *fn)
{
  int nt = decl_name(fn->decl);
  return nt >= 0 ? tok_dup(u, nt) : "anonymous";
}

// Marks (NM_SUSPENDS) the subtrees holding an await that can suspend: any
// await but a direct call of a function that never suspends.  Only those
// decide what lives in the frame.
static bool mark_suspends(Analysis *a, Node *fn, Node *n)
{
  bool f = n->kind == ND_AWAIT && !direct_callee(a, fn, n->lhs);
#define ONE(field)                                                             \
  if (has_await(a, n->field))                                                  \
    f |= mark_suspends(a, fn, n->field);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    if (has_await(a, c))                                                       \
      f |= mark_suspends(a, fn, c);
  NODE_CHILDREN(ONE, LIST)
#undef ONE
#undef LIST
  if (f)
    a->marks[n->id] |= NM_SUSPENDS;
  return f;
}

//
// The frame variables
//

typedef struct Collect {
  Analysis *a;
  Frame *f;
  FrameVar **tail;
  StrMap fields;    // member names in use → their FrameVar
  StrMap suffixes;  // a shadowed name → the next suffix to try for it
} Collect;

// Whether a member name is used in the frame already.
static bool field_taken(Collect *c, const char *name)
{
  return !strcmp(name, "hdr") || !strcmp(name, "result") ||
         strmap_get(&c->fields, name);
}

// Puts a variable in the frame, under a member name of its own.
static void add_var(Collect *c, Symbol *sym, Node *specs, Node *decl,
                    Node *init, bool param)
{
  Unit *u = c->a->u;
  // Field names keep the user's name; shadowed names, and names of the
  // frame's own members (hdr, result), get a suffix.
  // The first free suffix can only grow (names are never given back), so
  // each name remembers where to look next: 30,000 shadowed `i`s cost no
  // more than 30,000 different names.
  const char *base = sym->name;
  const char *field = base;
  if (field_taken(c, field)) {
    void **next = strmap_slot(&c->suffixes, base, strlen(base), true);
    int n = *next ? (int)(intptr_t)*next : 2;
    while (field_taken(c, field = arena_printf(&u->arena, "%s_%d", base, n)))
      n++;
    *next = (void *)(intptr_t)(n + 1);
  }
  FrameVar *v = arena_alloc(&u->arena, sizeof *v);
  v->sym = sym;
  v->field = field;
  v->tname = arena_printf(&u->arena, "ac__%s_T_%s", c->f->name, field);
  v->specs = specs;
  v->decl = decl;
  v->init = init;
  v->param = param;
  c->a->var_of[sym->id] = v;
  *strmap_slot(&c->fields, field, strlen(field), true) = v;
  *c->tail = v;
  c->tail = &v->next;
}

// Parameters are frame variables too (the task-making function copies
// them in).
static void add_params(Collect *c)
{
  Node *fnpart = decl_func_part(c->f->fn->decl);
  for (Node *p = fnpart ? fnpart->list : NULL; p; p = p->next)
    if (p->decl && p->decl->sym)
      add_var(c, p->decl->sym, p->specs, p->decl, NULL, true);
}

// Static and extern locals and typedefs stay where they are.
static bool is_local_storage(Node *specs)
{
  return !(specs->flags & (SPEC_STATIC | SPEC_EXTERN | SPEC_TYPEDEF));
}

// A local goes to the frame when an await can happen while it is alive:
// its scope (from the declaration to the end of the block) contains one.
static void collect_block(Collect *c, Node *items);

// The frame variables declared in a statement and the ones inside it.
static void collect_stmt(Collect *c, Node *n)
{
  if (!n)
    return;
  Analysis *a = c->a;
  switch (n->kind) {
  case ND_BLOCK: collect_block(c, n->list); break;
  case ND_FOR:
    if (n->init && n->init->kind == ND_DECL) {
      // The scope of a for's declaration is the whole for statement.
      bool live = suspends(a, n->init) || suspends(a, n->cond) ||
                  suspends(a, n->inc) || suspends(a, n->body);
      Node *specs = n->init->specs;
      for (Node *d = n->init->list; d; d = d->next)
        if (live && is_local_storage(specs) && d->decl->sym &&
            d->decl->sym->kind == SYM_VAR)
          add_var(c, d->decl->sym, specs, d->decl, d->init, false);
    }
    collect_stmt(c, n->body);
    break;
  case ND_IF:
    collect_stmt(c, n->then);
    collect_stmt(c, n->els);
    break;
  case ND_WHILE:
  case ND_DO:
  case ND_SWITCH:
  case ND_CASE:
  case ND_DEFAULT:
  case ND_LABEL: collect_stmt(c, n->body); break;
  default: break;
  }
}

// The last element of a list whose subtree holds an await that can
// suspend, or NULL.
static Node *last_suspending(const Analysis *a, Node *list)
{
  Node *last = NULL;
  for (Node *n = list; n; n = n->next)
    if (suspends(a, n))
      last = n;
  return last;
}

// The frame variables of a block's items.
static void collect_block(Collect *c, Node *items)
{
  Analysis *a = c->a;
  // Items before the last one that suspends have an await in their scope
  // (found once: asking each declaration made a block of n locals cost n²).
  Node *last = last_suspending(a, items);
  bool before_last = last != NULL;
  for (Node *it = items; it; it = it->next) {
    if (it == last)
      before_last = false;
    if (it->kind != ND_DECL) {
      collect_stmt(c, it);
      continue;
    }
    if (!it->specs || !is_local_storage(it->specs))
      continue;
    // An await in a later statement of the block, or in the initialiser
    // of a later declarator of this declaration, happens in the scope.  A
    // local's own initialiser does not count (it is not alive yet), except
    // `T x = await h;`, whose handle's result is written straight into x.
    bool later = before_last;
    Node *last_d = last_suspending(a, it->list);
    bool before_last_d = last_d != NULL;
    for (Node *d = it->list; d; d = d->next) {
      Symbol *s = d->decl->sym;
      if (d == last_d)
        before_last_d = false;
      bool live = later || before_last_d;
      Node *si = strip_parens(d->init);
      if (si && si->kind == ND_AWAIT && !async_callee(si->lhs))
        live = true;
      if (live && s && s->kind == SYM_VAR)
        add_var(c, s, it->specs, d->decl, d->init, false);
    }
  }
}

// Local typedefs and struct, union and enum definitions of an async
// function move to file scope, ahead of the frame, which may need them (a
// local of a local struct type).  Their names then have file scope; the C
// compiler reports a clash.
static void find_hoisted(Node *n, void *arg)
{
  Collect *c = arg;
  if (n->kind != ND_DECL || !n->specs)
    return;
  bool defines_tag = false;
  for (int i = n->specs->first; i <= n->specs->last; i++)
    if (c->a->u->toks[i].kind == '{')
      defines_tag = true;
  if ((n->specs->flags & SPEC_TYPEDEF) || (defines_tag && !n->list)) {
    Frame *f = c->f;
    c->a->marks[n->id] |= NM_HOISTED;
    f->hoisted = acc_grow(f->hoisted, sizeof *f->hoisted, (size_t)f->nhoisted);
    f->hoisted[f->nhoisted++] = n;
  }
}

//
// What each await holds: the frame variables in scope, walked in the order
// and with the scopes the statements have (a block ends its locals' scope;
// a declaration's own initialiser runs before its variable is in scope).
//

typedef struct Live {
  Analysis *a;
  Frame *f;
  const LiveVar **vars;  // vars[n - 1]: the innermost in scope
  int n;
  int cap;
  FrameAwait **tail;
} Live;

// A frame variable comes into scope.
static void live_push(Live *lv, FrameVar *v)
{
  if (lv->n == lv->cap) {
    lv->cap = lv->cap ? 2 * lv->cap : 16;
    lv->vars = acc_realloc(lv->vars, sizeof *lv->vars * (size_t)lv->cap);
  }
  LiveVar *l = arena_alloc(&lv->a->u->arena, sizeof *l);
  l->var = v;
  l->below = lv->n ? lv->vars[lv->n - 1] : NULL;
  lv->vars[lv->n++] = l;
}

void frame_await_held(const FrameAwait *w, FrameVar **vars)
{
  int k = w->nlive;
  for (const LiveVar *l = w->live; l && k > 0; l = l->below)
    vars[--k] = l->var;
}

// Records what every await that can suspend in expression n holds.
static void live_awaits(Live *lv, Node *n)
{
  Analysis *a = lv->a;
  if (!has_await(a, n))
    return;
  if (n->kind == ND_AWAIT && !direct_callee(a, lv->f->fn, n->lhs)) {
    Unit *u = a->u;
    FrameAwait *w = arena_alloc(&u->arena, sizeof *w);
    w->await = n;
    w->nlive = lv->n;
    w->live = lv->n ? lv->vars[lv->n - 1] : NULL;
    a->await_of[n->id] = w;
    *lv->tail = w;
    lv->tail = &w->next;
  }
#define ONE(field) live_awaits(lv, n->field);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    live_awaits(lv, c);
  NODE_CHILDREN(ONE, LIST)
#undef ONE
#undef LIST
}

// Records what the awaits of a statement hold, with its scopes.
static void live_stmt(Live *lv, Node *n)
{
  if (!n)
    return;
  int saved = lv->n;
  switch (n->kind) {
  case ND_BLOCK:
    for (Node *it = n->list; it; it = it->next)
      live_stmt(lv, it);
    lv->n = saved;
    return;
  case ND_DECL:
    if (lv->a->marks[n->id] & NM_HOISTED)
      return;
    for (Node *d = n->list; d; d = d->next) {
      live_awaits(lv, d->init);
      FrameVar *v = frame_var(lv->a, d->decl->sym);
      if (v)
        live_push(lv, v);
    }
    return;
  case ND_FOR:
    if (n->init && n->init->kind == ND_DECL)
      live_stmt(lv, n->init);
    else
      live_awaits(lv, n->init);
    live_awaits(lv, n->cond);
    live_stmt(lv, n->body);
    live_awaits(lv, n->inc);
    lv->n = saved;
    return;
  case ND_IF:
    live_awaits(lv, n->cond);
    live_stmt(lv, n->then);
    live_stmt(lv, n->els);
    return;
  case ND_WHILE:
  case ND_DO:
  case ND_SWITCH:
    live_awaits(lv, n->cond);
    live_stmt(lv, n->body);
    return;
  case ND_CASE:
  case ND_DEFAULT:
  case ND_LABEL: live_stmt(lv, n->body); return;
  default: live_awaits(lv, n); return;
  }
}

// The frame of one function definition: parameters, the locals that live
// across a suspension, hoisted declarations, what each await holds.
void frame_analyze(Analysis *a, Node *fn, Frame *f)
{
  Unit *u = a->u;
  *f = (Frame){.fn = fn, .name = fn_name(u, fn)};
  f->async = fn->specs->flags & SPEC_ASYNC;
  f->direct = f->async && !(analysis_mark(a, fn->body) & NM_AWAIT);
  if (!f->async)
    return;
  need_frame_tables(a);
  Collect c = {a, f, &f->vars, {0}, {0}};
  add_params(&c);
  if (!f->direct) {
    mark_suspends(a, fn, fn->body);
    ast_walk_post(fn->body, find_hoisted, &c);
    collect_block(&c, fn->body->list);
  }
  strmap_free(&c.fields);
  strmap_free(&c.suffixes);
  if (f->direct)
    return;
  Live lv = {.a = a, .f = f, .tail = &f->awaits};
  for (FrameVar *v = f->vars; v && v->param; v = v->next)
    live_push(&lv, v);
  live_stmt(&lv, fn->body);
  free(lv.vars);
}

// Forgets a function's frame variables (side tables are per unit).
void frame_done(Analysis *a, Frame *f)
{
  for (FrameVar *v = f->vars; v; v = v->next)
    a->var_of[v->sym->id] = NULL;
  free(f->hoisted);
}

//
// --frame-report
//

// A size the C compiler will fill in; returns "@N@".
static const char *report_value(Unit *u, const char *expr)
{
  sb_printf(&u->report_values, "%s%s", u->nreport_values ? ", " : "", expr);
  return arena_printf(&u->arena, "@%d@", u->nreport_values++);
}

// --frame-report: the frame's size, what each member takes, and what each
// await holds, in the order of the resume points.
void frame_report(Unit *u, const Frame *f, int ntemps, FrameAwait **states,
                  int nstates)
{
  FILE *out = u->opts->frame_report;
  const char *N = f->name;
  Node *fn = f->fn;
  bool is_void = (fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl);
  Token *t = &u->toks[decl_name(fn->decl)];
  char *frame = arena_printf(&u->arena, "struct ac__%s_frame", N);
  fprintf(out, "%s (%s:%u): frame of %s bytes\n", N, u->files[t->file].name,
          t->line,
          report_value(u, arena_printf(&u->arena, "sizeof(%s)", frame)));
  fprintf(out, "  task header       %s bytes\n",
          report_value(u, "sizeof(ac_task)"));
  if (!is_void)
    fprintf(
        out, "  result            %s bytes\n",
        report_value(u, arena_printf(&u->arena, "sizeof(ac__%s_result)", N)));
  for (FrameVar *v = f->vars; v; v = v->next)
    fprintf(out, "  %-9s %-7s %s bytes\n", v->param ? "parameter" : "local",
            v->field,
            report_value(u, arena_printf(&u->arena, "sizeof(((%s *)0)->%s)",
                                         frame, v->field)));
  if (ntemps)
    fprintf(out,
            "  temporaries       %d (await results and saved conditions)\n",
            ntemps);
  if (!nstates)
    fputs("  no await\n", out);
  for (int i = 0; i < nstates; i++) {
    FrameAwait *w = states[i];
    Token *at = &u->toks[w->await->first];
    fprintf(out, "  await at %s:%u (resume point %d) holds:",
            u->files[at->file].name, at->line, i + 1);
    FrameVar **held = acc_realloc(NULL, sizeof *held * (size_t)(w->nlive + 1));
    frame_await_held(w, held);
    for (int k = 0; k < w->nlive; k++)
      fprintf(out, " %s", held[k]->field);
    free(held);
    fputs(w->nlive ? "\n" : " nothing\n", out);
  }
}
