// frame.c — frame analysis: what lives in an async function's frame, and
// what each await holds.
//
// Parameters, and every local whose scope — from its declaration to the
// end of its block — contains an await that can suspend: only those can be
// live across a suspension, and keeping them in the frame also keeps their
// addresses valid while their scope lives, as in C.  Every other local stays a
// plain C local of the resume function, so loops without awaits run as fast
// as ordinary C.  Static and extern locals, typedefs and tags stay where
// they are (local typedefs and tag definitions move to file scope, ahead of
// the frame, which may need them, renamed to keep block scope).  Every
// local of a statement expression that awaits lives in the frame too, and
// so does a compound literal an await may follow in its block.  An await
// of a function defined earlier in the file that never suspends
// (direct_callee) is a plain call and keeps nothing alive.
//
// The result is a Frame: the frame variables in order, the hoisted
// declarations, for each await that can suspend the frame variables in
// scope there, and the layout: which variables may share space because
// their scopes are never alive together (frame_layout.c, which also
// prints --frame-report).  Nothing here prints; lower_func.c and lower.c
// read it, and tests/unit/compiler/test_frame.c checks it.
#include "lower.h"

#include <stdlib.h>
#include <string.h>

// Side tables for every node and symbol of the parsed unit, zeroed.
void analysis_init(Analysis *a, Unit *u)
{
  *a = (Analysis){.u = u};
  if (u->marks && u->nmarks == u->nnodes + 1) {
    a->marks = u->marks;  // sema's (the unit frees them): most subtrees
    return;               // are marked already, and sema may go on
  }
  a->marks = calloc((size_t)u->nnodes + 1, sizeof *a->marks);
  if (!a->marks)
    diag_ice(__FILE__, __LINE__, "out of memory");
  a->own_marks = true;
}

// The tables only async functions need, made when the first one comes
// (a unit of plain C pays nothing for them).
static void need_frame_tables(Analysis *a)
{
  // Compound literals kept in the frame have symbols of their own, made
  // by the frame analysis: one id per node above the parser's symbols.
  if (!a->literal_ids)
    a->literal_ids = a->u->nsyms + 1;
}

// Frees the side tables (the Frames' contents live in the unit's arena).
void analysis_free(Analysis *a)
{
  if (a->own_marks)
    free(a->marks);
  idmap_free(&a->var_of);
  idmap_free(&a->await_of);
  strmap_free(&a->fields);
  strmap_free(&a->suffixes);
}

// Marks every node that contains an await, a defer or a block-scope async
// declaration and returns the marks of n (each subtree is walked once per
// unit).
int analysis_mark(Analysis *a, Node *n)
{
  if (a->marks[n->id] & NM_MARKED)
    return a->marks[n->id] & (NM_AWAIT | NM_DEFER | NM_ASYNC_DECL | NM_LITERAL);
  int f = n->kind == ND_AWAIT ? NM_AWAIT : n->kind == ND_DEFER ? NM_DEFER : 0;
  if (n->kind == ND_DECL && n->specs && (n->specs->flags & SPEC_ASYNC))
    f |= NM_ASYNC_DECL;
  if (n->kind == ND_COMPOUND_LIT)
    f |= NM_LITERAL;
#define ONE(field)                                                             \
  if (n->field)                                                                \
    f |= analysis_mark(a, n->field);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    f |= analysis_mark(a, c);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  a->marks[n->id] |= (uint8_t)(f | NM_MARKED);
  return f;
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
  return s ? idmap_get(&a->var_of, s->id) : NULL;
}

// What an await of the function analysed last holds (NULL: a direct call).
FrameAwait *frame_await(const Analysis *a, const Node *await)
{
  return idmap_get(&a->await_of, await->id);
}

// Frames, typedefs and descriptors are named after the function.
const char *fn_name(Unit *u, Node *fn)
{
  int nt = decl_name(fn->decl);
  return nt >= 0 ? lowered_name(u, nt) : "anonymous";
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
  NODE_CHILDREN(n, ONE, LIST)
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
  StrMap *fields;     // member names in use → their FrameVar
  StrMap *suffixes;   // a shadowed name → the next suffix to try for it
  Node **stmt_exprs;  // the statement expressions that await, post-order
  int nstmt_exprs;
} Collect;

// Whether a member name is used in the frame already.
static bool field_taken(Collect *c, const char *name)
{
  return !strcmp(name, "hdr") || !strcmp(name, "result") ||
         strmap_get(c->fields, name);
}

// The attributes of one GNU attribute token that a frame variable keeps:
// the type's go to `type` (as a list), cleanup's function to *cleanup.
static void gnu_attrs(Unit *u, int tok, StrBuf *type, const char **cleanup,
                      bool *aligned)
{
  const char *t = tok_text(u, tok);
  const char *end = t + u->toks[tok].len;
  const char *p = memchr(t, '(', (size_t)(end - t));
  if (!p || p + 1 >= end || p[1] != '(')
    return;
  p += 2;
  end -= 2;  // the closing ))
  while (p < end) {
    // One attribute: up to a comma at depth 0.
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
      p++;
    const char *a = p;
    int depth = 0;
    for (; p < end && (depth > 0 || *p != ','); p++)
      depth += (*p == '(') - (*p == ')');
    size_t n = (size_t)(p - a);
    const char *name = a;
    size_t nl = 0;
    while (nl < n && (name[nl] == '_' || (name[nl] >= 'a' && name[nl] <= 'z') ||
                      (name[nl] >= 'A' && name[nl] <= 'Z')))
      nl++;
    while (nl > 4 && name[0] == '_' && name[1] == '_' && name[nl - 1] == '_') {
      name += 2;  // __aligned__ is aligned
      nl -= 4;
    }
#define IS(w) (nl == strlen(w) && !memcmp(name, w, nl))
    if (IS("aligned") || IS("mode") || IS("vector_size")) {
      sb_printf(type, "%s%.*s", type->len ? ", " : "", (int)n, a);
      *aligned |= IS("aligned");
    } else if (IS("cleanup")) {
      const char *f = memchr(a, '(', n);
      if (f) {
        const char *fe = f + 1;
        while (fe < a + n && *fe != ')')
          fe++;
        *cleanup = arena_strndup(&u->arena, f + 1, (size_t)(fe - f - 1));
      }
    }
#undef IS
    if (p < end)
      p++;  // ,
  }
}

// Whether the tokens of _Alignas( … ) from `open` name a type.
static bool alignas_type(Unit *u, int open)
{
  int k = u->toks[open + 1].kind;
  if (k == TOK_IDENTIFIER) {
    Symbol *s = scope_lookup(u, tok_text(u, open + 1), u->toks[open + 1].len);
    return s && s->kind == SYM_TYPEDEF;
  }
  return k != TOK_INT_CONST && k != '(' && k != TOK_ALIGNOF &&
         k != TOK_SIZEOF && k != '-' && k != '+';
}

// A frame variable's attributes: in its specifiers and after its declarator.
static void var_attrs(Unit *u, FrameVar *v)
{
  StrBuf type = {0};
  const char *cleanup = NULL;
  bool aligned = false;
  for (int i = v->specs->first; i <= v->specs->last; i++) {
    int k = u->toks[i].kind;
    if (k == TOK_ATTRIBUTE) {
      gnu_attrs(u, i, &type, &cleanup, &aligned);
    } else if (k == TOK_ALIGNAS) {  // _Alignas ( … ): aligned( … )
      int close = i + 1, depth = 0;
      for (; close <= v->specs->last; close++) {
        depth += (u->toks[close].kind == '(') - (u->toks[close].kind == ')');
        if (depth == 0)
          break;
      }
      bool is_type = alignas_type(u, i + 1);
      sb_printf(&type, "%saligned(%s", type.len ? ", " : "",
                is_type ? "_Alignof(" : "(");
      for (int j = i + 2; j < close; j++)
        sb_printf(&type, "%.*s ", (int)u->toks[j].len, tok_text(u, j));
      sb_puts(&type, is_type ? "))" : "))");
      aligned = true;
      i = close;
    }
  }
  for (int i = v->decl->last + 1; i < u->ntoks - 1; i++) {
    int k = u->toks[i].kind;
    if (k == TOK_ATTRIBUTE)
      gnu_attrs(u, i, &type, &cleanup, &aligned);
    else if (k == TOK_ASM)  // a register variable's asm("reg")
      i += 3;
    else
      break;
  }
  v->type_attrs = type.len ? arena_strndup(&u->arena, type.data, type.len) : "";
  v->aligned = aligned;
  v->cleanup = cleanup;
  sb_free(&type);
}

// A frame variable's typedef name, ac__<function>_T_<member> (made for
// every one: without a format).
static const char *type_name(Unit *u, const char *fn, const char *field)
{
  size_t a = strlen(fn), b = strlen(field);
  char *p = arena_alloc(&u->arena, a + b + 8);
  memcpy(p, "ac__", 4);
  memcpy(p + 4, fn, a);
  memcpy(p + 4 + a, "_T_", 3);
  memcpy(p + 7 + a, field, b + 1);
  return p;
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
    void **next = strmap_slot(c->suffixes, base, strlen(base), true);
    int n = *next ? (int)(intptr_t)*next : 2;
    while (field_taken(c, field = arena_printf(&u->arena, "%s_%d", base, n)))
      n++;
    *next = (void *)(intptr_t)(n + 1);
  }
  FrameVar *v = arena_alloc(&u->arena, sizeof *v);
  v->sym = sym;
  v->field = field;
  v->tname = type_name(u, c->f->name, field);
  v->specs = specs;
  v->decl = decl;
  v->init = init;
  v->param = param;
  v->type_attrs = "";
  if (!param && decl)
    var_attrs(u, v);
  *idmap_slot(&c->a->var_of, sym->id) = v;
  *strmap_slot(c->fields, field, strlen(field), true) = v;
  *c->tail = v;
  c->tail = &v->next;
}

// Parameters are frame variables too (the task-making function copies
// them in).
static void add_params(Collect *c)
{
  Node *fnpart = decl_func_part(c->f->fn->decl);
  for (Node *p = fnpart ? fnpart->list : NULL; p; p = p->next)
    if (p->decl && p->decl->sym && p->specs)  // (K&R: undeclared, no type)
      add_var(c, p->decl->sym, p->specs, p->decl, NULL, true);
}

// Static and extern locals and typedefs stay where they are.
static bool is_local_storage(Node *specs)
{
  return !(specs->flags & (SPEC_STATIC | SPEC_EXTERN | SPEC_TYPEDEF));
}

// (collect_stmt_expr's walk) A local declared in a statement expression.
static void collect_stmt_expr_decl(Node *n, void *arg)
{
  Collect *c = arg;
  if (n->kind != ND_DECL || !n->specs || !is_local_storage(n->specs))
    return;
  for (Node *d = n->list; d; d = d->next) {
    Symbol *s = d->decl->sym;
    if (s && s->kind == SYM_VAR && !frame_var(c->a, s))
      add_var(c, s, n->specs, d->decl, d->init, false);
  }
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
  case ND_TRY: {
    // The catch variable's scope is the handler.
    collect_stmt(c, n->then);
    Symbol *s = n->lhs->decl->sym;
    if (suspends(a, n->els) && s && s->kind == SYM_VAR)
      add_var(c, s, n->lhs->specs, n->lhs->decl, NULL, false);
    collect_stmt(c, n->els);
    break;
  }
  case ND_DEFER: collect_stmt(c, n->body); break;
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

// A compound literal lives until its block ends, in the C stack frame of
// the resume function, which an await leaves: `await send(&(struct msg){…})`
// would hand the callee a pointer into a stack that is gone when it
// resumes.  So a literal that an await may follow in its block (`keep`)
// lives in the frame, in a variable of its own (its lifetime is never
// longer than the function body's, where it is placed).  So does one in an
// expression statement that awaits: the lowering puts such a statement in
// a block of its own (after the awaits it hoists), which would end the
// literal's life early.  Literals in the initialisers of static locals
// have static storage and stay.
static void collect_literals(Collect *c, Node *n, bool keep)
{
  // (Only subtrees that hold a literal: analysis_mark's NM_LITERAL.)
  if (!n || !(c->a->marks[n->id] & NM_LITERAL) ||
      (!keep && !has_await(c->a, n)) ||
      (n->kind == ND_DECL && n->specs && !is_local_storage(n->specs)))
    return;
  if (n->kind == ND_EXPR_STMT)
    keep = true;  // (it awaits)
  if (keep && n->kind == ND_COMPOUND_LIT && n->type &&
      !(n->type->specs->flags & (SPEC_STATIC | SPEC_EXTERN | SPEC_TYPEDEF))) {
    Unit *u = c->a->u;
    if (!n->sym) {
      n->sym = arena_alloc(&u->arena, sizeof *n->sym);
      n->sym->kind = SYM_VAR;
      n->sym->name = "ac__lit";
      n->sym->id = c->a->literal_ids + n->id;
    }
    add_var(c, n->sym, n->type->specs, NULL, n->init, false);
    frame_var(c->a, n->sym)->literal = n;
  }
#define ONE(field) collect_literals(c, n->field, keep);
#define LIST(field)                                                            \
  for (Node *k = n->field; k; k = k->next)                                     \
    collect_literals(c, k, keep);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
}

// The literals of a function body's items: every one up to the last item
// that suspends, after it those of statements that await.
static void collect_body_literals(Collect *c, Node *items)
{
  Node *last = last_suspending(c->a, items);
  bool keep = last != NULL;
  for (Node *it = items; it; it = it->next) {
    collect_literals(c, it, keep);
    if (it == last)
      keep = false;
  }
}

// Every local of a statement expression that awaits lives in the frame
// (lower.c names the type of its value at file scope, through them).
// (find_hoisted's walk listed the statement expressions.)
static void collect_stmt_exprs(Collect *c)
{
  for (int i = 0; i < c->nstmt_exprs; i++)
    ast_walk_post(c->stmt_exprs[i]->body, collect_stmt_expr_decl, c);
  free(c->stmt_exprs);
}

// Local typedefs and struct, union and enum definitions of an async
// function move to file scope, ahead of the frame, which may need them (a
// local of a local struct type).  Their names then have file scope; the C
// compiler reports a clash.
static void hoist_node(Frame *f, Node *n)
{
  f->hoisted = acc_grow(f->hoisted, sizeof *f->hoisted, (size_t)f->nhoisted);
  f->hoisted[f->nhoisted++] = n;
}

static void find_hoisted(Node *n, void *arg)
{
  Collect *c = arg;
  if (n->kind == ND_STMT_EXPR && has_await(c->a, n)) {
    // (Listed for collect_stmt_exprs, in this walk's order: one walk.)
    c->stmt_exprs =
        acc_grow(c->stmt_exprs, sizeof *c->stmt_exprs, (size_t)c->nstmt_exprs);
    c->stmt_exprs[c->nstmt_exprs++] = n;
  }
  if (n->kind != ND_DECL || !n->specs)
    return;
  bool defines_tag = false, named = false;
  for (int i = n->specs->first; i <= n->specs->last; i++)
    if (c->a->u->toks[i].kind == '{') {
      defines_tag = true;
      named = named || c->a->u->toks[i - 1].kind == TOK_IDENTIFIER;
    }
  if ((n->specs->flags & (SPEC_TYPEDEF | SPEC_ASYNC)) ||
      (defines_tag && !n->list)) {
    c->a->marks[n->id] |= NM_HOISTED;
    hoist_node(c->f, n);
  } else if (defines_tag && named) {
    // `struct node {…} n2 = …, n1 = …;`: the definition moves, once; the
    // declarators stay (they name `struct node` only).
    hoist_node(c->f, n->specs);
  }
}

// The name a local type gets at file scope: unique in the unit.
static void add_rename(Collect *c, int tok, int to, bool tag)
{
  Unit *u = c->a->u;
  Rename *r = arena_alloc(&u->arena, sizeof *r);
  r->name = tok_dup(u, tok);
  r->as = arena_printf(&u->arena, "ac__%s_%s_%d", c->f->name, r->name, tok);
  r->from = tok;
  r->to = to;
  r->tag = tag;
  r->next = c->f->renames;
  c->f->renames = r;
}

// Local tags and typedef names keep block scope when their definitions
// move to file scope: each is renamed, from its definition to the end of
// its block (`end`).
static void find_renames(Collect *c, Node *n, int end)
{
  Unit *u = c->a->u;
  if (n->kind == ND_BLOCK)
    end = n->last;
  if (n->kind == ND_DECL && n->specs) {
    Node *s = n->specs;
    for (int i = s->first; i < s->last; i++) {
      int k = u->toks[i].kind;
      if (k != TOK_STRUCT && k != TOK_UNION && k != TOK_ENUM)
        continue;
      int name = i + 1;
      while (name < s->last && attr_end(u, name) >= 0)
        name = attr_end(u, name) + 1;
      if (u->toks[name].kind == TOK_IDENTIFIER && u->toks[name + 1].kind == '{')
        add_rename(c, name, end, true);
    }
    if (s->flags & SPEC_TYPEDEF)
      for (Node *d = n->list; d; d = d->next)
        if (decl_name(d->decl) >= 0)
          add_rename(c, decl_name(d->decl), end, false);
  }
#define ONE(field)                                                             \
  if (n->field)                                                                \
    find_renames(c, n->field, end);
#define LIST(field)                                                            \
  for (Node *k = n->field; k; k = k->next)                                     \
    find_renames(c, k, end);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
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
    *idmap_slot(&a->await_of, n->id) = w;
    *lv->tail = w;
    lv->tail = &w->next;
  }
#define ONE(field) live_awaits(lv, n->field);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    live_awaits(lv, c);
  NODE_CHILDREN(n, ONE, LIST)
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
  case ND_TRY: {
    live_stmt(lv, n->then);
    FrameVar *v = frame_var(lv->a, n->lhs->decl->sym);
    if (v)
      live_push(lv, v);
    live_stmt(lv, n->els);
    lv->n = saved;
    return;
  }
  case ND_DEFER: live_stmt(lv, n->body); return;
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

//
// Which frame variables the resume function keeps in C locals between
// awaits (FrameVar.reg), in an optimised build: a scalar whose address is
// never taken, held by some await that can suspend.  The C compiler cannot
// keep `ac__f->i` in a register across the stores through ac__self; a
// local it can.  The local is loaded from the frame when the resume
// function starts and stored back before each suspension that holds it, so
// the frame has the value whenever the task is suspended.  A variable only
// a statement expression sees is held by no await (live_awaits does not
// enter its declarations): it stays in the frame.
//

// Above this many held variables summed over the awaits, a function keeps
// every variable in the frame (the stores would outgrow the code).
enum { REG_MAX_HELD = 1 << 16 };

// Whether a declared type is a scalar the lowering can name: a pointer, or
// arithmetic or enum specifiers (typedef names followed), not volatile or
// _Atomic.
static bool scalar_type(Unit *u, Node *specs, Node *d, int depth)
{
  if (!specs || depth > 32)
    return false;
  int k = d ? name_part_kind(d) : 0;
  if (k == DP_ARRAY || k == DP_FUNC)
    return false;
  for (int i = d ? d->first : 0; d && i <= d->last; i++)
    if (u->toks[i].kind == TOK_VOLATILE || u->toks[i].kind == TOK_ATOMIC)
      return false;
  for (int i = specs->first; i <= specs->last; i++) {
    int t = u->toks[i].kind;
    if (t == TOK_VOLATILE || t == TOK_ATOMIC)
      return false;
    if (k == DP_POINTER)
      continue;
    if (t == TOK_STRUCT || t == TOK_UNION || t == TOK_TYPEOF ||
        t == TOK_AUTO_TYPE || t == '{')
      return false;
    int prev = i > specs->first ? u->toks[i - 1].kind : 0;
    if (t == TOK_IDENTIFIER && prev != TOK_ENUM) {  // a typedef name
      Symbol *s = scope_lookup(u, tok_text(u, i), u->toks[i].len);
      if (!s || s->kind != SYM_TYPEDEF || s->specs == specs ||
          !scalar_type(u, s->specs, s->declarator, depth + 1))
        return false;
    }
  }
  return true;
}

// (ast_walk_post) `&x`: x stays in the frame.
static void addr_taken(Node *n, void *arg)
{
  if (n->kind != ND_UNARY || n->op != '&')
    return;
  Node *e = strip_parens(n->lhs);
  while (e->kind == ND_MEMBER || e->kind == ND_INDEX)
    e = strip_parens(e->lhs);
  FrameVar *v = e->kind == ND_IDENT ? frame_var(arg, e->sym) : NULL;
  if (v)
    v->reg = false;
}

// (ast_walk_post) A call of a function that returns twice (setjmp, vfork:
// the names gcc knows): a local changed after it is indeterminate after
// the second return, a frame member is not; *arg is set.
static void returns_twice(Node *n, void *arg)
{
  if (n->kind != ND_CALL || n->lhs->kind != ND_IDENT || !n->lhs->sym)
    return;
  const char *name = n->lhs->sym->name;
  while (*name == '_')
    name++;
  static const char *const names[] = {"setjmp",        "sigsetjmp",  "savectx",
                                      "vfork",         "getcontext", "qsetjmp",
                                      "builtin_setjmp"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (!strcmp(name, names[i]))
      *(bool *)arg = true;
}

static void frame_regs(Analysis *a, Frame *f)
{
  if (!a->u->opts->frame_locals)
    return;
  long held = 0;
  for (FrameAwait *w = f->awaits; w; w = w->next)
    held += w->nlive;
  bool twice = false;
  ast_walk_post(f->fn->body, returns_twice, &twice);
  if (held > REG_MAX_HELD || twice)
    return;
  Unit *u = a->u;
  for (FrameAwait *w = f->awaits; w; w = w->next) {
    int k = w->nlive;
    for (const LiveVar *l = w->live; l && k > 0; l = l->below, k--) {
      FrameVar *v = l->var;
      v->reg = !v->aligned && !v->cleanup && !v->type_attrs[0] &&
               scalar_type(u, v->specs, v->decl, 0);
    }
  }
  ast_walk_post(f->fn->body, addr_taken, a);
}

// How the resume function names a frame variable (FrameVar.lv): made once,
// not at each reference.
static void var_names(Unit *u, FrameVar *v)
{
  v->lv = cat3(u, v->reg ? "ac__fv_" : "ac__f->", v->field, NULL);
  v->lv_len = strlen(v->lv);
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
  Collect c = {a, f, &f->vars, &a->fields, &a->suffixes, NULL, 0};
  add_params(&c);
  if (!f->direct) {
    mark_suspends(a, fn, fn->body);
    int nrefs;  // (sema's list of the body's declarations, if it made one)
    Node **refs = unit_refs(u, fn->body, &nrefs);
    if (!refs)
      ast_walk_post(fn->body, find_hoisted, &c);
    for (int i = 0; i < nrefs; i++)
      find_hoisted(refs[i], &c);
    if (f->nhoisted)
      find_renames(&c, fn->body, fn->body->last);
    collect_body_literals(&c, fn->body->list);
    collect_block(&c, fn->body->list);
    collect_stmt_exprs(&c);
  }
  strmap_clear(&a->fields);
  strmap_clear(&a->suffixes);
  if (f->direct) {
    frame_layout(a, f);
    for (FrameVar *v = f->vars; v; v = v->next)
      var_names(u, v);
    return;
  }
  Live lv = {.a = a, .f = f, .tail = &f->awaits};
  for (FrameVar *v = f->vars; v && v->param; v = v->next)
    live_push(&lv, v);
  live_stmt(&lv, fn->body);
  free(lv.vars);
  frame_regs(a, f);
  frame_layout(a, f);
  for (FrameVar *v = f->vars; v; v = v->next)
    var_names(u, v);
}

// Forgets a function's frame variables (side tables are per unit).
void frame_done(Analysis *a, Frame *f)
{
  idmap_clear(&a->var_of);
  idmap_clear(&a->await_of);
  free(f->hoisted);
}
