// lower.c — the bodies of async functions become state machines; `defer`
// becomes code at every exit of its block.
//
// Take one async function:
//
//   async int total(int n) {
//     int sum = 0;
//     for (int i = 0; i < n; i++)
//       sum += await fetch(i);          // state 1
//     return sum;
//   }
//
// It becomes (names shortened):
//
//   typedef int ac__total_result;
//   typedef int ac__total_T_n, ac__total_T_sum, ac__total_T_i;
//   struct ac__total_frame {            // one per task, from the pools
//     ac_task hdr;                      // the runtime's header
//     ac__total_result result;
//     ac__total_T_n n;                  // parameters
//     ac__total_T_sum sum;              // locals that live across an await
//     ac__total_T_i i;
//     ac__fetch_result ac__t1;          // the awaited call's result
//   };
//   static const ac_desc ac__total_desc = {…};   // per-function constants
//   ac_task *total(int n) {             // the C ABI: makes the task
//     frame = ac_frame_new(&desc); frame->n = n; return frame;
//   }
//   static int ac__total_resume(ac_task *ac__self) {
//     switch (state) { case 0: break; case 1: goto ac__resume_1; }
//     ac__f->sum = 0;
//     for (ac__f->i = 0; ac__f->i < ac__f->n; ac__f->i++) {
//       ac__self->state = 1;            // save the state, start fetch(i)
//       if (ac_await_call(ac__self, fetch(ac__f->i)) == AC_SUSPENDED)
//         return AC_SUSPENDED;          // fetch suspended: so do we
//     ac__resume_1:                     // the loop resumes us here
//       if (ac_await_end(ac__self, &ac__f->ac__t1, <its size and type>))
//         goto unwind;
//       ac__f->sum += ac__f->ac__t1;
//     }
//     ac__f->result = ac__f->sum; return AC_DONE;
//   }
//
// The body keeps its own structure — loops, switches, labels — and the
// dispatch `switch` jumps into it at the resume label of the await the task
// stopped at; C allows jumping into blocks, so user `switch`, `goto` and
// labels keep working around awaits.
//
// What lives in the frame is frame.c's decision (a Frame: the frame
// variables, and what each await holds); this file reads it.  Each frame
// variable has a typedef (ac__F_T_x) so that typeof expressions and
// temporaries can name its type at file scope.
//
// Awaits inside expressions.  C leaves the operands of most operators, and a
// call's arguments, unsequenced: an await can be evaluated first, its result
// kept in a frame temporary, and the expression evaluated afterwards with
// the temporary in the await's place.  Only `&&`, `||`, `?:` and `,`
// sequence their operands; there the left operand (or the condition) is
// evaluated and saved first, and the awaits of the right operand run only
// when C would evaluate it.
//
// defer.  A defer statement registers when control reaches it; the deferred
// statement is emitted inline at every normal exit from its block (end,
// break, continue, return, goto out), innermost first.  For errors and
// cancellation raised at an await, every defer gets one label in an unwind
// chain at the end of the resume function: `ac__unwind_N: stmt; goto
// <previous defer>;` — an await that raises jumps to the innermost defer
// active at that point, and the chain runs the rest.  So does an ac_raise
// or a failed direct call when the chain can run that defer
// (Defer.chain_safe); else it writes the defers out where it is.  Inside a
// deferred statement, ac_defer_reason() is 0 on a normal exit and the error
// code (AC_ECANCELED for cancellation) while unwinding.  A deferred
// statement may await: it sets the unwinding error aside while it runs
// (defer_body).
//
// try/catch.  A try statement is an entry in the same chain, active in its
// try block; its unwind label is the handler's, in the body (stmt_try), so
// an error raised in the try block runs the block's defers and lands in the
// handler, which takes the error and clears it.
//
// This file writes the body's statements, through the emitter;
// lower_await.c the awaits and the expressions around them; lower_func.c
// writes what surrounds the body (the example's typedefs, frame,
// descriptor and task-making function, the resume function's dispatch).
#include "lower.h"

#include <stdlib.h>
#include <string.h>

// An error the lowering finds (a construct it cannot translate): reported
// like any other, and the function's code is thrown away.
void lower_error(Lower *L, int tok, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  if (L->held) {
    StrBuf sb = {0};
    sb_vprintf(&sb, fmt, ap);
    HeldErrors *h = L->held;
    h->v = acc_grow(h->v, sizeof *h->v, h->n);
    h->v[h->n++] = (struct HeldError){tok, sb.data};
  } else {
    diag_vat(L->u, DIAG_ERROR, tok, tok, fmt, ap);
  }
  va_end(ap);
  L->errors++;
}

//
// Statements
//

// What a defer runs: its statement, or for a frame variable declared with
// __attribute__((cleanup(fn))), fn(&x) — as C runs it at the end of the
// variable's scope, and also when the task unwinds.
// Emits the deferred statements registered since `until`, innermost first
// (a normal exit from their blocks).
void run_defers(Lower *L, Defer *until)
{
  for (Defer *d = L->active; d && d != until; d = d->prev) {
    if (d->stmt->kind == ND_TRY)  // a handler: errors only
      continue;
    emit_gen_at(L->e, d->stmt->first);
    EMIT_LIT(L->e, "  {\n");
    Defer *act = L->active;
    L->active = d->prev;
    defer_body(L, d);
    L->active = act;
    emit_newline(L->e);
    EMIT_LIT(L->e, "  }\n");
  }
}

// A deferred statement's code, with the defers active where it registered
// (L->active).  One that awaits (or holds a try) keeps the error being
// unwound — its ac_defer_reason() — in a frame temporary (a local in a
// function that never suspends) and clears it, so its awaits run normally
// and its handlers cannot clear it; the error is back when it ends.  If it raises instead, the new
// error replaces the old one and unwinds from there (Python's `finally`).
void defer_body(Lower *L, Defer *d)
{
  if (d->cleanup) {  // a frame variable's cleanup(fn): fn(&var)
    emit_gen_at(L->e, d->stmt->first);
    emit_gen(L->e, "  %s(&%s);\n", d->cleanup->cleanup,
             var_lvalue(L, d->cleanup));
    return;
  }
  if (!d->reason) {
    stmt(L, d->stmt->body);
    return;
  }
  const char *err = L->direct ? "ac__err" : "ac__self->err";
  emit_gen_at(L->e, d->stmt->first);
  emit_gen(L->e, "  %s%s = %s; %s = 0;\n", L->direct ? "int " : "", d->reason,
           err, err);
  stmt(L, d->stmt->body);
  emit_newline(L->e);
  emit_gen_at(L->e, d->stmt->first);
  emit_gen(L->e, "  %s = %s;\n", err, d->reason);
}

// The value of `return e;` into the result, given as an lvalue and as its
// address.  A struct is copied with memcpy (it may have const members).
static void store_result(Lower *L, int ret, Node *e, const char *lvalue,
                         const char *addr)
{
  Node *fn = L->fn;
  emit_gen_at(L->e, e->first);
  if ((fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl)) {
    EMIT_LIT(L->e, "  (void)");
    print_paren(L, e);
    EMIT_LIT(L->e, ";\n");
  } else if (is_aggregate(L->u, fn->specs, fn->decl)) {
    emit_gen(L->e, "  { ac__%s_result ac__v = ", L->name);
    print_flat(L, e);
    emit_gen(L->e, "; __builtin_memcpy(%s, &ac__v, sizeof ac__v); }\n", addr);
  } else {
    // The assignment's `=` at the `return` (the C compiler's conversion
    // warnings point at it).
    EMIT_LIT(L->e, "  ");
    emit_puts(L->e, lvalue);
    emit_column(L->e, ret);
    EMIT_LIT(L->e, "= ");
    print_flat(L, e);
    EMIT_LIT(L->e, ";\n");
  }
}

// `return e;`: the value first, then the defers, then the end — for a plain
// function with defers, through a local of the return type.
static void stmt_return(Lower *L, Node *n)
{
  Node *e = n->lhs;
  if (!L->async && !L->active) {
    print_node(L, n);
    return;
  }
  emit_gen_at(L->e, n->first);
  EMIT_LIT(L->e, "  {\n");
  Node *s = strip_parens(e);
  bool is_void = (L->fn->specs->flags & SPEC_VOID) && !has_pointer(L->fn->decl);
  if (!L->async) {
    if (e) {
      emit_gen_at(L->e, n->first);
      EMIT_LIT(L->e, "  ac__return_t ac__ret = ");
      print_flat(L, e);
      EMIT_LIT(L->e, ";\n");
    }
  } else if (L->direct) {
    if (e)
      store_result(L, n->first, e, "*ac__r", "ac__r");
  } else if (s && s->kind == ND_AWAIT && !async_callee(s->lhs)) {
    // return await h;  — straight into the result slot.
    Dest d = {is_void ? NULL : "&ac__f->result", NULL, "ac__f->result", NULL};
    emit_await(L, s, d);
  } else if (e) {
    hoist(L, e);
    store_result(L, n->first, e, "ac__f->result", "&ac__f->result");
  }
  run_defers(L, NULL);
  emit_gen_at(L->e, n->first);
  emit_puts(L->e, !L->async
                      ? (e ? "  return ac__ret;\n  }\n" : "  return;\n  }\n")
                  : L->direct ? "  return 0;\n  }\n"
                              : "  return AC_DONE;\n  }\n");
}

// Enters a loop or switch: break and continue inside it mean `j`.  The
// stack grows with the nesting, which has no limit of its own.
static void jump_push(Lower *L, Jump j)
{
  if (L->njumps == L->cap_jumps) {
    L->cap_jumps = L->cap_jumps ? 2 * L->cap_jumps : 16;
    L->jumps = acc_realloc(L->jumps, sizeof *L->jumps * (size_t)L->cap_jumps);
  }
  L->jumps[L->njumps++] = j;
}

// The innermost enclosing loop (or, for break, loop or switch).
static Jump *find_jump(Lower *L, bool loop_only)
{
  for (int i = L->njumps - 1; i >= 0; i--)
    if (!loop_only || L->jumps[i].is_loop)
      return &L->jumps[i];
  return NULL;
}

static void stmt_break_continue(Lower *L, Node *n)
{
  Jump *j = find_jump(L, n->kind == ND_CONTINUE);
  bool defers = j && L->active != j->defers;
  bool cont_goto = n->kind == ND_CONTINUE && j && j->cont;
  if (!defers && !cont_goto) {
    print_node(L, n);
    return;
  }
  emit_gen_at(L->e, n->first);
  EMIT_LIT(L->e, "  {\n");
  run_defers(L, j->defers);
  emit_gen_at(L->e, n->first);
  if (cont_goto) {
    j->cont_used = true;
    emit_gen(L->e, "  goto ac__cont_%d;\n  }\n", j->cont);
  } else
    emit_gen(L->e, "  %s;\n  }\n", n->kind == ND_BREAK ? "break" : "continue");
}

// Indexes the function's labels by name (the last in post-order wins), so
// that each goto finds its label without walking the whole body.
static void index_label(Node *n, void *arg)
{
  Lower *L = arg;
  if (n->kind == ND_LABEL)
    *strmap_slot(&L->labels, tok_text(L->u, n->name), L->u->toks[n->name].len,
                 true) = n;
}

// The label a goto jumps to, or NULL.
static Node *find_label(Lower *L, int name)
{
  if (!L->labels_indexed) {
    ast_walk_post(L->fn->body, index_label, L);
    L->labels_indexed = true;
  }
  void **v = strmap_slot(&L->labels, tok_text(L->u, name), L->u->toks[name].len,
                         false);
  return v ? *v : NULL;
}

// A goto runs the defers it leaves: those active here but not at its label.
static void stmt_goto(Lower *L, Node *n)
{
  Node *found = find_label(L, n->name);
  Defer *target = found ? idmap_get(L->defer_at, found->id) : NULL;
  for (Defer *d = target; d; d = d->prev)
    d->marked = true;
  Defer *common = L->active;
  while (common && !common->marked)
    common = common->prev;
  for (Defer *d = target; d; d = d->prev)
    d->marked = false;
  if (common == L->active) {
    print_node(L, n);
    return;
  }
  emit_gen_at(L->e, n->first);
  EMIT_LIT(L->e, "  {\n");
  run_defers(L, common);
  print_node(L, n);
  EMIT_LIT(L->e, "\n  }\n");
}

// The defers active after declarator d: its frame variable's cleanup, once
// registered.
static Defer *defer_after(Lower *L, Node *d)
{
  Defer *cleanup = idmap_get(L->defer_at, d->id);
  return cleanup ? cleanup : L->active;
}

// A local declaration: frame variables are assigned their initial values;
// the others stay declarations.
static void stmt_decl(Lower *L, Node *n)
{
  Unit *u = L->u;
  if (L->an->marks[n->id] & NM_HOISTED)
    return;
  if (n->specs && (n->specs->flags & SPEC_ASYNC)) {  // an async prototype
    emit_gen_at(L->e, n->first);
    async_prototype_text(L->e, n, true);
    return;
  }
  bool frame = false;
  for (Node *d = n->list; d; d = d->next)
    if (frame_var(L->an, d->decl->sym))
      frame = true;
  if (!frame && !has_await(L->an, n)) {
    print_node(L, n);
    return;
  }
  // A frame variable's cleanup registers once it is initialised.
  for (Node *d = n->list; d; L->active = defer_after(L, d), d = d->next) {
    FrameVar *s = frame_var(L->an, d->decl->sym);
    Node *init = d->init;
    Node *si = strip_parens(init);
    if (!s) {
      // A plain local declared next to awaits: its own declaration.
      hoist(L, init);
      emit_gen_at(L->e, d->first);
      print_flat(L, n->specs);
      emit_puts(L->e, " ");
      print_flat(L, d);
      EMIT_LIT(L->e, ";\n");
      continue;
    }
    if (!init)
      continue;
    if (si->kind == ND_AWAIT && !async_callee(si->lhs)) {
      // T x = await h;  — the handle's result lands in x.
      const char *lv = var_lvalue(L, s);
      Dest dest = {arena_printf(&u->arena, "&%s", lv), NULL, lv, NULL};
      emit_await(L, si, dest);
      continue;
    }
    hoist(L, init);
    emit_gen_at(L->e, d->first);
    const char *lv = var_lvalue(L, s);
    if (init->kind == ND_INIT_LIST ||
        (si->kind == ND_STR && name_part_kind(d->decl) == DP_ARRAY)) {
      // Arrays and braces: copy from a compound literal of the same type.
      emit_gen(L->e, "  __builtin_memcpy(&%s, &(%s)", lv, s->tname);
      bool braces = init->kind != ND_INIT_LIST;  // "text" → {"text"}
      if (braces)
        emit_puts(L->e, "{");
      print_flat(L, init);
      if (braces)
        emit_puts(L->e, "}");
      emit_gen(L->e, ", sizeof %s);\n", lv);
    } else if (is_aggregate(u, n->specs, d->decl)) {
      emit_gen(L->e, "  { ac__%s_T_%s ac__v = ", L->name, s->field);
      print_flat(L, init);
      emit_gen(L->e, "; __builtin_memcpy(&%s, &ac__v, sizeof ac__v); }\n", lv);
    } else {
      // The assignment's `=` where the declaration's is.
      EMIT_LIT(L->e, "  ");
      emit_puts(L->e, lv);
      bool eq = u->toks[init->first - 1].kind == '=';
      if (eq)
        emit_column(L->e, init->first - 1);
      if (eq)
        EMIT_LIT(L->e, "= ");
      else
        EMIT_LIT(L->e, " = ");
      print_flat(L, init);
      EMIT_LIT(L->e, ";\n");
    }
  }
}

// `x = await g(…);`, x a frame variable kept in a local and g's frame
// embedded: when x has g's result type, the result goes straight into x
// (no temporary between them, which the C compiler would keep in a
// register of its own while x is live across the await); otherwise through
// a local temporary (hoist_await).  Whether x has that type only the C
// compiler knows: __builtin_choose_expr picks the destination.
static bool assign_embedded(Lower *L, Node *e)
{
  Unit *u = L->u;
  if (e->kind != ND_ASSIGN || e->op != '=' || !u->opts->frame_locals)
    return false;
  Node *x = strip_parens(e->lhs);
  Node *aw = strip_parens(e->rhs);
  FrameVar *v = x->kind == ND_IDENT ? frame_var(L->an, x->sym) : NULL;
  Symbol *callee = aw->kind == ND_AWAIT ? async_callee(aw->lhs) : NULL;
  if (!v || !v->reg || !callee || !embedded(L, callee) ||
      direct_callee(L->an, L->fn, aw->lhs))
    return false;
  const char *type = arena_printf(&u->arena, "ac__%s_result", callee->name);
  const char *t = new_local_temp(L, type);
  const char *same = arena_printf(
      &u->arena, "__builtin_types_compatible_p(%s, %s)", v->tname, type);
  const char *obj =
      arena_printf(&u->arena, "(*__builtin_choose_expr(%s, &ac__fv_%s, &%s))",
                   same, v->field, t);
  emit_await(L, aw,
             (Dest){arena_printf(&u->arena, "&%s", obj), NULL, obj, type});
  emit_gen_at(L->e, e->first);
  emit_gen(L->e,
           "  __builtin_choose_expr(%s, (void)0, (void)(ac__fv_%s = %s));\n",
           same, v->field, t);
  return true;
}

static void stmt_expr(Lower *L, Node *n)
{
  Node *e = strip_parens(n->lhs);
  if (!has_await(L->an, e)) {
    if (e->kind == ND_CALL && L->direct && is_call_to(L->u, e, "ac_raise")) {
      emit_gen_at(L->e, n->first);
      EMIT_LIT(L->e, "  {\n");
      emit_gen_at(L->e, n->first);
      EMIT_LIT(L->e, "  ac__err = ac__raise_code(");
      print_flat(L, e->list);
      EMIT_LIT(L->e, ");\n");
      Defer *t = enclosing_try(L);
      run_defers(L, t);
      emit_gen_at(L->e, n->first);
      if (t)
        emit_gen(L->e, "  goto ac__unwind_%d;\n  }\n", t->id);
      else
        EMIT_LIT(L->e, "  return ac__err;\n  }\n");
      return;
    }
    if (e->kind == ND_CALL && L->async && is_call_to(L->u, e, "ac_raise")) {
      emit_gen_at(L->e, n->first);
      EMIT_LIT(L->e, "  {\n  int ac__e = ac__raise_code(");
      print_flat(L, e->list);
      EMIT_LIT(L->e, ");\n");
      unwind_error(L, n->first);
      EMIT_LIT(L->e, "  }\n");
      return;
    }
    print_node(L, n);
    return;
  }
  emit_gen_at(L->e, n->first);
  EMIT_LIT(L->e, "  {\n");
  if (e->kind == ND_AWAIT) {
    emit_await(L, e, (Dest){0});  // await f(x);  — the result is dropped
  } else if (e->kind == ND_CAST && strip_parens(e->lhs)->kind == ND_AWAIT &&
             e->type && e->type->specs->flags & SPEC_VOID) {
    emit_await(L, strip_parens(e->lhs), (Dest){0});
  } else if (assign_embedded(L, e)) {
    // x = await g(…);  — done
  } else if (e->kind == ND_ASSIGN && e->op == '=' &&
             strip_parens(e->rhs)->kind == ND_AWAIT &&
             !async_callee(strip_parens(e->rhs)->lhs) &&
             !has_await(L->an, e->lhs)) {
    // x = await h;  — the handle's result lands in x.
    emit_await(L, strip_parens(e->rhs), (Dest){NULL, e->lhs, NULL, NULL});
  } else {
    hoist(L, e);
    if (e->kind != ND_STMT_EXPR) {  // (its statements ran: nothing is left)
      emit_gen_at(L->e, n->first);
      EMIT_LIT(L->e, "  ");
      print_flat(L, n);
      emit_newline(L->e);
    }
  }
  EMIT_LIT(L->e, "  }\n");
}

// The statements of a block (or a function body), then the defers its end
// runs since `entry` — unless its last statement jumps away (return, break,
// continue, goto: each ran the defers it leaves), where that copy of them
// would be code no path reaches.
void stmt_list(Lower *L, Node *items, Defer *entry)
{
  Node *last = NULL;
  for (Node *it = items; it; it = it->next)
    stmt(L, last = it);
  if (!last || (last->kind != ND_RETURN && last->kind != ND_BREAK &&
                last->kind != ND_CONTINUE && last->kind != ND_GOTO))
    run_defers(L, entry);
}

void stmt_block(Lower *L, Node *n)
{
  Defer *entry = L->active;
  emit_tok(L->e, n->first);  // {
  stmt_list(L, n->list, entry);
  L->active = entry;
  emit_pragmas(L->e, n->last);
  emit_tok(L->e, n->last);  // }
}

static void stmt_defer(Lower *L, Node *n)
{
  L->active = idmap_get(L->defer_at, n->id);
}

// Whether a statement holds an ac_raise (ast_walk_post's callback).
typedef struct FindRaise {
  Unit *u;
  bool found;
} FindRaise;

static void find_raise(Node *n, void *arg)
{
  FindRaise *f = arg;
  if (is_call_to(f->u, n, "ac_raise"))
    f->found = true;
}

// try { … } catch (int e) { … }: the try block as it is, with the try's
// entry active in the chain of defers; its unwind label is the handler's,
// so an error raised inside runs the try block's defers and lands there.
// The handler takes the error into its variable and clears it — the task
// goes on (for a cancellation: the request was consumed when it was
// delivered; ac_task_cancelling() still counts it).
//
//   { /* try */
//     { … }                       the try block
//     goto ac__try_end_2;
//   ac__unwind_1:
//     { int e = ac__self->err; (void)e; ac__self->err = 0;
//       { … } }                   the handler
//   ac__try_end_2:;
//   }
static void stmt_try(Lower *L, Node *n)
{
  Defer *t = idmap_get(L->defer_at, n->id);
  Defer *entry = L->active;
  Node *p = n->lhs;
  const char *err = L->direct ? "ac__err" : "ac__self->err";
  int end = ++L->nlabels;
  if (t->inline_unwind)
    t->id = ++L->nlabels;  // this copy's handler label
  emit_gen_at(L->e, n->first);
  EMIT_LIT(L->e, "  { /* try */\n");
  L->active = t;
  stmt(L, n->then);
  L->active = entry;
  emit_gen_at(L->e, n->then->last);
  emit_gen(L->e, "  goto ac__try_end_%d;\n", end);
  // The handler's label, if an error can reach it.
  FindRaise raise = {L->u, false};
  ast_walk_post(n->then, find_raise, &raise);
  emit_gen_at(L->e, p->first);
  if (t->in_chain || has_await(L->an, n->then) || raise.found)
    emit_gen(L->e, "ac__unwind_%d:\n", t->id);
  EMIT_LIT(L->e, "  {\n");
  emit_gen_at(L->e, p->first);
  FrameVar *v = frame_var(L->an, p->decl->sym);
  if (v) {
    emit_gen(L->e, "  %s = %s;", var_lvalue(L, v), err);
  } else {
    EMIT_LIT(L->e, "  ");
    print_flat(L, p->specs);
    emit_puts(L->e, " ");
    print_flat(L, p->decl);
    emit_gen(L->e, " = %s; (void)", err);
    print_flat(L, p->decl);
    EMIT_LIT(L->e, ";");
  }
  emit_gen(L->e, " %s = 0;\n", err);
  stmt(L, n->els);
  emit_newline(L->e);
  emit_gen(L->e, "  }\nac__try_end_%d:;\n  }\n", end);
}

static void stmt_if(Lower *L, Node *n)
{
  bool wrap = has_await(L->an, n->cond);
  if (wrap) {
    emit_gen_at(L->e, n->first);
    EMIT_LIT(L->e, "  {\n");
    hoist(L, n->cond);
  }
  emit_tok(L->e, n->first);                         // if
  print_range(L, n->first + 1, n->cond->last + 1);  // ( cond )
  stmt(L, n->then);
  if (n->els) {
    // `else` is the token before the else branch.
    emit_tok(L->e, n->els->first - 1);
    stmt(L, n->els);
  }
  if (wrap)
    EMIT_LIT(L->e, "\n  }\n");
}

static void stmt_switch(Lower *L, Node *n)
{
  bool wrap = has_await(L->an, n->cond);
  if (wrap) {
    emit_gen_at(L->e, n->first);
    EMIT_LIT(L->e, "  {\n");
    hoist(L, n->cond);
  }
  print_range(L, n->first, n->cond->last + 1);
  jump_push(L, (Jump){L->active, 0, false, false});
  stmt(L, n->body);
  L->njumps--;
  if (wrap)
    EMIT_LIT(L->e, "\n  }\n");
}

// `while`/`do`/`for` whose condition or increment awaits become `for (;;)`
// loops with the evaluation inside; `continue` then jumps to a label just
// before the re-evaluation.
static void stmt_loop(Lower *L, Node *n)
{
  Node *init = n->kind == ND_FOR ? n->init : NULL;  // (only `for` has them)
  Node *inc = n->kind == ND_FOR ? n->inc : NULL;
  bool await_head = has_await(L->an, n->cond) || has_await(L->an, inc) ||
                    has_await(L->an, init);
  bool decl_init = init && init->kind == ND_DECL;
  if (!await_head && !(decl_init && has_await(L->an, n))) {
    if (n->kind == ND_DO) {
      emit_tok(L->e, n->first);
      jump_push(L, (Jump){L->active, 0, true, false});
      stmt(L, n->body);
      L->njumps--;
      print_range(L, n->body->last + 1, n->last);
      return;
    }
    // Print the head as it is, then the body.
    int head_end = n->body->first - 1;
    print_range(L, n->first, head_end);
    jump_push(L, (Jump){L->active, 0, true, false});
    stmt(L, n->body);
    L->njumps--;
    return;
  }
  int cont = ++L->nlabels;
  emit_gen_at(L->e, n->first);
  EMIT_LIT(L->e, "  {\n");
  if (init) {
    if (init->kind == ND_DECL) {
      stmt_decl(L, init);
    } else if (init->kind != ND_NULL_STMT) {  // (which has no lhs)
      hoist(L, init->lhs);
      emit_gen_at(L->e, n->first);
      EMIT_LIT(L->e, "  ");
      print_flat(L, init);
      emit_newline(L->e);
    }
  }
  emit_gen_at(L->e, n->first);
  EMIT_LIT(L->e, "  for (;;) {\n");
  if (n->kind != ND_DO && n->cond) {
    hoist(L, n->cond);
    emit_gen_at(L->e, n->cond->first);
    EMIT_LIT(L->e, "  if (!");
    print_paren(L, n->cond);
    EMIT_LIT(L->e, ") break;\n");
  }
  jump_push(L, (Jump){L->active, cont, true, false});
  stmt(L, n->body);
  bool used = L->jumps[--L->njumps].cont_used;
  if (used) {
    emit_gen_at(L->e, n->first);
    emit_gen(L->e, "  ac__cont_%d:;\n", cont);
  }
  if (n->kind == ND_DO) {
    hoist(L, n->cond);
    emit_gen_at(L->e, n->cond->first);
    EMIT_LIT(L->e, "  if (!");
    print_paren(L, n->cond);
    EMIT_LIT(L->e, ") break;\n");
  } else if (inc) {
    hoist(L, inc);
    emit_gen_at(L->e, inc->first);
    EMIT_LIT(L->e, "  (void)");
    print_paren(L, inc);
    EMIT_LIT(L->e, ";\n");
  }
  EMIT_LIT(L->e, "  }\n  }\n");
}

void stmt(Lower *L, Node *n)
{
  if (!n)
    return;
  emit_pragmas(L->e, n->first);
  switch (n->kind) {
  case ND_BLOCK: stmt_block(L, n); break;
  case ND_DECL: stmt_decl(L, n); break;
  case ND_EXPR_STMT: stmt_expr(L, n); break;
  case ND_IF: stmt_if(L, n); break;
  case ND_SWITCH: stmt_switch(L, n); break;
  case ND_WHILE:
  case ND_DO:
  case ND_FOR: stmt_loop(L, n); break;
  case ND_CASE:
  case ND_DEFAULT:
  case ND_LABEL:
    // The label as written, then its statement.
    print_range(L, n->first, n->body->first - 1);
    stmt(L, n->body);
    break;
  case ND_RETURN: stmt_return(L, n); break;
  case ND_BREAK:
  case ND_CONTINUE: stmt_break_continue(L, n); break;
  case ND_GOTO: stmt_goto(L, n); break;
  case ND_DEFER: stmt_defer(L, n); break;
  case ND_TRY: stmt_try(L, n); break;
  default:  // ;  asm  __attribute__((…));  __label__  _Static_assert
    print_node(L, n);
    break;
  }
}

// Gives each defer its chain (the defers active where it registers) and
// notes at each label the defers active there, for goto.
typedef struct Plan {
  Lower *L;
  Defer *active;
  int in_defer;       // deferred statements around the node
  bool suspends_yet;  // an await that can suspend follows in the node's block
} Plan;

static void plan(Plan *p, Node *n);

// A new entry in the chain of defers, active from here on.
static Defer *new_defer(Plan *p, Node *n)
{
  Lower *L = p->L;
  Defer *d = arena_alloc(&L->u->arena, sizeof *d);
  d->stmt = n;
  d->id = ++L->nlabels;
  d->prev = p->active;
  *idmap_slot(L->defer_at, n->id) = d;
  p->active = d;
  L->all_defers =
      acc_grow(L->all_defers, sizeof *L->all_defers, (size_t)L->ndefers);
  L->all_defers[L->ndefers++] = d;
  return d;
}

static void find_try(Node *n, void *found)
{
  if (n->kind == ND_TRY)
    *(bool *)found = true;
}

// In a deferred statement that awaits, ac_defer_reason() reads the frame
// temporary that keeps the error (defer_body); a defer nested in it has its
// own.
typedef struct Reason {
  Lower *L;
  const char *text;
} Reason;

static void note_reason(Node *n, void *arg)
{
  Reason *r = arg;
  if (n->kind == ND_DEFER)
    return;
  if (is_call_to(r->L->u, n, "ac_defer_reason"))
    repl_text(r->L, n, r->text);
  ast_visit_children(n, note_reason, r);
}

static void plan_list(Plan *p, Node *items)
{
  Defer *entry = p->active;
  Node *last = NULL;  // the last item that can suspend
  for (Node *it = items; it; it = it->next)
    if (p->L->an->marks[it->id] & NM_SUSPENDS)
      last = it;
  bool later = last != NULL;
  for (Node *it = items; it; it = it->next) {
    later = later && it != last;
    p->suspends_yet = later;
    plan(p, it);
  }
  p->active = entry;
}

// A statement of its own scope (a branch, a loop's body), not in a list.
static void plan_alone(Plan *p, Node *n)
{
  p->suspends_yet = false;
  plan(p, n);
}

static void plan(Plan *p, Node *n)
{
  if (!n)
    return;
  switch (n->kind) {
  case ND_BLOCK: plan_list(p, n->list); return;
  case ND_DECL:  // a frame variable's cleanup(fn) runs like a defer
    for (Node *d = n->list; d; d = d->next) {
      FrameVar *v = frame_var(p->L->an, d->decl->sym);
      if (v && v->cleanup) {
        Defer *c = new_defer(p, d);
        c->cleanup = v;
        c->chain_safe = p->suspends_yet;
      }
    }
    return;
  case ND_DEFER: {
    Lower *L = p->L;
    Defer *d = new_defer(p, n);
    d->chain_safe = p->suspends_yet;
    bool has_try = false;
    ast_walk_post(n->body, find_try, &has_try);
    if (has_await(L->an, n->body) || has_try) {
      // Its awaits and handlers must not see (or clear) the error being
      // unwound: it is set aside here (defer_body).
      d->reason = L->direct ? arena_printf(&L->u->arena, "ac__reason_%d", d->id)
                            : arena_printf(&L->u->arena, "ac__f->%s",
                                           new_temp(L, "int"));
      Reason r = {L, arena_printf(&L->u->arena, "(%s)", d->reason)};
      note_reason(n->body, &r);
    }
    // The deferred statement runs with the defers active where it
    // registered; its own defers chain to those.
    p->active = d->prev;
    p->in_defer++;
    plan_alone(p, n->body);
    p->in_defer--;
    p->active = d;
    return;
  }
  case ND_TRY: {
    Defer *entry = p->active;
    new_defer(p, n)->inline_unwind = p->in_defer > 0;
    plan_alone(p, n->then);
    p->active = entry;
    plan_alone(p, n->els);
    p->active = entry;
    return;
  }
  case ND_LABEL:
    *idmap_slot(p->L->defer_at, n->id) = p->active;
    plan(p, n->body);
    return;
  case ND_IF: {
    Defer *entry = p->active;
    plan_alone(p, n->then);
    p->active = entry;
    plan_alone(p, n->els);
    p->active = entry;
    return;
  }
  case ND_WHILE:
  case ND_DO:
  case ND_FOR:
  case ND_SWITCH:
  case ND_CASE:
  case ND_DEFAULT: {
    Defer *entry = p->active;
    if (n->kind == ND_CASE || n->kind == ND_DEFAULT)
      plan(p, n->body);  // (a statement of its block's list)
    else
      plan_alone(p, n->body);
    if (n->kind != ND_CASE && n->kind != ND_DEFAULT)
      p->active = entry;
    return;
  }
  default: return;
  }
}

// ac_defer_reason(): why a deferred statement runs — 0 on a normal exit,
// the error code (AC_ECANCELED for cancellation) while unwinding.
// In an async function, __func__ names the function, not the generated
// function its body lands in (ac__NAME_resume, ac__NAME_direct).
// In a resume function every reference to a frame variable prints as its
// frame field (noted in the same walk).
static void note_builtin(Node *n, void *arg)
{
  Lower *L = arg;
  Unit *u = L->u;
  FrameVar *v = (n->kind == ND_IDENT || n->kind == ND_COMPOUND_LIT) &&
                        L->async && !L->direct
                    ? frame_var(L->an, n->sym)
                    : NULL;
  if (v) {
    // (a compound literal kept in the frame prints as its variable:
    // print_literal)
    Repl *r = repl_push(L, n->first, n->last);
    r->var = v;
    if (v->literal) {
      r->literal = true;
      r->node = n->init;
    }
  } else if (is_call_to(u, n, "ac_defer_reason"))
    repl_text(L, n, L->direct ? "ac__err" : L->async ? "(ac__self->err)" : "0");
  else if (L->async && n->kind == ND_IDENT && !n->sym &&
           (tok_is(u, n->name, "__func__") ||
            tok_is(u, n->name, "__FUNCTION__") ||
            tok_is(u, n->name, "__PRETTY_FUNCTION__")))
    repl_text(
        L, n,
        arena_printf(&u->arena, "\"%s\"", tok_dup(u, decl_name(L->fn->decl))));
}

// Notes the replacements of the body's builtin calls and frame variables
// before it is written (from the nodes sema listed, when it did).
void note_builtins(Lower *L, Node *body)
{
  int n;
  Node **refs = unit_refs(L->u, body, &n);
  if (!refs)
    ast_walk_post(body, note_builtin, L);
  for (int i = 0; i < n; i++)
    note_builtin(refs[i], L);
}

// Plans the defers of a body (before it is written: goto needs it).
void plan_defers(Lower *L, Node *body)
{
  Plan p = {L, NULL, 0, false};
  plan(&p, body);
}
