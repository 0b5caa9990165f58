/* 047_hashtable: an open-addressing hash table with string keys, growth,
   deletion with tombstones, iteration, and a word-frequency count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

typedef struct { char *key; int value; enum { EMPTY, USED, DELETED } state; } slot;
typedef struct { slot *slots; size_t cap, count, tombstones; } table;

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;
    for (; *s; s++)
        h = h * 33 ^ (unsigned char)*s;
    return h;
}

static void table_init(table *t, size_t cap) { t->slots = calloc(cap, sizeof(slot)); t->cap = cap; t->count = t->tombstones = 0; }

static slot *find(table *t, const char *key, int for_insert)
{
    size_t i = hash(key) & (t->cap - 1);
    slot *first_deleted = NULL;
    for (;;) {
        slot *s = &t->slots[i];
        if (s->state == EMPTY)
            return for_insert && first_deleted ? first_deleted : s;
        if (s->state == DELETED) { if (!first_deleted) first_deleted = s; }
        else if (!strcmp(s->key, key)) return s;
        i = (i + 1) & (t->cap - 1);
    }
}

static void table_put(table *t, const char *key, int value);
static void grow(table *t)
{
    table old = *t;
    table_init(t, old.cap * 2);
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].state == USED) {
            table_put(t, old.slots[i].key, old.slots[i].value);
            free(old.slots[i].key);
        }
    free(old.slots);
}

static void table_put(table *t, const char *key, int value)
{
    if ((t->count + t->tombstones + 1) * 4 > t->cap * 3)
        grow(t);
    slot *s = find(t, key, 1);
    if (s->state == USED) { s->value = value; return; }
    if (s->state == DELETED) t->tombstones--;
    s->key = strdup(key);
    s->value = value;
    s->state = USED;
    t->count++;
}

static int *table_get(table *t, const char *key)
{
    slot *s = find(t, key, 0);
    return s->state == USED ? &s->value : NULL;
}

static int table_del(table *t, const char *key)
{
    slot *s = find(t, key, 0);
    if (s->state != USED) return 0;
    free(s->key);
    s->key = NULL;
    s->state = DELETED;
    t->count--;
    t->tombstones++;
    return 1;
}

static int cmp_slot(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    if (x->value != y->value) return y->value - x->value;
    return strcmp(x->key, y->key);
}

int main(void)
{
    static const char text[] =
        "It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, "
        "it was the season of Light, it was the season of Darkness, it was the spring of hope, "
        "it was the winter of despair, we had everything before us, we had nothing before us.";
    table t;
    table_init(&t, 8);
    char word[32];
    int wl = 0;
    for (const char *p = text;; p++) {
        if (isalpha((unsigned char)*p)) {
            if (wl < 31) word[wl++] = (char)tolower((unsigned char)*p);
        } else if (wl) {
            word[wl] = 0;
            wl = 0;
            int *v = table_get(&t, word);
            if (v) ++*v; else table_put(&t, word, 1);
        }
        if (!*p) break;
    }
    printf("distinct %zu cap %zu\n", t.count, t.cap);
    printf("deleted 'it' %d 'zebra' %d\n", table_del(&t, "it"), table_del(&t, "zebra"));
    table_put(&t, "zebra", 2);
    slot *all = malloc(t.count * sizeof *all);
    size_t n = 0;
    for (size_t i = 0; i < t.cap; i++)
        if (t.slots[i].state == USED) all[n++] = t.slots[i];
    qsort(all, n, sizeof *all, cmp_slot);
    for (size_t i = 0; i < n; i++)
        printf("%-12s %d\n", all[i].key, all[i].value);
    free(all);
    for (size_t i = 0; i < t.cap; i++)
        free(t.slots[i].key);
    free(t.slots);
    return 0;
}
