// sema_async.c — the rules of Async C that only async bodies have: no
// alloca, no VLA, no await where C does not evaluate, `ac_raise` only as
// a statement, no jump into a try or catch block.  sema.c's walk checks
// them quietly (collect_jumps, vla_declared); check_async_body reports
// what breaks them, rule by rule, in the order of the rules.
#include "sema.h"

#include <stdlib.h>


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
// sit in (after n's children, `aw`: whether they hold an await).  Returns
// whether n holds an await.
static bool check_async_node(Sema *s, Node *n, bool aw)
{
  Unit *u = s->u;
  aw |= n->kind == ND_AWAIT;
  if (n->kind == ND_CALL &&
      (is_call_to(u, n, "alloca") || is_call_to(u, n, "__builtin_alloca")) &&
      breach(s))
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
    if (breach(s))
      diag_at(u, DIAG_ERROR, n->first,
              "'await' cannot appear in the operand of '%s', which is never "
              "evaluated",
              tok_dup(u, n->first));
    break;
  case ND_COND:
    if (!n->then && contains_await(n->els) && breach(s))
      diag_at(u, DIAG_ERROR, n->first,
              "'await' in the last operand of '?:' with the middle operand "
              "left out is not supported; use an if");
    break;
  case ND_ASM:
    if (breach(s))
      diag_at(u, DIAG_ERROR, n->first,
              "'await' inside an asm statement is not supported");
    break;
  default: break;
  }
  return true;
}

// ac_raise(code) is a statement of async functions, like return.  (Outside
// async functions check() reports any use.)  `stmt_level`: n is an
// expression statement's expression, under its parentheses.
static void check_raise(Sema *s, Node *n, bool stmt_level)
{
  if (!stmt_level && is_call_to(s->u, n, "ac_raise") && breach(s))
    diag_at(s->u, DIAG_ERROR, n->first,
            "'ac_raise' must be used as a statement");
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

// Whether declaration n declares a VLA (not a typedef of one).
bool vla_declared(Node *n)
{
  if (n->kind != ND_DECL || !n->specs || (n->specs->flags & SPEC_TYPEDEF))
    return false;
  for (Node *d = n->list; d; d = d->next)
    if (decl_is_vla(d->decl))
      return true;
  return false;
}

// A VLA cannot live in a frame: its size must be a constant.
static void check_vla(Sema *s, Node *n)
{
  if (n->kind != ND_DECL || !n->specs || (n->specs->flags & SPEC_TYPEDEF))
    return;
  for (Node *d = n->list; d; d = d->next) {
    int name = decl_name(d->decl);
    if (decl_is_vla(d->decl) && breach(s))
      diag_at(s->u, DIAG_ERROR, name >= 0 ? name : d->first,
              "variable-length array '%s' in an async function: its size "
              "must be a constant (or allocate it and free it with defer)",
              name >= 0 ? tok_dup(s->u, name) : "?");
  }
}

//
// Jumps into try and catch blocks.  The handler's variable would not be
// set, and which handler an error goes to follows the blocks as written:
// like C++, a goto or a case label cannot enter either block from outside.
//


void collect_jumps(TryJumps *j, Node *n)
{
  if (n->kind != ND_TRY && n->kind != ND_LABEL && n->kind != ND_GOTO)
    return;
  j->nodes = acc_grow(j->nodes, sizeof *j->nodes, (size_t)j->n);
  j->nodes[j->n++] = n;
}

static bool within(Node *outer, Node *n)
{
  return n->first >= outer->first && n->last <= outer->last;
}

// A case or default label inside a try block or handler that the switch
// is outside of.
static void check_case_jumps(Node *n, void *arg)
{
  TryJumps *j = arg;
  int saved_tries = j->tries, saved_switch = j->switch_tries;
  if (n->kind == ND_SWITCH)
    j->switch_tries = j->tries;
  else if ((n->kind == ND_CASE || n->kind == ND_DEFAULT) &&
           j->tries > j->switch_tries)
    diag_at(j->s->u, DIAG_ERROR, n->first,
            "'%s' label jumps into a %s block from its 'switch' outside it",
            n->kind == ND_CASE ? "case" : "default", "try or catch");
  if (n->kind == ND_TRY) {
    j->tries++;
    check_case_jumps(n->then, j);
    check_case_jumps(n->els, j);
  } else {
    ast_visit_children(n, check_case_jumps, j);
  }
  j->tries = saved_tries;
  j->switch_tries = saved_switch;
}

// (j: the body's try blocks, labels and gotos, collected by the walk.)
static void check_try_jumps(Sema *s, Node *fn, TryJumps *jumps)
{
  Unit *u = s->u;
  TryJumps j = *jumps;
  bool any_try = false;
  for (int i = 0; i < j.n; i++)
    any_try |= j.nodes[i]->kind == ND_TRY;
  for (int g = 0; any_try && g < j.n; g++) {
    Node *go = j.nodes[g];
    for (int l = 0; go->kind == ND_GOTO && l < j.n; l++) {
      Node *label = j.nodes[l];
      if (label->kind != ND_LABEL || !same_name(u, label->name, go->name))
        continue;
      for (int t = 0; t < j.n; t++) {
        Node *try = j.nodes[t];
        if (try->kind != ND_TRY)
          continue;
        Node *part = within(try->then, label)  ? try->then
                     : within(try->els, label) ? try->els
                                               : NULL;
        if (!part || within(part, go))
          continue;
        diag_at(u, DIAG_ERROR, go->first, "'goto' jumps into a %s block",
                part == try->then ? "try" : "catch");
        diag_at(u, DIAG_NOTE, label->name, "label '%s' is here",
                tok_dup(u, label->name));
        break;
      }
    }
  }
  if (any_try)
    check_case_jumps(fn->body, &j);
}

// The async body's rules on n's subtree: `rules` says which.  check_node
// runs them all quietly; reporting runs them one at a time, so that their
// messages come in the order of the rules.  Returns whether n holds an
// await.
enum { RULE_NODE = 1, RULE_RAISE = 2, RULE_VLA = 4 };

// The rules checked after n's children (`aw`: whether they hold an await).
static bool async_post_rules(Sema *s, Node *n, bool aw, unsigned rules)
{
  if (rules & RULE_NODE)
    aw = check_async_node(s, n, aw);
  else
    aw |= n->kind == ND_AWAIT;
  if (rules & RULE_VLA)
    check_vla(s, n);
  return aw;
}

static bool async_rules(Sema *s, Node *n, bool stmt_level, unsigned rules)
{
  if (rules & RULE_RAISE)
    check_raise(s, n, stmt_level);
  bool aw = false;
  bool below = n->kind == ND_EXPR_STMT || (n->kind == ND_PAREN && stmt_level);
#define ONE(field)                                                             \
  if (n->field && async_rules(s, n->field, below, rules))                      \
    aw = true;
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    if (async_rules(s, c, below, rules))                                       \
      aw = true;
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  return async_post_rules(s, n, aw, rules);
}

// The rules that only async bodies have, in the order they are reported.
// check() ran them quietly and collected the jumps; they are reported only
// if it found a breach.
void check_async_body(Sema *s, Node *fn)
{
  Unit *u = s->u;
  if (!scope_lookup(u, "ac_frame_new", strlen("ac_frame_new"))) {
    int name = decl_name(fn->decl);
    diag_at(u, DIAG_ERROR, name >= 0 ? name : fn->first,
            "async function '%s' needs the runtime: add #include <acrt.h>",
            name >= 0 ? tok_dup(u, name) : "anonymous");
    return;
  }
  if (s->found) {
    async_rules(s, fn->body, false, RULE_NODE);
    async_rules(s, fn->body, false, RULE_RAISE);
    async_rules(s, fn->body, false, RULE_VLA);
  }
  check_try_jumps(s, fn, s->jumps);
}
