// strbuf.c — growable byte buffer.  The emitter builds whole lines in one
// before writing them, and diagnostics format messages into one.
#include "acc.h"

#include <stdlib.h>
#include <string.h>

static void reserve(StrBuf *sb, size_t extra)
{
  if (sb->len + extra + 1 <= sb->cap)
    return;
  size_t cap = sb->cap ? sb->cap * 2 : 256;
  while (cap < sb->len + extra + 1)
    cap *= 2;
  char *p = realloc(sb->data, cap);
  if (!p) {
    fputs("acc: error: out of memory\n", stderr);
    exit(3);
  }
  sb->data = p;
  sb->cap = cap;
}

void sb_append(StrBuf *sb, const char *s, size_t n)
{
  reserve(sb, n);
  memcpy(sb->data + sb->len, s, n);
  sb->len += n;
  sb->data[sb->len] = '\0';
}

void sb_puts(StrBuf *sb, const char *s)
{
  sb_append(sb, s, strlen(s));
}

void sb_printf(StrBuf *sb, const char *fmt, ...)
{
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  reserve(sb, (size_t)n);
  vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  sb->len += (size_t)n;
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

// Appends a line marker, `# LINE "FILE"`: the next line is LINE of FILE.
// (Written by hand: translated code has one every few lines, and printf
// was a tenth of the translator's time.)
void sb_line_marker(StrBuf *sb, unsigned line, const char *file)
{
  char num[16];
  int n = 0;
  do
    num[sizeof num - 1 - n++] = (char)('0' + line % 10);
  while ((line /= 10) != 0);
  sb_append(sb, "# ", 2);
  sb_append(sb, num + sizeof num - n, (size_t)n);
  sb_append(sb, " \"", 2);
  sb_put_quoted(sb, file);
  sb_append(sb, "\"\n", 2);
}
