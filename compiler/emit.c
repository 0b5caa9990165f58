// emit.c — every byte of acc's C output goes through here.
//
// Ordinary C is never re-printed: the preprocessed text is copied through
// byte for byte, line markers and all, so its meaning cannot change.  Only
// the spans that Async C gives a new meaning are replaced (the lowering
// decides what goes there):
//
//   async int fetch(const char *url);   →   ac_task *fetch(const char *url);
//
// A replaced span is followed by as many newlines as it held, so every later
// line keeps its number and the C compiler's messages still point into the
// .ac file.
//
// Generated code (a lowered function) is written a piece at a time through
// emit_put() and the printers built on it, which keep track of the source
// line each output line stands for and write the line markers: gen_at-style
// positioning maps generated lines to the line of the construct they come
// from, emit_tok() reproduces a source token where it was (same line, a
// space if the source had one, a marker when it jumps).
#include "acc.h"

#include <stdlib.h>
#include <string.h>

// The byte just past token i.
static size_t tok_end(const Unit *u, int i)
{
  return u->toks[i].off + u->toks[i].len;
}

// Output goes to the file in pieces of at least this much: one write(2) and
// one walk of the kernel's page cache per piece (the input copied through
// is buffered with the generated code).
enum { WRITE_PIECE = 1 << 18 };

// An emitter at the start of the unit's text, writing on `out`.
void emit_init(Emitter *e, Unit *u, FILE *out)
{
  *e = (Emitter){
      .u = u, .file = out, .prev = -1, .bol = true, .flushed_last = '\n'};
  e->out = &e->buf;
  // A piece at once (its pages are touched only as they are written): the
  // buffer never grows through copies.
  sb_reserve(&e->buf, WRITE_PIECE);
}

// Whether cc reads output appended to e->out as being in file `file`: the
// last line marker went into this buffer and was of that file, and no
// other directive has been put at the start of a line since (emit_counted
// and the writers of directives here forget the marker: a spliced-in
// capture's markers, emit_boiler's, a #pragma).  Captures and flushes
// forget it too (emit_capture, flush), so a buffer's first marker names its
// file wherever the buffer ends up.
static bool in_marked_file(const Emitter *e, uint32_t file)
{
  return e->mk_out == e->out && e->mk_file == file && e->mk_end <= e->out->len;
}

// line_marker's `# LINE "FILE"`.
static void full_marker(Emitter *e, unsigned line, uint32_t file)
{
  StrBuf *out = e->out;
  StrBuf *mk = &e->mk;
  if (!mk->len || e->mk_file != file) {
    mk->len = 0;
    sb_append(mk, "# 0", 3);
    sb_append(mk, " \"", 2);
    sb_put_quoted(mk, e->u->files[file].name);
    sb_append(mk, "\"\n", 2);
    e->mk_file = file;
    e->mk_line = 0;
    e->mk_num_end = 3;
  }
  if (e->mk_line != line) {
    char num[16];
    size_t n = 0;
    for (unsigned v = line; n == 0 || v; v /= 10)
      num[sizeof num - 1 - n++] = (char)('0' + v % 10);
    size_t tail = mk->len - e->mk_num_end;
    sb_reserve(mk, n);  // (the number may grow)
    memmove(mk->data + 2 + n, mk->data + e->mk_num_end, tail + 1);
    memcpy(mk->data + 2, num + sizeof num - n, n);
    mk->len = 2 + n + tail;
    e->mk_num_end = 2 + n;
    e->mk_line = line;
  }
  sb_append(out, mk->data, mk->len);
  e->mk_out = out;
  e->mk_end = out->len;
}

// line_marker's `# LINE\n` into e->sm, two digits a step (out of line:
// most markers repeat the last one's line).
static void short_marker(Emitter *e, unsigned line)
{
  if (e->sm_len && line == e->sm_line + 1) {  // (often: the next line)
    char *d = e->sm + e->sm_len - 2;          // the last digit
    while (*d == '9' && d > e->sm + 2)
      *d-- = '0';
    if (*d != '9') {
      (*d)++;
      e->sm_line = line;
      return;
    }
    // 99…9 + 1 has one more digit: written afresh below
  }
  static const char pairs[] =
      "00010203040506070809101112131415161718192021222324"
      "25262728293031323334353637383940414243444546474849"
      "50515253545556575859606162636465666768697071727374"
      "75767778798081828384858687888990919293949596979899";
  unsigned n = 1;
  for (unsigned long long p = 10; p <= line; p *= 10)
    n++;
  char *q = e->sm;
  q[0] = '#';
  q[1] = ' ';
  q[n + 2] = '\n';
  unsigned v = line, k = n + 2;
  for (; v >= 10; v /= 100, k -= 2) {
    q[k - 1] = pairs[2 * (v % 100) + 1];
    q[k - 2] = pairs[2 * (v % 100)];
  }
  if (k > 2)
    q[k - 1] = (char)('0' + v);
  e->sm_len = n + 3;
  e->sm_line = line;
}

// A line marker for `line` of source file `file`: `# LINE` while cc is in
// that file (GCC's and clang's line markers keep the file when it is left
// out; with the name, markers were a fifth of the output), else
// `# LINE "FILE"`.  Both written by hand and kept (printf was a tenth of
// the translator's time; the same line often comes back): e->sm holds the
// last short one, e->mk the last full one, its number ending at
// e->mk_num_end.
static inline void line_marker(Emitter *e, unsigned line, uint32_t file)
{
  StrBuf *out = e->out;
  if (!in_marked_file(e, file)) {
    full_marker(e, line, file);
    return;
  }
  if (!e->sm_len || e->sm_line != line)
    short_marker(e, line);
  if (out->len + sizeof e->sm + 1 > out->cap)
    sb_reserve(out, sizeof e->sm);
  memcpy(out->data + out->len, e->sm, sizeof e->sm);  // (no call)
  out->len += e->sm_len;
  out->data[out->len] = '\0';
  e->mk_end = out->len;
}


// Writes the buffered output to the file once there is `at_least` of it.
static void flush(Emitter *e, size_t at_least)
{
  if (!e->buf.len || e->buf.len < at_least)
    return;
  fwrite(e->buf.data, 1, e->buf.len, e->file);
  e->flushed_last = e->buf.data[e->buf.len - 1];
  e->buf.len = 0;
  e->mk_out = NULL;
}

// Writes what is left; the emitter is done.
void emit_finish(Emitter *e)
{
  flush(e, 1);
  sb_free(&e->buf);
  sb_free(&e->mk);
  while (e->nspare > 0)
    sb_free(&e->spare[--e->nspare]);
}

// The last byte written where output goes now ('\n' at the start).
static char last_byte(const Emitter *e)
{
  if (e->out->len)
    return e->out->data[e->out->len - 1];
  return e->out == &e->buf ? e->flushed_last : '\n';
}

// (A malloc, a growth or two and a free for each of ~11,000 pieces on bench
// g's unit was 4 M instructions.)
StrBuf emit_buffer(Emitter *e)
{
  if (!e->nspare)
    return (StrBuf){0};
  StrBuf sb = e->spare[--e->nspare];
  sb.len = 0;
  sb.data[0] = '\0';
  return sb;
}

// Keeps sb's storage for emit_buffer (as many as spare holds; the rest is
// freed).
void emit_release(Emitter *e, StrBuf *sb)
{
  if (sb->data && e->nspare < (int)(sizeof e->spare / sizeof *e->spare)) {
    e->spare[e->nspare++] = *sb;
    *sb = (StrBuf){0};
    return;
  }
  sb_free(sb);
}

// Redirects output (the lowering writes a body before the frame it needs).
StrBuf *emit_capture(Emitter *e, StrBuf *into)
{
  StrBuf *prev = e->out;
  e->left = prev;
  e->left_data = prev->data;
  e->left_len = prev->len;
  e->left_line = e->line;
  e->out = into;
  e->mk_out = NULL;  // (where either buffer's text ends up is not known)
  // The column continues where this buffer's last line ends.
  size_t n = into->len;
  while (n > 0 && into->data[n - 1] != '\n')
    n--;
  e->col = into->len - n;
  return prev;
}

// A function's body comes back after its frame (emit_async), and emit_put
// would search all of it for newlines again (7 M instructions on bench g's
// unit).  The body starts with a line marker and the emitter kept the
// source line while writing it, so only its last line is looked at.
void emit_splice(Emitter *e, const StrBuf *sb)
{
  bool known = sb == e->left && sb->data == e->left_data &&
               sb->len == e->left_len && sb->len && sb->data[0] == '#';
  e->left = NULL;
  if (!known) {
    emit_put(e, sb->data, sb->len);
    return;
  }
  sb_append(e->out, sb->data, sb->len);
  const char *nl = memrchr(sb->data, '\n', sb->len);
  e->line = e->left_line;
  e->col = nl ? (size_t)(sb->data + sb->len - nl - 1) : e->col + sb->len;
  e->bol = sb->data[sb->len - 1] == '\n';
  e->mk_out = NULL;  // (it starts with a directive)
}

//
// Copying the input through
//

// Copies the input through byte `off`, unchanged, after what is buffered.
void emit_copy_to(Emitter *e, size_t off)
{
  if (off <= e->pos)
    return;
  size_t n = off - e->pos;
  e->mk_out = NULL;  // (the text has line markers of its own)
  if (e->buf.len + n < WRITE_PIECE) {
    sb_append(&e->buf, e->u->text + e->pos, n);
    e->pos = off;
    return;
  }
  // What was buffered, then the text itself: the buffer stays under a
  // piece (the unit's headers come through in one span of a megabyte).
  flush(e, 1);
  fwrite(e->u->text + e->pos, 1, n, e->file);
  e->flushed_last = e->u->text[off - 1];
  e->pos = off;
}

// Replaces a span keeping its line count, so later lines keep their numbers.
void emit_replace(Emitter *e, int first, int last, const char *text)
{
  Unit *u = e->u;
  emit_copy_to(e, u->toks[first].off);
  sb_puts(e->out, text);
  size_t end = tok_end(u, last);
  for (size_t i = e->pos; i < end; i++) {
    if (u->text[i] != '\n')
      continue;
    sb_append(e->out, "\n", 1);
    // A line marker inside the span is copied too.
    size_t j = i + 1;
    while (j < end && (u->text[j] == ' ' || u->text[j] == '\t'))
      j++;
    if (j < end && u->text[j] == '#') {
      const char *nl = memchr(u->text + j, '\n', end - j);
      size_t stop = nl ? (size_t)(nl - u->text) : end;
      sb_append(e->out, u->text + j, stop - j);
      i = stop - 1;
    }
  }
  e->pos = end;
  e->mk_out = NULL;  // (the text may hold markers)
}

// Generated code starts on a fresh line, unsynchronised with the source.
size_t emit_begin_generated(Emitter *e, int first)
{
  emit_copy_to(e, e->u->toks[first].off);
  size_t mark = e->out->len;
  sb_append(e->out, "\n", 1);
  e->line = 0;
  e->col = 0;
  e->src_file = 0;
  e->synced = false;
  e->bol = true;
  e->flat = false;
  e->prev = -1;
  return mark;
}

// A line marker after generated code puts what follows back on its line.
void emit_end_generated(Emitter *e, size_t mark, int last, bool keep)
{
  Unit *u = e->u;
  if (!keep) {
    e->out->len = mark;
    e->mk_out = NULL;
    return;
  }
  const Token *t = &u->toks[last];
  line_marker(e, t->line, t->file);
  e->pos = tok_end(u, last);
}

//
// Generated code
//

// emit_put of a piece whose length is not a small constant.
void emit_put_any(Emitter *e, const char *s, size_t n)
{
  if (n == 0)
    return;
  sb_append(e->out, s, n);
  emit_counted(e, s, n);
}

// File names inside string literals (descriptors).
void emit_quoted(Emitter *e, const char *s)
{
  size_t before = e->out->len;
  sb_put_quoted(e->out, s);
  e->col += e->out->len - before;
  e->bol = false;
}

// printf for generated code, straight into the output, then the line
// count, as emit_put keeps it.  (Fixed text goes through emit_put or
// EMIT_LIT: only ~11,000 calls on bench g's unit still format.)
void emit_gen(Emitter *e, const char *fmt, ...)
{
  size_t start = e->out->len;
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(e->out, fmt, ap);
  va_end(ap);
  if (e->out->len > start)
    emit_counted(e, e->out->data + start, e->out->len - start);
}

// Ends the current output line, if anything is on it.
void emit_newline(Emitter *e)
{
  if (!e->bol)
    emit_put(e, "\n", 1);
}

// emit_sync_to, inline where a token is split onto a line of its own.
static inline void sync_to(Emitter *e, const Token *t)
{
  if (!e->bol) {  // (emit_put's newline)
    StrBuf *out = e->out;
    if (out->len + 2 > out->cap)
      sb_reserve(out, 1);
    out->data[out->len++] = '\n';
    out->data[out->len] = '\0';
    e->line++;
  }
  line_marker(e, t->line, t->file);
  e->bol = true;
  e->col = 0;
  e->line = t->line;
  e->src_file = t->file;
  e->synced = true;
  e->prev = -1;
}

// A line marker so that the next output line is `tok`'s line.
void emit_sync_to(Emitter *e, int tok)
{
  sync_to(e, &e->u->toks[tok]);
}

// Takes back the newline that ends the output when the line it ends
// stands for line `line` of `file` and has fewer than `col` bytes: a token
// after a generated `{` goes on that line, at its column, not on a new one
// after a line marker.  Only where the line is known to stand for `line`
// (a marker went into this buffer since the last capture or flush, and no
// directive follows it), and never after a `//` comment.
static bool rejoin(Emitter *e, unsigned line, uint32_t file, size_t col)
{
  StrBuf *out = e->out;
  if (!e->bol || !e->synced || e->src_file != file || e->line != line + 1 ||
      !in_marked_file(e, file) || out->len < e->mk_end + 2 ||
      out->data[out->len - 1] != '\n')
    return false;
  const char *start = out->data + e->mk_end, *end = out->data + out->len - 1;
  const char *nl = memrchr(start, '\n', (size_t)(end - start));
  const char *ls = nl ? nl + 1 : start;
  size_t len = (size_t)(end - ls);
  if (len == 0 || len >= col || memmem(ls, len, "//", 2))
    return false;
  out->data[--out->len] = '\0';
  e->line--;
  e->col = len;
  e->bol = false;
  return true;
}

// Generated code on a line of its own mapped to `tok`'s line, so that cc's
// messages and the debugger place it there.
void emit_gen_at(Emitter *e, int tok)
{
  Token *t = &e->u->toks[tok];
  emit_newline(e);
  if (!e->synced || e->src_file != t->file || e->line != t->line)
    emit_sync_to(e, tok);
}

// Boilerplate that stands for no source line goes to "<acc generated>", so
// a debugger's breakpoints never land in it by accident of numbering.
void emit_boiler(Emitter *e)
{
  emit_newline(e);
  sb_puts(e->out, "# 1 \"<acc generated>\"\n");
  e->mk_out = NULL;
  e->bol = true;
  e->col = 0;
  e->synced = false;
  e->prev = -1;
}

// Whether token i may follow the output with nothing in between: the
// output ends with a separator, or with the token before i in the source,
// written right against it there too.
static bool may_touch(Emitter *e, int i)
{
  Unit *u = e->u;
  switch (last_byte(e)) {
  case '\0':  // (as strchr(" \t\n([{,;", c) said of it)
  case ' ':
  case '\t':
  case '\n':
  case '(':
  case '[':
  case '{':
  case ',':
  case ';': return true;
  default: break;
  }
  return e->prev >= 0 && e->prev == i - 1 &&
         tok_end(u, e->prev) == u->toks[i].off;
}

// Puts the output at token i's column, on its line (the current one or a
// later one): spaces up to the column, or, when the output is past it
// (generated text is longer than the source it stands for), a new output
// line mapped to the token's line by a line marker, indented to the
// column.  So the C compiler's columns are the source's, on generated
// lines too.  (Tabs of the line's indentation are kept, for the columns
// compilers count in display units.)
// Columns past this are not padded to: on a very long line (generated
// tables, minified code) padding every generated line to its token's
// column would make the output grow with the square of the line.
enum { MAX_PADDED_COLUMN = 256 };

// Whether s[0..n) holds byte c: a short span (most gaps between tokens, most
// padding) a word at a time, without a call; a longer one with memchr.
static inline bool span_has(const char *s, size_t n, unsigned char c)
{
  if (n > 16)
    return memchr(s, c, n) != NULL;
  uint64_t a, b;
  if (n >= 8) {
    memcpy(&a, s, 8);
    memcpy(&b, s + n - 8, 8);
  } else if (n >= 4) {  // (zero-extended: the upper bytes are not c)
    uint32_t a4, b4;
    memcpy(&a4, s, 4);
    memcpy(&b4, s + n - 4, 4);
    a = a4;
    b = b4;
  } else {
    for (size_t k = 0; k < n; k++)
      if ((unsigned char)s[k] == c)
        return true;
    return false;
  }
  uint64_t m = 0x0101010101010101ull * c, x = a ^ m, y = b ^ m;
  return (((x - 0x0101010101010101ull) & ~x) |
          ((y - 0x0101010101010101ull) & ~y)) &
         0x8080808080808080ull;
}

// src_col for a token on another line than the last one.
static size_t src_col_look_back(Emitter *e, size_t off)
{
  const char *text = e->u->text;
  size_t lo = off > MAX_PADDED_COLUMN + 1 ? off - (MAX_PADDED_COLUMN + 1) : 0;
  const char *nl = memrchr(text + lo, '\n', off - lo);
  if (!nl && lo > 0) {
    e->ls = 1;  // (no line start known: src_col's test fails)
    e->ls_checked = 0;
    return MAX_PADDED_COLUMN + 1;
  }
  e->ls = nl ? (size_t)(nl - text) + 1 : 0;
  e->ls_checked = off;
  return off - e->ls;
}

// The 0-based column of token i on its line of the preprocessed text, or
// MAX_PADDED_COLUMN + 1 for any column past that.  Tokens come mostly in
// order, so the start of the last token's line is kept, and only the text
// since that token is searched for a newline; a token on another line
// looks back for its line's start no further than that column (so a long
// line stays linear, and no index is searched).
static inline size_t src_col(Emitter *e, int i)
{
  const char *text = e->u->text;
  size_t off = e->u->toks[i].off;
  if (off >= e->ls_checked && e->ls_checked >= e->ls &&
      !span_has(text + e->ls_checked, off - e->ls_checked, '\n')) {
    e->ls_checked = off;
    return off - e->ls;
  }
  return src_col_look_back(e, off);
}

// Spaces from the output's column to `col` (> it) on the current line:
// place_at_column's common case, the next token of the line.  Up to 16 in
// one store (the buffer has room past its end).
static inline void pad_spaces(Emitter *e, size_t col)
{
  static const char spaces[16] = "                ";
  size_t n = col - e->col;
  StrBuf *sb = e->out;
  if (sb->len + n + 17 > sb->cap)
    sb_reserve(sb, n + 16);
  char *p = sb->data + sb->len;
  if (n <= 16)
    memcpy(p, spaces, 16);
  else
    memset(p, ' ', n);
  sb->len += n;
  sb->data[sb->len] = '\0';
  e->col = col;
  e->bol = false;
}

// Pads the current output line from its column to `col`: spaces, or the
// source line's own blanks (line[k] for k in [e->col, col)) where it has a
// tab.  One append, not a byte at a time (padding is a sixth of the output).
static inline void pad_to(Emitter *e, size_t col, const char *line)
{
  size_t from = e->col;
  if (from >= col)
    return;
  pad_spaces(e, col);
  if (line && span_has(line + from, col - from, '\t')) {
    char *p = e->out->data + e->out->len - (col - from);
    for (size_t k = 0; k < col - from; k++)
      if (line[from + k] == '\t')
        p[k] = '\t';
  }
}

// place_at_column where the token does not simply follow on the line: past
// the padded columns, rejoined, or split onto a line of its own.
static void place_elsewhere(Emitter *e, int i, size_t col)
{
  Unit *u = e->u;
  Token *t = &u->toks[i];
  if (col > MAX_PADDED_COLUMN) {
    if (t->line != e->line)
      sync_to(e, t);
    else if (!e->bol)
      emit_put(e, " ", 1);
    return;
  }
  if (!rejoin(e, t->line, t->file, col) && (t->line != e->line || !e->bol))
    sync_to(e, t);
  pad_to(e, col, u->text + t->off - col);
}

static inline void place_at_column(Emitter *e, int i)
{
  Token *t = &e->u->toks[i];
  size_t col = src_col(e, i);
  if (col <= MAX_PADDED_COLUMN && t->line == e->line && !e->bol) {
    if (e->col < col) {
      pad_spaces(e, col);
      return;
    }
    if (e->col == col && may_touch(e, i))
      return;
  }
  place_elsewhere(e, i, col);
}

// Generated text that stands for token i (the `=` that a `return`
// becomes, a function's name) goes at i's column, so that the C compiler
// points there.
void emit_column(Emitter *e, int i)
{
  Token *t = &e->u->toks[i];
  if (!e->synced || t->file != e->src_file || t->line < e->line)
    emit_sync_to(e, i);
  place_at_column(e, i);
}

// emit_position to a token not on the output's line: the source's own
// text in between when it bridges exactly to a later line (true: done),
// else newlines down to a near later line; the column is still to place.
static bool move_down(Emitter *e, int i)
{
  Unit *u = e->u;
  Token *t = &u->toks[i];
  bool same_file = e->synced && t->file == e->src_file;
  if (same_file && t->line > e->line && e->prev >= 0 && e->prev == i - 1) {
    // Copy the gap when it is exactly the newlines between the two lines
    // (and holds no #pragma: emit_pragmas writes those).
    size_t from = tok_end(u, e->prev);
    unsigned nl = 0;
    bool hash = false;
    for (size_t k = from; k < t->off; k++) {
      nl += u->text[k] == '\n';
      hash |= u->text[k] == '#';
    }
    if (nl == t->line - e->line && !hash) {
      emit_put(e, u->text + from, t->off - from);
      e->line = t->line;
      return true;
    }
  }
  if (same_file && t->line > e->line && t->line - e->line <= 4) {
    if (!e->bol)
      emit_put(e, "\n", 1);
    while (e->line < t->line)
      emit_put(e, "\n", 1);  // emit_put() counts the line
  }
  return false;
}

// Moves the output to token i's position: same line (at its column), a
// later line (the source's own text in between, comments and all, when it
// bridges exactly), or anywhere else (a line marker).
void emit_position(Emitter *e, int i)
{
  Unit *u = e->u;
  Token *t = &u->toks[i];
  bool same_file = e->synced && t->file == e->src_file;
  if (e->flat) {
    // Inside a generated line: at the token's column when it is on the
    // line the output stands for (or a later one of the same file).
    if (!same_file || t->line < e->line) {
      char last = last_byte(e);
      if (last != ' ' && last != '(' && last != '\n' &&
          (e->prev < 0 || e->prev >= i || tok_end(u, e->prev) < t->off))
        emit_put(e, " ", 1);
      return;
    }
  } else if (!same_file || t->line != e->line || e->bol) {
    if (move_down(e, i))
      return;
  }
  place_at_column(e, i);  // (one call: inline)
}

// The #pragma lines (`_Pragma` too, after preprocessing) between token
// i - 1 and token i, each on a line of its own: a lowered body re-emits its
// statements, and `#pragma GCC diagnostic` must stay where it was.
void emit_pragmas(Emitter *e, int i)
{
  Unit *u = e->u;
  if (i <= 0)
    return;
  const char *text = u->text;
  size_t end = u->toks[i].off, start = tok_end(u, i - 1);
  if (start >= end ||
      !span_has(text + start, end - start, '#'))  // (most: a few blanks)
    return;
  for (size_t k = start; k < end; k++) {
    if (text[k] != '\n')
      continue;
    size_t p = k + 1;
    while (p < end && (text[p] == ' ' || text[p] == '\t'))
      p++;
    if (p + 7 > end || text[p] != '#')
      continue;
    size_t q = p + 1;
    while (q < end && (text[q] == ' ' || text[q] == '\t'))
      q++;
    if (q + 6 > end || memcmp(text + q, "pragma", 6))
      continue;
    const char *nl = memchr(text + p, '\n', end - p);
    size_t stop = nl ? (size_t)(nl - text) : end;
    emit_newline(e);
    emit_put(e, text + p, stop - p);
    emit_put(e, "\n", 1);
    e->synced = false;  // the next token needs a line marker
    e->prev = -1;
  }
}

// A source token, where the source had it.
void emit_tok(Emitter *e, int i)
{
  emit_position(e, i);
  emit_put(e, tok_text(e->u, i), e->u->toks[i].len);
  e->prev = i;
}

// The first of tokens k..last with more than spaces between it and the
// token before (last + 1: none): up to there a copy of the source text is
// what padding each token to its column would write.
static inline int spaced_end(const Unit *u, int k, int last)
{
  for (; k <= last; k++) {
    size_t g = tok_end(u, k - 1);
    while (g < u->toks[k].off && u->text[g] == ' ')
      g++;
    if (g < u->toks[k].off)
      break;
  }
  return k;
}

// emit_run's common case, where emit_position would go straight to
// place_at_column (the output is on the first token's line, flat or not): the
// padding, or a line marker and the padding, and as much of the run as
// spaces separate, as one piece, without the calls token by token (after a
// frame variable, ac__f->x, most runs start with a split).  False if the
// token goes elsewhere (not at its column, or it holds a newline or starts
// a directive: emit_put counts those).
static bool run_on_line(Emitter *e, int first, int last)
{
  Unit *u = e->u;
  const Token *t = &u->toks[first];
  const char *text = u->text;
  size_t col = src_col(e, first);
  if (col > MAX_PADDED_COLUMN || text[t->off] == '#' ||
      span_has(text + t->off, t->len, '\n'))
    return false;
  size_t to = t->off + t->len;
  int k = first + 1;
  if (col + (tok_end(u, last) - t->off) <= MAX_PADDED_COLUMN) {
    k = spaced_end(u, k, last);
    to = tok_end(u, k - 1);
  }
  if (e->col < col) {
    pad_spaces(e, col);
  } else if (e->col > col || !may_touch(e, first)) {
    sync_to(e, t);  // (rejoin needs the output at a line's start)
    pad_to(e, col, text + t->off - col);
  }
  sb_append(e->out, text + t->off, to - t->off);
  e->col += to - t->off;
  e->bol = false;
  e->prev = k - 1;
  for (; k <= last; k++)
    emit_tok(e, k);
  return true;
}

// Source tokens first..last, none replaced, all of one line of the source
// (print_range's runs), each where emit_tok would put it: when the first
// went at its own column on a line standing for its line, the rest are
// one copy of the source text (as far as only spaces separate them; from
// a tab or a comment on, token by token, as padding writes spaces).
void emit_run(Emitter *e, int first, int last)
{
  Unit *u = e->u;
  const Token *t = &u->toks[first];
  if (e->synced && e->src_file == t->file && e->line == t->line && !e->bol &&
      run_on_line(e, first, last))
    return;
  emit_tok(e, first);
  if (first == last)
    return;
  size_t from = tok_end(u, first), end = tok_end(u, last);
  int k = first + 1;
  if (e->synced && e->src_file == t->file && e->line == t->line &&
      e->col == src_col(e, first) + t->len &&
      e->col + (end - from) <= MAX_PADDED_COLUMN) {
    k = spaced_end(u, k, last);
    size_t to = tok_end(u, k - 1);
    sb_append(e->out, u->text + from, to - from);
    e->col += to - from;
    e->prev = k - 1;
  }
  for (; k <= last; k++)
    emit_tok(e, k);
}

// The sizes of the --frame-report, for the C compiler to fill in.
void emit_frame_report_values(Emitter *e)
{
  Unit *u = e->u;
  if (!u->opts->frame_report || !u->nreport_values)
    return;
  sb_printf(e->out,
            "\nconst unsigned long long ac__frame_report[] "
            "__attribute__((used, section(\".acc_frames\"))) = {%s};\n",
            u->report_values.data);
}
