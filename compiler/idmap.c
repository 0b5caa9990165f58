// idmap.c — a hash table from ids (Node.id, Symbol.id) to pointers, for the
// lowering's notes about one function at a time.
//
// An array indexed by id over the whole unit (2 MB and more for a big
// unit) is touched at a few scattered places per function: each first
// touch of one of its pages is a page fault, and the kernel zeroes the page.
// This table holds only the entries of the function being lowered, in the
// same few kilobytes for every function (idmap_clear empties it).
#include "lower.h"

#include <stdlib.h>
#include <string.h>

// Doubles the table (at most half full, so probes stay short).
static void grow(IdMap *m)
{
  IdMap old = *m;
  m->bits = old.bits ? old.bits + 1 : 7;
  m->slots = calloc((size_t)1 << m->bits, sizeof *m->slots);
  if (!m->slots)
    diag_ice(__FILE__, __LINE__, "out of memory");
  for (size_t i = 0; old.bits && i < (size_t)1 << old.bits; i++)
    if (old.slots[i].key)
      *idmap_probe(m, old.slots[i].key - 1) = old.slots[i];
  free(old.slots);
}

void **idmap_slot(IdMap *m, int id)
{
  if (!m->bits || (m->used + 1) * 2 > (size_t)1 << m->bits)
    grow(m);
  IdMapEntry *e = idmap_probe(m, id);
  if (!e->key) {
    e->key = id + 1;
    m->used++;
  }
  return &e->value;
}

// Empty again: a small table is kept for the next function, a big one
// freed (emptying it would cost its size for every function after it).
void idmap_clear(IdMap *m)
{
  if (m->bits > 10) {
    idmap_free(m);
  } else if (m->used) {
    memset(m->slots, 0, ((size_t)1 << m->bits) * sizeof *m->slots);
    m->used = 0;
  }
}

void idmap_free(IdMap *m)
{
  free(m->slots);
  *m = (IdMap){0};
}
