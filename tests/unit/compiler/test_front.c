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
  assert_true(u->toks[4].flags & TF_SYSHDR);
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
  };
  return cmocka_run_group_tests_name("compiler front end", tests, NULL, NULL);
}
