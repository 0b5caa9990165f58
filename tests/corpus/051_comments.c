/* 051_comments: comments mean nothing to the program (issue 11, item 4).
   acc used to preprocess with comments kept (-C), which gcc puts into the
   text of a stringified macro argument, and a '(' in a comment inside
   __attribute__((...)) was a fatal error.  The fall-through comments must
   still reach the C compiler: the corpus builds with -Wextra -Werror, which
   turns on gcc's -Wimplicit-fallthrough. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#define STR(x) #x
#define XSTR(x) STR(x)
#define SUM(a, b) ((a) + (b))

static int __attribute__((aligned(16 /* (not a parenthesis */))) aligned_v = 5;
static int __attribute__((unused /* ( too */)) unused_v;

static int classify(int x)
{
  int r = 0;
  switch (x) {
  case 1:
    r += 1;
    /* fall through */
  case 2:
    r += 10;
    // FALLTHRU
  case 3:
    r += 100;
    break;
  default:
    r = -1;
  }
  return r;
}

int main(void)
{
  const char *s = STR(a /* c */ + b);
  const char *t = XSTR(SUM(1 /* one */, 2));
  assert(strlen(s) /* why */ == 5);
  printf("%s|%s|%zu\n", s, t, strlen(s));
  printf("%d %d %d %d\n", classify(1), classify(2), classify(3), classify(4));
  printf("%d %d\n", aligned_v, (int)((unsigned long)&aligned_v % 16));
  (void)unused_v;
  return 0;
}
