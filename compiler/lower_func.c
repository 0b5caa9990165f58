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
#include "ahead.h"
#include "lower.h"

#include <stdlib.h>
#include <string.h>

// How the runtime renders a result of this type in task descriptions:
// `kind` when acc knows it (spelled_result), else the C compiler's choice.
static void put_result_kind(Lower *L, StrBuf *sb, bool is_void,
                            const char *kind)
{
  if (is_void || kind) {
    sb_puts(sb, is_void ? "AC_KIND_VOID" : kind);
    return;
  }
  SB_LIT(sb, "_Generic(*(ac__");
  sb_puts(sb, L->name);
  SB_LIT(sb, "_result *)0, char *: AC_KIND_STR, "
             "const char *: AC_KIND_STR, float: AC_KIND_FLOAT, "
             "double: AC_KIND_FLOAT, long double: AC_KIND_FLOAT, "
             "_Bool: AC_KIND_UINT, unsigned char: AC_KIND_UINT, "
             "unsigned short: AC_KIND_UINT, unsigned int: AC_KIND_UINT, "
             "unsigned long: AC_KIND_UINT, unsigned long long: AC_KIND_UINT, "
             "char: AC_KIND_INT, signed char: AC_KIND_INT, short: AC_KIND_INT, "
             "int: AC_KIND_INT, long: AC_KIND_INT, long long: AC_KIND_INT, "
             "default: __builtin_classify_type(*(ac__");
  sb_puts(sb, L->name);
  SB_LIT(sb, "_result *)0) == 5 ? AC_KIND_PTR : AC_KIND_BYTES)");
}

// Prints the parameters of the function's own declarator, without the
// parentheses; a K&R definition's as a prototype's (`int a, char *b`).
static void print_param_list(Lower *L, Node *fnpart)
{
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  if (!(fnpart->flags & NF_KR)) {
    print_range(L, fnpart->first + 1, fnpart->last - 1);
  } else {
    for (Node *p = fnpart->list; p; p = p->next) {
      if (p != fnpart->list)
        emit_puts(L->e, ", ");
      if (p->specs)
        print_type_specs(L, p->specs, false);
      else
        emit_puts(L->e, "int");  // implicit int
      emit_puts(L->e, " ");
      print_node(L, p->decl);
    }
  }
  L->e->flat = saved;
}

// The same in parentheses.
static void print_params(Lower *L, Node *fnpart)
{
  emit_puts(L->e, "(");
  print_param_list(L, fnpart);
  emit_puts(L->e, ")");
}

// Indentation for a member of the frame struct at nesting depth d.
static void put_indent(StrBuf *sb, int d)
{
  while (d-- > 0)
    SB_LIT(sb, "  ");
}

// The frame struct's members for a scope of its layout (frame.c): its own
// variables, the members of its inner scopes that stand apart, then the
// inner scopes that share space: a union of one struct per scope (one
// scope alone needs no union, one variable alone no struct).
static void put_scope(StrBuf *sb, FrameScope *s, int d)
{
  for (FrameVar *v = s->vars; v; v = v->next_in_scope) {
    put_indent(sb, d);
    if (v->aligned) {  // raw bytes, aligned where used (var_lvalue)
      SB_LIT(sb, "unsigned char ");
      sb_puts(sb, v->field);
      SB_LIT(sb, "[sizeof(");
      sb_puts(sb, v->tname);
      SB_LIT(sb, ") + _Alignof(");
      sb_puts(sb, v->tname);
      SB_LIT(sb, ") - 1];\n");
    } else {
      sb_puts(sb, v->tname);
      SB_LIT(sb, " ");
      sb_puts(sb, v->field);
      SB_LIT(sb, ";\n");
    }
  }
  int nshared = 0;
  for (FrameScope *k = s->inner; k; k = k->next)
    if (k->apart)
      put_scope(sb, k, d);
    else
      nshared++;
  if (nshared == 1) {
    for (FrameScope *k = s->inner; k; k = k->next)
      if (!k->apart)
        put_scope(sb, k, d);
    return;
  }
  if (!nshared)
    return;
  put_indent(sb, d);
  SB_LIT(sb, "union { /* scopes that are never alive together */\n");
  for (FrameScope *k = s->inner; k; k = k->next) {
    if (k->apart)
      continue;
    if (!k->inner && !k->vars->next_in_scope) {
      put_scope(sb, k, d + 1);
      continue;
    }
    put_indent(sb, d + 1);
    SB_LIT(sb, "struct {\n");
    put_scope(sb, k, d + 2);
    put_indent(sb, d + 1);
    SB_LIT(sb, "};\n");
  }
  put_indent(sb, d);
  SB_LIT(sb, "};\n");
}

// The slots of the callees' frames embedded in this one (lower.c,
// embed_call): a union, since the function awaits one call at a time.
static void put_embeds(Lower *L, StrBuf *sb)
{
  if (!L->embeds.len)
    return;
  SB_LIT(sb, "  union { /* frames of the callees it awaits directly */\n");
  for (const char *p = L->embeds.data; *p;) {
    const char *name = ++p;  // after the space
    while (*p && *p != ' ')
      p++;
    size_t n = (size_t)(p - name);
    SB_LIT(sb, "    struct ac__");
    sb_append(sb, name, n);
    SB_LIT(sb, "_frame ac__in_");
    sb_append(sb, name, n);
    SB_LIT(sb, ";\n");
  }
  SB_LIT(sb, "  };\n");
}

// `pre` N `post` (literals), N the function's name: the descriptor's many
// mentions of it.
#define PUT_NAMED(L, sb, pre, post)                                            \
  (SB_LIT((sb), pre), sb_append((sb), (L)->name, (L)->name_len),               \
   SB_LIT((sb), post))

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
  EMIT_LIT(L->e, "/* async ");
  emit_put(L->e, N, L->name_len);
  EMIT_LIT(L->e, ": ");
  emit_puts(L->e, what);
  EMIT_LIT(L->e, " */\n");
  result_typedef(L->e, fn->specs, fn->decl);
  EMIT_LIT(L->e, "\n");
  L->typeof_mode = true;
  for (int i = 0; i < L->frame->nhoisted; i++) {
    Node *h = L->frame->hoisted[i];
    emit_gen_at(L->e, h->first);
    if (h->kind == ND_SPECS)
      print_tag_definition(L, h);
    else if (h->specs->flags & SPEC_ASYNC)  // a block-scope async prototype
      async_prototype_text(L->e, h, false);
    else
      print_node(L, h);
    emit_newline(L->e);
  }
  for (FrameVar *v = L->frame->vars; v; v = v->next) {
    emit_gen_at(L->e, v->literal ? v->literal->first : v->decl->first);
    if (v->literal)
      literal_typedef(L, v);
    else if (v->param)
      param_typedef(L, v);
    else if (is_unsized_array(v->decl) && v->init)
      unsized_array_typedef(L, v);
    else if (v->init && is_auto_type(L->u, v->specs))
      auto_type_typedef(L, v);
    else
      typedef_for(L, v->specs, v->decl, v->tname, NULL, v->type_attrs);
  }
  L->typeof_mode = false;

  // The frame and the descriptor, as one piece of text.
  emit_boiler(L->e);
  StrBuf d = emit_buffer(L->e);
  PUT_NAMED(L, &d, "struct ac__", "_frame {\n  ac_task hdr;\n");
  if (!is_void)  // a void function's frame has no result slot at all
    PUT_NAMED(L, &d, "  ac__", "_result result;\n");
  put_scope(&d, L->frame->layout, 1);
  if (L->temps.len)
    sb_append(&d, L->temps.data, L->temps.len);
  put_embeds(L, &d);
  SB_LIT(&d, "};\n");
  if (u->opts->frame_report)
    frame_report(u, L->frame, L->ntemps, L->states, L->nstates,
                 L->embeds.len ? L->embeds.data : NULL);
  PUT_NAMED(L, &d, "static int ac__", "_resume(ac_task *ac__self);\n");
  if (L->resume_decls.len)
    sb_append(&d, L->resume_decls.data, L->resume_decls.len);
  PUT_NAMED(L, &d, "static const uint32_t ac__", "_lines[] = {0");
  if (L->nstates)
    SB_LIT(&d, ", ");
  if (L->lines.len)
    sb_append(&d, L->lines.data, L->lines.len);
  SB_LIT(&d, "};\n");
  Token *ft = &u->toks[decl_name(fn->decl)];
  PUT_NAMED(L, &d, "static const ac_desc ac__", "_desc = {\n");
  PUT_NAMED(L, &d, "  .resume = ac__", "_resume, .name = \"");
  PUT_NAMED(L, &d, "", "\", .file = \"");
  sb_put_quoted(&d, u->files[ft->file].name);
  PUT_NAMED(L, &d, "\",\n  .await_lines = ac__", "_lines, .nstates = ");
  sb_printf(&d, "%d, .line = %u,\n", L->nstates + 1, ft->line);
  PUT_NAMED(L, &d, "  .frame_size = sizeof(struct ac__", "_frame),\n");
  if (is_void)
    SB_LIT(&d, "  .result_off = 0,\n  .result_size = 0,\n");
  else
    PUT_NAMED(L, &d, "  .result_off = __builtin_offsetof(struct ac__",
              "_frame, result),\n  .result_size = sizeof(ac__");
  if (!is_void)
    PUT_NAMED(L, &d, "", "_result),\n");
  // AC_SIZE_CLASS (acrt_abi.h) with the enum constants, which survive
  // preprocessing.
  PUT_NAMED(L, &d, "  .size_class = (uint16_t)(sizeof(struct ac__",
            "_frame) <= AC_POOL_FINE_SIZE ? (sizeof(struct ac__");
  PUT_NAMED(L, &d, "",
            "_frame) + AC__CLASS_FINE_ADD) / AC_POOL_FINE_STEP_SIZE : "
            "sizeof(struct ac__");
  PUT_NAMED(L, &d, "", "_frame) <= AC_POOL_MAX_SIZE ? (sizeof(struct ac__");
  PUT_NAMED(L, &d, "", "_frame) + AC__CLASS_ADD) / AC_POOL_STEP_SIZE : 0),\n");
  const char *kind = NULL, *rtype = NULL;
  if (!is_void && !spelled_result(u, fn->specs, fn->decl, &kind, &rtype))
    kind = rtype = NULL;
  SB_LIT(&d, "  .result_kind = ");
  put_result_kind(L, &d, is_void, kind);
  SB_LIT(&d, ",\n  .kind = AC_DESC_KIND_FUNC,\n");
  // The result's size and type class (acrt_abi.h), as awaits compute
  // their targets'.
  if (is_void) {
    SB_LIT(&d, "  .result_type = 0,\n};\n");
  } else if (rtype) {
    PUT_NAMED(L, &d, "  .result_type = sizeof(ac__", "_result) | (size_t)");
    sb_puts(&d, rtype);
    SB_LIT(&d, " << AC_RTYPE_SHIFT,\n};\n");
  } else {
    PUT_NAMED(L, &d, "  .result_type = (sizeof(ac__",
              "_result) | sizeof(char) * "
              "(unsigned)(__builtin_classify_type(*(ac__");
    PUT_NAMED(L, &d, "", "_result *)0) + 1) << AC_RTYPE_SHIFT),\n};\n");
  }
  emit_put(L->e, d.data, d.len);
  emit_release(L->e, &d);
}

// The parameters, copied into the frame ac__f, and the end of the
// function that makes the task or sets up an embedded frame.
static void emit_param_copies(Lower *L)
{
  StrBuf sb = emit_buffer(L->e);
  for (FrameVar *v = L->frame->vars; v && v->param; v = v->next) {
    if (is_aggregate(L->u, v->specs, v->decl)) {  // may have const members
      SB_LIT(&sb, "  __builtin_memcpy(&ac__f->");
      sb_puts(&sb, v->field);
      SB_LIT(&sb, ", &");
      sb_puts(&sb, v->sym->name);
      SB_LIT(&sb, ", sizeof ");
      sb_puts(&sb, v->sym->name);
      SB_LIT(&sb, ");\n");
    } else {
      SB_LIT(&sb, "  ac__f->");
      sb_puts(&sb, v->field);
      SB_LIT(&sb, " = ");
      sb_puts(&sb, v->sym->name);
      SB_LIT(&sb, ";\n");
    }
  }
  SB_LIT(&sb, "  return &ac__f->hdr;\n}\n");
  emit_put(L->e, sb.data, sb.len);
  emit_release(L->e, &sb);
}

// ", P": the function's parameters after a first parameter of its own
// (nothing for `()` and `(void)`).
static void params_after(Lower *L, Node *fnpart)
{
  bool has_params =
      fnpart && fnpart->list &&
      !(fnpart->list->specs && fnpart->list->specs->flags & SPEC_VOID &&
        !fnpart->list->decl && !fnpart->list->next);
  if (!has_params)
    return;
  EMIT_LIT(L->e, ", ");
  print_param_list(L, fnpart);
}

// The function with the C ABI (docs/language.md): makes the task.
static void emit_creator(Lower *L)
{
  Node *fn = L->fn;
  Node *fnpart = decl_func_part(fn->decl);
  const char *N = L->name;
  bool is_static = fn->specs->flags & SPEC_STATIC;
  emit_gen_at(L->e, fn->first);
  // (A static function only awaited directly names its creator there, so
  // -Wunused-function speaks only of one that is really never used.)
  if (is_static)
    EMIT_LIT(L->e, "static ac_task *");
  else
    EMIT_LIT(L->e, "ac_task *");
  emit_column(L->e, decl_name(fn->decl));  // "'f' defined but not used"
  emit_put(L->e, N, L->name_len);
  if (fnpart)
    print_params(L, fnpart);
  else
    emit_puts(L->e, "(void)");
  EMIT_LIT(L->e, " {\n");
  emit_boiler(L->e);
  // Out of memory, ac_frame_new returns the runtime's failed task, whose
  // await raises AC_ENOMEM: hand it back untouched (acrt_abi.h).
  StrBuf sb = emit_buffer(L->e);
  PUT_NAMED(L, &sb, "  ac_task *ac__t = ac_frame_new(&ac__",
            "_desc);\n"
            "  if (ac_frame_failed(ac__t)) return ac__t;\n"
            "  struct ac__");
  PUT_NAMED(L, &sb, "", "_frame *ac__f = (struct ac__");
  PUT_NAMED(L, &sb, "", "_frame *)ac__t;\n");
  emit_put(L->e, sb.data, sb.len);
  emit_release(L->e, &sb);
  if (fn == L->u->all_async_main)  // main's result when it falls off its end
    EMIT_LIT(L->e, "  ac__f->result = 0;\n");
  emit_param_copies(L);
}

// `await NAME(x)` in a function defined later in the file runs NAME in a
// slot of the caller's frame (lower.c, embed_call):
//
//   static inline ac_task *ac__NAME_embed(struct ac__NAME_frame *ac__f, P);
//
// stores the arguments into the slot, whose header the caller keeps that
// of a fresh frame between its awaits (acrt_abi.h, ac_frame_embed: it never
// goes back to a pool).  Unused unless such a caller follows.
static void emit_embedder(Lower *L)
{
  const char *N = L->name;
  emit_gen_at(L->e, L->fn->first);
  emit_gen(L->e,
           "__attribute__((unused)) static inline ac_task *"
           "ac__%s_embed(struct ac__%s_frame *ac__f",
           N, N);
  params_after(L, decl_func_part(L->fn->decl));
  EMIT_LIT(L->e, ") {\n");
  emit_boiler(L->e);
  emit_param_copies(L);
}

// The end of the resume function: the unwind chain, each defer an await may
// unwind through (a try's entry is its handler, in the body).  Writing a
// deferred statement that awaits can put more defers in the chain: repeat
// until none is new.
static void emit_chain(Lower *L)
{
  Node *fn = L->fn;
  for (bool more = true; more;) {
    more = false;
    for (int i = L->ndefers - 1; i >= 0; i--) {
      Defer *d = L->all_defers[i];
      if (!d->in_chain || d->chained || d->stmt->kind == ND_TRY)
        continue;
      d->chained = more = true;
      emit_gen_at(L->e, fn->last);
      emit_gen(L->e, "ac__unwind_%d:\n  {\n", d->id);
      L->active = d->prev;
      defer_body(L, d);
      emit_newline(L->e);
      EMIT_LIT(L->e, "  }\n");
      if (d->prev) {
        d->prev->in_chain = true;
        emit_gen_at(L->e, fn->last);
        emit_gen(L->e, "  goto ac__unwind_%d;\n", d->prev->id);
      } else {
        L->unwind0_used = true;
        emit_gen_at(L->e, fn->last);
        EMIT_LIT(L->e, "  goto ac__unwind_0;\n");
      }
    }
  }
  if (L->unwind0_used) {
    emit_gen_at(L->e, fn->last);
    EMIT_LIT(L->e, "ac__unwind_0:\n");
    emit_gen_at(L->e, fn->last);
    EMIT_LIT(L->e, "  return AC_DONE;\n");
  }
  EMIT_LIT(L->e, "}\n");
}

// The renamed local types (Frame.renames) print under their new names,
// and a tag definition moved out of a declaration prints there as its tag.
static void note_renames(Lower *L)
{
  Unit *u = L->u;
  for (Rename *r = L->frame->renames; r; r = r->next)
    for (int i = r->from; i <= r->to; i++) {
      int k = u->toks[i].kind;
      int prev = u->toks[i - 1].kind;
      if (k != TOK_IDENTIFIER || !tok_is(u, i, r->name))
        continue;
      bool after_tag_kw = prev == TOK_STRUCT || prev == TOK_UNION ||
                          prev == TOK_ENUM || prev == TOK_ATTRIBUTE;
      if (r->tag ? after_tag_kw
                 : !after_tag_kw && prev != '.' && prev != TOK_ARROW)
        repl_push(L, i, i)->text = r->as;
    }
  for (int i = 0; i < L->frame->nhoisted; i++) {
    Node *h = L->frame->hoisted[i];
    if (h->kind != ND_SPECS)
      continue;
    int open = h->first;
    while (u->toks[open].kind != '{')
      open++;
    repl_push(L, open, tag_body_end(u, open))->text = "";
  }
}

static void emit_async(Lower *L)
{
  Node *fn = L->fn;

  note_renames(L);  // (after the references: note_builtins noted them)

  // The body and the unwind chain, into their own buffer: the frame's
  // temporaries and the resume points are only known once they are written.
  StrBuf body = emit_buffer(L->e);
  StrBuf *saved = emit_capture(L->e, &body);
  L->e->bol = true;
  emit_sync_to(L->e, fn->body->first);
  plan_embeds(L);
  stmt_block(L, fn->body);
  // The output continues as it did when the chain followed the body out of
  // the buffer: the frame starts on a fresh line, the chain with a marker.
  bool bol = L->e->bol;
  L->e->synced = false;
  emit_gen_at(L->e, fn->last);
  EMIT_LIT(L->e, "  return AC_DONE;\n");
  emit_chain(L);
  emit_capture(L->e, saved);
  L->e->bol = bol;
  if (L->errors) {
    emit_release(L->e, &body);
    return;
  }

  emit_frame(L, "translated by acc into a state machine");
  emit_creator(L);
  emit_embedder(L);

  // The state machine; `inline`, a hint that lets the C compiler inline it
  // where a same-file caller awaits it directly (an embedded frame that
  // returns at once then runs without a call).
  StrBuf sb = emit_buffer(L->e);
  PUT_NAMED(L, &sb, "static inline int ac__",
            "_resume(ac_task *ac__self) {\n  struct ac__");
  PUT_NAMED(L, &sb, "", "_frame *ac__f = (struct ac__");
  PUT_NAMED(L, &sb, "", "_frame *)ac__self;\n  (void)ac__f;\n");
  if (L->embeds.len)  // what ac_await_embed did (lower.c)
    SB_LIT(&sb, "  int ac__aw;\n");
  // The frame variables kept in locals between awaits (frame.c).
  for (FrameVar *v = L->frame->vars; v; v = v->next)
    if (v->reg)
      sb_printf(&sb, "  %s ac__fv_%s = ac__f->%s;\n", v->tname, v->field,
                v->field);
  if (L->temp_locals.len)
    sb_append(&sb, L->temp_locals.data, L->temp_locals.len);
  SB_LIT(&sb, "  switch (ac__self->state) {\n  case 0:\n");
  if (L->embeds.len) {
    // The callees' slots: a fresh header, kept so between the awaits
    // (acrt_abi.h, ac_frame_embed), with the descriptor of the first.
    const char *first = L->embeds.data + 1, *end = strchr(first, ' ');
    int n = end ? (int)(end - first) : (int)strlen(first);
    sb_printf(&sb,
              "    ac_frame_embed(&ac__f->ac__in_%.*s.hdr, &ac__%.*s_desc);\n",
              n, first, n, first);
  }
  SB_LIT(&sb, "    break;\n");
  for (int s = 1; s <= L->nstates; s++) {
    SB_LIT(&sb, "  case ");
    put_int(&sb, s);
    SB_LIT(&sb, ":\n    goto ac__resume_");
    put_int(&sb, s);
    SB_LIT(&sb, ";\n");
  }
  SB_LIT(&sb, "  default:\n    __builtin_unreachable();\n  }\n");
  emit_put(L->e, sb.data, sb.len);
  emit_release(L->e, &sb);
  emit_splice(L->e, &body);
  emit_release(L->e, &body);
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
  static const char *const noinline[] = {"noinline", NULL};
  emit_gen(L->e, "static %s int ac__%s_direct(ac__%s_result *ac__r",
           attr_says(L->u, fn->specs, noinline) ? "__attribute__((noinline))"
                                                : "inline",
           N, N);
  params_after(L, fnpart);
  EMIT_LIT(L->e, ") {\n");
  emit_boiler(L->e);
  EMIT_LIT(L->e, "  int ac__err = 0;\n  (void)ac__err;\n  (void)ac__r;\n");
  stmt_list(L, fn->body->list, NULL);
  emit_gen_at(L->e, fn->last);
  EMIT_LIT(L->e, "  return 0;\n}\n");

  emit_creator(L);
  emit_gen(L->e, "static int ac__%s_resume(ac_task *ac__self) {\n", N);
  emit_gen(L->e,
           "  struct ac__%s_frame *ac__f = (struct ac__%s_frame *)ac__self;\n"
           "  (void)ac__f;\n",
           N, N);
  // (A void function's frame has no result slot: a scratch char instead.)
  if ((fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl))
    emit_gen(L->e, "  int ac__e = ac__%s_direct(&(ac__%s_result){0}", N, N);
  else
    emit_gen(L->e, "  int ac__e = ac__%s_direct(&ac__f->result", N);
  for (FrameVar *v = L->frame->vars; v; v = v->next)
    emit_gen(L->e, ", ac__f->%s", v->field);
  EMIT_LIT(L->e, ");\n  if (ac__e != 0)\n    ac__self->err = ac__e;\n"
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
  EMIT_LIT(L->e, "{\n");
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
  stmt_list(L, fn->body->list, NULL);
  emit_newline(L->e);
  EMIT_LIT(L->e, "}\n");
}

// The tables lower_unit keeps from one function to the next, empty
// between functions (no allocation per function).
typedef struct Kept {
  IdMap defer_at;  // Lower.defer_at
  IdMap named;     // Lower.named
  Repl **repl;     // Lower.repl, all NULL
  size_t nrepl;
} Kept;

// One function definition, async or using defer: the frame analysis, then
// the code that replaces the definition.
static int lower_function(Emitter *e, Analysis *an, Kept *kept,
                          HeldErrors *held, Node *fn)
{
  Unit *u = e->u;
  Frame frame;
  frame_analyze(an, fn, &frame);
  Lower L = {.u = u,
             .e = e,
             .an = an,
             .frame = &frame,
             .fn = fn,
             .defer_at = &kept->defer_at,
             .named = &kept->named,
             .held = held};
  L.async = frame.async;
  L.direct = frame.direct;
  L.name = frame.name;
  L.name_len = strlen(L.name);
  L.base = fn->first;
  size_t ntoks = (size_t)(fn->last - fn->first + 1);
  if (ntoks > kept->nrepl) {
    free(kept->repl);
    kept->nrepl = ntoks > 2 * kept->nrepl ? ntoks : 2 * kept->nrepl;
    kept->repl = calloc(kept->nrepl, sizeof *kept->repl);
    if (!kept->repl)
      diag_ice(__FILE__, __LINE__, "out of memory");
  }
  L.repl = kept->repl;
  note_builtins(&L, fn->body);
  plan_defers(&L, fn->body);
  size_t mark = emit_begin_generated(e, fn->first);
  if (L.direct)
    emit_direct(&L);
  else if (L.async)
    emit_async(&L);
  else
    emit_plain(&L);
  if (fn == u->all_async_main && !L.errors)
    all_async_emit_main(&L);
  emit_newline(e);
  emit_end_generated(e, mark, fn->last, !L.errors);
  frame_done(an, &frame);
  idmap_clear(&kept->defer_at);
  idmap_clear(&kept->named);
  memset(kept->repl, 0, ntoks * sizeof *kept->repl);
  free(L.all_defers);
  free(L.jumps);
  free(L.states);
  emit_release(e, &L.resume_decls);
  emit_release(e, &L.embeds);
  strmap_free(&L.labels);
  emit_release(e, &L.temps);
  emit_release(e, &L.temp_locals);
  emit_release(e, &L.lines);
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
void async_prototype_text(Emitter *e, Node *decl, bool local)
{
  Unit *u = e->u;
  for (Node *d = decl->list; d; d = d->next) {
    if (local)  // no -Wunused-local-typedefs
      emit_puts(e, "__attribute__((unused)) ");
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
}

// The same in place of the prototype, in the copied text.
static void lower_async_prototypes(Emitter *e, Node *decl, bool local)
{
  StrBuf sb = {0};
  StrBuf *saved = emit_capture(e, &sb);
  async_prototype_text(e, decl, local);
  emit_capture(e, saved);
  emit_replace(e, decl->first, decl->last, sb.data ? sb.data : "");
  sb_free(&sb);
}

// A block-scope async prototype in a function the lowering leaves alone.
static void block_async_prototype(Node *n, void *e)
{
  if (n->kind == ND_DECL && n->specs && (n->specs->flags & SPEC_ASYNC))
    lower_async_prototypes(e, n, true);
}

// Asks for the memory of the next function to lower after n (ahead.h),
// while n is lowered: the first walks of it would miss at each node.
static void fetch_next(Analysis *an, Node *n)
{
  Node *prev = n, *next = n->next;
  for (int i = 0; next && i < 8; i++, prev = next, next = next->next)
    if (next->kind == ND_FUNC_DEF && lower_needed(an, next))
      break;
  if (!next || next->kind != ND_FUNC_DEF)
    return;
  ahead_fetch(an->u->toks, prev, next);
}

// The lowering of a unit, item by item.
typedef struct UnitLowering {
  Unit *u;
  Emitter *e;
  bool begun;  // lower_begin ran
  Analysis an;
  Kept kept;
  HeldErrors *held;  // (Lower.held)
  bool fetch;        // fetch_next: the items are not in the cache yet
  int errors;
} UnitLowering;

static void lower_begin(UnitLowering *ul)
{
  ul->begun = true;
  analysis_init(&ul->an, ul->u);
}

// One top-level item: an async prototype or a function definition is
// rewritten, anything else stays as the input has it.
static void lower_item(Node *n, void *arg)
{
  UnitLowering *ul = arg;
  Emitter *e = ul->e;
  Unit *u = ul->u;
  if (!ul->begun)  // (sema_check_each: Unit.marks are made now)
    lower_begin(ul);
  if (n->kind == ND_DECL && n->specs && (n->specs->flags & SPEC_ASYNC)) {
    lower_async_prototypes(e, n, false);
  } else if (n->kind == ND_FUNC_DEF && !lower_needed(&ul->an, n)) {
    if (analysis_mark(&ul->an, n->body) & NM_ASYNC_DECL)
      ast_walk_post(n->body, block_async_prototype, e);
  } else if (n->kind == ND_FUNC_DEF) {
    ArenaMark mark = arena_mark(&u->arena);  // (the function's memory)
    if (ul->fetch)
      fetch_next(&ul->an, n);
    ul->errors += lower_function(e, &ul->an, &ul->kept, ul->held, n);
    arena_reset(&u->arena, mark);
  }
}

// The rest of the input, and the lowering's tables freed.
static int lower_end(UnitLowering *ul)
{
  if (!ul->begun)
    lower_begin(ul);
  emit_copy_to(ul->e, ul->u->len);
  emit_frame_report_values(ul->e);
  idmap_free(&ul->kept.defer_at);
  idmap_free(&ul->kept.named);
  free(ul->kept.repl);
  analysis_free(&ul->an);
  return ul->errors;
}

int lower_unit(Unit *u, Emitter *e)
{
  UnitLowering ul = {.u = u, .e = e, .fetch = true};
  for (Node *n = u->root->list; n; n = n->next)
    lower_item(n, &ul);
  return lower_end(&ul);
}

// Sema and the lowering in one pass over the unit: each item is lowered
// right after sema checked it, while its nodes and tokens are in the cache
// (a whole pass apart, the lowering's walks met them cold again), as long
// as sema has found no error.  What the lowering reports waits for the end
// (HeldErrors); the output of a unit with errors is thrown away.  Under
// --frame-report, which prints as it lowers, sema checks the whole unit
// first.
int check_and_lower_unit(Unit *u, FILE *out)
{
  Emitter e;
  int errors;
  if (u->opts->frame_report) {
    errors = sema_check(u);
    if (!errors) {
      emit_init(&e, u, out);
      errors = lower_unit(u, &e);
      emit_finish(&e);
    }
    return errors;
  }
  emit_init(&e, u, out);
  HeldErrors held = {NULL, 0};
  UnitLowering ul = {.u = u, .e = &e, .held = &held};
  errors = sema_check_each(u, lower_item, &ul);
  if (!errors)
    for (size_t i = 0; i < held.n; i++)
      diag_at(u, DIAG_ERROR, held.v[i].tok, "%s",
              held.v[i].msg ? held.v[i].msg : "");
  int lowered = lower_end(&ul);
  emit_finish(&e);
  for (size_t i = 0; i < held.n; i++)
    free(held.v[i].msg);
  free(held.v);
  return errors ? errors : lowered;
}
