// ccdiag.c — the C compiler's messages about translated code, as the user
// wrote the code.
//
// The translation already puts every source token of a lowered function at
// its own line and column (emit.c), so gcc and clang report .ac positions.
// What the driver still fixes, line by line, on the way to stderr:
//
//   - names the lowering made up:  ‘ac__amain_resume’ and ac__amain_direct
//     become ‘amain’ (gcc's "In function …", the linker's "in function"),
//     a frame variable ac__f->count becomes count, and a typedef of a frame
//     variable or a result, ‘ac__amain_T_x’ {aka ‘int’} (clang: (aka
//     'int')), becomes ‘int’;
//   - clang's quoted source line: clang quotes the physical line of the
//     translation (generated code, `ac__f->`), gcc the .ac file's line.
//     When clang's quote is not the source line (white space aside), it is
//     replaced by the source line, and the caret line is cut to its length.
#include "driver.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

// Source files larger than this are not quoted from.
#define MAX_QUOTED_SOURCE ((off_t)64 << 20)

// A growable string.
typedef struct Buf {
  char *s;
  size_t len, cap;
} Buf;

static void buf_add(Buf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    char *bigger = realloc(b->s, b->cap);
    if (!bigger)
      drv_die(DRV_EXIT_INTERNAL, "out of memory");
    b->s = bigger;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static bool ident_char(char c)
{
  return isalnum((unsigned char)c) || c == '_';
}

// Whether s (inside line) follows a colour escape, ESC [ digits ; m or K.
static bool after_escape(const char *line, const char *s)
{
  if (s == line || (s[-1] != 'm' && s[-1] != 'K'))
    return false;
  const char *p = s - 2;
  while (p >= line && (isdigit((unsigned char)*p) || *p == ';'))
    p--;
  return p > line && *p == '[' && p[-1] == '\033';
}

// s without colour escapes (ESC [ … letter), in a new string.
static char *strip_escapes(const char *s)
{
  char *out = malloc(strlen(s) + 1), *o = out;
  if (!out)
    drv_die(DRV_EXIT_INTERNAL, "out of memory");
  while (*s) {
    if (s[0] == '\033' && s[1] == '[') {
      s += 2;
      while (*s && !isalpha((unsigned char)*s))
        s++;
      if (*s)
        s++;
      continue;
    }
    *o++ = *s++;
  }
  *o = '\0';
  return out;
}

// The length of a quote character at s (' or gcc's UTF-8 ‘ ’), or 0.
static size_t quote_len(const char *s)
{
  if (*s == '\'')
    return 1;
  if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
      ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99))
    return 3;
  return 0;
}

// The length of a colour escape (ESC [ … letter) at p, or 0.
static size_t esc_len(const char *p)
{
  if (p[0] != '\033' || p[1] != '[')
    return 0;
  size_t n = 2;
  while (p[n] && !isalpha((unsigned char)p[n]))
    n++;
  return p[n] ? n + 1 : n;
}

// p past any colour escapes.
static const char *skip_esc(const char *p)
{
  for (size_t n; (n = esc_len(p)) != 0;)
    p += n;
  return p;
}

// `ac__NAME_T_x’ {aka ‘T’}` at s (the identifier, of length n; its quotes
// already out when `quoted`), or unquoted in gcc's labels: `ac__NAME_T_x
// {aka T}`.  Returns the length of it all with *type/*tlen the aka'd type,
// or 0 if it is not that shape.
static size_t aka_clause(const char *s, size_t n, bool quoted,
                         const char **type, size_t *tlen)
{
  const char *p = skip_esc(s + n);
  size_t q = quoted ? quote_len(p) : 0;
  if (quoted && !q)
    return 0;
  p += q;
  char close;
  if (!strncmp(p, " {aka ", 6))
    close = '}';
  else if (!strncmp(p, " (aka ", 6))
    close = ')';
  else
    return 0;
  p += 6;
  q = quote_len(p);
  p += q;
  // The type ends at `close` (after a quote if it is quoted: then it may
  // hold brackets).
  for (const char *r = p; *r; r++) {
    size_t k = q ? quote_len(r) : 0;
    if (q && k && *skip_esc(r + k) == close) {
      *type = p;
      *tlen = (size_t)(r - p);
      return (size_t)(skip_esc(r + k) + 1 - s);
    }
    if (!q && *r == close) {
      *type = p;
      *tlen = (size_t)(r - p);
      return (size_t)(r + 1 - s);
    }
  }
  return 0;
}

// Whether s[0..n) contains `what`.
static bool contains(const char *s, size_t n, const char *what)
{
  size_t w = strlen(what);
  for (size_t i = 0; i + w <= n; i++)
    if (!memcmp(s + i, what, w))
      return true;
  return false;
}

// One line of the C compiler's output with the lowering's names replaced
// by the user's (see the top of the file).
// "argument N of ‘ac__f_embed’": the generated function takes a first
// parameter of its own (the frame, or the result), so the user's argument
// is N - 1.  Fixes the number just written to out, if it is there.
static void shift_argument_number(Buf *out)
{
  size_t i = out->len, lim = out->len > 48 ? out->len - 48 : 0;
  while (i > lim && strncmp(out->s + i - 1, "argument ", 9) != 0)
    i--;
  if (i == lim)
    return;
  char *num = out->s + i + 8, *end;
  long n = strtol(num, &end, 10);
  if (end == num || n < 2 || strncmp(end, " of ", 4) != 0)
    return;
  char text[24];
  int len = snprintf(text, sizeof text, "%ld", n - 1);
  size_t old = (size_t)(end - num), tail = out->len - (size_t)(end - out->s);
  memmove(num + len, end, tail);  // len <= old: the number only shrinks
  memcpy(num, text, (size_t)len);
  out->len -= old - (size_t)len;
  out->s[out->len] = '\0';
}

// Whether the name at..at+n ends as a name made from a function's does
// (ac__F_resume, ac__F_T_x, ...), so that ac__fv_... is no frame variable.
static bool fn_suffix(const char *at, size_t n)
{
  static const char *const ends[] = {"_resume", "_direct", "_embed", "_desc",
                                     "_frame",  "_result", "_lines"};
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
    size_t k = strlen(ends[i]);
    if (n > k && !strncmp(at + n - k, ends[i], k))
      return true;
  }
  return contains(at, n, "_T_");
}

static void rename_line(const char *line, Buf *out)
{
  const char *p = line;
  while (*p) {
    const char *at = strstr(p, "ac__");
    if (!at || (at > line && ident_char(at[-1]) && !after_escape(line, at))) {
      size_t n = at ? (size_t)(at - p) + 4 : strlen(p);
      buf_add(out, p, n);
      p += n;
      continue;
    }
    buf_add(out, p, (size_t)(at - p));
    if (!strncmp(at, "ac__f->", 7)) {  // a frame variable
      p = at + 7;
      continue;
    }
    size_t n = 4;
    while (ident_char(at[n]))
      n++;
    if (n > 7 && !strncmp(at, "ac__fv_", 7) && !fn_suffix(at, n)) {
      p = at + 7;  // a frame variable kept in a local: ac__fv_count
      continue;
    }
    const char *type;
    size_t tlen, aka;
    // The opening quote, maybe with colour escapes after it.
    const char *q = at;
    while (q > line && after_escape(line, q)) {
      q--;
      while (q > line && *q != '\033')
        q--;
    }
    bool quoted = q > line && quote_len(q - 1) == 1;
    quoted = quoted || (q - line >= 3 && quote_len(q - 3) == 3);
    if (n > 11 && (!strncmp(at + n - 7, "_resume", 7) ||
                   !strncmp(at + n - 7, "_direct", 7))) {
      if (!strncmp(at + n - 7, "_direct", 7))
        shift_argument_number(out);
      buf_add(out, at + 4, n - 11);  // the function's own name
      p = at + n;
    } else if (n > 10 && !strncmp(at + n - 6, "_embed", 6)) {
      shift_argument_number(out);
      buf_add(out, at + 4, n - 10);  // the function's own name
      p = at + n;
    } else if ((contains(at, n, "_T_") || contains(at, n, "_result")) &&
               (aka = aka_clause(at, n, quoted, &type, &tlen)) != 0) {
      // ‘ac__f_T_x’ {aka ‘int’} → ‘int’ (the opening quote is out).
      buf_add(out, type, tlen);
      if (quoted) {
        const char *cq = skip_esc(at + n);
        buf_add(out, at + n, (size_t)(cq - (at + n)) + quote_len(cq));
      }
      p = at + aka;
    } else {
      buf_add(out, at, n);
      p = at + n;
    }
  }
}

// Line `line` (1-based) of file `name`, or NULL; the file is read once
// (the last one asked for is kept).  Only regular files, as diag.c.
typedef struct Source {
  char *name;
  char *text;
  size_t len;
} Source;

static const char *source_line(Source *src, const char *name, long line,
                               size_t *len)
{
  if (!src->name || strcmp(src->name, name)) {
    free(src->name);
    free(src->text);
    *src = (Source){.name = strdup(name)};
    struct stat st;
    FILE *f = NULL;
    if (stat(name, &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_size <= MAX_QUOTED_SOURCE)
      f = fopen(name, "rb");
    if (f) {
      src->text = malloc((size_t)st.st_size + 1);
      if (src->text)
        src->len = fread(src->text, 1, (size_t)st.st_size, f);
      fclose(f);
    }
  }
  if (!src->text || line < 1)
    return NULL;
  const char *p = src->text, *end = src->text + src->len;
  for (long i = 1; i < line; i++) {
    p = memchr(p, '\n', (size_t)(end - p));
    if (!p)
      return NULL;
    p++;
  }
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *len = (size_t)((nl ? nl : end) - p);
  return p;
}

// Whether two lines are the same but for white space.
static bool same_tokens(const char *a, size_t alen, const char *b, size_t blen)
{
  size_t i = 0, j = 0;
  for (;;) {
    while (i < alen && isspace((unsigned char)a[i]))
      i++;
    while (j < blen && isspace((unsigned char)b[j]))
      j++;
    if (i == alen || j == blen)
      return i == alen && j == blen;
    if (a[i++] != b[j++])
      return false;
  }
}

// Whether s is a caret line: blanks, one '^' and '~'s.
static bool caret_line(const char *s)
{
  bool caret = false;
  for (; *s; s++) {
    if (*s == '^')
      caret = true;
    else if (*s != ' ' && *s != '\t' && *s != '~')
      return false;
  }
  return caret;
}

// A message's position: `FILE:LINE:COL: ` at the start of the line
// (colours aside).
static bool header_plain(const char *s, char **file, long *line);

static bool header(const char *s, char **file, long *line)
{
  if (!strchr(s, '\033'))
    return header_plain(s, file, line);
  char *plain = strip_escapes(s);
  bool found = header_plain(plain, file, line);
  free(plain);
  return found;
}

static bool header_plain(const char *s, char **file, long *line)
{
  for (const char *p = strchr(s, ':'); p; p = strchr(p + 1, ':')) {
    char *end;
    long l = strtol(p + 1, &end, 10);
    if (end == p + 1 || *end != ':' || l <= 0)
      continue;
    long c = strtol(end + 1, &end, 10);
    if (c <= 0 || strncmp(end, ": ", 2))
      continue;
    *file = strndup(s, (size_t)(p - s));
    *line = l;
    return *file != NULL;
  }
  return false;
}

// Whether s starts a message (FILE:LINE:COL: …).
static bool is_header(const char *s)
{
  char *file;
  long line;
  if (!header(s, &file, &line))
    return false;
  free(file);
  return true;
}

// A line that is not part of the message before it: gcc's "In function",
// "At top level", clang's count of errors.
static bool context_line(const char *s)
{
  char *plain = strip_escapes(s);
  bool is = strstr(plain, ": In function ") ||
            strstr(plain, ": At top level:") || strstr(plain, " generated.");
  free(plain);
  return is;
}

// Relays the C compiler's stderr (the file `path`) to stderr, rewritten
// as the top of the file says.
void drv_relay_cc_diagnostics(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return;
  // Every line, for the look-ahead at caret lines.
  char **lines = NULL;
  size_t n = 0, cap = 0;
  char *line = NULL;
  size_t lcap = 0;
  ssize_t got;
  while ((got = getline(&line, &lcap, f)) >= 0) {
    if (got > 0 && line[got - 1] == '\n')
      line[got - 1] = '\0';
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      char **bigger = realloc(lines, cap * sizeof *lines);
      if (!bigger)
        drv_die(DRV_EXIT_INTERNAL, "out of memory");
      lines = bigger;
    }
    lines[n] = strdup(line);
    if (!lines[n++])
      drv_die(DRV_EXIT_INTERNAL, "out of memory");
  }
  free(line);
  fclose(f);

  // The lines to print: renamed, clang's quotes replaced.
  Source src = {0};
  for (size_t i = 0; i < n; i++) {
    Buf out = {0};
    rename_line(lines[i], &out);
    char *file;
    long lno;
    bool hdr = header(lines[i], &file, &lno);
    free(lines[i]);
    lines[i] = out.s ? out.s : strdup("");
    if (!hdr || i + 2 >= n) {
      if (hdr)
        free(file);
      continue;
    }
    // clang's quote: the next line, with a caret line after it.
    char *quote = strip_escapes(lines[i + 1]);
    char *caret = strip_escapes(lines[i + 2]);
    size_t slen;
    const char *sl =
        caret_line(caret) ? source_line(&src, file, lno, &slen) : NULL;
    free(file);
    if (sl && !same_tokens(quote, strlen(quote), sl, slen)) {
      free(lines[i + 1]);
      lines[i + 1] = strndup(sl, slen);
      // Its range marks, cut to the source line (colours kept).
      char *c = lines[i + 2], *o = c;
      for (size_t col = 0; *c;) {
        size_t e = esc_len(c);
        if (e) {
          memmove(o, c, e);
          o += e, c += e;
        } else if (*c == '~' && col >= slen) {
          c++;
        } else {
          *o++ = *c++;
          col++;
        }
      }
      *o = '\0';
      i += 2;
    }
    free(quote);
    free(caret);
  }
  // A message with its quote and notes printed before is not printed
  // again (a deferred statement is written out at every exit of its
  // block, and so are its errors).
  Buf seen = {0};  // the messages printed, each ended by a NUL
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    if (is_header(lines[i]))
      while (j < n && !is_header(lines[j]) && !context_line(lines[j]))
        j++;
    Buf msg = {0};
    for (size_t k = i; k < j; k++) {
      buf_add(&msg, lines[k], strlen(lines[k]));
      buf_add(&msg, "\n", 1);
    }
    bool dup = false;
    for (size_t k = 0; k < seen.len && !dup; k += strlen(seen.s + k) + 1)
      dup = !strcmp(seen.s + k, msg.s);
    if (!dup) {
      fputs(msg.s, stderr);
      buf_add(&seen, msg.s, msg.len + 1);
    }
    free(msg.s);
    i = j;
  }
  free(seen.s);
  for (size_t i = 0; i < n; i++)
    free(lines[i]);
  free(lines);
  free(src.name);
  free(src.text);
}
