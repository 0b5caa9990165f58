// scope.c — scopes of ordinary identifiers, for the lexer hack and sema.
//
// One hash table maps every name to its innermost binding; each binding
// remembers the one it shadows.  A scope is the list of bindings made in it,
// so popping a scope restores every shadowed meaning in O(bindings): after
//
//   typedef int T;
//   void f(void) { int T = 1; … }   // T is a variable in here
//   T x;                            // and a type again out here
//
// the parser's token reader sees `T` as TYPEDEF_NAME, IDENTIFIER, then
// TYPEDEF_NAME again.  Tags, labels and members live in other name spaces
// and are never declared here.
#include "acc.h"

#include <string.h>

typedef struct Binding Binding;

typedef struct NameEntry {
  const char *name;  // NULL: empty slot
  uint32_t len;
  uint32_t hash;
  Binding *top;  // innermost binding, NULL when the name is out of scope
} NameEntry;

struct NameTable {
  NameEntry *slots;  // in the unit's arena, like the bindings
  size_t cap;        // a power of two
  size_t used;
  // The last lookup and its answer, until a binding changes: the parser
  // looks a name up when it classifies the token, then again when it
  // resolves the identifier or declares the name.  A name not in the
  // table keeps the slot it would take (last_hash, last_slot).
  const char *last_name;
  size_t last_len;
  Symbol *last_sym;
  NameEntry *last_entry;
  uint32_t last_hash;
  size_t last_slot;
};

struct Binding {
  Symbol *sym;
  Binding *shadowed;  // the binding this one hides
  NameEntry *entry;   // its name's slot (re-pointed when the table grows)
  Scope *scope;       // where it was made
  Binding *next_in_scope;
};

struct Scope {
  Scope *parent;
  Binding *bindings;  // made in this scope, newest first
};

// The parser hashes every identifier it reads (the lexer hack), so the
// name is read 8 bytes at a time, its last 8 (or 4) overlapping the ones
// before: no byte loop and no read outside s[0, n).
static uint64_t word8(const char *s)
{
  uint64_t w;
  memcpy(&w, s, 8);
  return w;
}

static uint64_t word4(const char *s)
{
  uint32_t w;
  memcpy(&w, s, 4);
  return w;
}

static uint32_t hash_name(const char *s, size_t n)
{
  const uint64_t k = 0x9E3779B97F4A7C15u;
  uint64_t h = n * k;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      h = (h ^ word8(s + i)) * k;
    h ^= word8(s + n - 8);
  } else if (n >= 4) {
    h ^= word4(s) << 32 | word4(s + n - 4);
  } else if (n > 0) {
    h ^= (uint64_t)(unsigned char)s[0] << 16 |
         (uint64_t)(unsigned char)s[n >> 1] << 8 | (unsigned char)s[n - 1];
  }
  h ^= h >> 32;  // every byte reaches the low bits, which pick the slot
  h *= k;
  return (uint32_t)(h >> 32);
}

// Whether a[0, n) and b[0, n) are equal, read as hash_name reads them.
static bool same_bytes(const char *a, const char *b, size_t n)
{
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      if (word8(a + i) != word8(b + i))
        return false;
    return word8(a + n - 8) == word8(b + n - 8);
  }
  if (n >= 4)
    return word4(a) == word4(b) && word4(a + n - 4) == word4(b + n - 4);
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i])
      return false;
  return true;
}

// The table's first size: a unit declares about one name per 64 tokens
// (bench g's: 7,100 names in 390,000 tokens), and the table is at most half
// full, so it rarely grows.  Its slots come from the arena, zeroed, in the
// huge pages the tree fills anyway (calloc'd and doubled from 4,096 slots,
// the table cost ~180 page faults of 4 KB); only the parser declares
// names, before any phase resets the arena to a mark.
static size_t first_cap(Unit *u)
{
  size_t cap = 1024;
  while (cap * 32 < (size_t)u->ntoks)
    cap *= 2;
  return cap;
}

// Entries are never removed (an out-of-scope name just has no binding), so
// growing is a plain rehash that re-points the bindings at the new slots
// (the old slots stay in the arena, unused).
static void grow(Unit *u)
{
  struct NameTable *t = u->names;
  size_t ncap = t->cap ? t->cap * 2 : first_cap(u);
  NameEntry *ns = arena_alloc(&u->arena, ncap * sizeof *ns);
  for (size_t i = 0; i < t->cap; i++) {
    NameEntry *e = &t->slots[i];
    if (!e->name)
      continue;
    size_t j = e->hash & (ncap - 1);
    while (ns[j].name)
      j = (j + 1) & (ncap - 1);
    ns[j] = *e;
    for (Binding *b = e->top; b; b = b->shadowed)
      b->entry = &ns[j];
  }
  t->slots = ns;
  t->cap = ncap;
  t->last_name = NULL;  // (its slot moved)
}

// The slot of s[0, n) (hash h): its entry, or the empty slot it would take.
static inline size_t probe(const struct NameTable *t, const char *s, size_t n,
                           uint32_t h)
{
  size_t j = h & (t->cap - 1);
  for (;;) {
    const NameEntry *e = &t->slots[j];
    if (!e->name || (e->hash == h && e->len == n && same_bytes(e->name, s, n)))
      return j;
    j = (j + 1) & (t->cap - 1);
  }
}

// The entry of s[0, n), made if new.  When the last lookup was of the same
// spelling (the parser classified the declared name's token just before),
// its slot is taken without hashing again.
static NameEntry *find_or_add(Unit *u, const char *s, size_t n)
{
  struct NameTable *t = u->names;
  if ((t->used + 1) * 2 > t->cap)
    grow(u);
  uint32_t h;
  size_t j;
  if (t->last_name == s && t->last_len == n) {
    if (t->last_entry)
      return t->last_entry;
    h = t->last_hash;
    j = t->last_slot;
  } else {
    h = hash_name(s, n);
    j = probe(t, s, n, h);
  }
  NameEntry *e = &t->slots[j];
  if (!e->name) {
    e->name = arena_strndup(&u->arena, s, n);
    e->len = (uint32_t)n;
    e->hash = h;
    t->used++;
  }
  return e;
}

Scope *scope_push(Unit *u)
{
  if (!u->names) {
    u->names = arena_alloc(&u->arena, sizeof *u->names);
    grow(u);
  }
  Scope *s = arena_alloc(&u->arena, sizeof *s);
  s->parent = u->scope;
  u->scope = s;
  if (!u->file_scope)
    u->file_scope = s;
  return s;
}

void scope_pop(Unit *u)
{
  Scope *s = u->scope;
  if (!s || s == u->file_scope)
    return;  // unbalanced pops after error recovery are harmless
  for (Binding *b = s->bindings; b; b = b->next_in_scope)
    b->entry->top = b->shadowed;
  u->names->last_name = NULL;
  u->scope = s->parent;
}

void scope_reset(Unit *u)
{
  while (u->scope && u->scope != u->file_scope)
    scope_pop(u);
}

bool scope_at_file_level(Unit *u)
{
  return u->scope == u->file_scope;
}

// Declares name[0, n) in the innermost scope.  A redeclaration in the same
// scope (`extern int x; int x;`, a typedef repeated) updates the same Symbol.
static Symbol *declare(Unit *u, const char *name, size_t n, SymKind kind,
                       int tok)
{
  NameEntry *e = find_or_add(u, name, n);
  if (e->top && e->top->scope == u->scope) {
    // The same entity declared again (a prototype, then the definition):
    // one Symbol, so names resolved earlier see what later ones add.
    e->top->sym->kind = kind;
    return e->top->sym;
  }
  // The symbol and its binding in one allocation (both live as long as
  // the unit).
  struct {
    Symbol sym;
    Binding b;
  } *sb = arena_alloc(&u->arena, sizeof *sb);
  Symbol *sym = &sb->sym;
  sym->kind = kind;
  sym->id = u->nsyms++;
  sym->name = e->name;
  sym->tok = tok;
  Binding *b = &sb->b;
  b->sym = sym;
  b->entry = e;
  b->scope = u->scope;
  b->shadowed = e->top;
  b->next_in_scope = u->scope->bindings;
  u->scope->bindings = b;
  e->top = b;
  u->names->last_name = NULL;
  return sym;
}

Symbol *scope_declare(Unit *u, const char *name, SymKind kind, int tok)
{
  return declare(u, name, strlen(name), kind, tok);
}

// The parser's declarations: the name is token tok's spelling, which the
// name table copies only if it is new.
Symbol *scope_declare_tok(Unit *u, int tok, SymKind kind)
{
  return declare(u, tok_text(u, tok), u->toks[tok].len, kind, tok);
}

Symbol *scope_lookup(Unit *u, const char *name, size_t len)
{
  struct NameTable *t = u->names;
  if (!t)
    return NULL;
  if (t->last_name == name && t->last_len == len)
    return t->last_sym;
  uint32_t h = hash_name(name, len);
  size_t j = probe(t, name, len, h);
  NameEntry *e = t->slots[j].name ? &t->slots[j] : NULL;
  t->last_name = name;
  t->last_len = len;
  t->last_sym = e && e->top ? e->top->sym : NULL;
  t->last_entry = e;
  t->last_hash = h;
  t->last_slot = j;
  return t->last_sym;
}

// The table and its slots are the arena's.
void scope_free(Unit *u)
{
  u->names = NULL;
}
