// ast.c — constructors and small queries on the syntax tree.
#include "acc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_names[] = {
#define X(k, fields) #k,
    NODE_KINDS(X)
#undef X
};

const uint16_t node_fields[] = {
#define X(k, fields) fields,
    NODE_KINDS(X)
#undef X
};

#ifdef ACC_NODE_CHECK
// The fields of each slot of struct Node, as NC_* bits.
// clang-format off
#define SLOTS(X)                                                               \
  X(lhs, NC_LHS) X(sym, NC_SYM) X(cond, NC_COND) X(specs, NC_SPECS)            \
  X(list, NC_LIST) X(decl, NC_DECL) X(then, NC_THEN) X(inc, NC_INC)            \
  X(rhs, NC_RHS) X(init, NC_INIT) X(els, NC_ELS)                               \
  X(body, NC_BODY) X(inner, NC_INNER) X(type, NC_TYPE)
// clang-format on

// The fields n's kind does not have, poisoned.  A declarator's lhs and sym
// wait for its op (set after ast_new): ast_check_fields poisons the one it
// lacks (sym for a DP_ARRAY part, lhs for the others).
static void poison_fields(Node *n)
{
  unsigned nc = node_fields[n->kind];
  if (n->kind == ND_DECLARATOR)
    nc |= NC_LHS | NC_SYM;
#define X(f, bit)                                                              \
  if (!(nc & (bit)))                                                           \
    n->f = AST_POISON;
  SLOTS(X)
#undef X
}

// A field n's kind does not have was written (or its poison cleared): with
// the fields sharing storage, that write would have overwritten another.
void ast_check_fields(const Node *n)
{
  unsigned nc = node_nc(n);
  if (n->kind == ND_DECLARATOR) {
    Node *d = (Node *)n;  // (arena memory: the walk may settle the poison)
    if (!(nc & NC_LHS) && !d->lhs)
      d->lhs = AST_POISON;
    if (!(nc & NC_SYM) && !d->sym)
      d->sym = AST_POISON;
  }
#define X(f, bit)                                                              \
  if (!(nc & (bit)) && n->f != AST_POISON)                                     \
    diag_ice(__FILE__, __LINE__, "a field not its kind's was written: " #f);
  SLOTS(X)
#undef X
}
#endif

// (What the narrow fields of struct Node hold fits them.)
_Static_assert(ND_AWAIT < 256 && SPEC_VOID < 1 << 16, "Node.kind, Node.flags");
_Static_assert(MAX_NESTING < NODE_HEIGHT_MAX, "Node.height");
#ifndef ACC_NODE_CHECK
_Static_assert(sizeof(Node) == 64, "a Node fills one cache line");
#endif

// The fields of each slot (asserted against struct Node below), and no
// kind with two fields of one slot.
#define SLOT1 (NC_LHS | NC_SYM | NC_COND | NC_SPECS)
#define SLOT2 (NC_LIST | NC_DECL | NC_THEN | NC_INC)
#define SLOT3 (NC_RHS | NC_INIT | NC_ELS)
#define SLOT4 (NC_BODY | NC_INNER | NC_TYPE)
_Static_assert((SLOT1 | SLOT2 | SLOT3 | SLOT4) == (NC_SYM << 1) - 1,
               "every field in a slot");
#define ONE_IN(f, slot) ((((f) & (slot)) & (((f) & (slot)) - 1)) == 0)
#define X(k, f)                                                                \
  _Static_assert(ONE_IN(f, SLOT1) && ONE_IN(f, SLOT2) && ONE_IN(f, SLOT3) &&   \
                     ONE_IN(f, SLOT4),                                         \
                 #k ": two fields of one slot");
NODE_KINDS(X)
#undef X

// The bytes of a node of each kind: struct Node up to the last slot the
// kind has a field in (its header alone if none), so that the 57,000 IDENTs
// of bench g's unit take 40 bytes, not 64, and its 25,000 NUMs 32.  Built
// with ACC_NODE_CHECK, every node is whole, its other fields poisoned.
#ifdef ACC_NODE_CHECK
#define NODE_SIZE(fields) sizeof(Node)
#else
#define SLOT_END(f) (offsetof(Node, f) + sizeof(Node *))
#define NODE_SIZE(fields)                                                      \
  ((fields)&SLOT4   ? SLOT_END(body)                                           \
   : (fields)&SLOT3 ? SLOT_END(rhs)                                            \
   : (fields)&SLOT2 ? SLOT_END(list)                                           \
   : (fields)&SLOT1 ? SLOT_END(lhs)                                            \
                    : offsetof(Node, lhs))
#define SAME_SLOT(a, b) (offsetof(Node, a) == offsetof(Node, b))
_Static_assert(SAME_SLOT(lhs, sym) && SAME_SLOT(lhs, cond) &&
                   SAME_SLOT(lhs, specs) && SAME_SLOT(list, decl) &&
                   SAME_SLOT(list, then) && SAME_SLOT(list, inc) &&
                   SAME_SLOT(rhs, init) && SAME_SLOT(rhs, els) &&
                   SAME_SLOT(body, inner) && SAME_SLOT(body, type) &&
                   SLOT_END(body) == sizeof(Node) &&
                   offsetof(Node, list) == SLOT_END(lhs) &&
                   offsetof(Node, rhs) == SLOT_END(list) &&
                   offsetof(Node, body) == SLOT_END(rhs),
               "SLOT1..SLOT4 are struct Node's slots");
#endif
static const uint8_t node_size[] = {
#define X(k, fields) NODE_SIZE(fields),
    NODE_KINDS(X)
#undef X
};

Node *ast_new(Unit *u, NodeKind kind, int first, int last)
{
  Node *n = arena_alloc8(&u->arena, node_size[kind]);
  n->kind = kind;
  n->id = u->nnodes++;
  n->first = first;
  n->last = last;
  n->name = -1;
  n->height = 1;
#ifdef ACC_NODE_CHECK
  poison_fields(n);
#endif
  return n;
}

const char *ast_kind_name(NodeKind kind)
{
  return kind_names[kind];
}

// Appends `item` (which may be NULL, or a list itself) to the list that
// starts at `list`: a walk to its end, for the short lists built outside
// the parser's list rules (typeof operands, asm operand groups).  The
// parser's own lists keep their last node on the side (parser_tree.c: append),
// so that a block of 100,000 statements does not cost O(n^2).
Node *ast_append(Node *list, Node *item)
{
  if (!item)
    return list;
  if (!list)
    return item;
  Node *t = list;
  while (t->next)
    t = t->next;
  t->next = item;
  return list;
}

// Whether the declared name itself is a function, and if so its DP_FUNC
// part.  Parts bind inside-out: in `int (*f)(int)` the name is first a
// pointer, in `int (f)(int)` and `int *f(int)` a function.
// Returns 1 (function: *fn set), 0 (something else) or -1 (undecided: no
// part at this level).
static int name_part(Node *d, Node **fn)
{
  if (d->inner) {
    int r = name_part(d->inner, fn);
    if (r >= 0)
      return r;
  }
  if (d->list) {
    if (d->list->op == DP_FUNC) {
      *fn = d->list;
      return 1;
    }
    return 0;
  }
  if (d->rhs)  // pointer parts
    return 0;
  return -1;
}

Node *decl_func_part(Node *d)
{
  Node *fn = NULL;
  return d && name_part(d, &fn) == 1 ? fn : NULL;
}

int decl_name(Node *d)
{
  while (d && d->name < 0)
    d = d->inner;
  return d ? d->name : -1;
}

// Token i's spelling as a string of the unit's.
char *tok_dup(Unit *u, int i)
{
  return arena_strndup(&u->arena, tok_text(u, i), u->toks[i].len);
}

// Whether token i is spelled s.  Most calls ask about a token that differs
// at its first byte, so the bytes are compared before any length is taken.
bool tok_is(const Unit *u, int i, const char *s)
{
  const char *p = tok_text(u, i);
  uint32_t n = u->toks[i].len;
  for (uint32_t k = 0; k < n; k++)
    if (s[k] == '\0' || p[k] != s[k])
      return false;
  return s[n] == '\0';
}

// Calls fn on every direct child of n, in NODE_CHILDREN's order.
void ast_visit_children(Node *n, void (*fn)(Node *child, void *arg), void *arg)
{
#define ONE(field)                                                             \
  if (n->field)                                                                \
    fn(n->field, arg);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    fn(c, arg);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
}

typedef struct PostWalk {
  void (*fn)(Node *, void *);
  void *arg;
} PostWalk;

// Children first, then the node.
static void post_walk(Node *n, void *p)
{
  PostWalk *w = p;
  ast_visit_children(n, post_walk, w);
  w->fn(n, w->arg);
}

// Calls fn on every node of a subtree, children first (a NULL tree: none).
void ast_walk_post(Node *n, void (*fn)(Node *node, void *arg), void *arg)
{
  if (!n)
    return;
  PostWalk w = {fn, arg};
  post_walk(n, &w);
}

// What an expression is under its parentheses.
Node *strip_parens(Node *e)
{
  while (e && e->kind == ND_PAREN)
    e = e->lhs;
  return e;
}


// `await f(x)` of an async function runs f's body in the caller's task;
// any other awaited expression is a handle.
Symbol *async_callee(Node *e)
{
  e = strip_parens(e);
  if (e->kind == ND_CALL && e->lhs->kind == ND_IDENT && e->lhs->sym &&
      e->lhs->sym->kind == SYM_FUNC && e->lhs->sym->is_async)
    return e->lhs->sym;
  return NULL;
}

// The nesting depth of the tree under n (n itself is level 1), measured
// without recursion so that any tree the parser built can be measured.
// Stops at the first node deeper than `limit` and returns it in *deepest
// (else *deepest is the deepest node).  Children are counted as
// ast_visit_children sees them, which is how every recursive walk descends.
int ast_depth(Node *n, int limit, Node **deepest)
{
  typedef struct {
    Node *n;
    int depth;
  } Item;
  size_t cap = 256, len = 0;
  Item *stack = acc_realloc(NULL, cap * sizeof *stack);
  int max = 0;
  *deepest = n;
  if (n)
    stack[len++] = (Item){n, 1};
  while (len > 0) {
    Item it = stack[--len];
    if (it.depth > max) {
      max = it.depth;
      *deepest = it.n;
      if (max > limit)
        break;
    }
    // At most every child field, then the list and the body.
    size_t need = len + sizeof(Node) / sizeof(Node *);
    for (Node *c = NODE_GET(it.n, list, NC_LIST); c; c = c->next)
      need++;
    if (need > cap) {
      while (cap < need)
        cap *= 2;
      stack = acc_realloc(stack, cap * sizeof *stack);
    }
#define ONE(field)                                                             \
  if (it.n->field)                                                             \
    stack[len++] = (Item){it.n->field, it.depth + 1};
#define LIST(field)                                                            \
  for (Node *c = it.n->field; c; c = c->next)                                  \
    stack[len++] = (Item){c, it.depth + 1};
    NODE_CHILDREN(it.n, ONE, LIST)
#undef ONE
#undef LIST
  }
  free(stack);
  return max;
}
