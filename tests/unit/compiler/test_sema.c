// test_sema.c — unit tests of what sema's walk assumes about the tree.
//
// check_children (sema.c) visits the children of the most frequent kinds
// of node through the fields it lists for them, not through NODE_CHILDREN:
// a kind that gained another child field (NODE_KINDS in acc.h) would have
// that subtree skipped by sema (its rules, its marks, the lowering's
// list).  This test fails first.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acc.h"

static TranslateOptions opts = {.input_name = "t.ac"};

// The fields sema.c's check_children visits for a kind, or 0: all of them.
enum {
  F_LHS = 1,
  F_RHS = 2,
  F_LIST = 4,
  F_SPECS = 8,
  F_DECL = 16,
  F_INIT = 32
};

static int fields_of(NodeKind k)
{
  switch (k) {
  case ND_BINARY:
  case ND_LOGAND:
  case ND_LOGOR:
  case ND_ASSIGN:
  case ND_COMMA:
  case ND_INDEX: return F_LHS | F_RHS;
  case ND_CALL: return F_LHS | F_LIST;
  case ND_BLOCK: return F_LIST;
  case ND_DECL: return F_SPECS | F_LIST;
  case ND_INIT_DECL: return F_DECL | F_INIT;
  case ND_EXPR_STMT:
  case ND_RETURN:
  case ND_PAREN:
  case ND_MEMBER:
  case ND_POSTINC:
  case ND_PREINC:
  case ND_UNARY: return F_LHS;
  default: return 0;
  }
}

// The NC_* bits of sema's list for a kind.
static unsigned nc_of(int f)
{
  return (f & F_LHS ? NC_LHS : 0) | (f & F_RHS ? NC_RHS : 0) |
         (f & F_LIST ? NC_LIST : 0) | (f & F_SPECS ? NC_SPECS : 0) |
         (f & F_DECL ? NC_DECL : 0) | (f & F_INIT ? NC_INIT : 0);
}

// Every node of those kinds has exactly the child fields its kind declares
// (NODE_KINDS, which the parser's nodes keep to: the node check build
// stops on a field set outside them); returns how many there are.
static int check_shapes(Node *n)
{
  int f = fields_of(n->kind), seen = f != 0;
  if (f)
    assert_int_equal(nc_of(f), node_fields[n->kind] & ~(unsigned)NC_SYM);
#define ONE(field)                                                             \
  if (n->field)                                                                \
    seen += check_shapes(n->field);
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next)                                     \
    seen += check_shapes(c);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  return seen;
}

static void test_sema_fixed_shapes_match_the_parser(void **state)
{
  (void)state;
  const char *text =
      "typedef struct P { int x, y[2]; struct P *next; } P;\n"
      "int g(int);\n"
      "int k(a, b) int a; char *b; { return a + *b; }\n"
      "int f(P *p, int n) {\n"
      "  int i = 0, j, *q = &i, r[3] = {1, 2, 3};\n"
      "  P s = (P){.x = 1}, t = *p;\n"
      "  for (int m = 0; m < n; m++, i += m) {\n"
      "    j = p->x + s.y[1] * -i / (i ? i : 1) % 7 << 1 >> 1;\n"
      "    i = j && i || !j, --i, ++j;\n"
      "    q[0] ^= g(j) | g((int)sizeof s) & ~i;\n"
      "    { (void)({ int z = j; z; }); }\n"
      "  }\n"
      "  __extension__ int e = __real__ i + __imag__ j;\n"
      "  t.next = p->next ? p->next : (P *)0;\n"
      "  return (i, g(j)) + r[i--] + t.x + e;\n"
      "}\n"
      "void v(void) { return; }\n"
      "async int w(int x) { int y = await w(x - 1); defer g(y); return y; }\n";
  Unit *u = malloc(sizeof *u);
  unit_init(u, text, strlen(text), &opts);
  assert_int_equal(lex_unit(u), 0);
  assert_int_equal(parse_unit(u), 0);
  assert_true(check_shapes(u->root) > 80);
  unit_free(u);
  free(u);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sema_fixed_shapes_match_the_parser),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
