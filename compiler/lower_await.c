// lower_await.c — awaits, and the expressions around them: hoisting the
// awaits out of an expression in C's order of evaluation (lower.c's file
// comment, "Awaits inside expressions"), the code of one await (a call,
// an embedded callee frame, a direct call of a callee that never
// suspends, a bare yield), what it saves before suspending and where its
// result lands.  lower.c writes the statements around them.
#include "lower.h"

#include <stdlib.h>
#include <string.h>

//
// Awaits
//

// A new frame temporary of type `type` (text); returns its field name.
const char *new_temp(Lower *L, const char *type)
{
  const char *name = cat_num(L->u, "ac__t", ++L->ntemps);
  SB_LIT(&L->temps, "  ");
  sb_puts(&L->temps, type);
  SB_LIT(&L->temps, " ");
  sb_puts(&L->temps, name);
  SB_LIT(&L->temps, ";\n");
  return name;
}


// A new temporary of type `type` (text) that is a local of the resume
// function, zeroed when it starts (gcc cannot always see that the await
// writes it before any use); returns its name.
const char *new_local_temp(Lower *L, const char *type)
{
  const char *name = cat_num(L->u, "ac__tv", ++L->ntemp_locals);
  StrBuf *sb = &L->temp_locals;
  SB_LIT(sb, "  ");
  sb_puts(sb, type);
  SB_LIT(sb, " ");
  sb_puts(sb, name);
  SB_LIT(sb, ";\n  __builtin_memset(&");
  sb_puts(sb, name);
  SB_LIT(sb, ", 0, sizeof ");
  sb_puts(sb, name);
  SB_LIT(sb, ");\n");
  return name;
}

// The unwind label an await or ac_raise jumps to here.
// The innermost try block around this point, or NULL.
Defer *enclosing_try(Lower *L)
{
  for (Defer *d = L->active; d; d = d->prev)
    if (d->stmt->kind == ND_TRY)
      return d;
  return NULL;
}

// (A try statement inside a deferred statement is written once per copy
// of that statement, each with its own handler label: an error reaches it
// with the try block's defers written out here, not through the chain.)
static void goto_unwind(Lower *L)
{
  Defer *t = enclosing_try(L);
  if (t && t->inline_unwind) {
    EMIT_LIT(L->e, "{\n");
    run_defers(L, t);
    emit_gen(L->e, "  goto ac__unwind_%d;\n  }", t->id);
  } else if (L->active) {
    L->active->in_chain = true;
    EMIT_LIT(L->e, "goto ac__unwind_");
    gen_int(L->e, L->active->id);
    EMIT_LIT(L->e, ";");
  } else {
    L->unwind0_used = true;
    EMIT_LIT(L->e, "goto ac__unwind_0;");
  }
}

// An error in ac__e, raised here without an await (ac_raise, a direct call
// that failed): the defers run, then the task ends — or, inside a try
// block, its handler takes the error.  Through the unwind chain, like an
// await's error, when the chain can run the innermost defer
// (Defer.chain_safe); else the deferred statements are written out here.
void unwind_error(Lower *L, int tok)
{
  Defer *t = enclosing_try(L);
  emit_gen_at(L->e, tok);
  if (!L->active || L->active == t || L->active->chain_safe) {
    EMIT_LIT(L->e, "  ac__self->err = ac__e; ");
    goto_unwind(L);
    EMIT_LIT(L->e, "\n");
    return;
  }
  EMIT_LIT(L->e, "  ac__self->err = ac__e;\n");
  run_defers(L, t);
  emit_gen_at(L->e, tok);
  if (t)
    emit_gen(L->e, "  goto ac__unwind_%d;\n", t->id);
  else
    EMIT_LIT(L->e, "  return AC_DONE;\n");
}

// The result type of the object an await writes (acrt_abi.h: its size and
// type class in one size_t, what the runtime compares with the result's):
// `obj` as text, or else the lvalue node.
static void emit_result_type(Lower *L, const char *obj, Node *lvalue)
{
  for (int i = 0; i < 2; i++) {
    emit_puts(L->e, i == 0 ? "(sizeof("
                           : ") | sizeof(char) * (unsigned)("
                             "__builtin_classify_type(");
    if (obj)
      emit_puts(L->e, obj);
    else
      print_flat(L, lvalue);
  }
  emit_puts(L->e, ") + 1) << AC_RTYPE_SHIFT)");
}

static void hoist_stmt_expr(Lower *L, Node *e);

// `ac_sleep(0)` (or 0.0): the runtime's bare yield, which needs no task.
static bool is_yield(Unit *u, Node *e)
{
  e = strip_parens(e);
  if (!is_call_to(u, e, "ac_sleep") || !e->list || e->list->next)
    return false;
  Node *a = strip_parens(e->list);
  if (a->kind != ND_NUM)
    return false;
  const char *t = tok_text(u, a->first);
  size_t n = u->toks[a->first].len;
  for (size_t i = 0; i < n; i++)
    if (t[i] != '0' && t[i] != '.')
      return false;
  return true;
}

static void emit_direct_call(Lower *L, Node *aw, Symbol *callee, Dest dest)
{
  Node *call = strip_parens(aw->lhs);
  // A static callee's own function may go uncalled: name it (once per
  // function), so the C compiler does not call it unused.
  void **named = callee->decl->specs->flags & SPEC_STATIC
                     ? idmap_slot(L->named, callee->id)
                     : NULL;
  if (named && !*named) {
    *named = callee;
    emit_gen_at(L->e, aw->first);
    EMIT_LIT(L->e, "  (void)");
    emit_puts(L->e, callee->name);
    EMIT_LIT(L->e, ";\n");
  }
  emit_gen_at(L->e, aw->first);
  EMIT_LIT(L->e, "  { int ac__e = ac__");
  emit_puts(L->e, callee->name);
  EMIT_LIT(L->e, "_direct(");
  if (dest.addr)
    emit_puts(L->e, dest.addr);
  else
    emit_gen(L->e, "&(ac__%s_result){0}", callee->name);
  for (Node *a = call->list; a; a = a->next) {
    emit_puts(L->e, ", ");
    print_flat(L, a);
  }
  EMIT_LIT(L->e, "); if (ac__e != 0) {\n");
  unwind_error(L, aw->first);
  EMIT_LIT(L->e, "  } }\n");
}

// `f(x)` awaited directly, f an async function defined earlier in the
// file: its frame is a slot of this frame (ac__in_f, in a union with the
// other callees' slots: one runs at a time), its arguments stored by
// ac__f_embed (lower_func.c) — no frame from the pools.  The slots' header
// is set up when the resume function starts and stays valid between the
// awaits (acrt_abi.h, ac_frame_embed); where slots of several callees
// share it, each await names its callee (ac_frame_embed_as).
static void embed_call(Lower *L, Node *operand, Symbol *callee)
{
  Node *call = strip_parens(operand);
  const char *name = callee->name;
  size_t n = strlen(name);
  bool known = false;
  for (const char *p = L->embeds.data; p && !known && (p = strstr(p, name));
       p += n)
    known = p[-1] == ' ' && (p[n] == ' ' || p[n] == '\0');
  if (!known)
    sb_printf(&L->embeds, " %s", name);
  // A static callee's own function may now go uncalled: name it, so the C
  // compiler does not call it unused.
  bool is_static = callee->decl->specs->flags & SPEC_STATIC;
  if (L->embeds_shared)
    EMIT_LIT(L->e, "ac_frame_embed_as(");
  if (is_static)
    emit_gen(L->e, "((void)%s, ", name);
  emit_gen(L->e, "ac__%s_embed(&ac__f->ac__in_%s", name, name);
  for (Node *a = call->list; a; a = a->next) {
    emit_puts(L->e, ", ");
    print_flat(L, a);
  }
  emit_puts(L->e, is_static ? "))" : ")");
  if (L->embeds_shared)
    emit_gen(L->e, ", &ac__%s_desc)", name);
}

// Whether the awaits of this function embed the frames of more than one
// callee (Lower.embeds_shared): then their slots' header changes hands, and
// each await stores its callee's descriptor; with one callee it is stored
// once, when the resume function starts.  Before the body is written.
void plan_embeds(Lower *L)
{
  Symbol *first = NULL;
  L->embeds_shared = false;
  for (FrameAwait *w = L->frame->awaits; w && !L->embeds_shared; w = w->next) {
    Symbol *callee = async_callee(w->await->lhs);
    if (!embedded(L, callee))
      continue;
    if (!first)
      first = callee;
    else if (callee != first)
      L->embeds_shared = true;
  }
}

// Before a suspension: the frame variables the await holds that the
// resume function keeps in locals go back to the frame, where the resume
// function's next run loads them.  gcc 12's -Wuse-after-free takes such a
// save of a pointer the program freed (and never reads again) for a use of
// it: the saves sit between pragmas that turn it off (-Wpragmas and
// -Wunknown-warning-option first, so that gcc and clang both accept them),
// on lines of their own, the await's line marked again after each.
static void emit_saves(Lower *L, const FrameAwait *held, int tok)
{
  FrameVar **vars = acc_realloc(NULL, sizeof *vars * (size_t)held->nlive + 1);
  frame_await_held(held, vars);
  bool any = false;
  for (int i = 0; i < held->nlive; i++) {
    if (!vars[i]->reg)
      continue;
    if (!any) {
      emit_newline(L->e);
      emit_puts(L->e, "#pragma GCC diagnostic push\n"
                      "#pragma GCC diagnostic ignored \"-Wpragmas\"\n"
                      "#pragma GCC diagnostic ignored "
                      "\"-Wunknown-warning-option\"\n"
                      "#pragma GCC diagnostic ignored \"-Wuse-after-free\"\n");
      emit_sync_to(L->e, tok);
    }
    any = true;
    emit_gen(L->e, "ac__f->%s = ac__fv_%s; ", vars[i]->field, vars[i]->field);
  }
  if (any) {
    emit_newline(L->e);
    emit_puts(L->e, "#pragma GCC diagnostic pop\n");
    emit_sync_to(L->e, tok);
  }
  free(vars);
}

// Whether an await holds a variable kept in a local.
static bool holds_reg(const FrameAwait *held)
{
  int k = held->nlive;
  for (const LiveVar *l = held->live; l && k > 0; l = l->below, k--)
    if (l->var->reg)
      return true;
  return false;
}

// The forward declarations of a same-file callee's resume function and
// descriptor, which go before the frame.
static void declare_resume(Lower *L, Symbol *callee)
{
  sb_printf(&L->resume_decls,
            "static int ac__%s_resume(ac_task *ac__self);\n"
            "static const ac_desc ac__%s_desc;\n",
            callee->name, callee->name);
}

// ` == AC_SUSPENDED) return AC_SUSPENDED; /* await, file:line:col */`, the
// held variables kept in locals saved first, and the state if state > 0.
static void emit_suspend(Lower *L, const FrameAwait *held, Node *aw, int state)
{
  Unit *u = L->u;
  Token *t = &u->toks[aw->first];
  bool saves = state > 0 || holds_reg(held);
  emit_gen(L->e, " == AC_SUSPENDED) %s", saves ? "{ " : "");
  if (state > 0)
    emit_gen(L->e, "ac__self->state = %d; ", state);
  emit_saves(L, held, aw->first);
  emit_gen(L->e, "return AC_SUSPENDED;%s /* await, %s:%u:%u */\n",
           saves ? " }" : "", u->files[t->file].name, t->line,
           tok_column(u, aw->first));
}

// Where an await's result goes and its result type: `&dest, <type>`.
static void emit_dest(Lower *L, Dest dest)
{
  if (dest.lvalue) {
    emit_puts(L->e, "&(");
    print_flat(L, dest.lvalue);
    emit_puts(L->e, "), ");
    emit_result_type(L, NULL, dest.lvalue);
  } else if (dest.addr) {
    emit_gen(L->e, "%s, ", dest.addr);
    emit_result_type(L, dest.obj, NULL);
  } else {
    emit_puts(L->e, "(void *)0, 0");
  }
}

// Whether callee is an async function defined in this file.
static bool is_here(Symbol *callee)
{
  return callee && callee->decl && callee->decl->kind == ND_FUNC_DEF;
}

// Whether `await callee(…)` (not a direct call) embeds callee's frame: it
// is defined earlier in the file.
bool embedded(Lower *L, Symbol *callee)
{
  return is_here(callee) && callee->decl->first < L->fn->first;
}

// `await g(x)` with g's frame embedded (embed_call): ac_await_embed starts
// it and, when it returns at once without raising, also ends the await, so
// that this path needs no resume label (the C compiler keeps it apart from
// the resumed path) and no state (the state is only read once the frame
// suspended); otherwise (ac__aw is not AC_DONE) the await ends at the
// label, as on the resumed path:
//
//   if ((ac__aw = ac_await_embed(ac__self, ac__g_embed(&ac__f->ac__in_g, x), ac__g_resume, &dest, <type>, &ac__g_desc)) == AC_SUSPENDED) { ac__self->state = 1; return AC_SUSPENDED; } /* await, file.ac:9 */
//   if (ac__aw != AC_DONE) ac__resume_1: if (ac_await_end_embed(ac__self, &ac__f->ac__in_g.hdr, &dest, <type>, &ac__g_desc)) goto ac__unwind_0;
static void emit_embed_await(Lower *L, Node *aw, Symbol *callee, Dest dest,
                             int state, const FrameAwait *held)
{
  const char *g = callee->name;
  const char *obj_local = dest.local ? dest.obj : NULL;
  EMIT_LIT(L->e, "  if ((ac__aw = ac_await_embed(ac__self, ");
  embed_call(L, aw->lhs, callee);
  emit_gen(L->e, ", ac__%s_resume, ", g);
  emit_dest(L, dest);
  emit_gen(L->e, ", &ac__%s_desc))", g);
  declare_resume(L, callee);
  emit_suspend(L, held, aw, state);
  emit_gen_at(L->e, aw->first);
  if (dest.local) {
    // The slow path lands in a local of its own, so that dest's address
    // never leaves ac_await_embed and the C compiler keeps it in a register.
    emit_gen(L->e, "  if (ac__aw != AC_DONE) { %s ac__tr; ", dest.local);
    dest = (Dest){"&ac__tr", NULL, "ac__tr", NULL};
  } else {
    EMIT_LIT(L->e, "  if (ac__aw != AC_DONE) ");
  }
  emit_gen(L->e,
           "ac__resume_%d: if (ac_await_end_embed(ac__self, "
           "&ac__f->ac__in_%s.hdr, ",
           state, g);
  emit_dest(L, dest);
  emit_gen(L->e, ", &ac__%s_desc)) ", g);
  goto_unwind(L);
  if (obj_local)
    emit_gen(L->e, " %s = ac__tr; }", obj_local);
  EMIT_LIT(L->e, "\n");
}

// Emits one await in two lines, both mapped to the await's line:
//
//   ac__self->state = 1; if (ac_await_call(ac__self, f(x)) == AC_SUSPENDED) return AC_SUSPENDED; /* await, file.ac:9 */
//   ac__resume_1: if (ac_await_end(ac__self, &dest, <result type of dest>)) goto ac__unwind_0;
//
// The first saves the state, starts (or waits for) the operand and returns
// if it suspended; the resume label is where the dispatch switch comes back
// to, and the second line finishes the await, unwinding if it raised.
void emit_await(Lower *L, Node *aw, Dest dest)
{
  Unit *u = L->u;
  Node *operand = aw->lhs;
  hoist(L, operand);
  Symbol *direct = direct_callee(L->an, L->fn, operand);
  if (direct) {
    emit_direct_call(L, aw, direct, dest);
    return;
  }
  int state = ++L->nstates;
  Token *t = &u->toks[aw->first];
  sb_printf(&L->lines, "%s%u", state > 1 ? ", " : "", t->line);
  // What the await holds, for --frame-report.
  FrameAwait *held = frame_await(L->an, aw);
  if (!held)
    diag_ice(__FILE__, __LINE__, "an await the frame analysis missed");
  L->states = acc_grow(L->states, sizeof *L->states, (size_t)state - 1);
  L->states[state - 1] = held;
  emit_gen_at(L->e, aw->first);
  Symbol *callee = async_callee(operand);
  bool here = is_here(callee);
  if (is_yield(u, operand)) {
    // await ac_sleep(0): a bare yield, straight to the ready queue.
    EMIT_LIT(L->e, "  ac__self->state = ");
    gen_int(L->e, state);
    EMIT_LIT(L->e, "; ");
    emit_saves(L, held, aw->first);
    emit_gen(L->e,
             "ac__await_yield(ac__self); return AC_SUSPENDED; /* await "
             "ac_sleep(0), %s:%u:%u */\n",
             u->files[t->file].name, t->line, tok_column(u, aw->first));
    emit_gen_at(L->e, aw->first);
    EMIT_LIT(L->e, "ac__resume_");
    gen_int(L->e, state);
    EMIT_LIT(L->e, ": if (ac_await_end_yield(ac__self)) ");
    goto_unwind(L);
    EMIT_LIT(L->e, "\n");
    return;
  }
  if (embedded(L, callee)) {
    emit_embed_await(L, aw, callee, dest, state, held);
    return;
  }
  emit_gen(L->e, "  ac__self->state = %d; if (%s(ac__self, ", state,
           here     ? "ac_await_call_fn"
           : callee ? "ac_await_call"
                    : "ac_await_task");
  print_flat(L, operand);
  if (here) {
    // Defined in this file: its resume function is called directly (and
    // can be inlined), and the forward declaration goes before the frame.
    emit_gen(L->e, ", ac__%s_resume", callee->name);
    declare_resume(L, callee);
  }
  EMIT_LIT(L->e, ")");
  emit_suspend(L, held, aw, 0);
  emit_gen_at(L->e, aw->first);
  emit_gen(L->e, "ac__resume_%d: if (ac_await_end%s(ac__self, ", state,
           here ? "_desc" : "");
  emit_dest(L, dest);
  if (here)
    emit_gen(L->e, ", &ac__%s_desc", callee->name);
  EMIT_LIT(L->e, ")) ");
  goto_unwind(L);
  EMIT_LIT(L->e, "\n");
}

// An await in an expression whose value is used: into a temporary of the
// callee's result type; a handle's type cannot be told here.
static void hoist_await(Lower *L, Node *aw)
{
  Unit *u = L->u;
  Symbol *callee = async_callee(aw->lhs);
  if (!callee) {
    lower_error(L, aw->first,
                "cannot tell the type of the result of 'await' "
                "on a handle here; assign it to a variable first (%s)",
                "T x = await h;");
    return;
  }
  const char *type = cat3(u, "ac__", callee->name, "_result");
  if (L->lone_await && u->opts->frame_locals &&
      (direct_callee(L->an, L->fn, aw->lhs) || embedded(L, callee))) {
    // The expression's only await, a direct call or of an embedded frame:
    // no suspension comes between the result and its use, so it is a local
    // of the resume function (gcc keeps it in a register; a frame member
    // it stores and loads).
    const char *t = new_local_temp(L, type);
    emit_await(L, aw, (Dest){cat3(u, "&", t, NULL), NULL, t, type});
    repl_text(L, aw, t);
    return;
  }
  // `&ac__f->ac__tN`: its address, and after the `&` the member.
  const char *addr = cat3(u, "&ac__f->", new_temp(L, type), NULL);
  emit_await(L, aw, (Dest){addr, NULL, addr + 1, NULL});
  repl_text(L, aw, addr + 1);
}

// `({ … })` with awaits inside (a TRY(expr) macro): its statements run as
// statements, in a block of their own, before the expression that holds
// it; the value of its last expression statement goes to a temporary of
// its type, which prints in its place.  (frame.c keeps every local of such
// a statement expression in the frame, so that type can be named at file
// scope.)
// In a type, `await f(x)` stands for a value of f's result type.
static void typeof_await(Node *n, void *arg)
{
  Lower *L = arg;
  if (n->kind != ND_AWAIT)
    return;
  Symbol *f = async_callee(n->lhs);
  if (!f) {
    lower_error(L, n->first,
                "cannot tell the type of the result of 'await' on a handle "
                "here; assign it to a variable first (%s)",
                "T x = await h;");
    return;
  }
  repl_push(L, n->first, n->last)->text =
      arena_printf(&L->u->arena, "(*(ac__%s_result *)0)", f->name);
}

static void typeof_await_done(Node *n, void *arg)
{
  if (n->kind == ND_AWAIT && async_callee(n->lhs))
    repl_pop(arg, n->first);
}

// The expression whose type is the value of a statement expression's
// value `value`, or NULL for void: a value that is itself a statement
// expression which awaits (`({ …; ({ … await f(); }); })`) has its own
// value's type, and its braces cannot be named in a type at file scope,
// where the frame's members are declared.
static Node *type_source(Lower *L, Node *value)
{
  Node *sv = strip_parens(value);
  while (sv->kind == ND_STMT_EXPR && has_await(L->an, sv)) {
    Node *last = sv->body->list;
    while (last && last->next)
      last = last->next;
    if (!last || last->kind != ND_EXPR_STMT || !last->lhs)
      return NULL;
    sv = strip_parens(last->lhs);
  }
  return sv;
}

// (ast_walk_post) Finds a statement expression in a value whose type
// must be named at file scope.
static void find_braces(Node *n, void *arg)
{
  if (n->kind == ND_STMT_EXPR && !*(Node **)arg)
    *(Node **)arg = n;
}

static void hoist_stmt_expr(Lower *L, Node *e)
{
  Unit *u = L->u;
  Node *last = e->body->list;
  while (last && last->next)
    last = last->next;
  Node *value = last && last->kind == ND_EXPR_STMT ? last->lhs : NULL;
  Node *sv0 = value ? strip_parens(value) : NULL;
  Symbol *callee = sv0 && sv0->kind == ND_AWAIT ? async_callee(sv0->lhs) : NULL;
  if (callee && (callee->specs->flags & SPEC_VOID) &&
      !has_pointer(callee->declarator))
    value = NULL;  // `({ … await v(); })` of a void function: no value
  const char *t = NULL;
  if (value) {
    // The type: the value's after lvalue conversion, char for void.
    Node *sv = type_source(L, value);
    Node *braces = NULL;
    if (sv)
      ast_walk_post(sv, find_braces, &braces);
    if (braces) {
      // Its locals are out of reach where the frame's members are declared.
      lower_error(L, braces->first,
                  "cannot tell the type of this statement expression, the "
                  "value of one that awaits; assign it to a variable first "
                  "(%s)",
                  "T x = ({ … }); … x;");
      return;
    }
    StrBuf v = {0};
    StrBuf *saved = emit_capture(L->e, &v);
    bool flat = L->e->flat;
    L->e->flat = true;
    L->e->prev = -1;
    if (!sv) {
      emit_puts(L->e, "(void)0");
    } else if (sv->kind == ND_AWAIT && async_callee(sv->lhs)) {
      emit_gen(L->e, "(*(ac__%s_result *)0)", async_callee(sv->lhs)->name);
    } else {
      // Its awaits print as values of their results' types meanwhile.
      ast_walk_post(sv, typeof_await, L);
      L->typeof_mode = true;
      print_paren(L, sv);
      L->typeof_mode = false;
      ast_walk_post(sv, typeof_await_done, L);
    }
    L->e->flat = flat;
    emit_capture(L->e, saved);
    t = new_temp(L, arena_printf(&u->arena,
                                 "__typeof__(__builtin_choose_expr("
                                 "__builtin_types_compatible_p(__typeof__(%s), "
                                 "void), (char)0, ((void)0, %s)))",
                                 v.data, v.data));
    sb_free(&v);
  }
  Defer *entry = L->active;
  emit_gen_at(L->e, e->first);
  EMIT_LIT(L->e, "  {\n");
  for (Node *it = e->body->list; it != last; it = it->next)
    stmt(L, it);
  if (value) {
    hoist(L, value);
    emit_gen_at(L->e, value->first);
    emit_gen(L->e,
             "  ac__f->%s = __builtin_choose_expr(__builtin_types_compatible_p("
             "__typeof__(",
             t);
    print_paren(L, value);
    emit_puts(L->e, "), void), ((void)");
    print_paren(L, value);
    emit_puts(L->e, ", (char)0), ((void)0, ");
    print_paren(L, value);
    emit_puts(L->e, "));\n");
  } else {
    stmt(L, last);
  }
  run_defers(L, entry);
  L->active = entry;
  EMIT_LIT(L->e, "\n  }\n");
  repl_text(L, e,
            value ? arena_printf(&u->arena, "ac__f->%s", t) : "((void)0)");
}

// The awaits in an expression, counted up to 2 (whether it holds one
// only), into the subtrees that hold one.
static int count_awaits(Lower *L, Node *n, int found)
{
  if (n->kind == ND_AWAIT)
    found++;
#define ONE(field)                                                             \
  if (found < 2 && has_await(L->an, n->field))                                 \
    found = count_awaits(L, n->field, found);
#define LIST(field)                                                            \
  for (Node *c = n->field; c && found < 2; c = c->next)                        \
    if (has_await(L->an, c))                                                   \
      found = count_awaits(L, c, found);
  NODE_CHILDREN(n, ONE, LIST)
#undef ONE
#undef LIST
  return found;
}

static void hoist_expr(Lower *L, Node *e);

// Runs the awaits of expression e, in C's order, before e itself is
// printed; registers replacements so that printing e gives its value.
// Notes, for the whole of an outermost expression, whether it holds one
// await only (Lower.lone_await).
void hoist(Lower *L, Node *e)
{
  if (!e || !has_await(L->an, e))
    return;
  if (L->hoisting) {
    hoist_expr(L, e);
    return;
  }
  L->hoisting = true;
  L->lone_await = count_awaits(L, e, 0) == 1;
  hoist_expr(L, e);
  L->hoisting = false;
  L->lone_await = false;
}

static void hoist_expr(Lower *L, Node *e)
{
  Unit *u = L->u;
  switch (e->kind) {
  case ND_AWAIT: hoist_await(L, e); return;
  case ND_LOGAND:
  case ND_LOGOR: {
    hoist(L, e->lhs);
    if (!has_await(L->an, e->rhs))
      return;
    const char *t = new_temp(L, "int");
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  ac__f->%s = !!", t);
    print_paren(L, e->lhs);
    EMIT_LIT(L->e, ";\n");
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  if (%sac__f->%s) {\n", e->kind == ND_LOGAND ? "" : "!",
             t);
    hoist(L, e->rhs);
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  ac__f->%s = !!", t);
    print_paren(L, e->rhs);
    EMIT_LIT(L->e, ";\n");
    emit_gen_at(L->e, e->first);
    EMIT_LIT(L->e, "  }\n");
    repl_text(L, e, cat3(u, "ac__f->", t, NULL));
    return;
  }
  case ND_COND: {
    hoist(L, e->cond);
    if (!has_await(L->an, e->then) && !has_await(L->an, e->els))
      return;
    const char *t = new_temp(L, "int");
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  ac__f->%s = !!", t);
    print_paren(L, e->cond);
    EMIT_LIT(L->e, ";\n");
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  if (ac__f->%s) {\n", t);
    hoist(L, e->then);
    emit_gen_at(L->e, e->first);
    EMIT_LIT(L->e, "  } else {\n");
    hoist(L, e->els);
    emit_gen_at(L->e, e->first);
    EMIT_LIT(L->e, "  }\n");
    repl_text(L, e->cond, cat3(u, "ac__f->", t, NULL));
    return;
  }
  case ND_COMMA:
    hoist(L, e->lhs);
    if (!has_await(L->an, e->rhs))
      return;
    emit_gen_at(L->e, e->first);
    EMIT_LIT(L->e, "  (void)");
    print_paren(L, e->lhs);
    EMIT_LIT(L->e, ";\n");
    hoist(L, e->rhs);
    repl_push(L, e->first, e->last)->node = e->rhs;
    return;
  case ND_STMT_EXPR: hoist_stmt_expr(L, e); return;
  default: break;
  }
  // Unsequenced operands: run their awaits in source order (only those of
  // the children that hold one).
#define ONE(field)                                                             \
  if (has_await(L->an, e->field))                                              \
    hoist_expr(L, e->field);
#define LIST(field)                                                            \
  for (Node *c = e->field; c; c = c->next)                                     \
    if (has_await(L->an, c))                                                   \
      hoist_expr(L, c);
  NODE_CHILDREN(e, ONE, LIST)
#undef ONE
#undef LIST
}
