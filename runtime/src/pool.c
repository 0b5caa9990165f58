// pool.c — size-class pools for frames, futures, handles and small blocks.
//
// Two families of size classes (8-byte steps up to AC_POOL_FINE bytes, then
// 16-byte steps up to AC_POOL_MAX bytes: acrt_abi.h, AC_SIZE_CLASS):
// - objects (anything that starts with an ac_qnode: tasks, futures,
//   handles).  A free chunk is a qnode with desc NULL and the free-list
//   link in its link, so walking the slabs finds every live object: that
//   is how ac_loop_close frees unreleased handles and ac_dump_tasks lists
//   tasks without a per-task list.
// - raw blocks (combinator arrays and the like), link in the first word.
// Larger requests are malloc'd with a small tracking header so they are
// walked and freed the same way.  Slabs double from 4 KiB to 1 MiB.
// Object slabs are carved lazily, a page's worth of chunks at a time, so
// the untouched rest of a new slab costs no resident memory.  A class that
// has carved HUGE_FROM bytes gets huge slabs next where the system has
// transparent huge pages (see "Huge slabs" below).
// A class with many chunks (HUGE_FROM bytes carved) keeps the chunks freed
// out of order in an array, not on its list (ac__pool_put, internal.h), and
// moves them back a batch at a time: a free list in the order tasks ended
// would make the next burst of spawns chase a cache miss per frame.
// Memory goes back to the system only in ac__pool_release_all (loop close).
//
// Built with -DAC_POOL_PASSTHROUGH (make test's build/pt), every object and
// block is its own tracked malloc and is freed at once, so AddressSanitizer
// and valgrind see a use after free; the inline fast paths of acrt_abi.h
// then never touch the free lists.
//
// Every request to the system goes through sys_alloc, where a test hook
// (ac__set_alloc_hook, or AC_FAIL_ALLOC=N in the environment: the Nth
// request fails) can make it fail.  The *_try_alloc functions then return
// NULL and their callers raise AC_ENOMEM; the others abort with a message.
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#define NCLASS AC__NCLASS

// The chunk size of size class cls (acrt_abi.h, AC_SIZE_CLASS).
static size_t class_bytes(size_t cls)
{
  size_t fine = AC_POOL_FINE / AC_POOL_FINE_STEP;
  return cls <= fine ? cls * AC_POOL_FINE_STEP
                     : AC_POOL_FINE + (cls - fine) * AC_POOL_STEP;
}

typedef struct slab {
  struct slab *next;
  size_t chunk;      // chunk size in bytes
  size_t count;      // chunks in this slab
  size_t used;       // chunks carved so far (the walkers stop there)
  uint32_t huge;     // a huge slab: HUGE_SLAB bytes mapped, not malloc'd
  uint32_t trimmed;  // (huge) its untouched rest was given back
} slab;

typedef struct big {
  struct big *prev, *next;
  size_t size;
  int is_obj;
  int huge;  // mapped (huge_map), not malloc'd
} big;

// The pools are per thread, like the loop they serve.
AC__THREAD ac_qnode *ac__pool_free[NCLASS];  // object free lists (inline)
// Debug mode: free chunks kept out of the inline fast path's reach, so that
// frames are made by ac__frame_new_slow, which records their creation site.
static AC__THREAD ac_qnode *debug_stash[NCLASS];
// The object classes that have slabs (only their lists can hold chunks):
// what ac__pool_divert looks at.
static AC__THREAD uint8_t classes_used[NCLASS];
static AC__THREAD size_t nclasses_used;
static AC__THREAD void *raw_free[NCLASS];
static AC__THREAD slab *obj_slabs, *raw_slabs;
static AC__THREAD size_t obj_next_bytes[NCLASS], raw_next_bytes[NCLASS];
static AC__THREAD slab *obj_carving[NCLASS];  // newest object slab per class
// Spilled free chunks per object class (ac__pool_put, internal.h), the
// latest last; the classes that spill.
typedef struct spill {
  ac_qnode **items;
  size_t n, cap;
} spill;
static AC__THREAD spill spills[NCLASS];
AC__THREAD uint8_t ac__pool_spilling[NCLASS];
static AC__THREAD big big_head;  // list head of big blocks (big_list)
AC__THREAD size_t ac__live_objs, ac__live_mem;  // for tests: still allocated


_Noreturn void ac__oom(void)
{
  fputs("libacrt: out of memory\n", stderr);
  abort();
}


// Fault injection ------------------------------------------------------------

static ac__alloc_hook_fn alloc_hook;
static void *alloc_hook_arg;
static AC__THREAD unsigned long alloc_seq;    // system allocations so far
static AC__THREAD unsigned long env_fail_at;  // AC_FAIL_ALLOC
static AC__THREAD int env_read;


void ac__set_alloc_hook(ac__alloc_hook_fn fn, void *arg)
{
  alloc_hook = fn;
  alloc_hook_arg = arg;
}


// Whether this request to the system must fail (a hook, or AC_FAIL_ALLOC).
static int must_fail(size_t size)
{
  if (!env_read) {
    const char *e = getenv("AC_FAIL_ALLOC");
    env_read = 1;
    if (e != NULL)
      env_fail_at = strtoul(e, NULL, 10);
  }
  alloc_seq++;
  if (alloc_seq == env_fail_at) {
    fprintf(stderr, "libacrt: AC_FAIL_ALLOC: allocation %lu fails\n",
            alloc_seq);
    return 1;
  }
  return alloc_hook != NULL && alloc_hook(size, alloc_hook_arg);
}


void *ac__sys_alloc(size_t size)
{
  return must_fail(size) ? NULL : malloc(size);
}


void *ac__sys_realloc(void *p, size_t size)
{
  return must_fail(size) ? NULL : realloc(p, size);
}


// Huge slabs -----------------------------------------------------------------
//
// A fresh page costs ~1.25 us on the VMs this was measured on, mostly the
// kernel's allocation and zeroing; a 2 MiB transparent huge page is filled
// in one fault at ~0.5 us per 4 KiB.  A burst of 100,000 tasks (bench e:
// every sleep counts from the pass after the spawn) touched ~1,560 pages of
// frames before the first step.  So a class that has carved HUGE_FROM
// bytes in small slabs gets 2 MiB slabs aligned on 2 MiB with
// MADV_HUGEPAGE (never a hello-world: its classes stay in 4 KiB slabs).
// The first touch makes a whole huge slab resident, though, while a small
// slab's untouched chunks cost nothing: so at the end of every pass
// (ac__pool_trim, loop.c) the part of a huge slab not carved yet goes back
// (MADV_DONTNEED, whole pages after the last carved chunk) and the slab is
// marked MADV_NOHUGEPAGE (khugepaged must not fill it in again); it carves
// on 4 KiB pages from there.  Resident memory is then what the carving
// touched, as with small slabs (bench d counts it).  Not with
// AddressSanitizer: its leak check does not look for pointers in mapped
// memory (a frame's malloc'd buffer would be reported).  Big blocks that
// their caller fills at once (ac__mem_try_alloc_dense: a gather's slots)
// are mapped the same way from HUGE_SLAB bytes on, no longer than asked
// (only the 2 MiB ranges wholly inside are huge pages).
#if defined(__SANITIZE_ADDRESS__)
#define AC__ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AC__ASAN 1
#endif
#endif
#if defined(MADV_HUGEPAGE) && !defined(AC__ASAN) && !AC__POOL_PASSTHROUGH
#define HUGE_PAGES 1
#else
#define HUGE_PAGES 0
#endif
#define HUGE_SLAB ((size_t)2 << 20)
#define HUGE_FROM ((size_t)256 << 10)

// A huge slab has begun carving since the last ac__pool_trim.
AC__THREAD int ac__pool_untrimmed;


#if HUGE_PAGES
// Whether the pages are the 4 KiB the rounding here assumes (read once).
static int huge_pages_work(void)
{
  static AC__THREAD int known, works;
  if (!known) {
    known = 1;
    works = sysconf(_SC_PAGESIZE) == 4096;
  }
  return works;
}


// len bytes (a multiple of 4 KiB) mapped on a HUGE_SLAB boundary and
// advised huge, or NULL.
static void *huge_map(size_t len)
{
  char *p, *a;
  if (must_fail(len))
    return NULL;
  p = mmap(NULL, len + HUGE_SLAB, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  a = (char *)(((uintptr_t)p + HUGE_SLAB - 1) & ~(uintptr_t)(HUGE_SLAB - 1));
  if (a > p)
    munmap(p, (size_t)(a - p));
  munmap(a + len, (size_t)(p + HUGE_SLAB - a));
  madvise(a, len, MADV_HUGEPAGE);
  return a;
}
#else
static int huge_pages_work(void)
{
  return 0;
}

static void *huge_map(size_t len)
{
  (void)len;
  return NULL;
}
#endif


// Where a slab's chunks start: the first cache line after its header, so
// that a 64-byte frame is one line, not two halves.
#define SLAB_ALIGN 64u
static char *slab_base(const slab *s)
{
  return (char *)(((uintptr_t)(s + 1) + SLAB_ALIGN - 1) &
                  ~(uintptr_t)(SLAB_ALIGN - 1));
}


// malloc's own header and rounding: a slab asks for this much less than
// its power of two, so that a slab malloc maps (1 MiB) is exactly 256
// pages, not 256 and one more page that only its header touches.
#define SLAB_MALLOC_OVERHEAD 32u

// A new slab for class cls, the next size in its growth; huge_ok: it may be
// a huge slab (an object slab carved lazily).
static slab *slab_new(size_t cls, size_t *next_bytes, slab **list, int huge_ok)
{
  size_t chunk = class_bytes(cls);
  size_t bytes = next_bytes[cls] ? next_bytes[cls] : 4096;
  slab *s;
  uint32_t huge = 0;
  if (bytes < 2 * (sizeof(slab) + SLAB_ALIGN + chunk))
    bytes = 2 * (sizeof(slab) + SLAB_ALIGN + chunk);
  if (huge_ok && bytes >= HUGE_FROM)
    ac__pool_spilling[cls] = 1;
  if (HUGE_PAGES && huge_ok && bytes >= HUGE_FROM && huge_pages_work()) {
    bytes = HUGE_SLAB;
    huge = 1;
    s = huge_map(bytes);
  } else {
    if (bytes < (1u << 20))
      next_bytes[cls] = bytes * 2;
    bytes -= SLAB_MALLOC_OVERHEAD;
    s = ac__sys_alloc(bytes);
  }
  if (s == NULL)
    return NULL;
  ac__thread_register();
  s->huge = huge;
  s->trimmed = 0;
  s->chunk = chunk;
  s->count = (bytes - (size_t)(slab_base(s) - (char *)s)) / chunk;
  s->used = s->count;
  s->next = *list;
  *list = s;
  return s;
}


// Gives back the part of a huge slab that was not carved (whole pages) and
// keeps khugepaged away from it.
static void trim(slab *s)
{
#if HUGE_PAGES
  uintptr_t from;
  char *end = (char *)s + HUGE_SLAB;
  s->trimmed = 1;
  if (s->used == s->count)
    return;  // all of it in use: let it stay huge
  from =
      ((uintptr_t)slab_base(s) + s->used * s->chunk + 4095) & ~(uintptr_t)4095;
  if ((char *)from < end)
    madvise((void *)from, (size_t)(end - (char *)from), MADV_DONTNEED);
  madvise(s, HUGE_SLAB, MADV_NOHUGEPAGE);
#else
  s->trimmed = 1;
#endif
}


void ac__pool_trim(void)
{
  size_t k;
  ac__pool_untrimmed = 0;
  for (k = 0; k < nclasses_used; k++) {
    slab *s = obj_carving[classes_used[k]];
    if (s != NULL && s->huge && !s->trimmed)
      trim(s);
  }
}


static void slab_free(slab *s)
{
#if HUGE_PAGES
  if (s->huge) {
    munmap(s, HUGE_SLAB);
    return;
  }
#endif
  free(s);
}


// The list of big blocks (a thread-local variable cannot be initialised
// with its own address, so the empty list is made on first use).
static big *big_list(void)
{
  if (big_head.next == NULL)
    big_head.next = big_head.prev = &big_head;
  return &big_head;
}


// A few freed big blocks are kept for reuse: a gather of a million tasks
// would otherwise get fresh (page-faulting) memory from mmap every time.
#define BIG_CACHE 4
static AC__THREAD big *big_cache[BIG_CACHE];


// The length of a huge big block's mapping (whole pages).
static size_t big_mapped(size_t size)
{
  return (sizeof(big) + size + 4095) & ~(size_t)4095;
}


// A tracked block of size bytes; dense: its caller writes all of it at once
// (it may be mapped with huge pages).
static void *big_alloc(size_t size, int is_obj, int dense)
{
  big *b = NULL;
  int i;
  for (i = 0; i < BIG_CACHE && !AC__POOL_PASSTHROUGH; i++) {
    big *c = big_cache[i];
    if (c != NULL && c->size >= size && c->size / 2 <= size) {
      b = c;
      big_cache[i] = NULL;
      break;
    }
  }
  if (b == NULL) {
    int huge = HUGE_PAGES && dense && size >= HUGE_SLAB && huge_pages_work();
    b = huge ? huge_map(big_mapped(size)) : ac__sys_alloc(sizeof(big) + size);
    if (b == NULL)
      return NULL;
    b->size = size;
    b->huge = huge;
  }
  ac__thread_register();
  b->is_obj = is_obj;
  big *head = big_list();
  b->next = head->next;
  b->prev = head;
  head->next->prev = b;
  head->next = b;
  return b + 1;
}


static void big_release(big *b)
{
#if HUGE_PAGES
  if (b->huge) {
    munmap(b, big_mapped(b->size));
    return;
  }
#endif
  free(b);
}


static void big_free(void *p)
{
  big *b = (big *)p - 1;
  int i;
  b->prev->next = b->next;
  b->next->prev = b->prev;
  if (!b->is_obj && !AC__POOL_PASSTHROUGH) {
    for (i = 0; i < BIG_CACHE; i++) {
      if (big_cache[i] == NULL) {
        big_cache[i] = b;
        return;
      }
    }
  }
  big_release(b);
}


static int classes_in_use(size_t cls)
{
  size_t i;
  for (i = 0; i < nclasses_used; i++)
    if (classes_used[i] == cls)
      return 1;
  return 0;
}


// (ac__pool_put, for a chunk not near the head of the free list.)  A chunk
// near the one spilled last starts a new run on the list: both go there,
// so a burst that ends in the order it was made is pushed, not spilled.
void ac__pool_spill(size_t cls, ac_qnode *c)
{
  spill *sp = &spills[cls];
  if (sp->n > 0 && ac__pool_near(c, sp->items[sp->n - 1])) {
    ac_qnode *last = sp->items[--sp->n];
    last->link = ac__pool_free[cls];
    c->link = last;
    ac__pool_free[cls] = c;
    return;
  }
  if (sp->n == sp->cap) {
    size_t cap = sp->cap ? 2 * sp->cap : 256;
    ac_qnode **items = ac__sys_realloc(sp->items, cap * sizeof *items);
    if (items == NULL) {  // keep it on the list, then
      c->link = ac__pool_free[cls];
      ac__pool_free[cls] = c;
      return;
    }
    sp->items = items;
    sp->cap = cap;
  }
  sp->items[sp->n++] = c;
}


// Moves up to SPILL_BATCH spilled chunks onto the (empty) free list of
// class cls, the latest spilled on top, and asks for the lines of the
// next batch: the inline pops find this batch in cache, and the next
// refill finds that one.  0 if none was spilled.  (Warm spawns of 100,000
// tasks, median: 5.7 ms with batches of 64, 3.6 with 128 or 256, 3.3 with
// 512 or 1,024: more misses in flight, and longer for the prefetches.)
#define SPILL_BATCH 512
static int spill_refill(size_t cls)
{
  spill *sp = &spills[cls];
  size_t i, k = sp->n < SPILL_BATCH ? sp->n : SPILL_BATCH;
  ac_qnode *head = ac__pool_free[cls];
  if (k == 0)
    return 0;
  sp->n -= k;
  for (i = 0; i < k; i++) {
    ac_qnode *c = sp->items[sp->n + i];
    c->link = head;
    head = c;
  }
  ac__pool_free[cls] = head;
  for (i = sp->n > SPILL_BATCH ? sp->n - SPILL_BATCH : 0; i < sp->n; i++)
    __builtin_prefetch(sp->items[i], 1);
  return 1;
}


// Puts the next chunks of the class on its free list: spilled ones first,
// else those of its newest slab (a new slab when that one is used up), up
// to a page's end, so that memory is touched only as it is handed out.
// 0 when out of memory.
static int obj_refill(size_t cls)
{
  slab *s = obj_carving[cls];
  char *base;
  uintptr_t first;
  size_t i, n;
  if (spill_refill(cls))
    return 1;
  if (s == NULL || s->used == s->count) {
    s = slab_new(cls, obj_next_bytes, &obj_slabs, 1);
    if (s == NULL)
      return 0;
    s->used = 0;
    obj_carving[cls] = s;
    if (!classes_in_use(cls))
      classes_used[nclasses_used++] = (uint8_t)cls;
  }
  if (s->huge && !s->trimmed)
    ac__pool_untrimmed = 1;  // its rest goes back at the pass end
  base = slab_base(s);
  // The chunks up to the end of the page where the next one ends (at least
  // that one): no page is touched before a chunk on it is handed out.
  first = (uintptr_t)(base + s->used * s->chunk);
  n = (((first + s->chunk + 4095) & ~(uintptr_t)4095) - first) / s->chunk;
  if (n > s->count - s->used)
    n = s->count - s->used;
  for (i = s->used + n; i-- > s->used;) {
    ac_qnode *c = (ac_qnode *)(base + i * s->chunk);
    c->desc = NULL;
    c->link = ac__pool_free[cls];
    ac__pool_free[cls] = c;
  }
  s->used += n;
  return 1;
}


void *ac__obj_try_alloc(size_t size)
{
  size_t cls = AC__POOL_PASSTHROUGH ? 0 : AC_SIZE_CLASS(size);
  ac_qnode *c;
  if (cls == 0) {
    c = big_alloc(size, 1, 0);
  } else if (__builtin_expect(ac__debug, 0) || debug_stash[cls] != NULL) {
    if (debug_stash[cls] == NULL) {
      if (ac__pool_free[cls] == NULL && !obj_refill(cls))
        return NULL;
      debug_stash[cls] = ac__pool_free[cls];
      ac__pool_free[cls] = NULL;
    }
    c = debug_stash[cls];
    debug_stash[cls] = c->link;
  } else {
    if (ac__pool_free[cls] == NULL && !obj_refill(cls))
      return NULL;
    c = ac__pool_free[cls];
    ac__pool_free[cls] = c->link;
  }
  if (c != NULL)
    ac__live_objs++;
  return c;
}


void *ac__obj_alloc(size_t size)
{
  void *p = ac__obj_try_alloc(size);
  if (p == NULL)
    ac__oom();
  return p;
}


void ac__obj_free(void *p, size_t size)
{
  size_t cls = AC__POOL_PASSTHROUGH ? 0 : AC_SIZE_CLASS(size);
  ac_qnode *c = p;
  ac__live_objs--;
  if (cls == 0) {
    big_free(p);
    return;
  }
  if (__builtin_expect(ac__debug, 0)) {
    c->desc = NULL;
    c->link = debug_stash[cls];
    debug_stash[cls] = c;
    return;
  }
  ac__pool_put(cls, c);
}


// Debug mode, before each ready entry: the chunks the inline fast path
// freed (ac_await_end) go to the stash, so the frames made next come from
// ac__frame_new_slow.
void ac__pool_divert(void)
{
  size_t k;
  for (k = 0; k < nclasses_used; k++) {
    size_t i = classes_used[k];
    ac_qnode *c = ac__pool_free[i];
    if (c == NULL)
      continue;
    while (c->link != NULL)
      c = c->link;
    c->link = debug_stash[i];
    debug_stash[i] = ac__pool_free[i];
    ac__pool_free[i] = NULL;
  }
}


// ac_frame_new's slow path: a frame from a fresh slab, a big block, or (out
// of memory) the static failed task, whose await raises AC_ENOMEM.
ac_task *ac__frame_new_slow(const ac_desc *d)
{
  ac_task *t = ac__obj_try_alloc(d->frame_size);
  if (t == NULL)
    return &ac__nomem_task;
  ac__frame_init(t, d);
  if (__builtin_expect(ac__debug, 0))
    ac__debug_created(t, AC__CALLER);
  return t;
}


// The inline fast paths (acrt_abi.h) skip the counter; this counts live
// objects by walking the slabs instead (tests only).
static void count_one(ac_qnode *obj, void *arg)
{
  (void)obj;
  ++*(size_t *)arg;
}


size_t ac__pool_live(void)
{
  size_t n = 0;
  ac__obj_foreach(count_one, &n);
  return n + ac__live_mem;
}


// ac__mem_try_alloc; dense: see big_alloc.
static void *mem_try_alloc(size_t size, int dense)
{
  size_t cls = AC__POOL_PASSTHROUGH ? 0 : AC_SIZE_CLASS(size);
  void **c;
  if (size == 0 && !AC__POOL_PASSTHROUGH)
    cls = 1;
  if (cls == 0) {
    c = big_alloc(size, 0, dense);
  } else {
    if (raw_free[cls] == NULL) {
      slab *s = slab_new(cls, raw_next_bytes, &raw_slabs, 0);
      char *base;
      size_t i;
      if (s == NULL)
        return NULL;
      base = slab_base(s);
      for (i = s->count; i-- > 0;) {
        void **r = (void **)(base + i * s->chunk);
        r[0] = raw_free[cls];
        raw_free[cls] = r;
      }
    }
    c = raw_free[cls];
    raw_free[cls] = c[0];
  }
  if (c != NULL)
    ac__live_mem++;
  return c;
}


void *ac__mem_try_alloc(size_t size)
{
  return mem_try_alloc(size, 0);
}


void *ac__mem_try_alloc_dense(size_t size)
{
  return mem_try_alloc(size, 1);
}


void *ac__mem_alloc(size_t size)
{
  void *p = ac__mem_try_alloc(size);
  if (p == NULL)
    ac__oom();
  return p;
}


void ac__mem_free(void *p, size_t size)
{
  size_t cls = AC_SIZE_CLASS(size);
  void **c = p;
  if (p == NULL)
    return;
  ac__live_mem--;
  if (AC__POOL_PASSTHROUGH)
    cls = 0;
  else if (size == 0)
    cls = 1;
  if (cls == 0) {
    big_free(p);
    return;
  }
  c[0] = raw_free[cls];
  raw_free[cls] = c;
}


void ac__obj_foreach(void (*fn)(ac_qnode *obj, void *arg), void *arg)
{
  slab *s;
  big *b, *next;
  for (s = obj_slabs; s != NULL; s = s->next) {
    char *base = slab_base(s);
    size_t i;
    for (i = 0; i < s->used; i++) {
      ac_qnode *c = (ac_qnode *)(base + i * s->chunk);
      if (c->desc != NULL)
        fn(c, arg);
    }
  }
  for (b = big_list()->next; b != &big_head; b = next) {
    next = b->next;
    if (b->is_obj && ((ac_qnode *)(b + 1))->desc != NULL)
      fn((ac_qnode *)(b + 1), arg);
  }
}


int ac__pool_owns(const void *p)
{
  const char *c = p;
  slab *s;
  big *b;
  if (p == &ac__yield_task || p == &ac__nomem_task)
    return 1;  // the static tasks belong to every thread
  for (s = obj_slabs; s != NULL; s = s->next) {
    const char *base = slab_base(s);
    if (c >= base && c < base + s->count * s->chunk)
      return 1;
  }
  for (b = big_list()->next; b != &big_head; b = b->next)
    if (c == (const char *)(b + 1))
      return 1;
  return 0;
}


void ac__pool_release_all(void)
{
  slab *s, *n;
  size_t i;
  for (s = obj_slabs; s != NULL; s = n) {
    n = s->next;
    slab_free(s);
  }
  for (s = raw_slabs; s != NULL; s = n) {
    n = s->next;
    free(s);
  }
  while (big_list()->next != &big_head)
    big_free(big_head.next + 1);
  for (i = 0; i < BIG_CACHE; i++) {
    if (big_cache[i] != NULL)
      big_release(big_cache[i]);
    big_cache[i] = NULL;
  }
  obj_slabs = raw_slabs = NULL;
  nclasses_used = 0;
  ac__live_objs = ac__live_mem = 0;
  for (i = 0; i < NCLASS; i++) {
    ac__pool_free[i] = debug_stash[i] = raw_free[i] = NULL;
    obj_next_bytes[i] = raw_next_bytes[i] = 0;
    obj_carving[i] = NULL;
    free(spills[i].items);
    spills[i] = (spill){NULL, 0, 0};
    ac__pool_spilling[i] = 0;
  }
}
