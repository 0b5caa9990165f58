// test_front.c — unit tests of acc's front-end phases on small inputs:
// scopes (the lexer hack's memory), the scanner (line markers, attribute
// tokens, Async C keywords in system headers) and the parser (typedef names
// and recovery), each checked through the Unit it fills.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acc.h"

static TranslateOptions opts = {.input_name = "t.ac"};

static Unit *unit_new(const char *text)
{
  Unit *u = malloc(sizeof *u);
  unit_init(u, text, strlen(text), &opts);
  return u;
}

static void unit_delete(Unit *u)
{
  unit_free(u);
  free(u);
}

static void
test_scope_inner_declaration_hides_typedef_until_popped(void **state)
{
  (void)state;
  Unit *u = unit_new("");
  scope_push(u);
  scope_declare(u, "T", SYM_TYPEDEF, 0);
  scope_push(u);
  scope_declare(u, "T", SYM_VAR, 1);
  assert_int_equal(scope_lookup(u, "T", 1)->kind, SYM_VAR);
  scope_pop(u);
  assert_int_equal(scope_lookup(u, "T", 1)->kind, SYM_TYPEDEF);
  assert_null(scope_lookup(u, "U", 1));
  unit_delete(u);
}

static void test_scope_redeclaration_updates_the_same_symbol(void **state)
{
  (void)state;
  Unit *u = unit_new("");
  scope_push(u);
  Symbol *a = scope_declare(u, "f", SYM_FUNC, 0);
  Symbol *b = scope_declare(u, "f", SYM_FUNC, 5);
  assert_ptr_equal(a, b);
  unit_delete(u);
}

static void test_lexer_follows_line_markers(void **state)
{
  (void)state;
  Unit *u = unit_new("# 1 \"a.ac\"\nint x;\n# 40 \"b.h\" 1 3 4\nint y;\n");
  assert_int_equal(lex_unit(u), 0);
  // int x ; int y ; EOF
  assert_int_equal(u->ntoks, 7);
  assert_string_equal(u->files[u->toks[1].file].name, "a.ac");
  assert_int_equal(u->toks[1].line, 1);
  assert_string_equal(u->files[u->toks[4].file].name, "b.h");
  assert_int_equal(u->toks[4].line, 40);
  assert_true(u->files[u->toks[4].file].system);
  unit_delete(u);
}

static void test_lexer_attribute_is_one_token(void **state)
{
  (void)state;
  Unit *u = unit_new("int f(void) __attribute__((format(printf, 1, \")\")));");
  assert_int_equal(lex_unit(u), 0);
  int attr = 5;  // int f ( void ) __attribute__
  assert_int_equal(u->toks[attr].kind, TOK_ATTRIBUTE);
  assert_int_equal(u->toks[attr + 1].kind, ';');
  unit_delete(u);
}

static void
test_lexer_async_words_are_identifiers_in_system_headers(void **state)
{
  (void)state;
  Unit *u = unit_new(
      "# 1 \"sys.h\" 1 3\nint defer;\n# 1 \"t.ac\" 2\nasync int f(void);\n");
  assert_int_equal(lex_unit(u), 0);
  assert_int_equal(u->toks[1].kind, TOK_IDENTIFIER);  // defer, in sys.h
  assert_int_equal(u->toks[3].kind, TOK_ASYNC);
  unit_delete(u);
}

static void test_parser_typedef_name_reused_as_variable(void **state)
{
  (void)state;
  Unit *u = unit_new("typedef int T;\n"
                     "int f(void) { T T = 1; return T; }\n"
                     "T g;\n");
  assert_int_equal(lex_unit(u), 0);
  assert_int_equal(parse_unit(u), 0);
  int n = 0;
  for (Node *d = u->root->list; d; d = d->next)
    n++;
  assert_int_equal(n, 3);  // no construct was passed through as RAW
  for (Node *d = u->root->list; d; d = d->next)
    assert_int_not_equal(d->kind, ND_RAW);
  unit_delete(u);
}

static void test_parser_recovers_from_unknown_construct(void **state)
{
  (void)state;
  Unit *u = unit_new("int a;\nint b = 1 2 3;\nint c;\n");
  assert_int_equal(lex_unit(u), 0);
  assert_int_equal(parse_unit(u), 0);  // a warning under -v, not an error
  Node *d = u->root->list;
  assert_int_equal(d->kind, ND_DECL);
  assert_int_equal(d->next->kind, ND_RAW);
  assert_int_equal(d->next->next->kind, ND_DECL);
  unit_delete(u);
}

// A typedef declared 100 declarations deep (statement expressions in
// initialisers) is a typedef: the parser's stack of declaration specifiers
// once stopped recording at depth 64.
static void test_parser_typedef_deep_in_nested_declarations(void **state)
{
  (void)state;
  StrBuf sb = {0};
  sb_puts(&sb, "int f(void) { return ");
  for (int i = 0; i < 100; i++)
    sb_puts(&sb, "({ int v = ");
  sb_puts(&sb, "({ typedef int T; T x = 1; x; })");
  for (int i = 0; i < 100; i++)
    sb_puts(&sb, "; v; })");
  sb_puts(&sb, "; }\n");
  Unit *u = unit_new(sb.data);
  assert_int_equal(lex_unit(u), 0);
  assert_int_equal(parse_unit(u), 0);
  assert_int_equal(u->root->list->kind, ND_FUNC_DEF);
  assert_null(u->root->list->next);
  unit_delete(u);
  sb_free(&sb);
}

// The last lookup's answer is kept (scope.c): it must not outlive a
// declaration or a popped scope that changes it.  One buffer, so every
// lookup is of the same pointer.
static void test_scope_kept_answer_follows_declarations(void **state)
{
  (void)state;
  static const char name[] = "T";
  Unit *u = unit_new("");
  scope_push(u);
  assert_null(scope_lookup(u, name, 1));
  scope_declare(u, "T", SYM_TYPEDEF, 0);
  assert_int_equal(scope_lookup(u, name, 1)->kind, SYM_TYPEDEF);
  scope_push(u);
  assert_int_equal(scope_lookup(u, name, 1)->kind, SYM_TYPEDEF);
  scope_declare(u, "T", SYM_VAR, 1);
  assert_int_equal(scope_lookup(u, name, 1)->kind, SYM_VAR);
  scope_pop(u);
  assert_int_equal(scope_lookup(u, name, 1)->kind, SYM_TYPEDEF);
  unit_delete(u);
}

static Unit *parsed(const char *text)
{
  Unit *u = unit_new(text);
  assert_int_equal(lex_unit(u), 0);
  assert_int_equal(parse_unit(u), 0);
  return u;
}

static bool is_op(Node *n, NodeKind kind, int op)
{
  return n && n->kind == kind && n->op == op;
}

// One rule per operator, ordered by precedence declarations: the trees
// must be C's (binding, associativity, casts and unary operators inside
// any binary one, the conditional's operands, assignment to the right).
static void test_parser_operator_precedence_and_associativity(void **state)
{
  (void)state;
  Unit *u = parsed("int a, b, c, d, e; typedef int T;\n"
                   "int x1 = a - b - c;\n"
                   "int x2 = a + b * c;\n"
                   "int x3 = a || b && c | d ^ e & a == b < c << d + e * a;\n"
                   "int x4 = a ? b : c ? d : e;\n"
                   "int x5 = -a * (T)b + sizeof a;\n"
                   "int x6 = a ?: b || c;\n");
  Node *x[7];
  Node *d = u->root->list->next->next;  // after `int a…;` and the typedef
  for (int i = 1; i <= 6; i++, d = d->next)
    x[i] = d->list->init;
  // (a - b) - c
  assert_true(is_op(x[1], ND_BINARY, '-'));
  assert_true(is_op(x[1]->lhs, ND_BINARY, '-'));
  assert_int_equal(x[1]->rhs->kind, ND_IDENT);
  // a + (b * c)
  assert_true(is_op(x[2], ND_BINARY, '+'));
  assert_true(is_op(x[2]->rhs, ND_BINARY, '*'));
  // a || (b && (c | (d ^ (e & (a == (b < (c << (d + (e * a)))))))))
  Node *n = x[3];
  assert_true(is_op(n, ND_LOGOR, TOK_OROR));
  assert_true(is_op(n = n->rhs, ND_LOGAND, TOK_ANDAND));
  assert_true(is_op(n = n->rhs, ND_BINARY, '|'));
  assert_true(is_op(n = n->rhs, ND_BINARY, '^'));
  assert_true(is_op(n = n->rhs, ND_BINARY, '&'));
  assert_true(is_op(n = n->rhs, ND_BINARY, TOK_EQ));
  assert_true(is_op(n = n->rhs, ND_BINARY, '<'));
  assert_true(is_op(n = n->rhs, ND_BINARY, TOK_SHL));
  assert_true(is_op(n = n->rhs, ND_BINARY, '+'));
  assert_true(is_op(n = n->rhs, ND_BINARY, '*'));
  // a ? b : (c ? d : e)
  assert_int_equal(x[4]->kind, ND_COND);
  assert_int_equal(x[4]->cond->kind, ND_IDENT);
  assert_int_equal(x[4]->els->kind, ND_COND);
  // ((-a) * ((T)b)) + (sizeof a)
  assert_true(is_op(x[5], ND_BINARY, '+'));
  assert_true(is_op(x[5]->lhs, ND_BINARY, '*'));
  assert_true(is_op(x[5]->lhs->lhs, ND_UNARY, '-'));
  assert_int_equal(x[5]->lhs->rhs->kind, ND_CAST);
  assert_int_equal(x[5]->rhs->kind, ND_SIZEOF);
  // a ?: (b || c)
  assert_int_equal(x[6]->kind, ND_COND);
  assert_null(x[6]->then);
  assert_int_equal(x[6]->els->kind, ND_LOGOR);
  unit_delete(u);
  // a = (b += c), and the third operand of ?: is no assignment.
  u = parsed("int a, b, c; void f(void) { a = b += c; }\n");
  n = u->root->list->next->body->list->lhs;
  assert_true(is_op(n, ND_ASSIGN, '='));
  assert_true(is_op(n->rhs, ND_ASSIGN, TOK_ADD_ASSIGN));
  unit_delete(u);
  // (A syntax error outside async code: the function is passed through.)
  u = parsed("int a, b, c; void f(void) { a ? b : c = 1; }\n");
  assert_int_equal(u->root->list->next->kind, ND_RAW);
  unit_delete(u);
}

// Node.height, which the parser counts, against a count of the tree.
static int counted_height(Node *n)
{
  int h = 0;
#define ONE(field)                                                             \
  if (n->field) {                                                              \
    int c = counted_height(n->field);                                          \
    h = c > h ? c : h;                                                         \
  }
#define LIST(field)                                                            \
  for (Node *c = n->field; c; c = c->next) {                                   \
    int ch = counted_height(c);                                                \
    h = ch > h ? ch : h;                                                       \
  }
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  assert_int_equal(n->height, h + 1);
  return h + 1;
}

// Every node's height, in the constructs whose nodes gain children after
// they are made: declarator suffixes and pointers, K&R parameters,
// compound literals, try/catch, a label before a declaration.
static void test_parser_counts_every_node_height(void **state)
{
  (void)state;
  Unit *u = parsed(
      "int f(a, b) int a; int (*b)(int (*)(int[1 + 2 + 3]), int); "
      "{ return a; }\n"
      "int g(x) int x[1 + (2 * (3 + 4))]; { return x[0]; }\n"
      "int arr[1][2][3 + (4 * 5)], *(*pp)[2 + (3 * 4)];\n"
      "struct S { int a; } s = (struct S){.a = 1 + 2 * 3};\n"
      "__typeof__(1 + (2 * (3 + 4))) t;\n"
      "int h(int v) {\n"
      "  int r = 0;\n"
      "  try { r = (int)(long)&r; } catch (int err) { r = err + (1 + 2); }\n"
      "lbl:\n"
      "  int q = (r ? r + 1 : (r - 1) * 2);\n"
      "  __asm__ volatile(\"\" : \"=r\"(q) : \"r\"(q + (1 + 2)));\n"
      "  return q + v + sizeof(int[1 + 2]) + _Generic(q, int: 1, default: 0);\n"
      "}\n");
  assert_int_equal(counted_height(u->root), u->root->height);
  assert_true(u->root->height > 5);
  unit_delete(u);
}

// Every node's height in each form the parser settles from the children
// it knows (settle1/2/3 in parser_tree.h): a tall subtree (((…))) or {{{…}}} in
// each child's place in turn, so a child left out of the count fails.
static void test_parser_counts_height_in_every_child_place(void **state)
{
  (void)state;
#define E "((((1))))"
#define S "{{{{;}}}}"
  Unit *u = parsed(
      "typedef int T; int a, *p; struct S { int m; } s;\n"
      "_Static_assert(" E ", \"x\"); _Static_assert(" E ");\n"
      "int (((d1))); int (*(*(d2)))[" E "]; int d3 = " E ";\n"
      "int (*(*(d7)))[1] = 0; __typeof__(" E ");\n"
      "int d4[static " E "], d5[const " E "], d6[const static " E "];\n"
      "void fp(int (((q))), T (*(*r)), int[" E "]);\n"
      "void fq(__typeof__(" E ") x, __typeof__(" E ") y __attribute__((a)));\n"
      "void fr(int (((x))) __attribute__((a)));\n"
      "struct S ds = {" E ", .m = " E ", m: " E "};\n"
      "__typeof__(" E ") h1(void) {;} int (((h2)))(void) {;}\n"
      "__typeof__(" E ") h3(x) int x; {;} int (((h4)))(x) int x; {;}\n"
      "async int af(void) { await af(); defer " S " return 0; }\n"
      "int f(int v) {\n"
      "  " E "; return " E "; goto *(void *)" E "; for (" E "; ;) ;\n"
      "  if (" E ") ; if (v) " S " if (v) ; else " S "\n"
      "  if (" E ") ; else ; if (v) " S " else ;\n"
      "  while (" E ") ; while (v) " S " do " S " while (v); do ; while (" E
      ");\n"
      "  switch (" E ") ; switch (v) " S "\n"
      "  switch (v) { case " E ": ; case 1: " S " default: " S " }\n"
      "  switch (v) { case " E " ... 1: ; case 1 ... " E ": ; case 1 ... 2: " S
      " }\n"
      "lbl: " S " T: " S "\n"
      "  v = (" E ")(v); v = (int)" E "; v = (__typeof__(" E "))v;\n"
      "  v = -" E "; v = !" E "; v = ~" E ";\n"
      "  v = sizeof " E "; v = sizeof(int[" E "]); v = _Alignof(int[" E "]);\n"
      "  v = sizeof(__typeof__(" E ") *);\n"
      "  v = _Alignof " E "; v = ++" E "; v = --a; v = " E "++; v = a--;\n"
      "  v = __extension__ " E "; v = __real__ " E "; v = __imag__ " E ";\n"
      "  v = " E " ? 1 : 2; v = v ? " E " : 2; v = v ? v : " E ";\n"
      "  v = " E " ?: 1; v = v ?: " E ";\n"
      "  v = (" E ").m; v = (" E ")->m; v = ({ " S " 1; });\n"
      "  v = __builtin_va_arg(" E ", int); v = __builtin_va_arg(v, int[" E
      "]);\n"
      "  v = __builtin_convertvector(" E ", int);\n"
      "  v = __builtin_convertvector(v, int[" E "]);\n"
      "  v = __builtin_types_compatible_p(int[" E "], int);\n"
      "  v = __builtin_types_compatible_p(int, int[" E "]);\n"
      "  v = __builtin_offsetof(struct S, m);\n"
      "  v = _Generic(" E ", int: 1, default: 2);\n"
      "  v = _Generic(v, int[" E "]: 1, int: " E ", default: " E ");\n"
      "  __asm__(\"\" : \"=r\"(v) : [x] \"r\"(" E "));\n"
      "  try " S " catch (int (((err)))) " S "\n"
      "  return v;\n"
      "}\n"
      "int g(x) int (((x))); " S " int h5(x) int x; " S "\n");
#undef E
#undef S
  assert_int_equal(counted_height(u->root), u->root->height);
  unit_delete(u);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_scope_inner_declaration_hides_typedef_until_popped),
      cmocka_unit_test(test_scope_redeclaration_updates_the_same_symbol),
      cmocka_unit_test(test_lexer_follows_line_markers),
      cmocka_unit_test(test_lexer_attribute_is_one_token),
      cmocka_unit_test(
          test_lexer_async_words_are_identifiers_in_system_headers),
      cmocka_unit_test(test_parser_typedef_name_reused_as_variable),
      cmocka_unit_test(test_parser_recovers_from_unknown_construct),
      cmocka_unit_test(test_parser_typedef_deep_in_nested_declarations),
      cmocka_unit_test(test_scope_kept_answer_follows_declarations),
      cmocka_unit_test(test_parser_operator_precedence_and_associativity),
      cmocka_unit_test(test_parser_counts_every_node_height),
      cmocka_unit_test(test_parser_counts_height_in_every_child_place),
  };
  return cmocka_run_group_tests_name("compiler front end", tests, NULL, NULL);
}
