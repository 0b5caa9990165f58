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
//       if (ac_await_end(ac__self, &ac__f->ac__t1, sizeof …)) goto unwind;
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
// active at that point, and the chain runs the rest.  Inside a deferred
// statement, ac_defer_reason() is 0 on a normal exit and the error code
// (AC_ECANCELED for cancellation) while unwinding.
//
// This file writes the body: statements and awaits, through the emitter;
// lower_func.c writes what surrounds it (the example's typedefs, frame,
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
  diag_vat(L->u, DIAG_ERROR, tok, tok, fmt, ap);
  va_end(ap);
  L->errors++;
}

//
// Awaits
//

// A new frame temporary of type `type` (text); returns its field name.
static const char *new_temp(Lower *L, const char *type)
{
  const char *name = arena_printf(&L->u->arena, "ac__t%d", ++L->ntemps);
  sb_printf(&L->temps, "  %s %s;\n", type, name);
  return name;
}

// The unwind label an await or ac_raise jumps to here.
static void goto_unwind(Lower *L)
{
  if (L->active) {
    L->active->in_chain = true;
    emit_gen(L->e, "goto ac__unwind_%d;", L->active->id);
  } else {
    L->unwind0_used = true;
    emit_gen(L->e, "goto ac__unwind_0;");
  }
}

static void unwind_inline(Lower *L, int tok)
{
  emit_gen_at(L->e, tok);
  emit_gen(L->e, "  ac__self->err = ac__e;\n");
  run_defers(L, NULL);
  emit_gen_at(L->e, tok);
  emit_gen(L->e, "  return AC_DONE;\n");
}

// Where the result of an await goes: a frame temporary, a frame variable,
// an lvalue, the result slot, or nowhere.
typedef struct Dest {
  const char *addr;  // "&…" text, or NULL to discard
  Node *lvalue;      // …or the address of this lvalue
  const char *size;  // "sizeof …" text
} Dest;

static void hoist(Lower *L, Node *e);
static void hoist_child(Node *e, void *L)
{
  hoist(L, e);
}

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
  emit_gen_at(L->e, aw->first);
  emit_gen(L->e, "  { int ac__e = ac__%s_direct(", callee->name);
  if (dest.addr)
    emit_puts(L->e, dest.addr);
  else
    emit_gen(L->e, "&(ac__%s_result){0}", callee->name);
  for (Node *a = call->list; a; a = a->next) {
    emit_puts(L->e, ", ");
    print_flat(L, a);
  }
  emit_gen(L->e, "); if (ac__e != 0) {\n");
  unwind_inline(L, aw->first);
  emit_gen(L->e, "  } }\n");
}

// Emits one await in two lines, both mapped to the await's line:
//
//   ac__self->state = 1; if (ac_await_call(ac__self, f(x)) == AC_SUSPENDED) return AC_SUSPENDED; /* await, file.ac:9 */
//   ac__resume_1: if (ac_await_end(ac__self, &dest, sizeof dest)) goto ac__unwind_0;
//
// The first saves the state, starts (or waits for) the operand and returns
// if it suspended; the resume label is where the dispatch switch comes back
// to, and the second line finishes the await, unwinding if it raised.
static void emit_await(Lower *L, Node *aw, Dest dest)
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
  bool here = callee && callee->decl && callee->decl->kind == ND_FUNC_DEF;
  if (is_yield(u, operand)) {
    // await ac_sleep(0): a bare yield, straight to the ready queue.
    emit_gen(L->e,
             "  ac__self->state = %d; ac__await_yield(ac__self); return "
             "AC_SUSPENDED; /* await ac_sleep(0), %s:%u:%u */\n",
             state, u->files[t->file].name, t->line, tok_column(u, aw->first));
    emit_gen_at(L->e, aw->first);
    emit_gen(L->e, "ac__resume_%d: if (ac_await_end(ac__self, (void *)0, 0)) ",
             state);
    goto_unwind(L);
    emit_gen(L->e, "\n");
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
    sb_printf(&L->resume_decls,
              "static int ac__%s_resume(ac_task *ac__self);\n"
              "static const ac_desc ac__%s_desc;\n",
              callee->name, callee->name);
  }
  emit_gen(L->e,
           ") == AC_SUSPENDED) return AC_SUSPENDED; /* await, %s:%u:%u */\n",
           u->files[t->file].name, t->line, tok_column(u, aw->first));
  emit_gen_at(L->e, aw->first);
  emit_gen(L->e, "ac__resume_%d: if (ac_await_end%s(ac__self, ", state,
           here ? "_desc" : "");
  if (dest.lvalue) {
    emit_puts(L->e, "&(");
    print_flat(L, dest.lvalue);
    emit_puts(L->e, "), sizeof(");
    print_flat(L, dest.lvalue);
    emit_puts(L->e, ")");
  } else if (dest.addr) {
    emit_gen(L->e, "%s, %s", dest.addr, dest.size);
  } else {
    emit_puts(L->e, "(void *)0, 0");
  }
  if (here)
    emit_gen(L->e, ", &ac__%s_desc", callee->name);
  emit_gen(L->e, ")) ");
  goto_unwind(L);
  emit_gen(L->e, "\n");
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
  const char *type = arena_printf(&u->arena, "ac__%s_result", callee->name);
  const char *t = new_temp(L, type);
  Dest d = {arena_printf(&u->arena, "&ac__f->%s", t), NULL,
            arena_printf(&u->arena, "sizeof ac__f->%s", t)};
  emit_await(L, aw, d);
  repl_text(L, aw, arena_printf(&u->arena, "ac__f->%s", t));
}

// Runs the awaits of expression e, in C's order, before e itself is
// printed; registers replacements so that printing e gives its value.
static void hoist(Lower *L, Node *e)
{
  if (!e || !has_await(L->an, e))
    return;
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
    emit_gen(L->e, ";\n");
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  if (%sac__f->%s) {\n", e->kind == ND_LOGAND ? "" : "!",
             t);
    hoist(L, e->rhs);
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  ac__f->%s = !!", t);
    print_paren(L, e->rhs);
    emit_gen(L->e, ";\n");
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  }\n");
    repl_text(L, e, arena_printf(&u->arena, "ac__f->%s", t));
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
    emit_gen(L->e, ";\n");
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  if (ac__f->%s) {\n", t);
    hoist(L, e->then);
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  } else {\n");
    hoist(L, e->els);
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  }\n");
    repl_text(L, e->cond, arena_printf(&u->arena, "ac__f->%s", t));
    return;
  }
  case ND_COMMA:
    hoist(L, e->lhs);
    if (!has_await(L->an, e->rhs))
      return;
    emit_gen_at(L->e, e->first);
    emit_gen(L->e, "  (void)");
    print_paren(L, e->lhs);
    emit_gen(L->e, ";\n");
    hoist(L, e->rhs);
    repl_push(L, e->first, e->last)->node = e->rhs;
    return;
  default: break;
  }
  // Unsequenced operands: run their awaits in source order.
  ast_visit_children(e, hoist_child, L);
}

//
// Statements
//

// Emits the deferred statements registered since `until`, innermost first
// (a normal exit from their blocks).
void run_defers(Lower *L, Defer *until)
{
  for (Defer *d = L->active; d && d != until; d = d->prev) {
    emit_gen_at(L->e, d->stmt->first);
    emit_gen(L->e, "  {\n");
    Defer *act = L->active;
    L->active = d->prev;
    stmt(L, d->stmt->body);
    L->active = act;
    emit_newline(L->e);
    emit_gen(L->e, "  }\n");
  }
}

// The value of `return e;` into the result, given as an lvalue and as its
// address.  A struct is copied with memcpy (it may have const members).
static void store_result(Lower *L, Node *e, const char *lvalue,
                         const char *addr)
{
  Node *fn = L->fn;
  emit_gen_at(L->e, e->first);
  if ((fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl)) {
    emit_gen(L->e, "  (void)");
    print_paren(L, e);
    emit_gen(L->e, ";\n");
  } else if (is_aggregate(L->u, fn->specs, fn->decl)) {
    emit_gen(L->e, "  { ac__%s_result ac__v = ", L->name);
    print_flat(L, e);
    emit_gen(L->e, "; __builtin_memcpy(%s, &ac__v, sizeof ac__v); }\n", addr);
  } else {
    emit_gen(L->e, "  %s = ", lvalue);
    print_flat(L, e);
    emit_gen(L->e, ";\n");
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
  emit_gen(L->e, "  {\n");
  Node *s = strip_parens(e);
  bool is_void = (L->fn->specs->flags & SPEC_VOID) && !has_pointer(L->fn->decl);
  if (!L->async) {
    if (e) {
      emit_gen_at(L->e, n->first);
      emit_gen(L->e, "  ac__return_t ac__ret = ");
      print_flat(L, e);
      emit_gen(L->e, ";\n");
    }
  } else if (L->direct) {
    if (e)
      store_result(L, e, "*ac__r", "ac__r");
  } else if (s && s->kind == ND_AWAIT && !async_callee(s->lhs)) {
    // return await h;  — straight into the result slot.
    Dest d = {is_void ? NULL : "&ac__f->result", NULL, "sizeof ac__f->result"};
    emit_await(L, s, d);
  } else if (e) {
    hoist(L, e);
    store_result(L, e, "ac__f->result", "&ac__f->result");
  }
  run_defers(L, NULL);
  emit_gen_at(L->e, n->first);
  emit_gen(L->e, !L->async
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
  emit_gen(L->e, "  {\n");
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
  Defer *target = found ? L->defer_at[found->id] : NULL;
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
  emit_gen(L->e, "  {\n");
  run_defers(L, common);
  print_node(L, n);
  emit_gen(L->e, "\n  }\n");
}

// A local declaration: frame variables are assigned their initial values;
// the others stay declarations.
static void stmt_decl(Lower *L, Node *n)
{
  Unit *u = L->u;
  if (L->an->marks[n->id] & NM_HOISTED)
    return;
  bool frame = false;
  for (Node *d = n->list; d; d = d->next)
    if (frame_var(L->an, d->decl->sym))
      frame = true;
  if (!frame && !has_await(L->an, n)) {
    print_node(L, n);
    return;
  }
  for (Node *d = n->list; d; d = d->next) {
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
      emit_gen(L->e, ";\n");
      continue;
    }
    if (!init)
      continue;
    if (si->kind == ND_AWAIT && !async_callee(si->lhs)) {
      // T x = await h;  — the handle's result lands in x.
      Dest dest = {arena_printf(&u->arena, "&ac__f->%s", s->field), NULL,
                   arena_printf(&u->arena, "sizeof ac__f->%s", s->field)};
      emit_await(L, si, dest);
      continue;
    }
    hoist(L, init);
    emit_gen_at(L->e, d->first);
    if (init->kind == ND_INIT_LIST ||
        (si->kind == ND_STR && name_part_kind(d->decl) == DP_ARRAY)) {
      // Arrays and braces: copy from a compound literal of the same type.
      emit_gen(L->e, "  __builtin_memcpy(&ac__f->%s, &(%s)", s->field,
               arena_printf(&u->arena, "ac__%s_T_%s", L->name, s->field));
      bool braces = init->kind != ND_INIT_LIST;  // "text" → {"text"}
      if (braces)
        emit_puts(L->e, "{");
      print_flat(L, init);
      if (braces)
        emit_puts(L->e, "}");
      emit_gen(L->e, ", sizeof ac__f->%s);\n", s->field);
    } else if (is_aggregate(u, n->specs, d->decl)) {
      emit_gen(L->e, "  { ac__%s_T_%s ac__v = ", L->name, s->field);
      print_flat(L, init);
      emit_gen(L->e,
               "; __builtin_memcpy(&ac__f->%s, &ac__v, sizeof ac__v); }\n",
               s->field);
    } else {
      emit_gen(L->e, "  ac__f->%s = ", s->field);
      print_flat(L, init);
      emit_gen(L->e, ";\n");
    }
  }
}

static void stmt_expr(Lower *L, Node *n)
{
  Node *e = strip_parens(n->lhs);
  if (!has_await(L->an, e)) {
    if (e->kind == ND_CALL && L->direct && is_call_to(L->u, e, "ac_raise")) {
      emit_gen_at(L->e, n->first);
      emit_gen(L->e, "  {\n");
      emit_gen_at(L->e, n->first);
      emit_gen(L->e, "  ac__err = ac__raise_code(");
      print_flat(L, e->list);
      emit_gen(L->e, ");\n");
      run_defers(L, NULL);
      emit_gen_at(L->e, n->first);
      emit_gen(L->e, "  return ac__err;\n  }\n");
      return;
    }
    if (e->kind == ND_CALL && L->async && is_call_to(L->u, e, "ac_raise")) {
      emit_gen_at(L->e, n->first);
      emit_gen(L->e, "  {\n  int ac__e = ac__raise_code(");
      print_flat(L, e->list);
      emit_gen(L->e, ");\n");
      unwind_inline(L, n->first);
      emit_gen(L->e, "  }\n");
      return;
    }
    print_node(L, n);
    return;
  }
  emit_gen_at(L->e, n->first);
  emit_gen(L->e, "  {\n");
  if (e->kind == ND_AWAIT) {
    emit_await(L, e, (Dest){0});  // await f(x);  — the result is dropped
  } else if (e->kind == ND_CAST && strip_parens(e->lhs)->kind == ND_AWAIT &&
             e->type && e->type->specs->flags & SPEC_VOID) {
    emit_await(L, strip_parens(e->lhs), (Dest){0});
  } else if (e->kind == ND_ASSIGN && e->op == '=' &&
             strip_parens(e->rhs)->kind == ND_AWAIT &&
             !async_callee(strip_parens(e->rhs)->lhs) &&
             !has_await(L->an, e->lhs)) {
    // x = await h;  — the handle's result lands in x.
    emit_await(L, strip_parens(e->rhs), (Dest){NULL, e->lhs, NULL});
  } else {
    hoist(L, e);
    emit_gen_at(L->e, n->first);
    emit_gen(L->e, "  ");
    print_flat(L, n);
    emit_newline(L->e);
  }
  emit_gen(L->e, "  }\n");
}

void stmt_block(Lower *L, Node *n)
{
  Defer *entry = L->active;
  emit_tok(L->e, n->first);  // {
  for (Node *it = n->list; it; it = it->next)
    stmt(L, it);
  run_defers(L, entry);
  L->active = entry;
  emit_tok(L->e, n->last);  // }
}

static void stmt_defer(Lower *L, Node *n)
{
  L->active = L->defer_at[n->id];
}

static void stmt_if(Lower *L, Node *n)
{
  bool wrap = has_await(L->an, n->cond);
  if (wrap) {
    emit_gen_at(L->e, n->first);
    emit_gen(L->e, "  {\n");
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
    emit_gen(L->e, "\n  }\n");
}

static void stmt_switch(Lower *L, Node *n)
{
  bool wrap = has_await(L->an, n->cond);
  if (wrap) {
    emit_gen_at(L->e, n->first);
    emit_gen(L->e, "  {\n");
    hoist(L, n->cond);
  }
  print_range(L, n->first, n->cond->last + 1);
  jump_push(L, (Jump){L->active, 0, false, false});
  stmt(L, n->body);
  L->njumps--;
  if (wrap)
    emit_gen(L->e, "\n  }\n");
}

// `while`/`do`/`for` whose condition or increment awaits become `for (;;)`
// loops with the evaluation inside; `continue` then jumps to a label just
// before the re-evaluation.
static void stmt_loop(Lower *L, Node *n)
{
  bool await_head = has_await(L->an, n->cond) || has_await(L->an, n->inc) ||
                    (n->kind == ND_FOR && has_await(L->an, n->init));
  bool decl_init = n->kind == ND_FOR && n->init && n->init->kind == ND_DECL;
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
  emit_gen(L->e, "  {\n");
  if (n->kind == ND_FOR && n->init) {
    if (n->init->kind == ND_DECL) {
      stmt_decl(L, n->init);
    } else if (n->init->lhs) {
      hoist(L, n->init->lhs);
      emit_gen_at(L->e, n->first);
      emit_gen(L->e, "  ");
      print_flat(L, n->init);
      emit_newline(L->e);
    }
  }
  emit_gen_at(L->e, n->first);
  emit_gen(L->e, "  for (;;) {\n");
  if (n->kind != ND_DO && n->cond) {
    hoist(L, n->cond);
    emit_gen_at(L->e, n->cond->first);
    emit_gen(L->e, "  if (!");
    print_paren(L, n->cond);
    emit_gen(L->e, ") break;\n");
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
    emit_gen(L->e, "  if (!");
    print_paren(L, n->cond);
    emit_gen(L->e, ") break;\n");
  } else if (n->inc) {
    hoist(L, n->inc);
    emit_gen_at(L->e, n->inc->first);
    emit_gen(L->e, "  (void)");
    print_paren(L, n->inc);
    emit_gen(L->e, ";\n");
  }
  emit_gen(L->e, "  }\n  }\n");
}

void stmt(Lower *L, Node *n)
{
  if (!n)
    return;
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
} Plan;

static void plan(Plan *p, Node *n);

static void plan_list(Plan *p, Node *items)
{
  Defer *entry = p->active;
  for (Node *it = items; it; it = it->next)
    plan(p, it);
  p->active = entry;
}

static void plan(Plan *p, Node *n)
{
  if (!n)
    return;
  switch (n->kind) {
  case ND_BLOCK: plan_list(p, n->list); return;
  case ND_DEFER: {
    Lower *L = p->L;
    Defer *d = arena_alloc(&L->u->arena, sizeof *d);
    d->stmt = n;
    d->id = ++L->nlabels;
    d->prev = p->active;
    L->defer_at[n->id] = d;
    p->active = d;
    L->all_defers =
        acc_grow(L->all_defers, sizeof *L->all_defers, (size_t)L->ndefers);
    L->all_defers[L->ndefers++] = d;
    return;
  }
  case ND_LABEL:
    p->L->defer_at[n->id] = p->active;
    plan(p, n->body);
    return;
  case ND_IF: {
    Defer *entry = p->active;
    plan(p, n->then);
    p->active = entry;
    plan(p, n->els);
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
    plan(p, n->body);
    if (n->kind != ND_CASE && n->kind != ND_DEFAULT)
      p->active = entry;
    return;
  }
  default: return;
  }
}

// ac_defer_reason(): why a deferred statement runs — 0 on a normal exit,
// the error code (AC_ECANCELED for cancellation) while unwinding.
static void note_builtin(Node *n, void *arg)
{
  Lower *L = arg;
  if (is_call_to(L->u, n, "ac_defer_reason"))
    repl_text(L, n, L->direct ? "ac__err" : L->async ? "(ac__self->err)" : "0");
}

// Notes the replacements of the body's builtin calls before it is written.
void note_builtins(Lower *L, Node *body)
{
  ast_walk_post(body, note_builtin, L);
}

// Plans the defers of a body (before it is written: goto needs it).
void plan_defers(Lower *L, Node *body)
{
  Plan p = {L, NULL};
  plan(&p, body);
}
