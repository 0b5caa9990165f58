// parser_tree.h — what parser.y and parser_tree.c share (internal to the
// compiler): the parser's state and the helpers its actions call to build
// the tree and declare names.  parser.y keeps what must see bison's
// generated internals (its tables, YYSTYPE's stack, the error hooks);
// everything an action does beyond filling a node's fields is here.
#ifndef ACC_PARSER_TREE_H
#define ACC_PARSER_TREE_H
#include "acc.h"

// The parser's own state, shared by its actions, the helpers and the token
// reader.  It lives on parse_unit's stack while the parser runs
// (Unit.parser).
struct Parser {
  int next_tok;         // next token the parser reads
  int construct_start;  // first token of the current external declaration
  bool recovering;      // a syntax error is being recovered from
  int sync_first;       // the construct skipped by recovery
  int sync_last;
  Node *asm_operands;  // operands of the asm statement being parsed
  Node *top_tail;      // last external declaration parsed so far
  Node *typeof_exprs;  // typeof(expr) operands for the next SPECS node
  Node **specs;        // declaration specifiers of the declarations being
  int nspecs;          //   parsed, innermost last (nested declarations:
  int cap_specs;       //   parameters, struct members, casts)
  bool lac;            // LAC on: this is the parse that reports (parse_unit)
  bool retry;          // without LAC, something must be reported: parse again
  struct ListEnd *lists;  // the lists being built and their last nodes,
  int nlists;             //   innermost last (append; parser_tree.c)
  int cap_lists;
};

// The helpers called on most reductions are a few instructions each and
// stay inline here: out of line, the calls cost bench g's parse 1.6 %.

//
// Heights: Node.height, set as each node gets its children (settle: any
// node; settle1/2/3, settle_list: a node whose children the action knows).
//

void settle(Node *n);

// settle() for a node whose only children are a, b and c (any may be
// NULL), as most actions know: no look at every child field.
static inline void settle3(Node *n, Node *a, Node *b, Node *c)
{
  int h = a ? a->height : 0;
  if (b && b->height > h)
    h = b->height;
  if (c && c->height > h)
    h = c->height;
  n->height = h + 1;
}

// settle3() for a node with two children.
static inline void settle2(Node *n, Node *a, Node *b)
{
  settle3(n, a, b, NULL);
}

// settle3() for a node with one child.
static inline void settle1(Node *n, Node *a)
{
  settle3(n, a, NULL, NULL);
}

// settle() for a node whose only children are a (or NULL) and a list.
static inline void settle_list(Node *n, Node *a, Node *list)
{
  int h = a ? a->height : 0;
  for (Node *c = list; c; c = c->next)
    if (c->height > h)
      h = c->height;
  n->height = h + 1;
}

// n has gained the child c (a declarator, a suffix or its pointers).
static inline void grow_height(Node *n, Node *c)
{
  if (c->height >= n->height)
    n->height = c->height + 1;
}

//
// Nodes the actions build whole
//

// A binary operator's node (kind ND_BINARY, ND_ASSIGN, ND_COMMA …; op its
// token kind): the most frequent node, so its height is set here directly.
static inline Node *binary(Unit *u, TokSpan loc, NodeKind kind, int op, Node *l,
                           Node *r)
{
  Node *n = ast_new(u, kind, loc.first, loc.last);
  n->op = op;
  n->lhs = l;
  n->rhs = r;
  n->height = 1 + (l->height > r->height ? l->height : r->height);
  return n;
}

// A name used in an expression, resolved when it is read: the binding in
// scope at this point of the parse is the one C means.
static inline Node *ident(Unit *u, TokSpan loc)
{
  Node *n = ast_new(u, ND_IDENT, loc.first, loc.last);
  n->name = loc.first;
  n->sym = scope_lookup(u, tok_text(u, loc.first), u->toks[loc.first].len);
  return n;
}

Node *member(Unit *u, TokSpan loc, Node *l, int op);
Node *cond(Unit *u, TokSpan loc, Node *c, Node *then, Node *els);
Node *specs_node(Unit *u, TokSpan loc, int flags);

// Lists: O(1) appends (append), the unit's external declarations (add_top).
Node *append(Unit *u, Node *list, Node *item);
Node *add_top(Unit *u, Node *list, Node *item, TokSpan loc);

//
// Declarations: the specifiers of those being parsed, declarators and the
// names they declare
//

void push_specs(Unit *u, Node *specs);

// The end of the innermost declaration's specifiers (after errors, the
// stack may be empty already: raw_construct cleared it).
static inline void pop_specs(Unit *u)
{
  if (u->parser->nspecs > 0)
    u->parser->nspecs--;
}

Node *declarator_part(Unit *u, TokSpan loc, int kind, Node *list, int flags);

// The direct declarator d after its pointers ptr, which start at token
// first: d is the declarator, its pointers its rhs.
static inline Node *pointer_declarator(Node *d, Node *ptr, int first)
{
  d->rhs = ptr;
  d->first = first;
  grow_height(d, ptr);
  return d;
}

Node *add_suffix(Unit *u, Node *d, Node *part, int last);
void declare_declarator(Unit *u, Node *d);
void declare_enumerator(Unit *u, TokSpan loc);
Node *init_decl(Unit *u, TokSpan loc, Node *d, Node *init);
Node *param(Unit *u, TokSpan loc, Node *specs, Node *d);
void reject_async(Unit *u, Node *specs);

//
// Function definitions: the scope of the body opens (begin_function; a
// K&R definition's parameters take their declarations first), the
// definition completes (func_def)
//

void begin_function(Unit *u, Node *d);
void begin_function_kr(Unit *u, Node *d, Node *decls);
Node *kr_param(Unit *u, TokSpan loc);
Node *func_def(Unit *u, TokSpan loc, Node *specs, Node *d, Node *body);

// The construct that error recovery skipped, kept as text (ND_RAW).
Node *raw_construct(Unit *u);

#endif
