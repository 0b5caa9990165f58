// strmap.c — a hash table from strings to pointers, for the lookups whose
// number grows with the input (labels by name, frame member names): a
// linear search there makes translation quadratic in the function's size.
//
// Keys are (pointer, length) pairs and are not copied: they must outlive
// the map (token text, arena strings).  Entries are never removed.
#include "acc.h"

#include <stdlib.h>
#include <string.h>

typedef struct StrMapEntry {
  const char *key;  // NULL: empty slot
  size_t len;
  uint32_t hash;
  void *value;
} StrMapEntry;

static uint32_t hash_key(const char *s, size_t n)
{
  uint32_t h = 2166136261u;  // FNV-1a
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

// The slot of key (h its hash) in a table of cap slots (a power of two).
static StrMapEntry *probe(StrMapEntry *slots, size_t cap, const char *key,
                          size_t len, uint32_t h)
{
  for (size_t j = h & (cap - 1);; j = (j + 1) & (cap - 1)) {
    StrMapEntry *e = &slots[j];
    if (!e->key || (e->hash == h && e->len == len && !memcmp(e->key, key, len)))
      return e;
  }
}

// Doubles the table (at most half full, so probes stay short).
static void grow(StrMap *m)
{
  size_t ncap = m->cap ? m->cap * 2 : 64;
  StrMapEntry *ns = acc_realloc(NULL, ncap * sizeof *ns);
  memset(ns, 0, ncap * sizeof *ns);
  for (size_t i = 0; i < m->cap; i++)
    if (m->slots[i].key)
      *probe(ns, ncap, m->slots[i].key, m->slots[i].len, m->slots[i].hash) =
          m->slots[i];
  free(m->slots);
  m->slots = ns;
  m->cap = ncap;
}

// The value slot of key[0..len): NULL if absent and !create; a new entry
// (value NULL) if absent and create.
void **strmap_slot(StrMap *m, const char *key, size_t len, bool create)
{
  if (create && (m->used + 1) * 2 > m->cap)
    grow(m);
  if (!m->cap)
    return NULL;
  uint32_t h = hash_key(key, len);
  StrMapEntry *e = probe(m->slots, m->cap, key, len, h);
  if (!e->key) {
    if (!create)
      return NULL;
    *e = (StrMapEntry){key, len, h, NULL};
    m->used++;
  }
  return &e->value;
}

// The value of key (a NUL-terminated string), or NULL.
void *strmap_get(StrMap *m, const char *key)
{
  void **v = strmap_slot(m, key, strlen(key), false);
  return v ? *v : NULL;
}

// Empties the map for its next use: a small table is kept (no allocation
// per use), a big one freed (emptying it would cost its size each time).
void strmap_clear(StrMap *m)
{
  if (m->cap > 256) {
    strmap_free(m);
  } else if (m->used) {
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->used = 0;
  }
}

void strmap_free(StrMap *m)
{
  free(m->slots);
  *m = (StrMap){0};
}
