// ctext.c — source nodes as C text, for the lowering: the replacement
// table (what prints in place of a span of tokens: a frame field, an
// await's temporary, a rewritten call) and the types of declarations
// spelled as typedefs.  Everything goes out through the emitter.
#include "lower.h"

#include <stdlib.h>
#include <string.h>

//
// Names and texts
//

// (lower.h)
const char *cat3(Unit *u, const char *a, const char *b, const char *c)
{
  a = a ? a : "";
  b = b ? b : "";
  c = c ? c : "";
  size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
  char *p = arena_alloc(&u->arena, na + nb + nc + 1);
  memcpy(p, a, na);
  memcpy(p + na, b, nb);
  memcpy(p + na + nb, c, nc);
  p[na + nb + nc] = '\0';
  return p;
}

// n's decimal digits, ending at digits[15] (a NUL); returns the first.
// (At most 11 of them; digits_len says so to the compiler, whose
// -Warray-bounds otherwise follows sb_copy's memcpy path for n > 16.)
static char *int_text(char digits[16], int n)
{
  int k = 15;
  digits[k] = '\0';
  unsigned v = n < 0 ? -(unsigned)n : (unsigned)n;
  do
    digits[--k] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  if (n < 0)
    digits[--k] = '-';
  return digits + k;
}

// The length of int_text's result p in digits.
static size_t digits_len(const char digits[16], const char *p)
{
  size_t n = (size_t)(digits + 15 - p);
  if (n > 11)
    __builtin_unreachable();
  return n;
}

// (lower.h)
const char *cat_num(Unit *u, const char *a, int n)
{
  char digits[16];
  return cat3(u, a, int_text(digits, n), NULL);
}

// (lower.h)
void put_int(StrBuf *sb, int n)
{
  char digits[16];
  char *p = int_text(digits, n);
  sb_append(sb, p, digits_len(digits, p));
}

// (lower.h)
void gen_int(Emitter *e, int n)
{
  char digits[16];
  char *p = int_text(digits, n);
  emit_put(e, p, digits_len(digits, p));
}

//
// Replacements
//

static Repl **repl_slot(Lower *L, int tok)
{
  return &L->repl[tok - L->base];
}

// A new replacement of tokens first..last; the caller says what prints.
Repl *repl_push(Lower *L, int first, int last)
{
  Repl *r = arena_alloc(&L->u->arena, sizeof *r);
  r->last = last;
  Repl **slot = repl_slot(L, first);
  r->next = *slot;
  *slot = r;
  return r;
}

// Forgets the replacement pushed last at token `first`.
void repl_pop(Lower *L, int first)
{
  Repl **slot = repl_slot(L, first);
  *slot = (*slot)->next;
}

// Node n prints as `text`.
void repl_text(Lower *L, Node *n, const char *text)
{
  repl_push(L, n->first, n->last)->text = text;
}

// The widest replacement at token i that fits in ..last.
Repl *best_repl(Lower *L, int i, int last)
{
  Repl *best = NULL;
  for (Repl *r = *repl_slot(L, i); r; r = r->next)
    if (r->last <= last && (!best || r->last > best->last))
      best = r;
  return best;
}

static void print_literal(Lower *L, Repl *r);

// Prints tokens first..last as the source has them, each replacement in
// place of the span it covers.
void print_range(Lower *L, int first, int last)
{
  for (int i = first; i <= last;) {
    Repl *r = best_repl(L, i, last);
    if (!r) {  // a run of tokens of one line without replacements
      Token *toks = L->u->toks;
      int j = i;
      while (j < last && toks[j + 1].line == toks[i].line &&
             toks[j + 1].file == toks[i].file &&
             (!L->repl[j + 1 - L->base] || !best_repl(L, j + 1, last)))
        j++;
      emit_run(L->e, i, j);
      i = j + 1;
      continue;
    }
    if (r->literal) {
      emit_position(L->e, i);
      print_literal(L, r);
    } else if (r->node) {
      print_node(L, r->node);
    } else {
      emit_position(L->e, i);
      if (r->var && L->typeof_mode) {
        emit_puts(L->e, "(*(ac__");
        emit_puts(L->e, L->name);
        emit_puts(L->e, "_T_");
        emit_puts(L->e, r->var->field);
        emit_puts(L->e, " *)0)");
      } else if (r->var && !r->var->aligned) {
        emit_put(L->e, r->var->lv, r->var->lv_len);  // (var_lvalue's text)
      } else if (r->var) {
        emit_puts(L->e, var_lvalue(L, r->var));
      } else {
        emit_puts(L->e, r->text);
      }
      L->e->bol = false;
    }
    L->e->prev = r->last;
    i = r->last + 1;
  }
}

// A frame variable as an lvalue in the resume function: its member, or for
// an over-aligned one the aligned place in its raw bytes, or the local that
// keeps it between awaits.
const char *var_lvalue(Lower *L, FrameVar *v)
{
  if (!v->aligned)  // (or kept in a local between awaits: frame.c)
    return v->lv;
  return arena_printf(&L->u->arena,
                      "(*(%s *)(ac__f->%s + (-(__typeof__(sizeof 0))ac__f->%s "
                      "& (_Alignof(%s) - 1))))",
                      v->tname, v->field, v->field, v->tname);
}

// Prints a node (with its replacements) where the source had it.
void print_node(Lower *L, Node *n)
{
  if (n)
    print_range(L, n->first, n->last);
}

// Prints a node on the current generated line.
void print_flat(Lower *L, Node *n)
{
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  print_node(L, n);
  L->e->flat = saved;
}

// Prints a node in parentheses (for use inside generated code).
void print_paren(Lower *L, Node *n)
{
  emit_puts(L->e, "(");
  print_flat(L, n);
  emit_puts(L->e, ")");
}

//
// Types, as text
//

// The last token of the attribute at token i (GNU's __attribute__((…)) is
// one token; C23's [[…]] is several), or -1 when none starts there.
int attr_end(Unit *u, int i)
{
  if (u->toks[i].kind == TOK_ATTRIBUTE)
    return i;
  if (u->toks[i].kind != '[' || u->toks[i + 1].kind != '[')
    return -1;
  int depth = 0;
  for (int j = i; j < u->ntoks - 1; j++) {
    int k = u->toks[j].kind;
    depth += k == '[' || k == '(' || k == '{';
    depth -= k == ']' || k == ')' || k == '}';
    if (depth == 0)
      return j;
  }
  return -1;
}

// Prints declaration specifiers without storage classes, function
// specifiers and attributes (and without top-level qualifiers when
// `drop_quals`): what a typedef of the declared type needs.
void print_type_specs(Lower *L, Node *specs, bool drop_quals)
{
  Unit *u = L->u;
  for (int i = specs->first; i <= specs->last; i++) {
    int k = u->toks[i].kind;
    bool skip = k == TOK_TYPEDEF || k == TOK_EXTERN || k == TOK_STATIC ||
                k == TOK_AUTO || k == TOK_REGISTER || k == TOK_THREAD_LOCAL ||
                k == TOK_INLINE || k == TOK_NORETURN || k == TOK_ASYNC ||
                k == TOK_ATTRIBUTE || k == TOK_EXTENSION ||
                (drop_quals && (k == TOK_CONST || k == TOK_VOLATILE));
    if (k == TOK_ALIGNAS) {  // _Alignas ( … ): skip the whole specifier
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
    if (attr_end(u, i) >= 0) {  // [[…]]
      i = attr_end(u, i);
      continue;
    }
    Repl *r = best_repl(L, i, specs->last);
    if (r) {  // a typeof(expr) naming a frame variable
      print_range(L, i, r->last);
      i = r->last;
      continue;
    }
    emit_tok(L->e, i);
  }
}

// Whether a declarator has a pointer part anywhere (then qualifiers in the
// specifiers are not top-level).
bool has_pointer(Node *d)
{
  for (; d; d = d->inner)
    if (d->rhs)
      return true;
  return false;
}

// Whether a declared type is a struct or union (directly or through
// typedefs): such a value is stored with memcpy, since a struct with a
// const member cannot be assigned even where it can be initialised.
bool is_aggregate(Unit *u, Node *specs, Node *d)
{
  if (!specs || (d && has_pointer(d)))
    return false;
  for (int i = specs->first; i <= specs->last; i++) {
    int k = u->toks[i].kind;
    if (k == TOK_STRUCT || k == TOK_UNION || k == TOK_TYPEOF ||
        k == TOK_AUTO_TYPE)
      return true;
    int prev = i > specs->first ? u->toks[i - 1].kind : 0;
    if (k == TOK_IDENTIFIER && prev != TOK_ENUM) {  // not a tag: a typedef
      Symbol *s = scope_lookup(u, tok_text(u, i), u->toks[i].len);
      if (s && s->kind == SYM_TYPEDEF && s->specs != specs &&
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
void print_declarator_as(Lower *L, Node *d, const char *name, Node *skip)
{
  Unit *u = L->u;
  int nt = decl_name(d);
  for (int i = d->first; i <= d->last; i++) {
    if (i == nt) {
      emit_position(L->e, i);
      emit_puts(L->e, name);
      L->e->prev = i;
      continue;
    }
    if (skip && i == skip->first) {
      i = skip->last;
      L->e->prev = i;
      continue;
    }
    int k = u->toks[i].kind;
    if ((k == TOK_CONST || k == TOK_VOLATILE || k == TOK_RESTRICT ||
         k == TOK_ATTRIBUTE) &&
        nt > i) {
      bool top = true;  // only qualifiers until the name
      for (int j = i + 1; j < nt; j++) {
        int kj = u->toks[j].kind;
        if (kj != TOK_CONST && kj != TOK_VOLATILE && kj != TOK_RESTRICT &&
            kj != TOK_ATTRIBUTE)
          top = false;
      }
      if (top)
        continue;
    }
    if (attr_end(u, i) >= 0) {
      i = attr_end(u, i);
      continue;
    }
    Repl *r = best_repl(L, i, d->last);
    if (r) {
      print_range(L, i, r->last);
      i = r->last;
      continue;
    }
    emit_tok(L->e, i);
  }
}

// `typedef T NAME;` for the type a declaration gives to its declarator,
// with the type's attributes `attrs` (a list, or "").
void typedef_for(Lower *L, Node *specs, Node *d, const char *name, Node *skip,
                 const char *attrs)
{
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  EMIT_LIT(L->e, "typedef ");
  print_type_specs(L, specs, !has_pointer(d));
  emit_puts(L->e, " ");
  print_declarator_as(L, d, name, skip);
  if (*attrs)
    emit_gen(L->e, " __attribute__((%s))", attrs);
  EMIT_LIT(L->e, ";\n");
  L->e->flat = saved;
}

// `int a[] = {1, 2, 3};`: the size comes from the initialiser.
bool is_unsized_array(Node *d)
{
  while (d->name < 0 && d->inner)
    d = d->inner;
  return d->list && d->list->op == DP_ARRAY && !d->list->lhs &&
         d->list->first + 1 == d->list->last;
}

// The number of elements an initialiser list gives plainly (no
// designators; one entry per element: each braced, or the element a
// scalar; a string only for an array of pointers), else -1.
static int count_plain(Node *init, bool scalar, bool pointer)
{
  if (init->kind != ND_INIT_LIST)
    return -1;
  int n = 0;
  for (Node *e = init->list; e; e = e->next, n++)
    if (e->list || (e->init->kind != ND_INIT_LIST && !scalar) ||
        (e->init->kind == ND_STR && !pointer))
      return -1;  // (`char s[] = {"abc"}` has 4 elements, not 1)
  return n;
}

// Whether every entry of an unsized array's initialiser list is one
// element whose index C's rules give without the element type's layout:
// an entry's first designator is an index (`[i] =`, not a range), and an
// undesignated entry is braced, or a scalar (a string only for an array of
// pointers); braces elided in an aggregate element need its members.
static bool indexed_entries(Lower *L, Node *init, bool scalar, bool pointer)
{
  if (init->kind != ND_INIT_LIST || !init->list)
    return false;
  for (Node *e = init->list; e; e = e->next) {
    if (e->list && L->u->toks[e->list->last + 1].kind == TOK_ELLIPSIS)
      return false;
    if (!scalar && e->init->kind != ND_INIT_LIST)
      return false;
    if (e->init->kind == ND_STR && !pointer)
      return false;
  }
  return true;
}

// The size of an array with designated entries: the largest index + 1 is
// the size of a union of char arrays, one per run of entries that follow
// a designator (`{[2] = k, [0] = 1, x}`: union { char ac__e0[(2) + 1];
// char ac__e1[(0) + 2]; }).  Its operands are the designators, constant,
// while the initialiser may name locals.  Printed as a typedef of its own
// (named ac__size_…), whose size the array's type takes.
static const char *designated_size(Lower *L, const char *tname, Node *init)
{
  emit_puts(L->e, "typedef union {");
  int run = 0;
  for (Node *e = init->list; e;) {
    Node *base = e->list;  // the run's designator, or NULL at the start
    int k = 1;
    for (e = e->next; e && !e->list; e = e->next)
      k++;
    emit_gen(L->e, " char ac__e%d[", run++);
    if (base) {
      emit_puts(L->e, "(");
      print_node(L, base);
      emit_puts(L->e, ") + ");
    }
    emit_gen(L->e, "%d];", k);
  }
  const char *name = arena_printf(&L->u->arena, "ac__size_%s", tname + 4);
  emit_gen(L->e, " } %s;\n", name);
  return arena_printf(&L->u->arena, "sizeof(%s)", name);
}

// (ast_walk_post) The first name in an initialiser of a variable with
// automatic storage of the function being lowered.
typedef struct {
  Node *fn;
  Node *found;
} FindLocal;

static void find_local(Node *n, void *arg)
{
  FindLocal *f = arg;
  Symbol *s = n->kind == ND_IDENT ? n->sym : NULL;
  if (!f->found && s && s->kind == SYM_VAR && s->tok >= f->fn->first &&
      s->tok <= f->fn->last &&
      !(s->specs && s->specs->flags & (SPEC_STATIC | SPEC_EXTERN)))
    f->found = n;
}

// Whether the type of an unsized array can be that of a compound literal
// with its initialiser at file scope, i.e. whether the initialiser names
// no local; if it does, the error says what to write instead (C would
// refuse the literal with a message about the generated code).
static bool sized_by_literal(Lower *L, Node *init)
{
  FindLocal f = {L->fn, NULL};
  ast_walk_post(init, find_local, &f);
  if (f.found)
    lower_error(L, f.found->first,
                "cannot tell the size of this array in an async function: "
                "its initialiser leaves out the braces of its elements and "
                "is not constant; give the array a size or brace each "
                "element");
  return !f.found;
}

// The type of an unsized array: its size counted from a plain initialiser
// (`typedef int ac__F_T_a[3];` — the initialiser may name locals that file
// scope cannot see), or from the designators of one whose entries are
// each an element (indexed_entries), else the type of a compound literal
// with its initialiser: typedef __typeof__((int []){1, 2, 3}) ac__F_T_a;
// (which C accepts at file scope only when the initialiser is constant).
void unsized_array_typedef(Lower *L, FrameVar *v)
{
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  Node *d = v->decl;
  while (d->name < 0 && d->inner)
    d = d->inner;
  bool pointer = has_pointer(v->decl);
  bool scalar =
      !d->list->next && (pointer || !is_aggregate(L->u, v->specs, NULL));
  int n = count_plain(v->init, scalar, pointer);
  if (n > 0 || indexed_entries(L, v->init, scalar, pointer)) {
    const char *size = n > 0 ? arena_printf(&L->u->arena, "%d", n)
                             : designated_size(L, v->tname, v->init);
    EMIT_LIT(L->e, "typedef ");
    print_type_specs(L, v->specs, !pointer);
    emit_puts(L->e, " ");
    print_declarator_as(L, v->decl,
                        arena_printf(&L->u->arena, "%s[%s]", v->tname, size),
                        d->list);
    EMIT_LIT(L->e, ";\n");
    L->e->flat = saved;
    return;
  }
  if (!sized_by_literal(L, v->init)) {
    L->e->flat = saved;
    return;
  }
  EMIT_LIT(L->e, "typedef __typeof__((");
  print_type_specs(L, v->specs, !pointer);
  emit_puts(L->e, " ");
  print_declarator_as(L, v->decl, "", NULL);
  emit_puts(L->e, ")");
  bool braces = v->init->kind != ND_INIT_LIST;
  if (braces)
    emit_puts(L->e, "{");
  print_node(L, v->init);
  if (braces)
    emit_puts(L->e, "}");
  emit_gen(L->e, ") %s;\n", v->tname);
  L->e->flat = saved;
}

// The element kind of `(T []){…}` (as count_plain takes it); false if
// its type is not of that form.
static bool literal_shape(Lower *L, Node *lit, bool *scalar, bool *pointer)
{
  Unit *u = L->u;
  Node *t = lit->type;
  if (t->last - t->first < 2 || u->toks[t->last].kind != ']' ||
      u->toks[t->last - 1].kind != '[')
    return false;
  *pointer = false;
  for (int i = t->first; i <= t->last; i++)
    *pointer = *pointer || u->toks[i].kind == '*';
  *scalar = *pointer || !is_aggregate(u, t->specs, NULL);
  return true;
}

// Whether a type name has an array of unknown size (`[]`) in it.
static bool has_unsized(Unit *u, Node *t)
{
  for (int i = t->first; i < t->last; i++)
    if (u->toks[i].kind == '[' && u->toks[i + 1].kind == ']')
      return true;
  return false;
}

// The type of a compound literal kept in the frame: its type name, or
// for `(T []){…}` the element type times the count of a plain
// initialiser, else the type of the literal itself (which C accepts at
// file scope only when its initialiser is constant).
void literal_typedef(Lower *L, FrameVar *v)
{
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  Node *lit = v->literal;
  if (!has_unsized(L->u, lit->type)) {
    EMIT_LIT(L->e, "typedef __typeof__(");
    print_node(L, lit->type);
    emit_gen(L->e, ") %s;\n", v->tname);
  } else {
    bool scalar, pointer;
    bool shaped = literal_shape(L, lit, &scalar, &pointer);
    int n = shaped ? count_plain(lit->init, scalar, pointer) : -1;
    bool indexed =
        n <= 0 && shaped && indexed_entries(L, lit->init, scalar, pointer);
    if (n <= 0 && !indexed && !sized_by_literal(L, lit->init)) {
      L->e->flat = saved;
      return;
    }
    const char *size = indexed ? designated_size(L, v->tname, lit->init)
                               : arena_printf(&L->u->arena, "%d", n);
    EMIT_LIT(L->e, "typedef __typeof__(");
    if (n > 0 || indexed) {
      EMIT_LIT(L->e, "(*(__typeof__(");
      print_node(L, lit->type);
      emit_gen(L->e, ") *)0)[0]) %s[%s];\n", v->tname, size);
    } else {
      EMIT_LIT(L->e, "(");
      print_node(L, lit->type);
      EMIT_LIT(L->e, ")");
      print_node(L, lit->init);
      emit_gen(L->e, ") %s;\n", v->tname);
    }
  }
  L->e->flat = saved;
}

// A compound literal kept in the frame: its variable, initialised where
// the literal is evaluated (each evaluation makes the object anew, as in
// C), as an lvalue of the literal's type.
static void print_literal(Lower *L, Repl *r)
{
  const char *t = r->var->tname;
  if (L->typeof_mode) {
    emit_gen(L->e, "(*(%s *)0)", t);
    return;
  }
  emit_gen(L->e, "(*(%s *)__builtin_memcpy((void *)&%s, &(%s)", t,
           var_lvalue(L, r->var), t);
  print_node(L, r->node);
  emit_gen(L->e, ", sizeof(%s)))", t);
}

// The '}' that closes the '{' at token `open`.
int tag_body_end(Unit *u, int open)
{
  int depth = 0;
  for (int i = open;; i++) {
    depth += (u->toks[i].kind == '{') - (u->toks[i].kind == '}');
    if (depth == 0)
      return i;
  }
}

// A tag definition moved out of its declaration (Frame.hoisted): `struct
// NAME { … };` — the declaration's specifiers print only `struct NAME`.
void print_tag_definition(Lower *L, Node *specs)
{
  Unit *u = L->u;
  int open = specs->first;
  while (u->toks[open].kind != '{')
    open++;
  int kw = open;
  while (u->toks[kw].kind != TOK_STRUCT && u->toks[kw].kind != TOK_UNION &&
         u->toks[kw].kind != TOK_ENUM)
    kw--;
  int close = tag_body_end(u, open);
  print_range(L, kw, open - 1);
  emit_tok(L->e, open);
  print_range(L, open + 1, close);
  emit_puts(L->e, ";");
}

// Whether a GNU attribute of the specifiers names one of `words`
// (NULL-terminated).
bool attr_says(Unit *u, Node *specs, const char *const *words)
{
  for (int i = specs->first; i <= specs->last; i++) {
    if (u->toks[i].kind != TOK_ATTRIBUTE)
      continue;
    const char *t = tok_text(u, i);
    size_t n = u->toks[i].len;
    for (int w = 0; words[w]; w++) {
      size_t wl = strlen(words[w]);
      for (size_t k = 0; k + wl <= n; k++)
        if (!memcmp(t + k, words[w], wl))
          return true;
    }
  }
  return false;
}

// `__auto_type x = e;`: x has the type of e after lvalue conversion (the
// comma makes e an rvalue: arrays decay, qualifiers go).
void auto_type_typedef(Lower *L, FrameVar *v)
{
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  EMIT_LIT(L->e, "typedef __typeof__(((void)0, ");
  print_node(L, v->init);
  emit_gen(L->e, ")) %s;\n", v->tname);
  L->e->flat = saved;
}

// Whether the specifiers say __auto_type.
bool is_auto_type(Unit *u, Node *specs)
{
  for (int i = specs->first; i <= specs->last; i++)
    if (u->toks[i].kind == TOK_AUTO_TYPE)
      return true;
  return false;
}

// The innermost declarator part applied to the name: DP_ARRAY, DP_FUNC,
// DP_POINTER or 0.
int name_part_kind(Node *d)
{
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
void param_typedef(Lower *L, FrameVar *v)
{
  int k = name_part_kind(v->decl);
  if (k != DP_ARRAY && k != DP_FUNC) {
    typedef_for(L, v->specs, v->decl, v->tname, NULL, "");
    return;
  }
  Node *d = v->decl;
  while (d->name < 0 && d->inner)
    d = d->inner;
  char *name = arena_printf(&L->u->arena, "(*%s)", v->tname);
  // An array's element keeps its qualifiers (`const int v[]`).
  bool saved = L->e->flat;
  L->e->flat = true;
  L->e->prev = -1;
  EMIT_LIT(L->e, "typedef ");
  print_type_specs(L, v->specs, k != DP_ARRAY && !has_pointer(v->decl));
  emit_puts(L->e, " ");
  print_declarator_as(L, v->decl, name, k == DP_ARRAY ? d->list : NULL);
  EMIT_LIT(L->e, ";\n");
  L->e->flat = saved;
}

// `typedef T ac__NAME_result;` for an async prototype or definition, on
// the current generated line.
void result_typedef(Emitter *e, Node *specs, Node *declarator)
{
  Unit *u = e->u;
  int nt = decl_name(declarator);
  if (nt < 0)
    return;
  Node *fn = decl_func_part(declarator);
  Lower L = {.u = u, .e = e};
  bool flat = e->flat;
  int prev = e->prev;
  e->flat = true;
  e->prev = -1;
  // Specifiers precede the declarator: index from the specifiers.
  L.base = specs->first < declarator->first ? specs->first : declarator->first;
  L.repl = calloc((size_t)(declarator->last - L.base + 1), sizeof *L.repl);
  L.name = lowered_name(u, nt);
  bool is_void = (specs->flags & SPEC_VOID) && !has_pointer(declarator);
  if (is_void) {
    emit_gen(e, "typedef char ac__%s_result;", L.name);
  } else {
    // The declarator minus the name's own parameter list, with the name
    // replaced: `int (*f(void))[3]` gives `int (*ac__f_result)[3]`.
    const char *tname = cat3(u, "ac__", L.name, "_result");
    EMIT_LIT(e, "typedef ");
    print_type_specs(&L, specs, !has_pointer(declarator));
    emit_puts(e, " ");
    print_declarator_as(&L, declarator, tname, fn);
    emit_puts(e, ";");
  }
  free(L.repl);
  e->flat = flat;
  e->prev = prev;
}

// What a function's result type is, when its declaration spells it with
// keywords alone (`unsigned long`, `double`, `const char *`, `struct s *`):
// how the runtime renders it (*kind, an enum ac_result_kind constant, as
// the descriptor's _Generic would choose) and, for integers, floating
// types and pointers, its type class (*rtype, acrt_abi.h's AC__RTYPE_*, else
// NULL).  False where only the C compiler can tell: a typedef name, an
// enum, _Bool, __int128, _Complex, attributes, a declarator with
// parentheses or qualified pointers.  (lower_func.c: a descriptor then
// asks the C compiler, in ~700 bytes of output per function.)
bool spelled_result(Unit *u, Node *specs, Node *d, const char **kind,
                    const char **rtype)
{
  int chars = 0, shorts = 0, ints = 0, longs = 0, sign = 0, unsign = 0,
      floats = 0, doubles = 0, voids = 0, tags = 0;
  bool is_volatile = false;
  for (int i = specs->first; i <= specs->last; i++) {
    switch (u->toks[i].kind) {
    case TOK_STATIC:
    case TOK_EXTERN:
    case TOK_INLINE:
    case TOK_ASYNC:
    case TOK_NORETURN:
    case TOK_EXTENSION:
    case TOK_CONST: break;
    case TOK_VOLATILE: is_volatile = true; break;
    case TOK_CHAR: chars++; break;
    case TOK_SHORT: shorts++; break;
    case TOK_INT: ints++; break;
    case TOK_LONG: longs++; break;
    case TOK_SIGNED: sign++; break;
    case TOK_UNSIGNED: unsign++; break;
    case TOK_FLOAT: floats++; break;
    case TOK_DOUBLE: doubles++; break;
    case TOK_VOID: voids++; break;
    case TOK_STRUCT:
    case TOK_UNION:  // a tag's name, not its definition
      if (i + 1 > specs->last || u->toks[i + 1].kind != TOK_IDENTIFIER ||
          (i + 2 <= specs->last && u->toks[i + 2].kind == '{'))
        return false;
      tags++;
      i++;
      break;
    default: return false;
    }
  }
  // The declarator: NAME(…) after plain `*`s.
  if (!d || d->inner || d->name < 0 || !d->list || d->list->op != DP_FUNC ||
      d->list->next)
    return false;
  int pointers = d->name - d->first;
  for (int i = d->first; i < d->name; i++)
    if (u->toks[i].kind != '*')
      return false;
  int words = chars + shorts + ints + longs + sign + unsign + floats + doubles +
              voids + tags;
  int others = words - chars - sign - unsign;  // (beside char)
  bool integer =
      words && !floats && !doubles && !voids && !tags && sign + unsign <= 1 &&
      (chars ? chars == 1 && others == 0
             : shorts <= 1 && ints <= 1 && longs <= 2 && !(shorts && longs));
  bool real = (floats == 1 && words == 1) ||
              (doubles == 1 && longs <= 1 && words == 1 + longs);
  bool other = (tags == 1 || voids == 1) && words == 1;
  if (!integer && !real && !other)
    return false;  // (implicit int, `long float`, …: the compiler's)
  if (pointers) {
    bool str = chars && !sign && !unsign && !is_volatile && pointers == 1;
    *kind = str ? "AC_KIND_STR" : "AC_KIND_PTR";
    *rtype = "AC__RTYPE_PTR";
  } else if (tags) {
    *kind = "AC_KIND_BYTES";
    *rtype = NULL;
  } else if (real) {
    *kind = "AC_KIND_FLOAT";
    *rtype = "AC__RTYPE_REAL";
  } else if (integer) {
    *kind = unsign ? "AC_KIND_UINT" : "AC_KIND_INT";
    *rtype = "AC__RTYPE_INT";
  } else {
    return false;  // void
  }
  return true;
}
