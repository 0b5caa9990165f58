// arena.c — bump allocator that owns every token name, node and symbol of
// one translation unit.
//
// Nothing in the translator frees memory piecemeal: a unit's whole tree dies
// with arena_free() at the end, which keeps AST rewrites free of ownership
// questions and valgrind quiet.
#include "acc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct ArenaBlock {
  struct ArenaBlock *prev;
  size_t size;         // bytes mapped, this header included
  max_align_t data[];  // the block's bytes
};

// Blocks are 2 MB, aligned to 2 MB and mapped straight from the kernel
// (zeroed) with a request for transparent huge pages: a unit's tree takes
// tens of MB, and touching it 4 KB page by 4 KB page cost a third of a
// large unit's translation time in page faults.
enum { ARENA_BLOCK = 2 << 20 };

static void *oom(void)
{
  fputs("acc: error: out of memory\n", stderr);
  exit(3);
}

// realloc for the translator's growable arrays: never returns NULL.
void *acc_realloc(void *p, size_t size)
{
  void *q = realloc(p, size);
  return q ? q : oom();
}

// Room for element n of an array of n elements of `size` bytes that only
// ever grows through here: its capacity doubles at n = 0, 1, 2, 4, 8, …, so
// n appends cost O(n) in all (growing by one element each time could copy
// the whole array each time).
void *acc_grow(void *p, size_t size, size_t n)
{
  if (n & (n - 1))
    return p;  // not a power of two: there is room
  return acc_realloc(p, size * (n ? 2 * n : 1));
}

// `size` bytes of zeroed memory from the kernel, 2 MB-aligned when size is
// ARENA_BLOCK (so that one huge page can back it).
static void *map_block(size_t size)
{
  size_t extra = size == ARENA_BLOCK ? ARENA_BLOCK : 0;
  char *p = mmap(NULL, size + extra, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return oom();
  if (extra) {
    size_t head = (ARENA_BLOCK - (uintptr_t)p % ARENA_BLOCK) % ARENA_BLOCK;
    if (head)
      munmap(p, head);
    if (extra - head)
      munmap(p + head + size, extra - head);
    p += head;
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);
#endif
  }
  return p;
}

// Returns zeroed memory; large requests get a block of their own.  Blocks
// come zeroed from the kernel and memory is never reused, so nothing needs
// clearing here.
void *arena_alloc(Arena *a, size_t size)
{
  size = (size + 7) & ~(size_t)7;  // 8: a Node is 72 bytes, not 80
  if (!a->head || a->used + size > a->cap) {
    size_t map = sizeof(struct ArenaBlock) + size;
    map = map > ARENA_BLOCK ? (map + 4095) & ~(size_t)4095 : ARENA_BLOCK;
    struct ArenaBlock *b = map_block(map);
    b->size = map;
    size_t cap = map - sizeof *b;
    b->prev = a->head;
    a->head = b;
    a->used = 0;
    a->cap = cap;
  }
  char *p = (char *)a->head->data + a->used;
  a->used += size;
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

// Formats through sb_vprintf (its %s/%d/%u are fast paths): names of
// frame members, temporaries and typedefs are made this way.
char *arena_printf(Arena *a, const char *fmt, ...)
{
  StrBuf sb = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(&sb, fmt, ap);
  va_end(ap);
  char *p = arena_strndup(a, sb.data ? sb.data : "", sb.len);
  sb_free(&sb);
  return p;
}

void arena_free(Arena *a)
{
  struct ArenaBlock *b = a->head;
  while (b) {
    struct ArenaBlock *prev = b->prev;
    munmap(b, b->size);
    b = prev;
  }
  a->head = NULL;
  a->used = a->cap = 0;
}
