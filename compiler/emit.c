// emit.c — AST → C text.
//
// Ordinary C is never re-printed: the preprocessed text is copied through
// byte for byte, line markers and all, so its meaning cannot change.  Only
// the spans that Async C gives a new meaning are replaced:
//
//   async int fetch(const char *url);   →   ac_task *fetch(const char *url);
//
// A replaced span is followed by as many newlines as it held, so every later
// line keeps its number and the C compiler's messages still point into the
// .ac file.
#include "acc.h"

#include <string.h>

typedef struct Emitter {
  Unit *u;
  FILE *out;
  size_t pos; // bytes of u->text written so far
} Emitter;

static size_t tok_end(Unit *u, int i) { return u->toks[i].off + u->toks[i].len; }

// Copies the input up to byte `off`.
static void copy_to(Emitter *e, size_t off) {
  if (off > e->pos)
    fwrite(e->u->text + e->pos, 1, off - e->pos, e->out);
  if (off > e->pos)
    e->pos = off;
}

// Replaces the input's tokens first..last with `text`, keeping the line
// count: the newlines (and any directive lines) of the span follow it.
static void replace(Emitter *e, int first, int last, const char *text) {
  Unit *u = e->u;
  copy_to(e, u->toks[first].off);
  fputs(text, e->out);
  size_t end = tok_end(u, last);
  for (size_t i = e->pos; i < end; i++) {
    if (u->text[i] != '\n')
      continue;
    fputc('\n', e->out);
    // A line marker inside the span is copied too.
    size_t j = i + 1;
    while (j < end && (u->text[j] == ' ' || u->text[j] == '\t'))
      j++;
    if (j < end && u->text[j] == '#') {
      const char *nl = memchr(u->text + j, '\n', end - j);
      size_t stop = nl ? (size_t)(nl - u->text) : end;
      fwrite(u->text + j, 1, stop - j, e->out);
      i = stop - 1;
    }
  }
  e->pos = end;
}

// The storage-class words of a declaration's specifiers, for re-emitting.
static void storage_words(Unit *u, Node *specs, StrBuf *sb) {
  for (int i = specs->first; i <= specs->last; i++) {
    int k = u->toks[i].kind;
    if (k == TOK_STATIC || k == TOK_EXTERN) {
      sb_append(sb, tok_text(u, i), u->toks[i].len);
      sb_puts(sb, " ");
    }
  }
}

// Appends the input text of tokens first..last, spacing as in the input.
static void span_text(Unit *u, int first, int last, StrBuf *sb) {
  if (last < first)
    return;
  size_t a = u->toks[first].off, b = tok_end(u, last);
  for (size_t i = a; i < b; i++) {
    char c = u->text[i];
    sb_append(sb, c == '\n' ? " " : &c, 1);
  }
}

// async T f(P);  →  typedef T ac__f_result; ac_task *f(P);
// (the function's C ABI, docs/language.md; the typedef names the result type
// for the code that awaits f.)
static void emit_async_prototypes(Emitter *e, Node *decl) {
  Unit *u = e->u;
  StrBuf sb = {0};
  for (Node *d = decl->list; d; d = d->next) {
    Node *fn = decl_func_part(d->decl);
    int name = decl_name(d->decl);
    lower_result_typedef(u, decl->specs, d->decl, &sb);
    sb_puts(&sb, " ");
    storage_words(u, decl->specs, &sb);
    sb_puts(&sb, "ac_task *");
    sb_append(&sb, tok_text(u, name), u->toks[name].len);
    span_text(u, fn->first, fn->last, &sb);
    sb_puts(&sb, ";");
  }
  replace(e, decl->first, decl->last, sb.data);
  sb_free(&sb);
}

// A function that is async or uses defer: the lowering's text, then a line
// marker so that what follows keeps its line numbers.
static int emit_lowered(Emitter *e, Node *fn) {
  Unit *u = e->u;
  StrBuf sb = {0};
  int errors = lower_function(u, fn, &sb);
  if (!errors) {
    copy_to(e, u->toks[fn->first].off);
    fputs("\n", e->out);
    fwrite(sb.data, 1, sb.len, e->out);
    const Token *t = &u->toks[fn->last];
    StrBuf marker = {0};
    sb_line_marker(&marker, t->line, u->files[t->file].name);
    fputs(marker.data, e->out);
    sb_free(&marker);
    e->pos = tok_end(u, fn->last);
  }
  sb_free(&sb);
  return errors;
}

int emit_unit(Unit *u, FILE *out) {
  Emitter e = {.u = u, .out = out};
  int errors = 0;
  for (Node *n = u->root->list; n; n = n->next) {
    if (n->kind == ND_DECL && n->specs && (n->specs->flags & SPEC_ASYNC))
      emit_async_prototypes(&e, n);
    else if (n->kind == ND_FUNC_DEF && lower_needed(n))
      errors += emit_lowered(&e, n);
  }
  copy_to(&e, u->len);
  if (u->opts->frame_report && u->nreport_values)
    fprintf(out,
            "\nconst unsigned long long ac__frame_report[] "
            "__attribute__((used, section(\".acc_frames\"))) = {%s};\n",
            u->report_values.data);
  return errors;
}
