// frame_layout.c — where each frame variable goes, and --frame-report,
// which prints it: frame.c decides what lives in the frame; this file
// lets the variables of scopes never alive together share space, and
// reports the frame's parts and sizes.
#include "lower.h"

#include <stdlib.h>
#include <string.h>

//
// The layout: locals whose lifetimes never overlap share space.  In C a
// block's locals live from the block's entry to its exit (a jump back in
// starts a new lifetime), so the locals of two statements of one block, of
// an if's two branches, of a try block and its handler are never alive
// together, even when their addresses escaped.  A deferred statement runs
// when its block exits, from wherever that happens: its scope is apart.
// Handlers and deferred statements only see enclosing scopes, whose own
// variables never share with what they enclose.
//

// A new, empty scope of the layout.
static FrameScope *scope_new(Unit *u)
{
  FrameScope *s = arena_alloc(&u->arena, sizeof *s);
  s->tail = &s->vars;
  return s;
}

// Puts frame variable v (NULL: none) in scope s, once: a variable declared
// again in its scope (`int v; extern int v;`, an error sema leaves to C)
// is one FrameVar, and linking it twice made the list a cycle.
static void scope_add(FrameScope *s, FrameVar *v)
{
  if (!v || v->next_in_scope || s->tail == &v->next_in_scope)
    return;
  *s->tail = v;
  s->tail = &v->next_in_scope;
}

// Makes k (NULL: no frame variable in it) an inner scope of s.  A scope
// without variables of its own is replaced by its one inner scope (which
// stays apart if it was), or passes its inner scopes up when none stands
// apart: they are disjoint from s's other inner scopes as they are from
// each other.
static void scope_adopt(FrameScope *s, FrameScope *k, bool apart)
{
  if (!k)
    return;
  if (!k->vars && k->inner && !k->inner->next) {
    apart |= k->inner->apart;
    k = k->inner;
  }
  k->apart = apart;
  bool pass = !apart && !k->vars;
  for (FrameScope *i = k->inner; i && pass; i = i->next)
    pass = !i->apart;
  FrameScope **at = &s->inner;
  while (*at)
    at = &(*at)->next;
  *at = pass ? k->inner : k;
}

// Whether statement n registers a defer in its enclosing block (one not
// inside a block of its own, e.g. `if (c) defer f();`).
static bool loose_defer(const Analysis *a, const Node *n)
{
  if (!n || n->kind == ND_BLOCK || !(a->marks[n->id] & NM_DEFER))
    return false;
  return n->kind == ND_DEFER || loose_defer(a, NODE_GET(n, body, NC_BODY)) ||
         loose_defer(a, NODE_GET(n, then, NC_THEN)) ||
         loose_defer(a, NODE_GET(n, els, NC_ELS));
}

static FrameScope *layout_stmt(Analysis *a, Node *n);

// A declaration's frame variables belong to scope s.
static void layout_decl(Analysis *a, FrameScope *s, Node *decl)
{
  for (Node *d = decl->list; d; d = d->next)
    if (d->decl)
      scope_add(s, frame_var(a, d->decl->sym));
}

// A block's items: declarations add to s, statements are inner scopes.
static void layout_items(Analysis *a, FrameScope *s, Node *items)
{
  for (Node *it = items; it; it = it->next) {
    if (it->kind == ND_DECL)
      layout_decl(a, s, it);
    else
      scope_adopt(s, layout_stmt(a, it), loose_defer(a, it));
  }
}

// The scope of a statement's frame variables, or NULL if it has none.
static FrameScope *layout_stmt(Analysis *a, Node *n)
{
  if (!n || !(a->marks[n->id] & NM_SUSPENDS))
    return NULL;
  FrameScope *s = scope_new(a->u);
  switch (n->kind) {
  case ND_BLOCK: layout_items(a, s, n->list); break;
  case ND_FOR:
    if (n->init && n->init->kind == ND_DECL)
      layout_decl(a, s, n->init);
    scope_adopt(s, layout_stmt(a, n->body), false);
    break;
  case ND_IF:
    scope_adopt(s, layout_stmt(a, n->then), false);
    scope_adopt(s, layout_stmt(a, n->els), false);
    break;
  case ND_TRY: {
    scope_adopt(s, layout_stmt(a, n->then), false);
    FrameScope *h = scope_new(a->u);
    scope_add(h, frame_var(a, n->lhs->decl->sym));
    scope_adopt(h, layout_stmt(a, n->els), false);
    scope_adopt(s, h->vars || h->inner ? h : NULL, false);
    break;
  }
  case ND_DEFER: scope_adopt(s, layout_stmt(a, n->body), true); break;
  case ND_WHILE:
  case ND_DO:
  case ND_SWITCH:
  case ND_CASE:
  case ND_DEFAULT:
  case ND_LABEL: scope_adopt(s, layout_stmt(a, n->body), false); break;
  default: break;
  }
  return s->vars || s->inner ? s : NULL;
}

// Notes the variables placed under s.  (A flag in each, not an array by
// Symbol.id: that was the size of the whole unit for every function.)
static void mark_placed(const FrameScope *s)
{
  for (FrameVar *v = s->vars; v; v = v->next_in_scope)
    v->placed = true;
  for (const FrameScope *k = s->inner; k; k = k->next)
    mark_placed(k);
}

// Where each frame variable goes: parameters and the body's own locals
// first, then the inner scopes.  A variable the walk did not place (a
// construct it does not know) gets space of its own.
void frame_layout(Analysis *a, Frame *f)
{
  FrameScope *root = scope_new(a->u);
  for (FrameVar *v = f->vars; v && v->param; v = v->next)
    scope_add(root, v);
  if (!f->direct) {
    layout_items(a, root, f->fn->body->list);
    mark_placed(root);
    for (FrameVar *v = f->vars; v; v = v->next)
      if (!v->placed)
        scope_add(root, v);
  }
  f->layout = root;
}

// Where v is under s: 0 nowhere, 1 among s's own variables, 2 in inner
// scope *via.
static int scope_find(const FrameScope *s, const FrameVar *v,
                      const FrameScope **via)
{
  for (const FrameVar *w = s->vars; w; w = w->next_in_scope)
    if (w == v)
      return 1;
  for (const FrameScope *k = s->inner; k; k = k->next)
    if (scope_find(k, v, NULL)) {
      if (via)
        *via = k;
      return 2;
    }
  return 0;
}

// Whether x and y may share space: they are in two inner scopes of one
// scope that are not apart.
bool frame_shared(const Frame *f, const FrameVar *x, const FrameVar *y)
{
  const FrameScope *s = f->layout;
  while (s && x != y) {
    const FrameScope *kx = NULL, *ky = NULL;
    if (scope_find(s, x, &kx) != 2 || scope_find(s, y, &ky) != 2)
      return false;
    if (kx != ky)
      return !kx->apart && !ky->apart;
    s = kx;
  }
  return false;
}

//
// --frame-report
//

// A size the C compiler will fill in; returns "@N@".
static const char *report_value(Unit *u, const char *expr)
{
  sb_printf(&u->report_values, "%s%s", u->nreport_values ? ", " : "", expr);
  return arena_printf(&u->arena, "@%d@", u->nreport_values++);
}

// The member names of the variables under s, space-separated.
static void report_names(FILE *out, const FrameScope *s, bool *first)
{
  for (const FrameVar *v = s->vars; v; v = v->next_in_scope) {
    fprintf(out, "%s%s", *first ? "" : " ", v->field);
    *first = false;
  }
  for (const FrameScope *k = s->inner; k; k = k->next)
    report_names(out, k, first);
}

// One line per union of the layout: the scopes that share its space.
static void report_shared(FILE *out, const FrameScope *s)
{
  int nshared = 0;
  for (const FrameScope *k = s->inner; k; k = k->next)
    nshared += !k->apart;
  if (nshared > 1) {
    fputs("  share space       ", out);
    int i = 0;
    for (const FrameScope *k = s->inner; k; k = k->next) {
      if (k->apart)
        continue;
      bool first = true;
      fputs(i++ ? " | " : "", out);
      report_names(out, k, &first);
    }
    fputs("\n", out);
  }
  for (const FrameScope *k = s->inner; k; k = k->next)
    report_shared(out, k);
}

// --frame-report: the frame's size, what each member takes, and what each
// await holds, in the order of the resume points.
void frame_report(Unit *u, const Frame *f, int ntemps, FrameAwait **states,
                  int nstates, const char *embeds)
{
  FILE *out = u->opts->frame_report;
  const char *N = f->name;
  Node *fn = f->fn;
  bool is_void = (fn->specs->flags & SPEC_VOID) && !has_pointer(fn->decl);
  Token *t = &u->toks[decl_name(fn->decl)];
  char *frame = arena_printf(&u->arena, "struct ac__%s_frame", N);
  fprintf(out, "%s (%s:%u): frame of %s bytes\n", N, u->files[t->file].name,
          t->line,
          report_value(u, arena_printf(&u->arena, "sizeof(%s)", frame)));
  fprintf(out, "  task header       %s bytes\n",
          report_value(u, "sizeof(ac_task)"));
  if (!is_void)
    fprintf(
        out, "  result            %s bytes\n",
        report_value(u, arena_printf(&u->arena, "sizeof(ac__%s_result)", N)));
  for (FrameVar *v = f->vars; v; v = v->next)
    fprintf(out, "  %-9s %-7s %s bytes\n",
            v->param     ? "parameter"
            : v->literal ? "literal"
                         : "local",
            v->field,
            report_value(u, arena_printf(&u->arena, "sizeof(((%s *)0)->%s)",
                                         frame, v->field)));
  if (f->layout)
    report_shared(out, f->layout);
  if (ntemps)
    fprintf(out,
            "  temporaries       %d (await results and saved conditions)\n",
            ntemps);
  if (embeds) {
    // The union of their slots is the frame's last member.
    const char *first = embeds + 1, *end = strchr(first, ' ');
    const char *name =
        end ? arena_strndup(&u->arena, first, (size_t)(end - first)) : first;
    fprintf(out, "  callee frames     %s bytes (embedded, one at a time:%s)\n",
            report_value(u, arena_printf(&u->arena,
                                         "sizeof(%s) - __builtin_offsetof(%s, "
                                         "ac__in_%s)",
                                         frame, frame, name)),
            embeds);
  }
  if (!nstates)
    fputs("  no await\n", out);
  for (int i = 0; i < nstates; i++) {
    FrameAwait *w = states[i];
    Token *at = &u->toks[w->await->first];
    fprintf(out, "  await at %s:%u (resume point %d) holds:",
            u->files[at->file].name, at->line, i + 1);
    FrameVar **held = acc_realloc(NULL, sizeof *held * (size_t)(w->nlive + 1));
    frame_await_held(w, held);
    for (int k = 0; k < w->nlive; k++)
      fprintf(out, " %s", held[k]->field);
    free(held);
    fputs(w->nlive ? "\n" : " nothing\n", out);
  }
}
