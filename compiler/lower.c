// lower.c — async functions become state machines; `defer` becomes code at
// every exit of its block.
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
// What lives in the frame.  Parameters, and every local whose scope — from
// its declaration to the end of its block — contains an await: only those
// can be live across a suspension, and keeping them in the frame also keeps
// their addresses valid for the life of the task.  Every other local stays a
// plain C local of the resume function, so loops without awaits run as fast
// as ordinary C.  Static and extern locals, typedefs and tags stay where
// they are.  Each frame variable has a typedef (ac__F_T_x) so that typeof
// expressions and temporaries can name its type at file scope.
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
#include "acc.h"

#include <stdlib.h>
#include <string.h>

// A replacement of the tokens first..last (first is where it is stored):
// print `text`, or print `node` instead, or, for a frame variable, its
// frame field.
typedef struct Repl {
  int last;
  const char *text;
  Node *node;
  Symbol *var; // a reference to a frame variable
  struct Repl *next; // another replacement starting at the same token
} Repl;

// A variable kept in the frame.
typedef struct FrameVar {
  Symbol *sym;
  const char *field; // its member name in the frame struct
  const char *tname; // its typedef name
  Node *specs;       // its declaration specifiers
  Node *decl;        // its declarator
  Node *init;        // its initialiser, or NULL
  bool param;
  struct FrameVar *next;
} FrameVar;

// A defer statement, in the chain of defers active where it registers.
typedef struct Defer {
  Node *stmt; // the DEFER node
  int id;     // its unwind label: ac__unwind_<id>
  struct Defer *prev;
  bool in_chain; // an await or ac_raise may jump to it
  bool marked;   // scratch, for goto's common-ancestor walk
} Defer;

// What break and continue mean at this point.
typedef struct Jump {
  Defer *defers; // defers active where the loop or switch began
  int cont;      // > 0: continue is `goto ac__cont_<cont>`
  bool is_loop;  // a loop (continue applies), not a switch
  bool cont_used; // a continue jumped to ac__cont_<cont>
} Jump;

typedef struct Lower {
  Unit *u;
  StrBuf *out;
  Node *fn;
  bool async;
  bool direct; // an async function without await: its body is a plain C
               // function, ac__NAME_direct (see emit_direct)
  const char *name;  // the function's name
  int base;          // fn->first: repl is indexed from it
  Repl **repl;
  // Output position: the output is at source line `line` of `file` when
  // `synced`; `prev` is the last source token printed (for spacing).
  unsigned line;
  int file;
  bool synced;
  bool bol;  // at the beginning of an output line
  bool flat; // printing source tokens inside a generated line
  int prev;
  // Frame
  FrameVar *vars;
  FrameVar **vars_tail;
  StrBuf temps; // temporaries' member declarations
  int ntemps;
  int nstates;
  StrBuf lines; // the .ac line of each state's await
  int nlabels;
  // Control
  Defer *active;
  Defer **all_defers;
  int ndefers;
  Jump jumps[256];
  int njumps;
  bool unwind0_used;
  Node **hoisted; // local typedefs and tag definitions, moved to file scope
  int nhoisted;
  FrameVar **live; // frame variables in scope where the output is
  int nlive;
  StrBuf report_awaits; // --frame-report: what each await holds
  StrBuf resume_decls;  // forward declarations of same-file callees' resumes
  int errors;
} Lower;

// Marks (in Node.aux) a declaration moved to file scope.
static char hoist_mark;

static void stmt(Lower *L, Node *n);
static void print_node(Lower *L, Node *n);

//
// Small helpers
//

static Unit *U(Lower *L) { return L->u; }

static char *tok_dup(Unit *u, int i) {
  return arena_strndup(&u->arena, tok_text(u, i), u->toks[i].len);
}

static void error_at(Lower *L, int tok, const char *fmt, const char *arg) {
  diag_at(L->u, DIAG_ERROR, tok, fmt, arg);
  L->errors++;
}

// Calls fn on every node of a subtree, children first.
static void walk(Node *n, void (*fn)(Node *, void *), void *arg);

typedef struct WalkCtx {
  void (*fn)(Node *, void *);
  void *arg;
} WalkCtx;

static void walk_child(Node *n, void *p) {
  WalkCtx *w = p;
  ast_visit_children(n, walk_child, w);
  w->fn(n, w->arg);
}

static void walk(Node *n, void (*fn)(Node *, void *), void *arg) {
  if (!n)
    return;
  WalkCtx w = {fn, arg};
  walk_child(n, &w);
}

// Marks every node that contains an await or a defer (NF_HAS_AWAIT,
// NF_HAS_DEFER) and returns the flags of n.
static int mark(Node *n) {
  if (n->flags & NF_MARKED)
    return n->flags & (NF_HAS_AWAIT | NF_HAS_DEFER);
  int f = n->kind == ND_AWAIT ? NF_HAS_AWAIT : n->kind == ND_DEFER ? NF_HAS_DEFER : 0;
#define X(field)                                                               \
  if (n->field)                                                                \
    f |= mark(n->field);
  NODE_CHILD_FIELDS(X)
  X(body)
#undef X
  for (Node *c = n->list; c; c = c->next)
    f |= mark(c);
  n->flags |= f | NF_MARKED;
  return f & (NF_HAS_AWAIT | NF_HAS_DEFER);
}

static bool has_await(Node *n) { return n && (n->flags & NF_HAS_AWAIT); }

static Node *strip_parens(Node *e) {
  while (e && e->kind == ND_PAREN)
    e = e->lhs;
  return e;
}

//
// Output
//

// Every byte of output goes through here: it keeps `line` (the source line
// the current output line stands for) up to date.
static void put(Lower *L, const char *s, size_t n) {
  if (n == 0)
    return;
  sb_append(L->out, s, n);
  for (const char *p = s, *end = s + n; (p = memchr(p, '\n', (size_t)(end - p)));
       p++)
    L->line++;
  L->bol = s[n - 1] == '\n';
}

static void puts_(Lower *L, const char *s) { put(L, s, strlen(s)); }

// Generated code.  gen_at() first maps the output line to the source line
// it comes from.
static void gen(Lower *L, const char *fmt, ...) ACC_PRINTF(2, 3);
static void put_number(Lower *L, long long v) {
  char buf[24];
  int n = 0;
  unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
  do
    buf[sizeof buf - 1 - n++] = (char)('0' + u % 10);
  while ((u /= 10) != 0);
  if (v < 0)
    buf[sizeof buf - 1 - n++] = '-';
  put(L, buf + sizeof buf - n, (size_t)n);
}

// A small printf for generated text: %s, %d and %u are all it needs (a
// generated line goes through here, and libc's printf was a tenth of the
// translator's time).
static void gen(Lower *L, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (const char *p = fmt;;) {
    const char *q = strchr(p, '%');
    if (!q) {
      puts_(L, p);
      break;
    }
    put(L, p, (size_t)(q - p));
    switch (q[1]) {
    case 's':
      puts_(L, va_arg(ap, const char *));
      break;
    case 'd':
      put_number(L, va_arg(ap, int));
      break;
    case 'u':
      put_number(L, va_arg(ap, unsigned));
      break;
    case '%':
      put(L, "%", 1);
      break;
    default:
      UNREACHABLE(); // a format gen() does not know
    }
    p = q + 2;
  }
  va_end(ap);
}

static void newline(Lower *L) {
  if (!L->bol)
    put(L, "\n", 1);
}

// Emits a #line directive so that the next output line is `tok`'s line.
static void sync_to(Lower *L, int tok) {
  Unit *u = U(L);
  Token *t = &u->toks[tok];
  if (!L->bol)
    put(L, "\n", 1);
  sb_line_marker(L->out, t->line, u->files[t->file].name);
  L->bol = true;
  L->line = t->line;
  L->file = t->file;
  L->synced = true;
  L->prev = -1;
}

// Starts generated code on a line of its own mapped to `tok`'s line, so
// that cc's messages and the debugger place it there.
static void gen_at(Lower *L, int tok) {
  Token *t = &U(L)->toks[tok];
  newline(L);
  if (!L->synced || L->file != t->file || L->line != t->line)
    sync_to(L, tok);
}

// Boilerplate that stands for no line of the source (the frame, the
// dispatch switch) is attributed to a file of its own, so that a debugger's
// breakpoints and steps never land in it by accident of numbering.
static void gen_boiler(Lower *L) {
  newline(L);
  sb_puts(L->out, "# 1 \"<acc generated>\"\n");
  L->bol = true;
  L->synced = false;
  L->prev = -1;
}

// Moves the output to token i's position: same line (a space if the source
// had one), a later line (the source's own text in between, comments and
// all, when it bridges exactly), or anywhere else (a #line).
static void position(Lower *L, int i) {
  Unit *u = U(L);
  Token *t = &u->toks[i];
  if (L->flat) {
    // Inside a generated line: one line, a space where the source had one.
    char last = L->out->len ? L->out->data[L->out->len - 1] : '\n';
    if (last != ' ' && last != '(' && last != '\n' &&
        (L->prev < 0 || L->prev >= i ||
         u->toks[L->prev].off + u->toks[L->prev].len < t->off))
      put(L, " ", 1);
    return;
  }
  if (L->synced && t->file == L->file && t->line == L->line && !L->bol) {
    if (L->prev >= 0 && L->prev < i) {
      uint32_t end = u->toks[L->prev].off + u->toks[L->prev].len;
      if (end < t->off)
        put(L, " ", 1);
    } else {
      put(L, " ", 1);
    }
    return;
  }
  if (L->synced && t->file == L->file && t->line > L->line && L->prev >= 0 &&
      L->prev == i - 1) {
    // Copy the gap when it is exactly the newlines between the two lines.
    uint32_t from = u->toks[L->prev].off + u->toks[L->prev].len;
    unsigned nl = 0;
    for (uint32_t k = from; k < t->off; k++)
      nl += u->text[k] == '\n';
    if (nl == t->line - L->line) {
      put(L, u->text + from, t->off - from);
      L->line = t->line;
      return;
    }
  }
  if (L->synced && t->file == L->file && t->line > L->line &&
      t->line - L->line <= 4) {
    while (L->line < t->line)
      put(L, "\n", 1); // put() counts the line
  } else if (!L->synced || t->file != L->file || t->line != L->line) {
    sync_to(L, i);
  }
  // Indent as the source line does (its leading white space, also for a
  // token that was not first on its line).
  if (L->bol) {
    uint32_t ls = t->off;
    while (ls > 0 && u->text[ls - 1] != '\n')
      ls--;
    for (uint32_t k = ls; k < t->off && (u->text[k] == ' ' || u->text[k] == '\t'); k++)
      put(L, u->text + k, 1);
  } else {
    put(L, " ", 1);
  }
}

static void print_tok(Lower *L, int i) {
  position(L, i);
  put(L, tok_text(U(L), i), U(L)->toks[i].len);
  L->prev = i;
}

//
// Replacements
//

static Repl **repl_slot(Lower *L, int tok) { return &L->repl[tok - L->base]; }

static Repl *repl_push(Lower *L, int first, int last) {
  Repl *r = arena_alloc(&U(L)->arena, sizeof *r);
  r->last = last;
  Repl **slot = repl_slot(L, first);
  r->next = *slot;
  *slot = r;
  return r;
}

static void repl_text(Lower *L, Node *n, const char *text) {
  repl_push(L, n->first, n->last)->text = text;
}

// The widest replacement at token i that fits in ..last.
static Repl *best_repl(Lower *L, int i, int last) {
  Repl *best = NULL;
  for (Repl *r = *repl_slot(L, i); r; r = r->next)
    if (r->last <= last && (!best || r->last > best->last))
      best = r;
  return best;
}

// Whether frame variables print as `ac__f->x` (in the body) or as
// `(*(ac__F_T_x *)0)` (in typeof expressions at file scope).
static bool typeof_mode;

static void print_range(Lower *L, int first, int last) {
  for (int i = first; i <= last;) {
    Repl *r = best_repl(L, i, last);
    if (!r) {
      print_tok(L, i);
      i++;
      continue;
    }
    if (r->node) {
      print_node(L, r->node);
    } else {
      position(L, i);
      if (r->var && typeof_mode) {
        sb_puts(L->out, "(*(ac__");
        sb_puts(L->out, L->name);
        sb_puts(L->out, "_T_");
        sb_puts(L->out, r->var->field);
        sb_puts(L->out, " *)0)");
      } else if (r->var) {
        sb_puts(L->out, "ac__f->");
        sb_puts(L->out, r->var->field);
      } else {
        puts_(L, r->text);
      }
      L->bol = false;
    }
    L->prev = r->last;
    i = r->last + 1;
  }
}

static void print_node(Lower *L, Node *n) {
  if (n)
    print_range(L, n->first, n->last);
}

// Prints a node on the current generated line.
static void print_flat(Lower *L, Node *n) {
  bool saved = L->flat;
  L->flat = true;
  L->prev = -1;
  print_node(L, n);
  L->flat = saved;
}

// Prints a node in parentheses (for use inside generated code).
static void print_paren(Lower *L, Node *n) {
  puts_(L, "(");
  print_flat(L, n);
  puts_(L, ")");
}

//
// Types, as text
//

// Prints declaration specifiers without storage classes, function
// specifiers and attributes (and without top-level qualifiers when
// `drop_quals`): what a typedef of the declared type needs.
static void print_type_specs(Lower *L, Node *specs, bool drop_quals) {
  Unit *u = U(L);
  for (int i = specs->first; i <= specs->last; i++) {
    int k = u->toks[i].kind;
    bool skip = k == TOK_TYPEDEF || k == TOK_EXTERN || k == TOK_STATIC ||
                k == TOK_AUTO || k == TOK_REGISTER || k == TOK_THREAD_LOCAL ||
                k == TOK_INLINE || k == TOK_NORETURN || k == TOK_ASYNC ||
                k == TOK_ATTRIBUTE || k == TOK_EXTENSION ||
                (drop_quals && (k == TOK_CONST || k == TOK_VOLATILE));
    if (k == TOK_ALIGNAS) { // _Alignas ( … ): skip the whole specifier
      int depth = 0;
      for (i++; i <= specs->last; i++) {
        if (u->toks[i].kind == '(')
          depth++;
        else if (u->toks[i].kind == ')' && --depth == 0)
          break;
      }
      continue;
    }
    if (skip)
      continue;
    Repl *r = best_repl(L, i, specs->last);
    if (r) { // a typeof(expr) naming a frame variable
      print_range(L, i, r->last);
      i = r->last;
      continue;
    }
    print_tok(L, i);
  }
}

// Whether a declarator has a pointer part anywhere (then qualifiers in the
// specifiers are not top-level).
static bool has_pointer(Node *d) {
  for (; d; d = d->inner)
    if (d->rhs)
      return true;
  return false;
}

// Whether a declared type is a struct or union (directly or through
// typedefs): such a value is stored with memcpy, since a struct with a
// const member cannot be assigned even where it can be initialised.
static bool is_aggregate(Unit *u, Node *specs, Node *d) {
  if (!specs || (d && has_pointer(d)))
    return false;
  for (int i = specs->first; i <= specs->last; i++) {
    int k = u->toks[i].kind;
    if (k == TOK_STRUCT || k == TOK_UNION || k == TOK_TYPEOF ||
        k == TOK_AUTO_TYPE)
      return true;
    if (k == TOK_IDENTIFIER) {
      Symbol *s = scope_lookup(u, tok_text(u, i), u->toks[i].len);
      if (s && s->kind == SYM_TYPEDEF &&
          is_aggregate(u, s->specs, s->declarator))
        return true;
    }
  }
  return false;
}

// Prints a declarator with its name replaced by `name` and, if
// `skip_first` is set, the part right after the name left out (a function
// declarator's own parameter list).  Qualifiers right before the name (the
// top-level `const` of `int *const p`) are left out too.
static void print_declarator_as(Lower *L, Node *d, const char *name,
                                Node *skip) {
  Unit *u = U(L);
  int nt = decl_name(d);
  for (int i = d->first; i <= d->last; i++) {
    if (i == nt) {
      position(L, i);
      puts_(L, name);
      L->prev = i;
      continue;
    }
    if (skip && i == skip->first) {
      i = skip->last;
      L->prev = i;
      continue;
    }
    int k = u->toks[i].kind;
    if ((k == TOK_CONST || k == TOK_VOLATILE || k == TOK_RESTRICT ||
         k == TOK_ATTRIBUTE) && nt > i) {
      bool top = true; // only qualifiers until the name
      for (int j = i + 1; j < nt; j++) {
        int kj = u->toks[j].kind;
        if (kj != TOK_CONST && kj != TOK_VOLATILE && kj != TOK_RESTRICT &&
            kj != TOK_ATTRIBUTE)
          top = false;
      }
      if (top)
        continue;
    }
    if (k == TOK_ATTRIBUTE)
      continue;
    Repl *r = best_repl(L, i, d->last);
    if (r) {
      print_range(L, i, r->last);
      i = r->last;
      continue;
    }
    print_tok(L, i);
  }
}

// `typedef T NAME;` for the type a declaration gives to its declarator.
static void typedef_for(Lower *L, Node *specs, Node *d, const char *name,
                        Node *skip) {
  bool saved = L->flat;
  L->flat = true;
  L->prev = -1;
  gen(L, "typedef ");
  print_type_specs(L, specs, !has_pointer(d));
  puts_(L, " ");
  print_declarator_as(L, d, name, skip);
  gen(L, ";\n");
  L->flat = saved;
}

// `int a[] = {1, 2, 3};`: the size comes from the initialiser.
static bool is_unsized_array(Node *d) {
  while (d->name < 0 && d->inner)
    d = d->inner;
  return d->list && d->list->op == DP_ARRAY && !d->list->lhs &&
         d->list->first + 1 == d->list->last;
}

// The type of an unsized array is the type of a compound literal with its
// initialiser: typedef __typeof__((int []){1, 2, 3}) ac__F_T_a;
static void unsized_array_typedef(Lower *L, FrameVar *v) {
  bool saved = L->flat;
  L->flat = true;
  L->prev = -1;
  gen(L, "typedef __typeof__((");
  print_type_specs(L, v->specs, !has_pointer(v->decl));
  puts_(L, " ");
  print_declarator_as(L, v->decl, "", NULL);
  puts_(L, ")");
  bool braces = v->init->kind != ND_INIT_LIST;
  if (braces)
    puts_(L, "{");
  print_node(L, v->init);
  if (braces)
    puts_(L, "}");
  gen(L, ") %s;\n", v->tname);
  L->flat = saved;
}

// The innermost declarator part applied to the name: DP_ARRAY, DP_FUNC,
// DP_POINTER or 0.
static int name_part_kind(Node *d) {
  while (d->inner && d->name < 0 && !d->list && !d->rhs)
    d = d->inner;
  if (d->inner) {
    int k = name_part_kind(d->inner);
    if (k)
      return k;
  }
  if (d->list)
    return d->list->op;
  return d->rhs ? DP_POINTER : 0;
}

// A parameter's typedef, with C's adjustments: an array parameter is a
// pointer to its element, a function parameter a pointer to function.
static void param_typedef(Lower *L, FrameVar *v) {
  int k = name_part_kind(v->decl);
  if (k != DP_ARRAY && k != DP_FUNC) {
    typedef_for(L, v->specs, v->decl, v->tname, NULL);
    return;
  }
  Node *d = v->decl;
  while (d->name < 0 && d->inner)
    d = d->inner;
  char *name = arena_printf(&U(L)->arena, "(*%s)", v->tname);
  typedef_for(L, v->specs, v->decl, name, k == DP_ARRAY ? d->list : NULL);
}

//
// The frame: which variables live in it
//

// The async function a direct call calls, or NULL: `await f(x)` runs f
// inline; any other awaited expression is a handle.
static Symbol *async_callee(Node *e) {
  while (e->kind == ND_PAREN)
    e = e->lhs;
  if (e->kind == ND_CALL && e->lhs->kind == ND_IDENT && e->lhs->sym &&
      e->lhs->sym->kind == SYM_FUNC && e->lhs->sym->is_async)
    return e->lhs->sym;
  return NULL;
}


typedef struct Collect {
  Lower *L;
  int uniq;
} Collect;

static bool field_taken(Lower *L, const char *name) {
  if (!strcmp(name, "hdr") || !strcmp(name, "result"))
    return true;
  for (FrameVar *v = L->vars; v; v = v->next)
    if (!strcmp(v->field, name))
      return true;
  return false;
}

static void add_var(Lower *L, Symbol *sym, Node *specs, Node *decl,
                    Node *init, bool param) {
  Unit *u = U(L);
  // Field names keep the user's name; shadowed names, and names of the
  // frame's own members (hdr, result), get a suffix.
  const char *base = sym->name;
  const char *field = base;
  for (int n = 2; field_taken(L, field); n++)
    field = arena_printf(&u->arena, "%s_%d", base, n);
  FrameVar *v = arena_alloc(&u->arena, sizeof *v);
  v->sym = sym;
  v->field = field;
  v->tname = arena_printf(&u->arena, "ac__%s_T_%s", L->name, field);
  v->specs = specs;
  v->decl = decl;
  v->init = init;
  v->param = param;
  sym->field = field;
  *L->vars_tail = v;
  L->vars_tail = &v->next;
}

static bool is_local_storage(Node *specs) {
  return !(specs->flags & (SPEC_STATIC | SPEC_EXTERN | SPEC_TYPEDEF));
}

static bool suspends(Node *n) { return n && (n->flags & NF_SUSPENDS); }

// A local goes to the frame when an await can happen while it is alive:
// its scope (from the declaration to the end of the block) contains one.
static void collect_block(Lower *L, Node *items);
static bool mark_suspends(Lower *L, Node *n);

static void collect_stmt(Lower *L, Node *n) {
  if (!n)
    return;
  switch (n->kind) {
  case ND_BLOCK:
    collect_block(L, n->list);
    break;
  case ND_FOR:
    if (n->init && n->init->kind == ND_DECL) {
      // The scope of a for's declaration is the whole for statement.
      bool live = suspends(n->init) || suspends(n->cond) ||
                  suspends(n->inc) || suspends(n->body);
      Node *specs = n->init->specs;
      for (Node *d = n->init->list; d; d = d->next)
        if (live && is_local_storage(specs) && d->decl->sym &&
            d->decl->sym->kind == SYM_VAR)
          add_var(L, d->decl->sym, specs, d->decl, d->init, false);
    }
    collect_stmt(L, n->body);
    break;
  case ND_IF:
    collect_stmt(L, n->then);
    collect_stmt(L, n->els);
    break;
  case ND_WHILE:
  case ND_DO:
  case ND_SWITCH:
  case ND_CASE:
  case ND_DEFAULT:
  case ND_LABEL:
    collect_stmt(L, n->body);
    break;
  default:
    break;
  }
}

static void collect_block(Lower *L, Node *items) {
  for (Node *it = items; it; it = it->next) {
    if (it->kind != ND_DECL) {
      collect_stmt(L, it);
      continue;
    }
    if (!it->specs || !is_local_storage(it->specs))
      continue;
    // An await in a later statement of the block, or in the initialiser
    // of a later declarator of this declaration, happens in the scope.  A
    // local's own initialiser does not count (it is not alive yet), except
    // `T x = await h;`, whose handle's result is written straight into x.
    bool later = false;
    for (Node *rest = it->next; rest && !later; rest = rest->next)
      later = suspends(rest);
    for (Node *d = it->list; d; d = d->next) {
      Symbol *s = d->decl->sym;
      bool live = later;
      for (Node *e = d->next; e && !live; e = e->next)
        live = suspends(e);
      Node *si = strip_parens(d->init);
      if (si && si->kind == ND_AWAIT && !async_callee(si->lhs))
        live = true;
      if (live && s && s->kind == SYM_VAR)
        add_var(L, s, it->specs, d->decl, d->init, false);
    }
  }
}

// Every reference to a frame variable prints as its frame field.
static void note_var_ref(Node *n, void *arg) {
  Lower *L = arg;
  if (n->kind == ND_IDENT && n->sym && n->sym->field)
    repl_push(L, n->first, n->last)->var = n->sym;
}

//
// Checks specific to async bodies
//

typedef struct Check {
  Lower *L;
  int in_sizeof; // inside sizeof/typeof/_Alignof/_Generic operands
} Check;

static bool is_call_to(Unit *u, Node *n, const char *name) {
  return n->kind == ND_CALL && n->lhs->kind == ND_IDENT &&
         tok_is(u, n->lhs->name, name);
}

// Nodes whose operands C does not evaluate, and constructs an await cannot
// sit in.
static void check_node(Node *n, void *arg) {
  Lower *L = arg;
  Unit *u = U(L);
  if (n->kind == ND_CALL && L->async &&
      (is_call_to(u, n, "alloca") || is_call_to(u, n, "__builtin_alloca")))
    error_at(L, n->first, "'alloca' cannot be used in an async function: "
             "its memory would not survive a suspension%s", "");
  if (!has_await(n))
    return;
  switch (n->kind) {
  case ND_SIZEOF:
  case ND_ALIGNOF:
  case ND_GENERIC:
  case ND_TYPE_NAME:
  case ND_SPECS:
    error_at(L, n->first, "'await' cannot appear in the operand of '%s', "
             "which is never evaluated", tok_dup(u, n->first));
    break;
  case ND_STMT_EXPR:
    error_at(L, n->first, "'await' inside a statement expression is not "
             "supported%s", "");
    break;
  case ND_COND:
    if (!n->then && has_await(n->els))
      error_at(L, n->first, "'await' in the last operand of '?:' with the "
               "middle operand left out is not supported; use an if%s", "");
    break;
  case ND_DEFER:
    error_at(L, n->first, "'await' inside a deferred statement is not "
             "supported%s", "");
    break;
  case ND_ASM:
    error_at(L, n->first, "'await' inside an asm statement is not "
             "supported%s", "");
    break;
  default:
    break;
  }
}

// A VLA: an array declarator whose size is not a constant (it names a
// variable or calls a function).
static bool names_variable(Node *n) {
  if (!n)
    return false;
  if (n->kind == ND_SIZEOF || n->kind == ND_ALIGNOF)
    return false;
  if (n->kind == ND_IDENT && n->sym &&
      (n->sym->kind == SYM_VAR || n->sym->kind == SYM_FUNC))
    return true;
  if (n->kind == ND_CALL)
    return true;
  Node *kids[] = {n->lhs, n->rhs, n->cond, n->then, n->els};
  for (size_t i = 0; i < sizeof kids / sizeof *kids; i++)
    if (names_variable(kids[i]))
      return true;
  for (Node *c = n->list; c; c = c->next)
    if (names_variable(c))
      return true;
  return false;
}

static bool is_vla(Node *d) {
  for (; d; d = d->inner)
    for (Node *p = d->list; p; p = p->next)
      if (p->op == DP_ARRAY && names_variable(p->lhs))
        return true;
  return false;
}

static void check_vla(Node *n, void *arg) {
  Lower *L = arg;
  if (n->kind == ND_DECL && n->specs && !(n->specs->flags & SPEC_TYPEDEF)) {
    for (Node *d = n->list; d; d = d->next)
      if (is_vla(d->decl))
        error_at(L, decl_name(d->decl) >= 0 ? decl_name(d->decl) : d->first,
                 "variable-length array '%s' in an async function: its size "
                 "must be a constant (or allocate it and free it with defer)",
                 decl_name(d->decl) >= 0 ? tok_dup(U(L), decl_name(d->decl))
                                         : "?");
  }
}

// Local typedefs and struct, union and enum definitions of an async
// function move to file scope, ahead of the frame, which may need them (a
// local of a local struct type).  Their names then have file scope; the C
// compiler reports a clash.
static void find_hoisted(Node *n, void *arg) {
  Lower *L = arg;
  if (n->kind != ND_DECL || !n->specs)
    return;
  bool defines_tag = false;
  for (int i = n->specs->first; i <= n->specs->last; i++)
    if (U(L)->toks[i].kind == '{')
      defines_tag = true;
  if ((n->specs->flags & SPEC_TYPEDEF) || (defines_tag && !n->list)) {
    n->aux = &hoist_mark;
    L->hoisted = realloc(L->hoisted, sizeof *L->hoisted * (size_t)(L->nhoisted + 1));
    L->hoisted[L->nhoisted++] = n;
  }
}

// ac_defer_reason(): why a deferred statement runs — 0 on a normal exit,
// the error code (AC_ECANCELED for cancellation) while unwinding.
static void note_builtins(Node *n, void *arg) {
  Lower *L = arg;
  if (is_call_to(U(L), n, "ac_defer_reason"))
    repl_text(L, n, L->direct ? "ac__err" : L->async ? "(ac__self->err)" : "0");
}

// ac_raise(code) is a statement of async functions, like return.
static void check_raise(Lower *L, Node *n, bool stmt_level) {
  if (!n)
    return;
  // (Outside async functions sema.c reports it.)
  if (is_call_to(U(L), n, "ac_raise") && !stmt_level && L->async)
    error_at(L, n->first, "'ac_raise' must be used as a statement%s", "");
  if (n->kind == ND_EXPR_STMT) {
    check_raise(L, strip_parens(n->lhs), true);
    return;
  }
  // (Only statements and expressions can hold a call.)
  check_raise(L, n->lhs, false);
  check_raise(L, n->rhs, false);
  check_raise(L, n->cond, false);
  check_raise(L, n->then, false);
  check_raise(L, n->els, false);
  check_raise(L, n->init, false);
  check_raise(L, n->inc, false);
  check_raise(L, n->body, false);
  for (Node *c = n->list; c; c = c->next)
    check_raise(L, c, false);
}

// --frame-report: a size the C compiler will fill in; returns "@N@".
static const char *report_value(Lower *L, const char *expr) {
  Unit *u = U(L);
  sb_printf(&u->report_values, "%s%s", u->nreport_values ? ", " : "", expr);
  return arena_printf(&u->arena, "@%d@", u->nreport_values++);
}

static void live_push(Lower *L, Symbol *s) {
  for (FrameVar *v = L->vars; v; v = v->next) {
    if (v->sym != s)
      continue;
    L->live = realloc(L->live, sizeof *L->live * (size_t)(L->nlive + 1));
    L->live[L->nlive++] = v;
  }
}

//
// Awaits
//

// A new frame temporary of type `type` (text); returns its field name.
static const char *new_temp(Lower *L, const char *type) {
  const char *name = arena_printf(&U(L)->arena, "ac__t%d", ++L->ntemps);
  sb_printf(&L->temps, "  %s %s;\n", type, name);
  return name;
}

// The unwind label an await or ac_raise jumps to here.
static void goto_unwind(Lower *L) {
  if (L->active) {
    L->active->in_chain = true;
    gen(L, "goto ac__unwind_%d;", L->active->id);
  } else {
    L->unwind0_used = true;
    gen(L, "goto ac__unwind_0;");
  }
}

// An error raised where no suspension happened (ac_raise, a direct call of
// a function that never suspends): the active defers run right here, where
// every local they name is in scope, then the task ends with the error
// (in ac__e).
static void run_defers(Lower *L, Defer *until);
static void unwind_inline(Lower *L, int tok) {
  gen_at(L, tok);
  gen(L, "  ac__self->err = ac__e;\n");
  run_defers(L, NULL);
  gen_at(L, tok);
  gen(L, "  return AC_DONE;\n");
}

// Where the result of an await goes: a frame temporary, a frame variable,
// an lvalue, the result slot, or nowhere.
typedef struct Dest {
  const char *addr; // "&…" text, or NULL to discard
  Node *lvalue;     // …or the address of this lvalue
  const char *size; // "sizeof …" text
} Dest;

static void hoist(Lower *L, Node *e);

// `ac_sleep(0)` (or 0.0): the runtime's bare yield, which needs no task.
static bool is_yield(Unit *u, Node *e) {
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

// Emits one await in two lines, both mapped to the await's line:
//
//   ac__self->state = 1; if (ac_await_call(ac__self, f(x)) == AC_SUSPENDED) return AC_SUSPENDED; /* await, file.ac:9 */
//   ac__resume_1: if (ac_await_end(ac__self, &dest, sizeof dest)) goto ac__unwind_0;
//
// The first saves the state, starts (or waits for) the operand and returns
// if it suspended; the resume label is where the dispatch switch comes back
// to, and the second line finishes the await, unwinding if it raised.
// The async function a direct call awaits, when it never suspends and is
// defined earlier in this file: its ac__NAME_direct can be called.
static Symbol *direct_callee(Lower *L, Node *operand) {
  Symbol *s = async_callee(operand);
  if (!s || !s->decl || s->decl->kind != ND_FUNC_DEF ||
      s->decl->first >= L->fn->first)
    return NULL;
  return mark(s->decl->body) & NF_HAS_AWAIT ? NULL : s;
}

// `await f(x)` where f never suspends: a plain call, no suspension point.
// Marks (NF_SUSPENDS) the subtrees holding an await that can suspend: any
// await but a direct call of a function that never suspends.  Only those
// decide what lives in the frame.
static bool mark_suspends(Lower *L, Node *n) {
  bool f = n->kind == ND_AWAIT && !direct_callee(L, n->lhs);
#define X(field)                                                               \
  if (n->field && (n->field->flags & NF_HAS_AWAIT))                            \
    f |= mark_suspends(L, n->field);
  NODE_CHILD_FIELDS(X)
  X(body)
#undef X
  for (Node *c = n->list; c; c = c->next)
    if (c->flags & NF_HAS_AWAIT)
      f |= mark_suspends(L, c);
  if (f)
    n->flags |= NF_SUSPENDS;
  return f;
}

static void emit_direct_call(Lower *L, Node *aw, Symbol *callee, Dest dest) {
  Node *call = strip_parens(aw->lhs);
  gen_at(L, aw->first);
  gen(L, "  { int ac__e = ac__%s_direct(", callee->name);
  if (dest.addr)
    puts_(L, dest.addr);
  else
    gen(L, "&(ac__%s_result){0}", callee->name);
  for (Node *a = call->list; a; a = a->next) {
    puts_(L, ", ");
    print_flat(L, a);
  }
  gen(L, "); if (ac__e != 0) {\n");
  unwind_inline(L, aw->first);
  gen(L, "  } }\n");
}

static void emit_await(Lower *L, Node *aw, Dest dest) {
  Unit *u = U(L);
  Node *operand = aw->lhs;
  hoist(L, operand);
  Symbol *direct = direct_callee(L, operand);
  if (direct) {
    emit_direct_call(L, aw, direct, dest);
    return;
  }
  int state = ++L->nstates;
  Token *t = &u->toks[aw->first];
  sb_printf(&L->lines, "%s%u", state > 1 ? ", " : "", t->line);
  if (u->opts->frame_report) {
    sb_printf(&L->report_awaits, "  await at %s:%u (resume point %d) holds:",
              u->files[t->file].name, t->line, state);
    for (int i = 0; i < L->nlive; i++)
      sb_printf(&L->report_awaits, " %s", L->live[i]->field);
    sb_puts(&L->report_awaits, L->nlive ? "\n" : " nothing\n");
  }
  gen_at(L, aw->first);
  Symbol *callee = async_callee(operand);
  bool here = callee && callee->decl && callee->decl->kind == ND_FUNC_DEF;
  if (is_yield(u, operand)) {
    // await ac_sleep(0): a bare yield, straight to the ready queue.
    gen(L, "  ac__self->state = %d; ac__await_yield(ac__self); return "
           "AC_SUSPENDED; /* await ac_sleep(0), %s:%u:%u */\n",
        state, u->files[t->file].name, t->line, tok_column(u, aw->first));
    gen_at(L, aw->first);
    gen(L, "ac__resume_%d: if (ac_await_end(ac__self, (void *)0, 0)) ", state);
    goto_unwind(L);
    gen(L, "\n");
    return;
  }
  gen(L, "  ac__self->state = %d; if (%s(ac__self, ", state,
      here ? "ac_await_call_fn" : callee ? "ac_await_call" : "ac_await_task");
  print_flat(L, operand);
  if (here) {
    // Defined in this file: its resume function is called directly (and
    // can be inlined), and the forward declaration goes before the frame.
    gen(L, ", ac__%s_resume", callee->name);
    sb_printf(&L->resume_decls,
              "static int ac__%s_resume(ac_task *ac__self);\n"
              "static const ac_desc ac__%s_desc;\n",
              callee->name, callee->name);
  }
  gen(L, ") == AC_SUSPENDED) return AC_SUSPENDED; /* await, %s:%u:%u */\n",
      u->files[t->file].name, t->line, tok_column(u, aw->first));
  gen_at(L, aw->first);
  gen(L, "ac__resume_%d: if (ac_await_end%s(ac__self, ", state,
      here ? "_desc" : "");
  if (dest.lvalue) {
    puts_(L, "&(");
    print_flat(L, dest.lvalue);
    puts_(L, "), sizeof(");
    print_flat(L, dest.lvalue);
    puts_(L, ")");
  } else if (dest.addr) {
    sb_printf(L->out, "%s, %s", dest.addr, dest.size);
  } else {
    puts_(L, "(void *)0, 0");
  }
  if (here)
    gen(L, ", &ac__%s_desc", callee->name);
  gen(L, ")) ");
  goto_unwind(L);
  gen(L, "\n");
}

// An await in an expression whose value is used: into a temporary of the
// callee's result type; a handle's type cannot be told here.
static void hoist_await(Lower *L, Node *aw) {
  Unit *u = U(L);
  Symbol *callee = async_callee(aw->lhs);
  if (!callee) {
    error_at(L, aw->first, "cannot tell the type of the result of 'await' "
             "on a handle here; assign it to a variable first (%s)",
             "T x = await h;");
    return;
  }
  const char *type = arena_printf(&u->arena, "ac__%s_result", callee->name);
  const char *t = new_temp(L, type);
  Dest d = {arena_printf(&u->arena, "&ac__f->%s", t),
            NULL,
            arena_printf(&u->arena, "sizeof ac__f->%s", t)};
  emit_await(L, aw, d);
  repl_text(L, aw, arena_printf(&u->arena, "ac__f->%s", t));
}

// Runs the awaits of expression e, in C's order, before e itself is
// printed; registers replacements so that printing e gives its value.
static void hoist(Lower *L, Node *e) {
  if (!e || !has_await(e))
    return;
  Unit *u = U(L);
  switch (e->kind) {
  case ND_AWAIT:
    hoist_await(L, e);
    return;
  case ND_LOGAND:
  case ND_LOGOR: {
    hoist(L, e->lhs);
    if (!has_await(e->rhs))
      return;
    const char *t = new_temp(L, "int");
    gen_at(L, e->first);
    gen(L, "  ac__f->%s = !!", t);
    print_paren(L, e->lhs);
    gen(L, ";\n");
    gen_at(L, e->first);
    gen(L, "  if (%sac__f->%s) {\n", e->kind == ND_LOGAND ? "" : "!", t);
    hoist(L, e->rhs);
    gen_at(L, e->first);
    gen(L, "  ac__f->%s = !!", t);
    print_paren(L, e->rhs);
    gen(L, ";\n");
    gen_at(L, e->first);
    gen(L, "  }\n");
    repl_text(L, e, arena_printf(&u->arena, "ac__f->%s", t));
    return;
  }
  case ND_COND: {
    hoist(L, e->cond);
    if (!has_await(e->then) && !has_await(e->els))
      return;
    const char *t = new_temp(L, "int");
    gen_at(L, e->first);
    gen(L, "  ac__f->%s = !!", t);
    print_paren(L, e->cond);
    gen(L, ";\n");
    gen_at(L, e->first);
    gen(L, "  if (ac__f->%s) {\n", t);
    hoist(L, e->then);
    gen_at(L, e->first);
    gen(L, "  } else {\n");
    hoist(L, e->els);
    gen_at(L, e->first);
    gen(L, "  }\n");
    repl_text(L, e->cond, arena_printf(&u->arena, "ac__f->%s", t));
    return;
  }
  case ND_COMMA:
    hoist(L, e->lhs);
    if (!has_await(e->rhs))
      return;
    gen_at(L, e->first);
    gen(L, "  (void)");
    print_paren(L, e->lhs);
    gen(L, ";\n");
    hoist(L, e->rhs);
    repl_push(L, e->first, e->last)->node = e->rhs;
    return;
  default:
    break;
  }
  // Unsequenced operands: run their awaits in source order.
  Node *kids[] = {e->lhs, e->rhs, e->cond, e->then, e->els, e->init};
  for (size_t i = 0; i < sizeof kids / sizeof *kids; i++)
    hoist(L, kids[i]);
  for (Node *c = e->list; c; c = c->next)
    hoist(L, c);
}

//
// Statements
//

// Emits the deferred statements registered since `until`, innermost first
// (a normal exit from their blocks).
static void run_defers(Lower *L, Defer *until) {
  for (Defer *d = L->active; d && d != until; d = d->prev) {
    gen_at(L, d->stmt->first);
    gen(L, "  {\n");
    Defer *act = L->active;
    L->active = d->prev;
    stmt(L, d->stmt->body);
    L->active = act;
    newline(L);
    gen(L, "  }\n");
  }
}

// The value of `return e;` into the result, given as an lvalue and as its
// address.  A struct is copied with memcpy (it may have const members).
static void store_result(Lower *L, Node *e, const char *lvalue,
                         const char *addr) {
  Node *fn = L->fn;
  gen_at(L, e->first);
  if ((fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl)) {
    gen(L, "  (void)");
    print_paren(L, e);
    gen(L, ";\n");
  } else if (is_aggregate(U(L), fn->specs, fn->decl)) {
    gen(L, "  { ac__%s_result ac__v = ", L->name);
    print_flat(L, e);
    gen(L, "; __builtin_memcpy(%s, &ac__v, sizeof ac__v); }\n", addr);
  } else {
    gen(L, "  %s = ", lvalue);
    print_flat(L, e);
    gen(L, ";\n");
  }
}

// `return e;`: the value first, then the defers, then the end — for a plain
// function with defers, through a local of the return type.
static void stmt_return(Lower *L, Node *n) {
  Node *e = n->lhs;
  if (!L->async && !L->active) {
    print_node(L, n);
    return;
  }
  gen_at(L, n->first);
  gen(L, "  {\n");
  Node *s = strip_parens(e);
  bool is_void = (L->fn->specs->flags & SPEC_VOID) && !has_pointer(L->fn->decl);
  if (!L->async) {
    if (e) {
      gen_at(L, n->first);
      gen(L, "  ac__return_t ac__ret = ");
      print_flat(L, e);
      gen(L, ";\n");
    }
  } else if (L->direct) {
    if (e)
      store_result(L, e, "*ac__r", "ac__r");
  } else if (s && s->kind == ND_AWAIT && !async_callee(s->lhs)) {
    // return await h;  — straight into the result slot.
    Dest d = {is_void ? NULL : "&ac__f->result", NULL,
              "sizeof ac__f->result"};
    emit_await(L, s, d);
  } else if (e) {
    hoist(L, e);
    store_result(L, e, "ac__f->result", "&ac__f->result");
  }
  run_defers(L, NULL);
  gen_at(L, n->first);
  gen(L, !L->async ? (e ? "  return ac__ret;\n  }\n" : "  return;\n  }\n")
         : L->direct ? "  return 0;\n  }\n"
                     : "  return AC_DONE;\n  }\n");
}

// The innermost enclosing loop (or, for break, loop or switch).
static Jump *find_jump(Lower *L, bool loop_only) {
  for (int i = L->njumps - 1; i >= 0; i--)
    if (!loop_only || L->jumps[i].is_loop)
      return &L->jumps[i];
  return NULL;
}

static void stmt_break_continue(Lower *L, Node *n) {
  Jump *j = find_jump(L, n->kind == ND_CONTINUE);
  bool defers = j && L->active != j->defers;
  bool cont_goto = n->kind == ND_CONTINUE && j && j->cont;
  if (!defers && !cont_goto) {
    print_node(L, n);
    return;
  }
  gen_at(L, n->first);
  gen(L, "  {\n");
  run_defers(L, j->defers);
  gen_at(L, n->first);
  if (cont_goto) {
    j->cont_used = true;
    gen(L, "  goto ac__cont_%d;\n  }\n", j->cont);
  }
  else
    gen(L, "  %s;\n  }\n", n->kind == ND_BREAK ? "break" : "continue");
}

// The defers active at the label a goto jumps to.
typedef struct FindLabel {
  Unit *u;
  int name;
  Node *found;
} FindLabel;

static void find_label(Node *n, void *arg) {
  FindLabel *f = arg;
  if (n->kind == ND_LABEL && f->u->toks[n->name].len == f->u->toks[f->name].len &&
      !memcmp(tok_text(f->u, n->name), tok_text(f->u, f->name),
              f->u->toks[f->name].len))
    f->found = n;
}

static void stmt_goto(Lower *L, Node *n) {
  FindLabel f = {U(L), n->name, NULL};
  walk(L->fn->body, find_label, &f);
  Defer *target = f.found ? (Defer *)f.found->aux : NULL;
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
  gen_at(L, n->first);
  gen(L, "  {\n");
  run_defers(L, common);
  print_node(L, n);
  gen(L, "\n  }\n");
}

// A local declaration: frame variables are assigned their initial values;
// the others stay declarations.
static void stmt_decl(Lower *L, Node *n) {
  Unit *u = U(L);
  if (n->aux == &hoist_mark)
    return;
  bool frame = false;
  for (Node *d = n->list; d; d = d->next)
    if (d->decl->sym && d->decl->sym->field)
      frame = true;
  if (!frame && !has_await(n)) {
    print_node(L, n);
    return;
  }
  for (Node *d = n->list; d; d = d->next) {
    Symbol *s = d->decl->sym;
    Node *init = d->init;
    Node *si = strip_parens(init);
    if (!s || !s->field) {
      // A plain local declared next to awaits: its own declaration.
      hoist(L, init);
      gen_at(L, d->first);
      print_flat(L, n->specs);
      puts_(L, " ");
      print_flat(L, d);
      gen(L, ";\n");
      continue;
    }
    if (!init) {
      live_push(L, s);
      continue;
    }
    if (si->kind == ND_AWAIT && !async_callee(si->lhs)) {
      // T x = await h;  — the handle's result lands in x.
      Dest dest = {arena_printf(&u->arena, "&ac__f->%s", s->field), NULL,
                   arena_printf(&u->arena, "sizeof ac__f->%s", s->field)};
      emit_await(L, si, dest);
      live_push(L, s);
      continue;
    }
    hoist(L, init);
    live_push(L, s);
    gen_at(L, d->first);
    if (init->kind == ND_INIT_LIST ||
        (si->kind == ND_STR && name_part_kind(d->decl) == DP_ARRAY)) {
      // Arrays and braces: copy from a compound literal of the same type.
      gen(L, "  __builtin_memcpy(&ac__f->%s, &(%s)", s->field,
          arena_printf(&u->arena, "ac__%s_T_%s", L->name, s->field));
      bool braces = init->kind != ND_INIT_LIST; // "text" → {"text"}
      if (braces)
        puts_(L, "{");
      print_flat(L, init);
      if (braces)
        puts_(L, "}");
      gen(L, ", sizeof ac__f->%s);\n", s->field);
    } else if (is_aggregate(u, n->specs, d->decl)) {
      gen(L, "  { ac__%s_T_%s ac__v = ", L->name, s->field);
      print_flat(L, init);
      gen(L, "; __builtin_memcpy(&ac__f->%s, &ac__v, sizeof ac__v); }\n",
          s->field);
    } else {
      gen(L, "  ac__f->%s = ", s->field);
      print_flat(L, init);
      gen(L, ";\n");
    }
  }
}

static void stmt_expr(Lower *L, Node *n) {
  Node *e = strip_parens(n->lhs);
  if (!has_await(e)) {
    if (e->kind == ND_CALL && L->direct && is_call_to(U(L), e, "ac_raise")) {
      gen_at(L, n->first);
      gen(L, "  {\n");
      gen_at(L, n->first);
      gen(L, "  ac__err = ac__raise_code(");
      print_flat(L, e->list);
      gen(L, ");\n");
      run_defers(L, NULL);
      gen_at(L, n->first);
      gen(L, "  return ac__err;\n  }\n");
      return;
    }
    if (e->kind == ND_CALL && L->async && is_call_to(U(L), e, "ac_raise")) {
      gen_at(L, n->first);
      gen(L, "  {\n  int ac__e = ac__raise_code(");
      print_flat(L, e->list);
      gen(L, ");\n");
      unwind_inline(L, n->first);
      gen(L, "  }\n");
      return;
    }
    print_node(L, n);
    return;
  }
  gen_at(L, n->first);
  gen(L, "  {\n");
  if (e->kind == ND_AWAIT) {
    emit_await(L, e, (Dest){0}); // await f(x);  — the result is dropped
  } else if (e->kind == ND_CAST && strip_parens(e->lhs)->kind == ND_AWAIT &&
             e->type && e->type->specs->flags & SPEC_VOID) {
    emit_await(L, strip_parens(e->lhs), (Dest){0});
  } else if (e->kind == ND_ASSIGN && e->op == '=' &&
             strip_parens(e->rhs)->kind == ND_AWAIT &&
             !async_callee(strip_parens(e->rhs)->lhs) && !has_await(e->lhs)) {
    // x = await h;  — the handle's result lands in x.
    emit_await(L, strip_parens(e->rhs), (Dest){NULL, e->lhs, NULL});
  } else {
    hoist(L, e);
    gen_at(L, n->first);
    gen(L, "  ");
    print_flat(L, n);
    newline(L);
  }
  gen(L, "  }\n");
}

static void stmt_block(Lower *L, Node *n) {
  Defer *entry = L->active;
  int live = L->nlive;
  print_tok(L, n->first); // {
  for (Node *it = n->list; it; it = it->next)
    stmt(L, it);
  run_defers(L, entry);
  L->active = entry;
  L->nlive = live;
  print_tok(L, n->last); // }
}

static void stmt_defer(Lower *L, Node *n) {
  L->active = n->aux;
}

static void stmt_if(Lower *L, Node *n) {
  bool wrap = has_await(n->cond);
  if (wrap) {
    gen_at(L, n->first);
    gen(L, "  {\n");
    hoist(L, n->cond);
  }
  print_tok(L, n->first); // if
  print_range(L, n->first + 1, n->cond->last + 1); // ( cond )
  stmt(L, n->then);
  if (n->els) {
    // `else` is the token before the else branch.
    print_tok(L, n->els->first - 1);
    stmt(L, n->els);
  }
  if (wrap)
    gen(L, "\n  }\n");
}

static void stmt_switch(Lower *L, Node *n) {
  bool wrap = has_await(n->cond);
  if (wrap) {
    gen_at(L, n->first);
    gen(L, "  {\n");
    hoist(L, n->cond);
  }
  print_range(L, n->first, n->cond->last + 1);
  L->jumps[L->njumps++] = (Jump){L->active, 0, false, false};
  stmt(L, n->body);
  L->njumps--;
  if (wrap)
    gen(L, "\n  }\n");
}

// `while`/`do`/`for` whose condition or increment awaits become `for (;;)`
// loops with the evaluation inside; `continue` then jumps to a label just
// before the re-evaluation.
static void stmt_loop(Lower *L, Node *n) {
  bool await_head = has_await(n->cond) || has_await(n->inc) ||
                    (n->kind == ND_FOR && has_await(n->init));
  bool decl_init = n->kind == ND_FOR && n->init && n->init->kind == ND_DECL;
  if (!await_head && !(decl_init && has_await(n))) {
    if (n->kind == ND_DO) {
      print_tok(L, n->first);
      L->jumps[L->njumps++] = (Jump){L->active, 0, true, false};
      stmt(L, n->body);
      L->njumps--;
      print_range(L, n->body->last + 1, n->last);
      return;
    }
    // Print the head as it is, then the body.
    int head_end = n->body->first - 1;
    print_range(L, n->first, head_end);
    L->jumps[L->njumps++] = (Jump){L->active, 0, true, false};
    stmt(L, n->body);
    L->njumps--;
    return;
  }
  int cont = ++L->nlabels;
  int live = L->nlive;
  gen_at(L, n->first);
  gen(L, "  {\n");
  if (n->kind == ND_FOR && n->init) {
    if (n->init->kind == ND_DECL) {
      stmt_decl(L, n->init);
    } else if (n->init->lhs) {
      hoist(L, n->init->lhs);
      gen_at(L, n->first);
      gen(L, "  ");
      print_flat(L, n->init);
      newline(L);
    }
  }
  gen_at(L, n->first);
  gen(L, "  for (;;) {\n");
  if (n->kind != ND_DO && n->cond) {
    hoist(L, n->cond);
    gen_at(L, n->cond->first);
    gen(L, "  if (!");
    print_paren(L, n->cond);
    gen(L, ") break;\n");
  }
  L->jumps[L->njumps++] = (Jump){L->active, cont, true, false};
  stmt(L, n->body);
  bool used = L->jumps[--L->njumps].cont_used;
  if (used) {
    gen_at(L, n->first);
    gen(L, "  ac__cont_%d:;\n", cont);
  }
  if (n->kind == ND_DO) {
    hoist(L, n->cond);
    gen_at(L, n->cond->first);
    gen(L, "  if (!");
    print_paren(L, n->cond);
    gen(L, ") break;\n");
  } else if (n->inc) {
    hoist(L, n->inc);
    gen_at(L, n->inc->first);
    gen(L, "  (void)");
    print_paren(L, n->inc);
    gen(L, ";\n");
  }
  gen(L, "  }\n  }\n");
  L->nlive = live;
}

static void stmt(Lower *L, Node *n) {
  if (!n)
    return;
  switch (n->kind) {
  case ND_BLOCK:
    stmt_block(L, n);
    break;
  case ND_DECL:
    stmt_decl(L, n);
    break;
  case ND_EXPR_STMT:
    stmt_expr(L, n);
    break;
  case ND_IF:
    stmt_if(L, n);
    break;
  case ND_SWITCH:
    stmt_switch(L, n);
    break;
  case ND_WHILE:
  case ND_DO:
  case ND_FOR:
    stmt_loop(L, n);
    break;
  case ND_CASE:
  case ND_DEFAULT:
  case ND_LABEL:
    // The label as written, then its statement.
    print_range(L, n->first, n->body->first - 1);
    stmt(L, n->body);
    break;
  case ND_RETURN:
    stmt_return(L, n);
    break;
  case ND_BREAK:
  case ND_CONTINUE:
    stmt_break_continue(L, n);
    break;
  case ND_GOTO:
    stmt_goto(L, n);
    break;
  case ND_DEFER:
    stmt_defer(L, n);
    break;
  default: // ;  asm  __attribute__((…));  __label__  _Static_assert
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

static void plan_list(Plan *p, Node *items) {
  Defer *entry = p->active;
  for (Node *it = items; it; it = it->next)
    plan(p, it);
  p->active = entry;
}

static void plan(Plan *p, Node *n) {
  if (!n)
    return;
  switch (n->kind) {
  case ND_BLOCK:
    plan_list(p, n->list);
    return;
  case ND_DEFER: {
    Lower *L = p->L;
    Defer *d = arena_alloc(&U(L)->arena, sizeof *d);
    d->stmt = n;
    d->id = ++L->nlabels;
    d->prev = p->active;
    n->aux = d;
    p->active = d;
    L->all_defers = realloc(L->all_defers,
                            sizeof *L->all_defers * (size_t)(L->ndefers + 1));
    L->all_defers[L->ndefers++] = d;
    return;
  }
  case ND_LABEL:
    n->aux = p->active;
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
  default:
    return;
  }
}

//
// The pieces around the body
//

// The name of the function a definition defines.
static const char *fn_name(Unit *u, Node *fn) {
  int nt = decl_name(fn->decl);
  return nt >= 0 ? tok_dup(u, nt) : "anonymous";
}

void lower_result_typedef(Unit *u, Node *specs, Node *declarator,
                          StrBuf *out) {
  int nt = decl_name(declarator);
  if (nt < 0)
    return;
  Node *fn = decl_func_part(declarator);
  Lower L = {.u = u, .out = out, .prev = -1, .flat = true};
  // Specifiers precede the declarator: index from the specifiers.
  L.base = specs->first < declarator->first ? specs->first : declarator->first;
  L.repl = calloc((size_t)(declarator->last - L.base + 1), sizeof *L.repl);
  L.name = tok_dup(u, nt);
  bool is_void = (specs->flags & SPEC_VOID) && !has_pointer(declarator);
  if (is_void) {
    sb_printf(out, "typedef char ac__%s_result;", L.name);
  } else {
    // The declarator minus the name's own parameter list, with the name
    // replaced: `int (*f(void))[3]` gives `int (*ac__f_result)[3]`.
    char *tname = arena_printf(&u->arena, "ac__%s_result", L.name);
    gen(&L, "typedef ");
    print_type_specs(&L, specs, !has_pointer(declarator));
    puts_(&L, " ");
    print_declarator_as(&L, declarator, tname, fn);
    puts_(&L, ";");
  }
  free(L.repl);
}

// How the runtime renders a result of this type in task descriptions.
static void emit_result_kind(Lower *L, bool is_void) {
  if (is_void) {
    gen(L, "AC_KIND_VOID");
    return;
  }
  gen(L, "_Generic((ac__%s_result){0}, char *: AC_KIND_STR, "
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

// --frame-report: the frame's size, what each member takes, and what each
// await holds.
static void report_frame(Lower *L, bool is_void) {
  Unit *u = U(L);
  FILE *f = u->opts->frame_report;
  const char *N = L->name;
  Token *t = &u->toks[decl_name(L->fn->decl)];
  char *frame = arena_printf(&u->arena, "struct ac__%s_frame", N);
  fprintf(f, "%s (%s:%u): frame of %s bytes\n", N, u->files[t->file].name,
          t->line, report_value(L, arena_printf(&u->arena, "sizeof(%s)", frame)));
  fprintf(f, "  task header       %s bytes\n", report_value(L, "sizeof(ac_task)"));
  if (!is_void)
    fprintf(f, "  result            %s bytes\n",
            report_value(L, arena_printf(&u->arena, "sizeof(ac__%s_result)", N)));
  for (FrameVar *v = L->vars; v; v = v->next)
    fprintf(f, "  %-9s %-7s %s bytes\n", v->param ? "parameter" : "local",
            v->field,
            report_value(L, arena_printf(&u->arena, "sizeof(((%s *)0)->%s)",
                                         frame, v->field)));
  if (L->ntemps)
    fprintf(f, "  temporaries       %d (await results and saved conditions)\n",
            L->ntemps);
  if (L->report_awaits.len)
    fputs(L->report_awaits.data, f);
  else
    fputs("  no await\n", f);
}

// Prints the parameter list of the function's own declarator.
static void print_params(Lower *L, Node *fnpart) {
  bool saved = L->flat;
  L->flat = true;
  L->prev = -1;
  print_range(L, fnpart->first, fnpart->last);
  L->flat = saved;
}

// The pieces around the body: typedefs (result, hoisted local types, one
// per frame variable), the frame, the descriptor.
static void emit_frame(Lower *L, const char *what) {
  Unit *u = U(L);
  Node *fn = L->fn;
  const char *N = L->name;
  bool is_void = (fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl);
  // Types: the result, each frame variable.
  gen_at(L, fn->first);
  gen(L, "/* async %s: %s */\n", N, what);
  lower_result_typedef(u, fn->specs, fn->decl, L->out);
  gen(L, "\n");
  typeof_mode = true;
  for (int i = 0; i < L->nhoisted; i++) {
    gen_at(L, L->hoisted[i]->first);
    print_node(L, L->hoisted[i]);
    newline(L);
  }
  for (FrameVar *v = L->vars; v; v = v->next) {
    gen_at(L, v->decl->first);
    if (v->param)
      param_typedef(L, v);
    else if (is_unsized_array(v->decl) && v->init)
      unsized_array_typedef(L, v);
    else
      typedef_for(L, v->specs, v->decl, v->tname, NULL);
  }
  typeof_mode = false;

  // The frame.
  gen_boiler(L);
  gen(L, "struct ac__%s_frame {\n  ac_task hdr;\n", N);
  gen(L, "  ac__%s_result result;\n", N);
  for (FrameVar *v = L->vars; v; v = v->next)
    gen(L, "  %s %s;\n", v->tname, v->field);
  if (L->temps.len)
    puts_(L, L->temps.data);
  gen(L, "};\n");
  if (u->opts->frame_report)
    report_frame(L, is_void);
  gen(L, "static int ac__%s_resume(ac_task *ac__self);\n", N);
  if (L->resume_decls.len)
    puts_(L, L->resume_decls.data);
  gen(L, "static const uint32_t ac__%s_lines[] = {0%s%s};\n", N,
      L->nstates ? ", " : "", L->lines.len ? L->lines.data : "");
  Token *ft = &u->toks[decl_name(fn->decl)];
  gen(L, "static const ac_desc ac__%s_desc = {\n"
         "  .resume = ac__%s_resume, .name = \"%s\", .file = \"",
      N, N, N);
  sb_put_quoted(L->out, u->files[ft->file].name);
  gen(L, "\",\n  .await_lines = ac__%s_lines, .nstates = %d, .line = %u,\n",
      N, L->nstates + 1, ft->line);
  gen(L, "  .frame_size = sizeof(struct ac__%s_frame),\n", N);
  gen(L, "  .result_off = __builtin_offsetof(struct ac__%s_frame, result),\n",
      N);
  gen(L, "  .result_size = %s,\n",
      is_void ? "0" : arena_printf(&u->arena, "sizeof(ac__%s_result)", N));
  gen(L, "  .size_class = (uint16_t)(sizeof(struct ac__%s_frame) <= "
         "AC_POOL_MAX_SIZE ? (sizeof(struct ac__%s_frame) + "
         "AC_POOL_STEP_SIZE - 1) / AC_POOL_STEP_SIZE : 0),\n",
      N, N);
  gen(L, "  .result_kind = ");
  emit_result_kind(L, is_void);
  gen(L, ",\n  .kind = AC_DESC_KIND_FUNC,\n};\n");

}

// The function with the C ABI (SPEC §2.1): makes the task.
static void emit_creator(Lower *L) {
  Unit *u = U(L);
  Node *fn = L->fn;
  Node *fnpart = decl_func_part(fn->decl);
  const char *N = L->name;
  bool is_static = fn->specs->flags & SPEC_STATIC;
  gen_at(L, fn->first);
  gen(L, "%sac_task *%s", is_static ? "static " : "", N);
  if (fnpart)
    print_params(L, fnpart);
  else
    puts_(L, "(void)");
  gen(L, " {\n");
  gen_boiler(L);
  // Out of memory, ac_frame_new returns the runtime's failed task, whose
  // await raises AC_ENOMEM: hand it back untouched (acrt_abi.h).
  gen(L, "  ac_task *ac__t = ac_frame_new(&ac__%s_desc);\n"
         "  if (ac_frame_failed(ac__t)) return ac__t;\n"
         "  struct ac__%s_frame *ac__f = (struct ac__%s_frame *)ac__t;\n",
      N, N, N);
  for (FrameVar *v = L->vars; v && v->param; v = v->next) {
    if (is_aggregate(u, v->specs, v->decl)) // may have const members
      gen(L, "  __builtin_memcpy(&ac__f->%s, &%s, sizeof %s);\n", v->field,
          v->sym->name, v->sym->name);
    else
      gen(L, "  ac__f->%s = %s;\n", v->field, v->sym->name);
  }
  gen(L, "  return &ac__f->hdr;\n}\n");
}

// Parameters are frame variables too (the task-making function copies
// them in).
static void add_params(Lower *L) {
  Node *fnpart = decl_func_part(L->fn->decl);
  for (Node *p = fnpart ? fnpart->list : NULL; p; p = p->next)
    if (p->decl && p->decl->sym)
      add_var(L, p->decl->sym, p->specs, p->decl, NULL, true);
}

static void emit_async(Lower *L) {
  Node *fn = L->fn;
  const char *N = L->name;

  add_params(L);
  collect_block(L, fn->body->list);
  walk(fn->body, note_var_ref, L);
  for (FrameVar *v = L->vars; v && v->param; v = v->next)
    live_push(L, v->sym);

  // The body, into its own buffer: the frame's temporaries are only known
  // once it is written.
  StrBuf body = {0};
  StrBuf *saved = L->out;
  L->out = &body;
  L->bol = true;
  sync_to(L, fn->body->first);
  stmt_block(L, fn->body);
  L->out = saved;
  if (L->errors) {
    sb_free(&body);
    return;
  }

  emit_frame(L, "translated by acc into a state machine");
  emit_creator(L);

  // The state machine.
  gen(L, "static int ac__%s_resume(ac_task *ac__self) {\n", N);
  gen(L, "  struct ac__%s_frame *ac__f = (struct ac__%s_frame *)ac__self;\n",
      N, N);
  gen(L, "  (void)ac__f;\n");
  gen(L, "  switch (ac__self->state) {\n  case 0:\n    break;\n");
  for (int s = 1; s <= L->nstates; s++)
    gen(L, "  case %d:\n    goto ac__resume_%d;\n", s, s);
  gen(L, "  default:\n    __builtin_unreachable();\n  }\n");
  put(L, body.data, body.len);
  sb_free(&body);
  gen_at(L, fn->last);
  gen(L, "  return AC_DONE;\n");
  // The unwind chain: each defer an await may unwind through.
  for (int i = L->ndefers - 1; i >= 0; i--) {
    Defer *d = L->all_defers[i];
    if (!d->in_chain)
      continue;
    gen_at(L, fn->last);
    gen(L, "ac__unwind_%d:\n  {\n", d->id);
    L->active = d->prev;
    stmt(L, d->stmt->body);
    newline(L);
    gen(L, "  }\n");
    if (d->prev) {
      d->prev->in_chain = true;
      gen_at(L, fn->last);
      gen(L, "  goto ac__unwind_%d;\n", d->prev->id);
    } else {
      L->unwind0_used = true;
      gen_at(L, fn->last);
      gen(L, "  goto ac__unwind_0;\n");
    }
  }
  if (L->unwind0_used) {
    gen_at(L, fn->last);
    gen(L, "ac__unwind_0:\n");
    gen_at(L, fn->last);
    gen(L, "  return AC_DONE;\n");
  }
  gen(L, "}\n");
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
static void emit_direct(Lower *L) {
  Node *fn = L->fn;
  Node *fnpart = decl_func_part(fn->decl);
  const char *N = L->name;
  add_params(L);
  emit_frame(L, "never suspends: its body is ac__NAME_direct, a plain function");

  // The plain function.  Parameters keep their names: no frame here.
  for (FrameVar *v = L->vars; v; v = v->next)
    v->sym->field = NULL;
  gen_at(L, fn->first);
  gen(L, "static inline int ac__%s_direct(ac__%s_result *ac__r", N, N);
  bool has_params = fnpart && fnpart->list &&
                    !(fnpart->list->specs->flags & SPEC_VOID &&
                      !fnpart->list->decl && !fnpart->list->next);
  if (has_params) {
    gen(L, ", ");
    bool saved = L->flat;
    L->flat = true;
    L->prev = -1;
    print_range(L, fnpart->first + 1, fnpart->last - 1);
    L->flat = saved;
  }
  gen(L, ") {\n");
  gen_boiler(L);
  gen(L, "  int ac__err = 0;\n  (void)ac__err;\n  (void)ac__r;\n");
  for (Node *it = fn->body->list; it; it = it->next)
    stmt(L, it);
  run_defers(L, NULL);
  gen_at(L, fn->last);
  gen(L, "  return 0;\n}\n");
  for (FrameVar *v = L->vars; v; v = v->next)
    v->sym->field = v->field;

  emit_creator(L);
  gen(L, "static int ac__%s_resume(ac_task *ac__self) {\n", N);
  gen(L, "  struct ac__%s_frame *ac__f = (struct ac__%s_frame *)ac__self;\n",
      N, N);
  gen(L, "  int ac__e = ac__%s_direct(&ac__f->result", N);
  for (FrameVar *v = L->vars; v; v = v->next)
    gen(L, ", ac__f->%s", v->field);
  gen(L, ");\n  if (ac__e != 0)\n    ac__self->err = ac__e;\n"
         "  return AC_DONE;\n}\n");
}

// A plain function that uses defer: the same statements, no frame.  A
// `return e;` with defers active keeps e in a local of the return type.
static void emit_plain(Lower *L) {
  Unit *u = U(L);
  Node *fn = L->fn;
  bool is_void = (fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl);
  gen_at(L, fn->first);
  print_range(L, fn->first, fn->body->first - 1);
  newline(L);
  gen(L, "{\n");
  if (!is_void) {
    StrBuf rt = {0};
    lower_result_typedef(u, fn->specs, fn->decl, &rt);
    gen(L, "  %s\n", rt.data);
    gen(L, "  typedef ac__%s_result ac__return_t __attribute__((unused));\n",
        L->name);
    sb_free(&rt);
  }
  for (Node *it = fn->body->list; it; it = it->next)
    stmt(L, it);
  run_defers(L, NULL);
  newline(L);
  gen(L, "}\n");
}

bool lower_needed(Node *fn) {
  return (fn->specs->flags & SPEC_ASYNC) || (mark(fn->body) & NF_HAS_DEFER);
}

int lower_function(Unit *u, Node *fn, StrBuf *out) {
  Lower L = {.u = u, .out = out, .fn = fn, .prev = -1, .bol = true};
  L.async = fn->specs->flags & SPEC_ASYNC;
  if (L.async && !scope_lookup(u, "ac_frame_new", strlen("ac_frame_new"))) {
    diag_at(u, DIAG_ERROR, decl_name(fn->decl) >= 0 ? decl_name(fn->decl)
                                                    : fn->first,
            "async function '%s' needs the runtime: add #include <acrt.h>",
            fn_name(u, fn));
    return 1;
  }
  L.name = fn_name(u, fn);
  L.base = fn->first;
  L.repl = calloc((size_t)(fn->last - fn->first + 1), sizeof *L.repl);
  L.vars_tail = &L.vars;
  L.direct = L.async && !(mark(fn->body) & NF_HAS_AWAIT);
  if (L.async && !L.direct)
    mark_suspends(&L, fn->body);
  walk(fn->body, check_node, &L);
  check_raise(&L, fn->body, false);
  walk(fn->body, note_builtins, &L);
  if (L.async)
    walk(fn->body, check_vla, &L);
  if (L.async && !L.direct)
    walk(fn->body, find_hoisted, &L);
  Plan p = {&L, NULL};
  plan(&p, fn->body);
  if (!L.errors) {
    if (L.direct)
      emit_direct(&L);
    else if (L.async)
      emit_async(&L);
    else
      emit_plain(&L);
  }
  newline(&L);
  free(L.repl);
  free(L.all_defers);
  free(L.hoisted);
  free(L.live);
  sb_free(&L.report_awaits);
  sb_free(&L.resume_decls);
  sb_free(&L.temps);
  sb_free(&L.lines);
  return L.errors;
}
