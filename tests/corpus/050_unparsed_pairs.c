/* 050_unparsed_pairs: constructs the grammar does not parse, passed through
   unchanged, two or more in a row (issue 11, item 4).  Bison used to drop
   the second syntax error while it was still recovering from the first, and
   the unit ended in "cannot parse the input". */
#include <stdio.h>

#pragma GCC diagnostic ignored "-Wimplicit-int"
#pragma GCC diagnostic ignored "-Wold-style-definition"

/* K&R definitions whose parameters share one declaration, back to back. */
int add(a, b) int a, b; { return a + b; }
int sub(a, b) int a, b; { return a - b; }
long mul(a, b) long a; long b; { return a * b; }

/* Back-to-back implicit-int declarations. */
static counter = 3;
static limit = 40;
const answer = 42;

/* A parsed declaration between two unparsed ones, and one after. */
int parsed = 7;
register_count(n) { return n + counter; }
static twice(n) { return 2 * n; }

int main(void)
{
  printf("%d %d %ld\n", add(2, 3), sub(10, 4), mul(6L, 7L));
  printf("%d %d %d %d\n", counter, limit, answer, parsed);
  printf("%d %d\n", register_count(5), twice(21));
  return 0;
}
