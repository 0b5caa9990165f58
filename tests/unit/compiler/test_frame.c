// test_frame.c — unit tests of the frame analysis (compiler/frame.c): which
// locals of an async function live in its frame, under which member names,
// what each await that can suspend holds, and what moves to file scope.
// Each test parses a small unit and checks the Frame of one function.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lower.h"

static TranslateOptions opts = {.input_name = "t.ac"};

typedef struct Fixture {
  Unit u;
  Analysis an;
  Frame frame;
  StrBuf text;  // scratch for the names() strings
} Fixture;

// Parses `src` and analyses the definition of function `name`.
static Fixture *analyse(const char *src, const char *name)
{
  Fixture *fx = calloc(1, sizeof *fx);
  unit_init(&fx->u, src, strlen(src), &opts);
  assert_int_equal(lex_unit(&fx->u), 0);
  assert_int_equal(parse_unit(&fx->u), 0);
  analysis_init(&fx->an, &fx->u);
  Node *fn = NULL;
  for (Node *n = fx->u.root->list; n; n = n->next)
    if (n->kind == ND_FUNC_DEF && tok_is(&fx->u, decl_name(n->decl), name))
      fn = n;
  assert_non_null(fn);
  frame_analyze(&fx->an, fn, &fx->frame);
  return fx;
}

static void release(Fixture *fx)
{
  frame_done(&fx->an, &fx->frame);
  analysis_free(&fx->an);
  unit_free(&fx->u);
  sb_free(&fx->text);
  free(fx);
}

// The frame variables' member names, space-separated ("p:" marks a
// parameter).
static const char *vars(Fixture *fx)
{
  fx->text.len = 0;
  sb_puts(&fx->text, "");
  for (FrameVar *v = fx->frame.vars; v; v = v->next)
    sb_printf(&fx->text, "%s%s%s", v == fx->frame.vars ? "" : " ",
              v->param ? "p:" : "", v->field);
  return fx->text.data;
}

// What the i-th await that can suspend holds, space-separated.
static const char *held(Fixture *fx, int i)
{
  FrameAwait *w = fx->frame.awaits;
  while (w && i-- > 0)
    w = w->next;
  assert_non_null(w);
  fx->text.len = 0;
  sb_puts(&fx->text, "");
  FrameVar **vars = calloc((size_t)w->nlive + 1, sizeof *vars);
  assert_non_null(vars);
  frame_await_held(w, vars);
  for (int k = 0; k < w->nlive; k++)
    sb_printf(&fx->text, "%s%s", k ? " " : "", vars[k]->field);
  free(vars);
  return fx->text.data;
}

static int nawaits(Fixture *fx)
{
  int n = 0;
  for (FrameAwait *w = fx->frame.awaits; w; w = w->next)
    n++;
  return n;
}

#define PRELUDE "typedef struct ac_task ac_task;\nasync int g(void);\n"

static void test_frame_keeps_locals_alive_across_an_await(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async int f(int n) {\n"
                                "  int a = 1, b = 2;\n"
                                "  await g();\n"
                                "  int c = a + b;\n"
                                "  return c + n;\n"
                                "}\n",
                        "f");
  assert_true(fx->frame.async);
  assert_false(fx->frame.direct);
  assert_string_equal(fx->frame.name, "f");
  assert_string_equal(vars(fx), "p:n a b");  // c is born after the await
  assert_int_equal(nawaits(fx), 1);
  assert_string_equal(held(fx, 0), "n a b");
  release(fx);
}

static void test_frame_block_ends_a_locals_scope(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async void f(void) {\n"
                                "  { int x = 1; (void)x; }\n"
                                "  int y = 0;\n"
                                "  { int z = await g(); y += z; await g(); }\n"
                                "  await g();\n"
                                "}\n",
                        "f");
  // x's block has no await; z lives across the second await of its block;
  // y across all three.
  assert_string_equal(vars(fx), "y z");
  assert_int_equal(nawaits(fx), 3);
  assert_string_equal(held(fx, 0), "y");  // z's own initialiser
  assert_string_equal(held(fx, 1), "y z");
  assert_string_equal(held(fx, 2), "y");  // z's block has ended
  release(fx);
}

static void
test_frame_direct_call_of_a_function_that_never_suspends(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async int one(void) { return 1; }\n"
                                "async int f(void) {\n"
                                "  int a = 0;\n"
                                "  a += await one();\n"
                                "  return a;\n"
                                "}\n",
                        "f");
  // `await one()` is a plain call: nothing lives across it.
  assert_false(fx->frame.direct);
  assert_string_equal(vars(fx), "");
  assert_int_equal(nawaits(fx), 0);
  release(fx);
}

static void test_frame_handle_result_lands_in_its_variable(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async int f(ac_task *t) {\n"
                                "  int x = await t;\n"
                                "  return x;\n"
                                "}\n",
                        "f");
  // `T x = await h;` writes the result straight into x: x is in the frame,
  // though nothing awaits after it, and the await does not hold it yet.
  assert_string_equal(vars(fx), "p:t x");
  assert_string_equal(held(fx, 0), "t");
  release(fx);
}

static void test_frame_names_shadowed_and_reserved_members(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async int f(void) {\n"
                                "  int result = 0;\n"
                                "  { int i = 1; await g(); result += i; }\n"
                                "  { int i = 2; await g(); result += i; }\n"
                                "  return result;\n"
                                "}\n",
                        "f");
  assert_string_equal(vars(fx), "result_2 i i_2");
  assert_string_equal(fx->frame.vars->tname, "ac__f_T_result_2");
  assert_string_equal(held(fx, 1), "result_2 i_2");
  release(fx);
}

static void test_frame_for_declaration_lives_across_the_loop(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async void f(int n) {\n"
                                "  for (int i = 0; i < n; i++)\n"
                                "    await g();\n"
                                "  for (int j = 0; j < n; j++)\n"
                                "    (void)j;\n"
                                "}\n",
                        "f");
  assert_string_equal(vars(fx), "p:n i");
  assert_string_equal(held(fx, 0), "n i");
  release(fx);
}

static void test_frame_hoists_local_types_and_skips_statics(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async int f(void) {\n"
                                "  typedef int T;\n"
                                "  struct S { T a; };\n"
                                "  static int calls;\n"
                                "  struct S s = {1};\n"
                                "  await g();\n"
                                "  return s.a + calls++;\n"
                                "}\n",
                        "f");
  assert_int_equal(fx->frame.nhoisted, 2);
  assert_string_equal(vars(fx), "s");
  release(fx);
}

static void test_frame_async_without_await_is_direct(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async int f(int a, int b) {\n"
                                "  int c = a + b;\n"
                                "  return c;\n"
                                "}\n",
                        "f");
  assert_true(fx->frame.direct);
  assert_string_equal(vars(fx), "p:a p:b");
  assert_null(fx->frame.awaits);
  release(fx);
}

static void test_frame_plain_function_has_no_frame(void **state)
{
  (void)state;
  Fixture *fx = analyse("int f(int a) {\n"
                        "  defer a++;\n"
                        "  return a;\n"
                        "}\n",
                        "f");
  assert_false(fx->frame.async);
  assert_null(fx->frame.vars);
  assert_true(lower_needed(&fx->an, fx->frame.fn));
  release(fx);
}

// The catch variable lives in the frame when the handler can suspend; a
// local of a deferred block that awaits too.
static void test_frame_catch_variable_and_deferred_block(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async void f(void) {\n"
                                "  try { await g(); } catch (int e) {\n"
                                "    await g();\n"
                                "    (void)e;\n"
                                "  }\n"
                                "  try { await g(); } catch (int quiet) {\n"
                                "    (void)quiet;\n"
                                "  }\n"
                                "  defer { int k = 1; await g(); (void)k; }\n"
                                "}\n",
                        "f");
  assert_string_equal(vars(fx), "e k");
  assert_int_equal(nawaits(fx), 4);
  assert_string_equal(held(fx, 0), "");
  assert_string_equal(held(fx, 1), "e");
  assert_string_equal(held(fx, 2), "");
  assert_string_equal(held(fx, 3), "k");
  release(fx);
}

// The frame's layout as text: a scope's own variables, `{…}` around an
// inner scope that stands apart, `[… | …]` around the inner scopes that
// share space.
static void layout_text(StrBuf *sb, const FrameScope *s)
{
  for (const FrameVar *v = s->vars; v; v = v->next_in_scope)
    sb_printf(sb, "%s%s", sb->len ? " " : "", v->field);
  for (const FrameScope *k = s->inner; k; k = k->next)
    if (k->apart) {
      sb_puts(sb, sb->len ? " {" : "{");
      size_t at = sb->len;
      layout_text(sb, k);
      if (sb->len > at && sb->data[at] == ' ')
        memmove(sb->data + at, sb->data + at + 1, sb->len-- - at);
      sb_puts(sb, "}");
    }
  const char *sep = sb->len ? " [" : "[";
  bool any = false;
  for (const FrameScope *k = s->inner; k; k = k->next) {
    if (k->apart)
      continue;
    sb_puts(sb, sep);
    size_t at = sb->len;
    layout_text(sb, k);
    if (sb->len > at && sb->data[at] == ' ')
      memmove(sb->data + at, sb->data + at + 1, sb->len-- - at);
    sep = " | ";
    any = true;
  }
  if (any)
    sb_puts(sb, "]");
}

// How many times v is placed under s.
static int placements(const FrameScope *s, const FrameVar *v)
{
  int n = 0;
  for (const FrameVar *w = s->vars; w; w = w->next_in_scope)
    n += w == v;
  for (const FrameScope *k = s->inner; k; k = k->next)
    n += placements(k, v);
  return n;
}

// The layout as text, after checking that it places every frame variable
// exactly once.
static const char *layout(Fixture *fx)
{
  for (FrameVar *v = fx->frame.vars; v; v = v->next)
    assert_int_equal(placements(fx->frame.layout, v), 1);
  fx->text.len = 0;
  sb_puts(&fx->text, "");
  layout_text(&fx->text, fx->frame.layout);
  return fx->text.data;
}

// The frame variable with member name `field`.
static FrameVar *var(Fixture *fx, const char *field)
{
  for (FrameVar *v = fx->frame.vars; v; v = v->next)
    if (!strcmp(v->field, field))
      return v;
  fail_msg("no frame variable %s", field);
  return NULL;
}

static bool shared(Fixture *fx, const char *x, const char *y)
{
  return frame_shared(&fx->frame, var(fx, x), var(fx, y));
}

// Two arrays in disjoint blocks take the space of the larger one; the
// variables of the enclosing block keep their own.
static void test_frame_disjoint_blocks_share_space(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async int f(int n) {\n"
                                "  int sum = 0;\n"
                                "  { char a[64]; await g(); sum += a[0]; }\n"
                                "  { char b[128]; await g(); sum += b[0]; }\n"
                                "  int after = 1;\n"
                                "  await g();\n"
                                "  return sum + after + n;\n"
                                "}\n",
                        "f");
  assert_string_equal(layout(fx), "n sum after [a | b]");
  assert_true(shared(fx, "a", "b"));
  assert_false(shared(fx, "sum", "a"));
  assert_false(shared(fx, "after", "b"));  // alive from the block's entry
  assert_false(shared(fx, "n", "a"));
  release(fx);
}

// An if's branches, a loop's body and the statements around it, a try
// block and its handler never run together.
static void test_frame_branches_loops_and_handlers_share(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async void f(int c) {\n"
                                "  int keep[4];\n"
                                "  if (c) { int x[8]; await g(); (void)x; }\n"
                                "  else { int y[2], z; await g(); (void)y;"
                                " (void)z; }\n"
                                "  for (int i = 0; i < c; i++) {\n"
                                "    long l = 0; await g(); (void)l;\n"
                                "  }\n"
                                "  try { int t[4]; await g(); (void)t; }\n"
                                "  catch (int e) { int h = 0; await g();"
                                " keep[0] = e + h; }\n"
                                "  await g();\n"
                                "  (void)keep;\n"
                                "}\n",
                        "f");
  assert_string_equal(layout(fx), "c keep [x | y z | i [l] | t | e [h]]");
  assert_true(shared(fx, "x", "y"));
  assert_true(shared(fx, "x", "l"));
  assert_true(shared(fx, "t", "e"));
  assert_true(shared(fx, "t", "h"));
  assert_false(shared(fx, "y", "z"));     // one block
  assert_false(shared(fx, "i", "l"));     // l's block is inside i's loop
  assert_false(shared(fx, "e", "h"));     // h's block is inside the handler
  assert_false(shared(fx, "keep", "e"));  // the handler uses keep
  release(fx);
}

// A deferred statement runs when its block exits, from wherever that
// happens: its locals share with nothing else of that block, but the block
// as a whole is disjoint from its sibling statements.
static void test_frame_deferred_statement_stands_apart(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async void f(int c) {\n"
                                "  {\n"
                                "    defer { int k[4]; await g(); (void)k; }\n"
                                "    { int x[4]; await g(); (void)x; }\n"
                                "    if (c) defer { int j = 0; await g();"
                                " (void)j; }\n"
                                "    { int y[4]; await g(); (void)y; }\n"
                                "  }\n"
                                "  { int w[4]; await g(); (void)w; }\n"
                                "}\n",
                        "f");
  assert_string_equal(layout(fx), "c [{k} {j} [x | y] | w]");
  assert_false(shared(fx, "k", "x"));
  assert_false(shared(fx, "j", "y"));
  assert_true(shared(fx, "x", "y"));
  assert_true(shared(fx, "k", "w"));
  assert_true(shared(fx, "j", "w"));
  release(fx);
}

// An async function that never suspends: its frame is its parameters.
static void test_frame_direct_function_layout_is_its_parameters(void **state)
{
  (void)state;
  Fixture *fx = analyse(PRELUDE "async int f(int a, int b) {\n"
                                "  return a + b;\n"
                                "}\n",
                        "f");
  assert_string_equal(layout(fx), "a b");
  release(fx);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_frame_keeps_locals_alive_across_an_await),
      cmocka_unit_test(test_frame_block_ends_a_locals_scope),
      cmocka_unit_test(
          test_frame_direct_call_of_a_function_that_never_suspends),
      cmocka_unit_test(test_frame_handle_result_lands_in_its_variable),
      cmocka_unit_test(test_frame_names_shadowed_and_reserved_members),
      cmocka_unit_test(test_frame_for_declaration_lives_across_the_loop),
      cmocka_unit_test(test_frame_hoists_local_types_and_skips_statics),
      cmocka_unit_test(test_frame_async_without_await_is_direct),
      cmocka_unit_test(test_frame_plain_function_has_no_frame),
      cmocka_unit_test(test_frame_catch_variable_and_deferred_block),
      cmocka_unit_test(test_frame_disjoint_blocks_share_space),
      cmocka_unit_test(test_frame_branches_loops_and_handlers_share),
      cmocka_unit_test(test_frame_deferred_statement_stands_apart),
      cmocka_unit_test(test_frame_direct_function_layout_is_its_parameters),
  };
  return cmocka_run_group_tests_name("compiler frame analysis", tests, NULL,
                                     NULL);
}
