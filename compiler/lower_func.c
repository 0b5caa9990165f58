// lower_func.c — the lowering's walk over the unit, and the pieces around
// a lowered body.
//
// For each async prototype: `typedef T ac__NAME_result; ac_task *NAME(P);`.
// For each function definition that is async or uses defer, frame.c first
// decides what lives in the frame, lower.c writes the body (the state
// machine), and this file writes what surrounds it: the typedefs (the
// result, hoisted local types, one per frame variable), the frame struct,
// the descriptor, the function with the C ABI that makes the task, and the
// resume function with its dispatch switch and unwind chain.  Everything is
// written through the emitter (emit.c).
#include "lower.h"

#include <stdlib.h>
#include <string.h>

// How the runtime renders a result of this type in task descriptions.
static void emit_result_kind(Lower *L, bool is_void)
{
  if (is_void) {
    emit_gen(L->e, "AC_KIND_VOID");
    return;
  }
  emit_gen(L->e,
           "_Generic((ac__%s_result){0}, char *: AC_KIND_STR, "
           "const char *: AC_KIND_STR, float: AC_KIND_FLOAT, "
           "double: AC_KIND_FLOAT, long double: AC_KIND_FLOAT, "
           "_Bool: AC_KIND_UINT, unsigned char: AC_KIND_UINT, "
           "unsigned short: AC_KIND_UINT, unsigned int: AC_KIND_UINT, "
           "unsigned long: AC_KIND_UINT, unsigned long long: AC_KIND_UINT, "
           "char: AC_KIND_INT, signed char: AC_KIND_INT, short: AC_KIND_INT, "
           "int: AC_KIND_INT, long: AC_KIND_INT, long long: AC_KIND_INT, "
           "default: __builtin_classify_type((ac__%s_result){0}) == 5 "
           "? AC_KIND_PTR : AC_KIND_BYTES)",
           L->name, L->name);
}

// Prints the parameter list of the function's own declarator.
static void print_params(Lower *L, Node *fnpart)
{
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  print_range(L, fnpart->first, fnpart->last);
  L->e->flat = saved;
}

// The pieces around the body: typedefs (result, hoisted local types, one
// per frame variable), the frame, the descriptor.
static void emit_frame(Lower *L, const char *what)
{
  Unit *u = L->u;
  Node *fn = L->fn;
  const char *N = L->name;
  bool is_void = (fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl);
  // Types: the result, each frame variable.
  emit_gen_at(L->e, fn->first);
  emit_gen(L->e, "/* async %s: %s */\n", N, what);
  result_typedef(L->e, fn->specs, fn->decl);
  emit_gen(L->e, "\n");
  L->typeof_mode = true;
  for (int i = 0; i < L->frame->nhoisted; i++) {
    emit_gen_at(L->e, L->frame->hoisted[i]->first);
    print_node(L, L->frame->hoisted[i]);
    emit_newline(L->e);
  }
  for (FrameVar *v = L->frame->vars; v; v = v->next) {
    emit_gen_at(L->e, v->decl->first);
    if (v->param)
      param_typedef(L, v);
    else if (is_unsized_array(v->decl) && v->init)
      unsized_array_typedef(L, v);
    else
      typedef_for(L, v->specs, v->decl, v->tname, NULL);
  }
  L->typeof_mode = false;

  // The frame.
  emit_boiler(L->e);
  emit_gen(L->e, "struct ac__%s_frame {\n  ac_task hdr;\n", N);
  emit_gen(L->e, "  ac__%s_result result;\n", N);
  for (FrameVar *v = L->frame->vars; v; v = v->next)
    emit_gen(L->e, "  %s %s;\n", v->tname, v->field);
  if (L->temps.len)
    emit_puts(L->e, L->temps.data);
  emit_gen(L->e, "};\n");
  if (u->opts->frame_report)
    frame_report(u, L->frame, L->ntemps, L->states, L->nstates);
  emit_gen(L->e, "static int ac__%s_resume(ac_task *ac__self);\n", N);
  if (L->resume_decls.len)
    emit_puts(L->e, L->resume_decls.data);
  emit_gen(L->e, "static const uint32_t ac__%s_lines[] = {0%s%s};\n", N,
           L->nstates ? ", " : "", L->lines.len ? L->lines.data : "");
  Token *ft = &u->toks[decl_name(fn->decl)];
  emit_gen(L->e,
           "static const ac_desc ac__%s_desc = {\n"
           "  .resume = ac__%s_resume, .name = \"%s\", .file = \"",
           N, N, N);
  emit_quoted(L->e, u->files[ft->file].name);
  emit_gen(L->e,
           "\",\n  .await_lines = ac__%s_lines, .nstates = %d, .line = %u,\n",
           N, L->nstates + 1, ft->line);
  emit_gen(L->e, "  .frame_size = sizeof(struct ac__%s_frame),\n", N);
  emit_gen(L->e,
           "  .result_off = __builtin_offsetof(struct ac__%s_frame, result),\n",
           N);
  emit_gen(L->e, "  .result_size = %s,\n",
           is_void ? "0" : arena_printf(&u->arena, "sizeof(ac__%s_result)", N));
  emit_gen(L->e,
           "  .size_class = (uint16_t)(sizeof(struct ac__%s_frame) <= "
           "AC_POOL_MAX_SIZE ? (sizeof(struct ac__%s_frame) + "
           "AC_POOL_STEP_SIZE - 1) / AC_POOL_STEP_SIZE : 0),\n",
           N, N);
  emit_gen(L->e, "  .result_kind = ");
  emit_result_kind(L, is_void);
  emit_gen(L->e, ",\n  .kind = AC_DESC_KIND_FUNC,\n};\n");
}

// The function with the C ABI (docs/language.md): makes the task.
static void emit_creator(Lower *L)
{
  Unit *u = L->u;
  Node *fn = L->fn;
  Node *fnpart = decl_func_part(fn->decl);
  const char *N = L->name;
  bool is_static = fn->specs->flags & SPEC_STATIC;
  emit_gen_at(L->e, fn->first);
  emit_gen(L->e, "%sac_task *%s", is_static ? "static " : "", N);
  if (fnpart)
    print_params(L, fnpart);
  else
    emit_puts(L->e, "(void)");
  emit_gen(L->e, " {\n");
  emit_boiler(L->e);
  // Out of memory, ac_frame_new returns the runtime's failed task, whose
  // await raises AC_ENOMEM: hand it back untouched (acrt_abi.h).
  emit_gen(L->e,
           "  ac_task *ac__t = ac_frame_new(&ac__%s_desc);\n"
           "  if (ac_frame_failed(ac__t)) return ac__t;\n"
           "  struct ac__%s_frame *ac__f = (struct ac__%s_frame *)ac__t;\n",
           N, N, N);
  for (FrameVar *v = L->frame->vars; v && v->param; v = v->next) {
    if (is_aggregate(u, v->specs, v->decl))  // may have const members
      emit_gen(L->e, "  __builtin_memcpy(&ac__f->%s, &%s, sizeof %s);\n",
               v->field, v->sym->name, v->sym->name);
    else
      emit_gen(L->e, "  ac__f->%s = %s;\n", v->field, v->sym->name);
  }
  emit_gen(L->e, "  return &ac__f->hdr;\n}\n");
}

// Every reference to a frame variable prints as its frame field.
static void note_var_ref(Node *n, void *arg)
{
  Lower *L = arg;
  FrameVar *v = n->kind == ND_IDENT ? frame_var(L->an, n->sym) : NULL;
  if (v)
    repl_push(L, n->first, n->last)->var = v;
}

static void emit_async(Lower *L)
{
  Node *fn = L->fn;
  const char *N = L->name;

  ast_walk_post(fn->body, note_var_ref, L);

  // The body, into its own buffer: the frame's temporaries are only known
  // once it is written.
  StrBuf body = {0};
  StrBuf *saved = emit_capture(L->e, &body);
  L->e->bol = true;
  emit_sync_to(L->e, fn->body->first);
  stmt_block(L, fn->body);
  emit_capture(L->e, saved);
  if (L->errors) {
    sb_free(&body);
    return;
  }

  emit_frame(L, "translated by acc into a state machine");
  emit_creator(L);

  // The state machine.
  emit_gen(L->e, "static int ac__%s_resume(ac_task *ac__self) {\n", N);
  emit_gen(L->e,
           "  struct ac__%s_frame *ac__f = (struct ac__%s_frame *)ac__self;\n",
           N, N);
  emit_gen(L->e, "  (void)ac__f;\n");
  emit_gen(L->e, "  switch (ac__self->state) {\n  case 0:\n    break;\n");
  for (int s = 1; s <= L->nstates; s++)
    emit_gen(L->e, "  case %d:\n    goto ac__resume_%d;\n", s, s);
  emit_gen(L->e, "  default:\n    __builtin_unreachable();\n  }\n");
  emit_put(L->e, body.data, body.len);
  sb_free(&body);
  emit_gen_at(L->e, fn->last);
  emit_gen(L->e, "  return AC_DONE;\n");
  // The unwind chain: each defer an await may unwind through.
  for (int i = L->ndefers - 1; i >= 0; i--) {
    Defer *d = L->all_defers[i];
    if (!d->in_chain)
      continue;
    emit_gen_at(L->e, fn->last);
    emit_gen(L->e, "ac__unwind_%d:\n  {\n", d->id);
    L->active = d->prev;
    stmt(L, d->stmt->body);
    emit_newline(L->e);
    emit_gen(L->e, "  }\n");
    if (d->prev) {
      d->prev->in_chain = true;
      emit_gen_at(L->e, fn->last);
      emit_gen(L->e, "  goto ac__unwind_%d;\n", d->prev->id);
    } else {
      L->unwind0_used = true;
      emit_gen_at(L->e, fn->last);
      emit_gen(L->e, "  goto ac__unwind_0;\n");
    }
  }
  if (L->unwind0_used) {
    emit_gen_at(L->e, fn->last);
    emit_gen(L->e, "ac__unwind_0:\n");
    emit_gen_at(L->e, fn->last);
    emit_gen(L->e, "  return AC_DONE;\n");
  }
  emit_gen(L->e, "}\n");
}

// An async function without any await can never suspend, so its body
// becomes a plain function that returns its result through ac__r and its
// error (ac_raise) as its value:
//
//   static inline int ac__NAME_direct(ac__NAME_result *ac__r, P);
//
// `await NAME(x)` in a function defined later in the file calls it directly
// (no frame, no pool: as cheap as a C call), and NAME's own resume function
// runs it once, so the body exists once (its static locals too).
static void emit_direct(Lower *L)
{
  Node *fn = L->fn;
  Node *fnpart = decl_func_part(fn->decl);
  const char *N = L->name;
  emit_frame(L,
             "never suspends: its body is ac__NAME_direct, a plain function");

  // The plain function.  Parameters keep their names: no frame here.
  emit_gen_at(L->e, fn->first);
  emit_gen(L->e, "static inline int ac__%s_direct(ac__%s_result *ac__r", N, N);
  bool has_params = fnpart && fnpart->list &&
                    !(fnpart->list->specs->flags & SPEC_VOID &&
                      !fnpart->list->decl && !fnpart->list->next);
  if (has_params) {
    emit_gen(L->e, ", ");
    bool saved = L->e->flat;
    L->e->flat = true;
    L->e->prev = -1;
    print_range(L, fnpart->first + 1, fnpart->last - 1);
    L->e->flat = saved;
  }
  emit_gen(L->e, ") {\n");
  emit_boiler(L->e);
  emit_gen(L->e, "  int ac__err = 0;\n  (void)ac__err;\n  (void)ac__r;\n");
  for (Node *it = fn->body->list; it; it = it->next)
    stmt(L, it);
  run_defers(L, NULL);
  emit_gen_at(L->e, fn->last);
  emit_gen(L->e, "  return 0;\n}\n");

  emit_creator(L);
  emit_gen(L->e, "static int ac__%s_resume(ac_task *ac__self) {\n", N);
  emit_gen(L->e,
           "  struct ac__%s_frame *ac__f = (struct ac__%s_frame *)ac__self;\n",
           N, N);
  emit_gen(L->e, "  int ac__e = ac__%s_direct(&ac__f->result", N);
  for (FrameVar *v = L->frame->vars; v; v = v->next)
    emit_gen(L->e, ", ac__f->%s", v->field);
  emit_gen(L->e, ");\n  if (ac__e != 0)\n    ac__self->err = ac__e;\n"
                 "  return AC_DONE;\n}\n");
}

// A plain function that uses defer: the same statements, no frame.  A
// `return e;` with defers active keeps e in a local of the return type.
static void emit_plain(Lower *L)
{
  Node *fn = L->fn;
  bool is_void = (fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl);
  emit_gen_at(L->e, fn->first);
  print_range(L, fn->first, fn->body->first - 1);
  emit_newline(L->e);
  emit_gen(L->e, "{\n");
  if (!is_void) {
    StrBuf rt = {0};
    StrBuf *saved = emit_capture(L->e, &rt);
    result_typedef(L->e, fn->specs, fn->decl);
    emit_capture(L->e, saved);
    emit_gen(L->e, "  %s\n", rt.data);
    emit_gen(L->e,
             "  typedef ac__%s_result ac__return_t __attribute__((unused));\n",
             L->name);
    sb_free(&rt);
  }
  for (Node *it = fn->body->list; it; it = it->next)
    stmt(L, it);
  run_defers(L, NULL);
  emit_newline(L->e);
  emit_gen(L->e, "}\n");
}

// One function definition, async or using defer: the frame analysis, then
// the code that replaces the definition.
static int lower_function(Emitter *e, Analysis *an, Defer **defer_at, Node *fn)
{
  Unit *u = e->u;
  Frame frame;
  frame_analyze(an, fn, &frame);
  Lower L = {.u = u,
             .e = e,
             .an = an,
             .frame = &frame,
             .fn = fn,
             .defer_at = defer_at};
  L.async = frame.async;
  L.direct = frame.direct;
  L.name = frame.name;
  L.base = fn->first;
  L.repl = calloc((size_t)(fn->last - fn->first + 1), sizeof *L.repl);
  note_builtins(&L, fn->body);
  plan_defers(&L, fn->body);
  size_t mark = emit_begin_generated(e, fn->first);
  if (L.direct)
    emit_direct(&L);
  else if (L.async)
    emit_async(&L);
  else
    emit_plain(&L);
  emit_newline(e);
  emit_end_generated(e, mark, fn->last, !L.errors);
  frame_done(an, &frame);
  free(L.repl);
  free(L.all_defers);
  free(L.jumps);
  free(L.states);
  sb_free(&L.resume_decls);
  strmap_free(&L.labels);
  sb_free(&L.temps);
  sb_free(&L.lines);
  return L.errors;
}

//
// The unit
//

static size_t tok_end(Unit *u, int i)
{
  return u->toks[i].off + u->toks[i].len;
}

// The storage-class words of a declaration's specifiers, for re-emitting.
static void storage_words(Unit *u, Node *specs, Emitter *e)
{
  for (int i = specs->first; i <= specs->last; i++) {
    int k = u->toks[i].kind;
    if (k == TOK_STATIC || k == TOK_EXTERN) {
      emit_put(e, tok_text(u, i), u->toks[i].len);
      emit_puts(e, " ");
    }
  }
}

// The input text of tokens first..last, spacing as in the input, on one
// line.
static void span_text(Unit *u, int first, int last, Emitter *e)
{
  if (last < first)
    return;
  size_t a = u->toks[first].off, b = tok_end(u, last);
  for (size_t i = a; i < b; i++) {
    char c = u->text[i];
    emit_put(e, c == '\n' ? " " : &c, 1);
  }
}

// async T f(P);  →  typedef T ac__f_result; ac_task *f(P);
// (The function's C ABI; the typedef names the result type for the code
// that awaits f.)
static void lower_async_prototypes(Emitter *e, Node *decl)
{
  Unit *u = e->u;
  StrBuf sb = {0};
  StrBuf *saved = emit_capture(e, &sb);
  for (Node *d = decl->list; d; d = d->next) {
    Node *fn = decl_func_part(d->decl);
    int name = decl_name(d->decl);
    result_typedef(e, decl->specs, d->decl);
    emit_puts(e, " ");
    storage_words(u, decl->specs, e);
    emit_puts(e, "ac_task *");
    emit_put(e, tok_text(u, name), u->toks[name].len);
    span_text(u, fn->first, fn->last, e);
    emit_puts(e, ";");
  }
  emit_capture(e, saved);
  emit_replace(e, decl->first, decl->last, sb.data ? sb.data : "");
  sb_free(&sb);
}

int lower_unit(Unit *u, Emitter *e)
{
  Analysis an;
  analysis_init(&an, u);
  Defer **defer_at = NULL;  // made when the first function needs lowering
  int errors = 0;
  for (Node *n = u->root->list; n; n = n->next) {
    if (n->kind == ND_DECL && n->specs && (n->specs->flags & SPEC_ASYNC)) {
      lower_async_prototypes(e, n);
    } else if (n->kind == ND_FUNC_DEF && lower_needed(&an, n)) {
      if (!defer_at)
        defer_at = calloc((size_t)u->nnodes + 1, sizeof *defer_at);
      if (!defer_at)
        diag_ice(__FILE__, __LINE__, "out of memory");
      errors += lower_function(e, &an, defer_at, n);
    }
  }
  emit_copy_to(e, u->len);
  emit_frame_report_values(e);
  free(defer_at);
  analysis_free(&an);
  return errors;
}
