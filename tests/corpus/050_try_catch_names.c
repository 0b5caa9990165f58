/* try and catch as ordinary names: Async C makes them keywords only in
 * `try {` and right after that block's `}`, so none of these change. */
#include <stdio.h>

struct try {
  int catch;
  int try;
};
enum outcome { try_again, catch_all };
typedef int catch_t;

static int catch(int try) { return try * 2; }
static int tries;

static int retry(int n)
{
  int try = 0;
try:
  try++;
  if (try < n)
    goto try;
  return try;
}

// A type named try, in a compound literal.
static int literal(void)
{
  typedef struct {
    int n;
  } try;
  return (try){7}.n;
}

int main(void)
{
  struct try t = {.catch = 3, .try = 4};
  int try = t.try + t.catch;
  catch_t c = catch(try);
  if (c > 0) {
    tries++;
  }
  catch(tries);
  {
    tries += catch (1);
  }
  int (*fp)(int) = catch;
  printf("%d %d %d %d %d %d %d\n", try, c, tries, retry(5), fp(try_again),
         catch_all, literal());
  return 0;
}
