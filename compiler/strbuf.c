// strbuf.c — growable byte buffer.  The emitter builds whole lines in one
// before writing them, and diagnostics format messages into one.
#include "acc.h"

#include <stdlib.h>
#include <string.h>

// Room for `extra` more bytes and the NUL.  A buffer starts at a little
// under 1 KB, the largest size glibc keeps in its per-thread cache (the
// lowering's pieces of a function, 1-4 KB, grew from 256 B in 10,000
// reallocs on bench g's unit, 1.7 M instructions).
void sb_reserve(StrBuf *sb, size_t extra)
{
  if (sb->len + extra + 1 <= sb->cap)
    return;
  size_t cap = sb->cap ? sb->cap * 2 : 1024 - 24;
  while (cap < sb->len + extra + 1)
    cap *= 2;
  char *p = sb->data ? realloc(sb->data, cap) : malloc(cap);
  if (!p) {
    fputs("acc: error: out of memory\n", stderr);
    exit(3);
  }
  sb->data = p;
  sb->cap = cap;
}

void sb_puts(StrBuf *sb, const char *s)
{
  sb_append(sb, s, strlen(s));
}

// Decimal digits without printf (see sb_vprintf).
static void put_number(StrBuf *sb, long long v)
{
  char buf[24];
  int n = 0;
  unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
  do
    buf[sizeof buf - 1 - n++] = (char)('0' + u % 10);
  while ((u /= 10) != 0);
  if (v < 0)
    buf[sizeof buf - 1 - n++] = '-';
  sb_append(sb, buf + sizeof buf - n, (size_t)n);
}

// printf into sb.  %s, %d, %u and %% are formatted here (the translator's
// generated text and names are full of them, and libc's printf machinery
// was a tenth of its time); any other conversion hands the rest of the
// format to vsnprintf, so the format attribute's compile-time check tells
// the whole truth.
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap)
{
  for (const char *p = fmt;;) {
    const char *q = strchrnul(p, '%');
    sb_append(sb, p, (size_t)(q - p));
    if (!*q)
      return;
    if (q[1] == 's') {
      const char *arg = va_arg(ap, const char *);
      sb_puts(sb, arg ? arg : "(null)");
    } else if (q[1] == 'd') {
      put_number(sb, va_arg(ap, int));
    } else if (q[1] == 'u') {
      put_number(sb, va_arg(ap, unsigned));
    } else if (q[1] == '%') {
      sb_append(sb, "%", 1);
    } else {
      va_list ap2;
      va_copy(ap2, ap);
      int n = vsnprintf(NULL, 0, q, ap);
      sb_reserve(sb, (size_t)n);
      vsnprintf(sb->data + sb->len, (size_t)n + 1, q, ap2);
      va_end(ap2);
      sb->len += (size_t)n;
      return;
    }
    p = q + 2;
  }
}

void sb_printf(StrBuf *sb, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(sb, fmt, ap);
  va_end(ap);
}

void sb_free(StrBuf *sb)
{
  free(sb->data);
  sb->data = NULL;
  sb->len = sb->cap = 0;
}

// Appends s as the inside of a C string literal ("…" without the quotes):
// file names in line markers and descriptors.
void sb_put_quoted(StrBuf *sb, const char *s)
{
  for (;;) {
    size_t n = strcspn(s, "\"\\");
    sb_append(sb, s, n);
    if (!s[n])
      return;
    sb_append(sb, "\\", 1);
    sb_append(sb, s + n, 1);
    s += n + 1;
  }
}
