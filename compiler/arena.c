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
  size_t used;         // bytes used, once a newer block took over
  max_align_t data[];  // the block's bytes
};

// Built with AddressSanitizer (ARENA_ASAN), memory an arena_reset() gave
// back is poisoned until arena_alloc() hands it out again, so a pointer
// kept across a reset is caught where it is used.
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

// Blocks are 2 MB, aligned to 2 MB and mapped straight from the kernel
// (zeroed) with a request for transparent huge pages: a unit's tree takes
// tens of MB, and touching it 4 KB page by 4 KB page cost a third of a
// large unit's translation time in page faults.
enum { ARENA_BLOCK = 2 << 20 };

// The last bytes of each block are never handed out: a node is allocated
// only up to its kind's last field (ast.c), and a read of a field its kind
// lacks, past the end of a node at the end of a block, stays mapped.
enum { ARENA_TAIL = 64 };

// The bytes of block b that allocations may take.
static size_t block_cap(const struct ArenaBlock *b)
{
  return b->size - sizeof *b - ARENA_TAIL;
}

// Out of memory: acc says so and exits (status 3) at once, as it does
// everywhere.  Typed void * so that `return p ? p : acc_oom();` reads.
void *acc_oom(void)
{
  fputs("acc: error: out of memory\n", stderr);
  exit(3);
}

// realloc for the translator's growable arrays: never returns NULL.
void *acc_realloc(void *p, size_t size)
{
  void *q = realloc(p, size);
  return q ? q : acc_oom();
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

// `size` bytes of zeroed memory from the kernel.  A mapping of 2 MB or
// more is 2 MB-aligned and asks for transparent huge pages: on this kind of
// machine the kernel takes ~0.45 ms per MB it hands out 4 KB page by 4 KB
// page (a fault each) and ~0.13 ms per MB in huge pages.  `reserve`: the
// pages are only promised (MAP_NORESERVE), for address space reserved for
// an array that grows into it.
static void *map_pages(size_t size, bool reserve)
{
  size_t extra = size >= ARENA_BLOCK ? ARENA_BLOCK : 0;
  char *p =
      mmap(NULL, size + extra, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | (reserve ? MAP_NORESERVE : 0), -1, 0);
  if (p == MAP_FAILED)
    return acc_oom();
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

// Room for an array of `size` bytes that was `old` bytes at p (NULL and 0:
// none), in address space of its own: the kernel zeroes and counts only
// the pages the array comes to use, so a caller that knows how big the
// array can grow reserves that at once and never moves it.  (The lexer's
// tokens: at most one per byte of the unit, ~one per four in practice.)
void *acc_reserve(void *p, size_t old, size_t size)
{
  size = (size + 4095) & ~(size_t)4095;
  void *q = map_pages(size, true);
  if (p) {
    memcpy(q, p, old < size ? old : size);
    acc_unreserve(p, old);
  }
  return q;
}

// Gives back what acc_reserve() returned for `size` bytes.
void acc_unreserve(void *p, size_t size)
{
  if (p) {
    size_t map = (size + 4095) & ~(size_t)4095;
    munmap(p, map);
  }
}

// Returns zeroed memory; large requests get a block of their own.  Blocks
// come zeroed from the kernel, and arena_reset() zeroes what it gives back,
// so nothing needs clearing here.
void *arena_alloc(Arena *a, size_t size)
{
  size = (size + 7) & ~(size_t)7;  // 8: an IDENT node is 40 bytes, not 48
  if (!a->head || a->used + size > a->cap) {
    struct ArenaBlock *b = a->spare;
    if (b && block_cap(b) >= size) {
      a->spare = b->prev;  // a block a reset gave back
    } else {
      size_t map = sizeof(struct ArenaBlock) + size + ARENA_TAIL;
      map = map > ARENA_BLOCK ? (map + 4095) & ~(size_t)4095 : ARENA_BLOCK;
      b = map_pages(map, false);
      b->size = map;
    }
    if (a->head)
      a->head->used = a->used;
    b->prev = a->head;
    a->head = b;
    a->data = (char *)b->data;
    a->used = 0;
    a->cap = block_cap(b);
  }
  char *p = a->data + a->used;
  a->used += size;
  UNPOISON(p, size);
  return p;
}

// Where the arena is now: arena_reset() frees what was allocated after.
ArenaMark arena_mark(const Arena *a)
{
  return (ArenaMark){a->head, a->used};
}

// Zeroes and gives back what was allocated since mark m: later
// allocations reuse it (the lowering resets after each function, so one
// function's names, replacements and frame variables take the same few
// kilobytes, already in the cache, as the last one's instead of fresh
// pages the kernel must zero).  Blocks opened since m are kept as spares.
void arena_reset(Arena *a, ArenaMark m)
{
  while (a->head != m.head) {
    struct ArenaBlock *b = a->head;
    memset(b->data, 0, a->used);
    POISON(b->data, b->size - sizeof *b);
    a->head = b->prev;
    a->data = a->head ? (char *)a->head->data : NULL;
    a->used = a->head ? a->head->used : 0;
    a->cap = a->head ? block_cap(a->head) : 0;
    b->prev = a->spare;
    a->spare = b;
  }
  if (a->head) {
    char *from = (char *)a->head->data + m.used;
    memset(from, 0, a->used - m.used);
    POISON(from, a->cap - m.used);
  }
  a->used = m.used;
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

// Unmaps a chain of blocks linked by prev.
static void unmap_blocks(struct ArenaBlock *b)
{
  while (b) {
    struct ArenaBlock *prev = b->prev;
    UNPOISON(b, b->size);
    munmap(b, b->size);
    b = prev;
  }
}

void arena_free(Arena *a)
{
  unmap_blocks(a->head);
  unmap_blocks(a->spare);
  *a = (Arena){0};
}
