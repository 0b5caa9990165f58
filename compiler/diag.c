// diag.c — diagnostics at a token: `file:line:col: error: message`, then
// the source line and a caret line, the format gcc and clang use so editors
// and scripts can read it.
//
//   samples/bad.ac:12:13: error: 'await' used outside of an async function
//       int x = await fetch(url);
//               ^~~~~
//
// Line numbers come from the preprocessor's line markers.  Columns are
// 1-based and counted in bytes.  A token's column is measured in the
// preprocessed line, which can differ from the source line (macros expand,
// comments vanish), so the printed source line is taken from the original
// file and the caret is moved to where the token's spelling really is on it;
// when the file cannot be read, the preprocessed line is shown instead.
#include "acc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *level_name[] = {"error", "warning", "note"};

// Source files larger than this are not quoted from (the preprocessed line
// is shown instead).
#define MAX_QUOTED_SOURCE ((off_t)64 << 20)

// Reads `name` whole if it is a regular file of at most MAX_QUOTED_SOURCE
// bytes; NULL otherwise.  Line markers can name anything (`#line 1
// "/dev/zero"`, a FIFO, "/dev/stdin"), and quoting a line must never block
// or read without end, so the file is checked before it is opened (opening
// some devices has effects) and again once open, without blocking.
static char *read_source(const char *name, size_t *size)
{
  struct stat st;
  if (stat(name, &st) != 0 || !S_ISREG(st.st_mode))
    return NULL;
  int fd = open(name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  char *buf = NULL;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
      st.st_size <= MAX_QUOTED_SOURCE) {
    size_t want = (size_t)st.st_size, got = 0;
    buf = malloc(want + 1);
    while (buf && got < want) {
      ssize_t n = read(fd, buf + got, want - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (size_t)n;
    }
    *size = got;  // a file that shrank meanwhile: what was there
  }
  close(fd);
  return buf;
}

// Loads a source file once for quoting lines; NULL if it cannot be read.
static SrcFile *load(SrcFile *f)
{
  if (!f->loaded) {
    f->loaded = true;
    f->contents = read_source(f->name, &f->size);
  }
  return f->contents ? f : NULL;
}

// Finds line `line` (1-based) of buf[0..size); sets *len.
static const char *nth_line(const char *buf, size_t size, unsigned line,
                            size_t *len)
{
  const char *p = buf, *end = buf + size;
  for (unsigned i = 1; i < line && p < end; i++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
      return NULL;
    p = nl + 1;
  }
  if (p > end || (p == end && line > 1 && p[-1] == '\n'))
    return NULL;
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *len = (size_t)((nl ? nl : end) - p);
  return p;
}

// Where the spelling tok[0..tlen) stands on `line`, closest to byte column
// `col` (0-based); -1 when it does not occur there.
static long find_on_line(const char *line, size_t len, const char *tok,
                         size_t tlen, size_t col)
{
  long best = -1;
  if (tlen == 0 || tlen > len)
    return best;
  for (size_t i = 0; i + tlen <= len; i++) {
    if (memcmp(line + i, tok, tlen))
      continue;
    size_t d = i > col ? i - col : col - i;
    size_t bd = best < 0 ? (size_t)-1
                         : ((size_t)best > col ? (size_t)best - col
                                               : col - (size_t)best);
    if (d < bd)
      best = (long)i;
  }
  return best;
}

// Where the line of the preprocessed text holding byte `off` begins: a
// binary search in the offsets of the text's newlines, listed on first use
// (scanning back to the line's start cost the line's length per question,
// which made a long line — minified code — quadratic).
size_t line_start(Unit *u, size_t off)
{
  LineIndex *li = &u->lines;
  if (!li->made) {
    for (const char *p = u->text, *end = u->text + u->len;
         (p = memchr(p, '\n', (size_t)(end - p))); p++) {
      if (li->n == li->cap) {
        li->cap = li->cap ? 2 * li->cap : 1024;
        li->nl = acc_realloc(li->nl, sizeof *li->nl * li->cap);
      }
      li->nl[li->n++] = (uint32_t)(p - u->text);
    }
    li->made = true;
  }
  // The last newline before off: nl[lo - 1] < off <= nl[lo].
  size_t lo = 0, hi = li->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (li->nl[mid] < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo ? li->nl[lo - 1] + 1 : 0;
}

// The 1-based byte column of token tok on its line of the preprocessed
// text (where the preprocessor kept the source's spacing, the source's).
// A short look back finds most lines' start; the line index (a cache:
// making it changes nothing the unit says, but it costs a pass over the
// whole text, 2.6 M instructions for bench g's unit, where the lowering
// asks for each await's column) only for a column past 256.
unsigned tok_column(const Unit *u, int tok)
{
  size_t off = u->toks[tok].off;
  for (size_t k = 0; k < 256 && k < off; k++)
    if (u->text[off - k - 1] == '\n')
      return (unsigned)k + 1;
  if (off < 256)
    return (unsigned)off + 1;
  return (unsigned)(off - line_start((Unit *)u, off)) + 1;
}

void diag_vat(Unit *u, DiagLevel level, int first, int last, const char *fmt,
              va_list ap)
{
  if (level == DIAG_ERROR && ++u->nerrors > MAX_ERRORS)
    return;
  // A note belongs to the error before it: past the limit, both are dropped
  // (100,000 errors must not print, and pay for, 100,000 notes).
  if (level == DIAG_NOTE && u->nerrors > MAX_ERRORS)
    return;
  if (level == DIAG_WARNING)
    u->nwarnings++;
  const Token *t = &u->toks[first];
  SrcFile *f = &u->files[t->file];

  // The preprocessed line holding the token, and the token's column on it.
  const char *pl = u->text + t->off;
  while (pl > u->text && pl[-1] != '\n')
    pl--;
  const char *pe = memchr(u->text + t->off, '\n', u->len - t->off);
  if (!pe)
    pe = u->text + u->len;
  size_t col = t->off - (size_t)(pl - u->text);
  size_t span = t->len ? t->len : 1;
  if (last > first && u->toks[last].off >= t->off &&
      u->text + u->toks[last].off < pe)
    span = u->toks[last].off + u->toks[last].len - t->off;

  // Prefer the original source line when the token's spelling is on it.
  const char *line = pl;
  size_t len = (size_t)(pe - pl);
  size_t olen;
  SrcFile *src = load(f);
  const char *orig =
      src ? nth_line(src->contents, src->size, t->line, &olen) : NULL;
  if (orig) {
    long at = find_on_line(orig, olen, u->text + t->off, t->len, col);
    if (at >= 0) {
      line = orig;
      len = olen;
      col = (size_t)at;
      if (col + span > len)
        span = len - col;
    }
  }

  StrBuf sb = {0};
  sb_printf(&sb, "%s:%u:%zu: %s: ", f->name, t->line, col + 1,
            level_name[level]);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *msg = malloc((size_t)n + 1);
  vsnprintf(msg, (size_t)n + 1, fmt, ap);
  sb_puts(&sb, msg);
  free(msg);
  sb_puts(&sb, "\n");
  // Very long lines (generated code, junk) are shown around the column.
  enum { WINDOW = 100 };
  if (len > 2 * WINDOW) {
    size_t from = col > WINDOW / 2 ? col - WINDOW / 2 : 0;
    size_t to = from + WINDOW < len ? from + WINDOW : len;
    col -= from;
    line += from;
    len = to - from;
    if (span > len - col)
      span = len - col;
  }
  sb_append(&sb, line, len);
  sb_puts(&sb, "\n");
  // The caret line copies tabs so it lines up at any tab width.
  for (size_t i = 0; i < col && i < len; i++)
    sb_append(&sb, line[i] == '\t' ? "\t" : " ", 1);
  sb_puts(&sb, "^");
  for (size_t i = 1; i < span; i++)
    sb_puts(&sb, "~");
  sb_puts(&sb, "\n");
  fputs(sb.data, stderr);
  sb_free(&sb);
}

void diag_at_span(Unit *u, DiagLevel level, int first, int last,
                  const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_vat(u, level, first, last, fmt, ap);
  va_end(ap);
}

void diag_at(Unit *u, DiagLevel level, int tok, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  diag_vat(u, level, tok, tok, fmt, ap);
  va_end(ap);
}

_Noreturn void diag_ice(const char *file, int line, const char *msg)
{
  fprintf(stderr, "acc: internal compiler error at %s:%d: %s\n", file, line,
          msg);
  exit(3);
}
