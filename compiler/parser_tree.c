// parser_tree.c — the helpers parser.y's actions call: they build the
// nodes an action does not fill in itself, keep each node's height, build
// lists in O(1) per element, and declare names as declarators complete (the
// lexer hack's half that the actions do; the token reader in parser.y asks
// scope.c about the names declared here).
//
// They need no bison internals (locations are TokSpan, from the generated
// parser.h that acc.h includes), so they live outside the grammar, which
// keeps parser.y the grammar and the glue that must see bison's tables.
// Nothing here is called per token, only on reductions; the helpers called
// on most reductions are a few instructions each and are inline in
// parser_tree.h (heights, binary operators, names, pointer declarators).
#include "parser_tree.h"

#include <string.h>

//
// Nodes
//

// `c ? then : els` (then NULL: GNU's `c ?: els`).
Node *cond(Unit *u, TokSpan loc, Node *c, Node *then, Node *els)
{
  Node *n = ast_new(u, ND_COND, loc.first, loc.last);
  n->cond = c;
  n->then = then;
  n->els = els;
  settle3(n, c, then, els);
  return n;
}

// `l.name` or `l->name` (op '.' or TOK_ARROW), the name being loc's last
// token.
Node *member(Unit *u, TokSpan loc, Node *l, int op)
{
  Node *n = ast_new(u, ND_MEMBER, loc.first, loc.last);
  n->lhs = l;
  n->op = op;
  n->name = loc.last;
  settle1(n, l);
  return n;
}

// A SPECS node keeps the operands of its typeof(expr) specifiers (its
// list), so that the names in them are resolved and rewritten like any
// other (a frame variable in `__typeof__(x)`).
Node *specs_node(Unit *u, TokSpan loc, int flags)
{
  Node *n = ast_new(u, ND_SPECS, loc.first, loc.last);
  n->flags = flags;
  n->list = u->parser->typeof_exprs;
  u->parser->typeof_exprs = NULL;
  if (n->list)
    settle(n);
  return n;
}

//
// Lists
//

// A list the parser is building: its head, the token the head starts at
// and its last node, so that appending costs O(1) without a field in
// every node.
struct ListEnd {
  Node *head, *tail;
  int first;
};

// Appends item (NULL, a node or a list) to the list that starts at `list`
// (NULL: none yet); returns the list's head.  The lists being built nest
// like the grammar's rules: when a list grows, those that began after its
// head (inside its elements) are complete, so the last nodes are kept on
// a stack ordered by the heads' first tokens, and a list's entry is found
// at the top, or made after dropping the complete ones (a walk from the
// head finds its end).  So a block of 100,000 statements is built in
// O(n).  The walk from the entry's last node to the real end stays, so a
// list that grew otherwise (a label with its declaration) is still right.
Node *append(Unit *u, Node *list, Node *item)
{
  if (!item)
    return list;
  if (!list)
    return item;
  struct Parser *p = u->parser;
  struct ListEnd *e = p->nlists ? &p->lists[p->nlists - 1] : NULL;
  if (!e || e->head != list) {
    int first = list->first;
    while (p->nlists > 0 && p->lists[p->nlists - 1].first >= first &&
           p->lists[p->nlists - 1].head != list)
      p->nlists--;
    e = p->nlists ? &p->lists[p->nlists - 1] : NULL;
    if (!e || e->head != list) {
      if (p->nlists == p->cap_lists) {
        p->cap_lists = p->cap_lists ? 2 * p->cap_lists : 64;
        p->lists =
            acc_realloc(p->lists, sizeof *p->lists * (size_t)p->cap_lists);
      }
      e = &p->lists[p->nlists++];
      *e = (struct ListEnd){list, list, first};
    }
  }
  Node *t = e->tail;
  while (t->next)
    t = t->next;
  t->next = item;
  while (item->next)
    item = item->next;
  e->tail = item;
  return list;
}

// Appends an external declaration (item, at loc; NULL for a lone ';') to
// the unit's list, which starts at `list`; returns the list's head.  The
// next construct starts after it.
Node *add_top(Unit *u, Node *list, Node *item, TokSpan loc)
{
  if (item) {
    if (list)
      u->parser->top_tail->next = item;
    else
      list = item;
    u->parser->top_tail = item;
  }
  u->parser->construct_start = loc.last + 1;
  u->parser->nlists = 0;  // every list of the construct is complete
  return list;
}

//
// Heights
//

// Node.height of a node the parser has just given its children (a node
// without children keeps ast_new's 1): one more than its highest child's,
// each child's having been set when the parser completed it.  So the tree's
// height is known when the parse ends, without a walk (translate.c).
void settle(Node *n)
{
  int h = 0;
#define ONE(field)                                                             \
  if (n->field && n->field->height > h)                                        \
    h = n->field->height;
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    if (c->height > h)                                                         \
      h = c->height;
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  n->height = h + 1;
}

// Settles every node under n again, children first: a K&R definition's
// parameters take the declarators of their declarations (a rare construct,
// and as deep as a declarator).
static void resettle(Node *n)
{
#define ONE(field)                                                             \
  if (n->field)                                                                \
    resettle(n->field);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    resettle(c);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  settle(n);
}

//
// Declarations
//

// Declaration specifiers nest (a parameter's inside a function's
// declarator, a cast's inside an initializer): the innermost is the one a
// declarator that completes belongs to.
void push_specs(Unit *u, Node *specs)
{
  struct Parser *p = u->parser;
  if (p->nspecs == p->cap_specs) {
    p->cap_specs = p->cap_specs ? 2 * p->cap_specs : 16;
    p->specs = acc_realloc(p->specs, sizeof *p->specs * (size_t)p->cap_specs);
  }
  p->specs[p->nspecs++] = specs;
}

// The specifiers of the innermost declaration being parsed.
static Node *current_specs(Unit *u)
{
  struct Parser *p = u->parser;
  return p->nspecs > 0 ? p->specs[p->nspecs - 1] : NULL;
}

// One part of a declarator (kind: an array's or a function's suffix, or a
// pointer; list: its parameters, size or qualifiers), at loc.
Node *declarator_part(Unit *u, TokSpan loc, int kind, Node *list, int flags)
{
  Node *n = ast_new(u, ND_DECLARATOR, loc.first, loc.last);
  n->op = kind;
  n->list = list;
  n->flags = flags;
  if (list)
    settle_list(n, NULL, list);
  return n;
}

// Declarator d with one more suffix part (an array's or a function's), d now
// ending at token last.
Node *add_suffix(Unit *u, Node *d, Node *part, int last)
{
  d->list = append(u, d->list, part);
  d->last = last;
  grow_height(d, part);
  return d;
}

// Declares the name of a complete declarator in the current scope, as a
// typedef name when the declaration says `typedef`.
void declare_declarator(Unit *u, Node *d)
{
  int name = decl_name(d);
  if (name < 0)
    return;
  Node *specs = current_specs(u);
  int flags = specs ? specs->flags : 0;
  SymKind kind = (flags & SPEC_TYPEDEF) ? SYM_TYPEDEF
                 : decl_func_part(d)    ? SYM_FUNC
                                        : SYM_VAR;
  d->sym = scope_declare_tok(u, name, kind);
  d->sym->is_async = kind == SYM_FUNC && (flags & SPEC_ASYNC);
  d->sym->specs = specs;
  d->sym->declarator = d;
}

// An enumerator is an ordinary identifier from its declaration on: it can
// hide a typedef name (`enum { T };` in an inner scope).
void declare_enumerator(Unit *u, TokSpan loc)
{
  scope_declare_tok(u, loc.first, SYM_ENUM_CONST);
}

// A declarator of a declaration (d, declared already) and its initializer
// (NULL: none), at loc.
Node *init_decl(Unit *u, TokSpan loc, Node *d, Node *init)
{
  Node *n = ast_new(u, ND_INIT_DECL, loc.first, loc.last);
  n->decl = d;
  n->init = init;
  if (d->sym)
    d->sym->decl = n;
  settle2(n, d, init);
  return n;
}

// A parameter with a declarator.
Node *param(Unit *u, TokSpan loc, Node *specs, Node *d)
{
  Node *n = ast_new(u, ND_PARAM, loc.first, loc.last);
  n->specs = specs;
  n->decl = d;
  settle2(n, specs, d);
  return n;
}

// Members have no AST of their own (their text is copied through), so the
// one Async C rule about them is checked here: they cannot be async.
void reject_async(Unit *u, Node *specs)
{
  if (!(specs->flags & SPEC_ASYNC))
    return;
  if (!u->parser->lac) {
    u->parser->retry = true;
    return;
  }
  for (int i = specs->first; i <= specs->last; i++)
    if (u->toks[i].kind == TOK_ASYNC)
      diag_at(u, DIAG_ERROR, i, "'async' can only be applied to functions");
}

//
// Function definitions
//

// Entering a function body: the function's name is declared where it
// stands, its parameters in the new scope that the body shares.
void begin_function(Unit *u, Node *d)
{
  declare_declarator(u, d);
  if (!d->sym) {  // a definition always has a name; keep going after errors
    int name = d->first;
    d->sym = scope_declare(u, "", SYM_FUNC, name);
  }
  scope_push(u);
  Node *fn = decl_func_part(d);
  for (Node *p = fn ? fn->list : NULL; p; p = p->next) {
    int name = p->decl ? decl_name(p->decl) : -1;
    if (name < 0)
      continue;
    p->decl->sym = scope_declare_tok(u, name, SYM_VAR);
    p->decl->sym->decl = p;
    p->decl->sym->specs = p->specs;
    p->decl->sym->declarator = p->decl;
  }
}

// A parameter of a K&R identifier list; its declaration comes later.
Node *kr_param(Unit *u, TokSpan loc)
{
  Node *p = ast_new(u, ND_PARAM, loc.first, loc.last);
  p->decl = ast_new(u, ND_DECLARATOR, loc.first, loc.last);
  p->decl->name = loc.first;
  settle(p);
  return p;
}

// A K&R definition: each parameter takes the specifiers and declarator of
// its declaration (a parameter left undeclared keeps none).
void begin_function_kr(Unit *u, Node *d, Node *decls)
{
  Node *fn = decl_func_part(d);
  // (Only declarations name parameters: the list may hold a static
  // assertion too, whose node has no list — fields are by kind.)
  for (Node *decl = decls; decl; decl = decl->next)
    for (Node *id = decl->kind == ND_DECL ? decl->list : NULL; id;
         id = id->next)
      for (Node *p = fn ? fn->list : NULL; p; p = p->next) {
        // (A parameter of a prototype-style list may have no name.)
        int a = id->decl ? decl_name(id->decl) : -1;
        int b = p->decl ? decl_name(p->decl) : -1;
        if (a >= 0 && b >= 0 && u->toks[a].len == u->toks[b].len &&
            !memcmp(tok_text(u, a), tok_text(u, b), u->toks[a].len)) {
          p->specs = decl->specs;
          p->decl = id->decl;
        }
      }
  // The parameters have new children: count the declarator's levels again.
  resettle(d);
  begin_function(u, d);
}

// A function's definition, once its body is parsed: its scope and
// specifiers end.
Node *func_def(Unit *u, TokSpan loc, Node *specs, Node *d, Node *body)
{
  Node *n = ast_new(u, ND_FUNC_DEF, loc.first, loc.last);
  n->specs = specs;
  n->decl = d;
  n->body = body;
  d->sym->decl = n;
  scope_pop(u);
  pop_specs(u);
  settle3(n, specs, d, body);
  return n;
}

//
// Recovery
//

// The construct skipped by error recovery, kept as text; whatever the
// parse had opened inside it (scopes, specifiers, lists, asm operands,
// typeof operands) is dropped with it.
Node *raw_construct(Unit *u)
{
  Node *n = ast_new(u, ND_RAW, u->parser->sync_first, u->parser->sync_last);
  scope_reset(u);
  u->parser->nspecs = 0;
  u->parser->nlists = 0;
  u->parser->asm_operands = NULL;
  u->parser->typeof_exprs = NULL;
  return n;
}
