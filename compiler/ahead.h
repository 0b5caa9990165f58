// ahead.h — fetching a top-level item's memory into the cache ahead of
// the walks after the parse (sema.c, lower_func.c).
//
// Those walks meet each node cold (the parse wrote 14 MB of them for bench
// g's unit, the lexer 6 MB of tokens before it), in an order the hardware
// does not foresee: a miss at each node, and at each token looked at, one
// after the other.  So each walk asks for the memory of the next item at
// once as it starts on one: the requests overlap, and the walk of that
// item finds it in the cache.  The parser allocates an item's nodes from
// the arena after the item before it, and the item's own node last, so
// they lie between the two nodes' addresses (arena blocks are 2 MB-aligned:
// a range that crosses into a new block starts at its beginning); its
// tokens are toks[first..last].  Only a hint: nothing depends on what it
// fetches, and a prefetch never faults.
#ifndef ACC_AHEAD_H
#define ACC_AHEAD_H
#include "acc.h"

enum { AHEAD_BLOCK = 2 << 20, AHEAD_MAX = 256 << 10, AHEAD_LINE = 64 };

// Asks for the cache lines of [from, to), at most AHEAD_MAX bytes (its end).
static inline void ahead_lines(uintptr_t from, uintptr_t to)
{
  if (to - from > AHEAD_MAX)
    from = to - AHEAD_MAX;
  for (from &= ~(uintptr_t)(AHEAD_LINE - 1); from < to;
       from += 4 * AHEAD_LINE) {
    __builtin_prefetch((const void *)from);
    __builtin_prefetch((const void *)(from + AHEAD_LINE));
    __builtin_prefetch((const void *)(from + 2 * AHEAD_LINE));
    __builtin_prefetch((const void *)(from + 3 * AHEAD_LINE));
  }
}

// Asks for the tokens and nodes of top-level item `next`, which follows
// item `prev` (NULL: nothing).
static inline void ahead_fetch(const Token *toks, const Node *prev,
                               const Node *next)
{
  if (!next || next->last < next->first)
    return;
  uintptr_t to = (uintptr_t)next + sizeof *next;
  uintptr_t from = (uintptr_t)prev + sizeof *prev;
  uintptr_t block = to & ~(uintptr_t)(AHEAD_BLOCK - 1);
  if (from < block || from > to)
    from = block;
  ahead_lines((uintptr_t)(toks + next->first),
              (uintptr_t)(toks + next->last + 1));
  ahead_lines(from, to);
}

#endif
