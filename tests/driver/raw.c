/* raw.c: GNU raw string literals (gcc gnu modes), one token each. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
static const char *a = R"(plain "quoted" \n not an escape)";
static const char *b = R"xy(a )" inside )x" too)xy";
static const wchar_t *w = LR"(wide)";
static const char *m = R"--(line one
line two /* not a comment */ // nor this
)--";
int main(void) {
  printf("%s|%s|%zu|%s|%d\n", a, b, strlen(m), m, __LINE__);
  return (int)w[0] - 'w';
}
