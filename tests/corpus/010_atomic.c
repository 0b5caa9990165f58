/* 010_atomic: _Atomic as a qualifier and as the _Atomic(T) specifier. */
#include <stdatomic.h>
#include <stdio.h>

static _Atomic int counter;
static _Atomic(long) big_counter = 100;
static int _Atomic qualified_after;
static _Atomic(unsigned) *_Atomic ptr_to_atomic;
struct stats { _Atomic(int) hits; int _Atomic misses; _Atomic long total; };
struct pr { int a, b; };
typedef _Atomic(struct pr) atomic_pair_t;
static atomic_flag flag = ATOMIC_FLAG_INIT;

static void record(struct stats *s, int v)
{
    if (v % 3)
        atomic_fetch_add(&s->hits, 1);
    else
        s->misses++;
    s->total += v;
}

int main(void)
{
    for (int i = 0; i < 10; i++)
        counter += i;
    printf("counter %d\n", atomic_load(&counter));
    atomic_store(&counter, 5);
    int expected = 5;
    _Bool ok = atomic_compare_exchange_strong(&counter, &expected, 50);
    printf("cas %d counter %d expected %d\n", ok, counter, expected);
    ok = atomic_compare_exchange_strong(&counter, &expected, 60);
    printf("cas %d counter %d expected %d\n", ok, counter, expected);
    long before = atomic_fetch_sub(&big_counter, 30);
    printf("fetch_sub %ld now %ld\n", before, (long)big_counter);
    before = atomic_exchange(&big_counter, 7L);
    printf("exchange %ld now %ld\n", before, atomic_load_explicit(&big_counter, memory_order_acquire));
    qualified_after = 3;
    qualified_after *= 4;
    printf("qualified_after %d\n", qualified_after);
    static _Atomic(unsigned) target = 9;
    ptr_to_atomic = &target;
    atomic_fetch_or(ptr_to_atomic, 0x10u);
    printf("target %u\n", atomic_load(ptr_to_atomic));
    struct stats s = {0};
    for (int i = 1; i <= 20; i++)
        record(&s, i);
    printf("stats %d %d %ld\n", s.hits, s.misses, (long)s.total);
    atomic_pair_t ap = (struct pr){1, 2};
    struct pr got = atomic_load(&ap);
    atomic_store(&ap, ((struct pr){got.b, got.a + got.b}));
    got = atomic_load(&ap);
    printf("pair %d %d\n", got.a, got.b);
    _Bool f1 = atomic_flag_test_and_set(&flag);
    _Bool f2 = atomic_flag_test_and_set(&flag);
    printf("flag %d %d\n", f1, f2);
    atomic_flag_clear(&flag);
    printf("flag after clear %d\n", atomic_flag_test_and_set(&flag));
    printf("lock free int %d\n", atomic_is_lock_free(&counter));
    printf("sizes %zu %zu\n", sizeof(_Atomic(char)), sizeof(atomic_pair_t));
    atomic_thread_fence(memory_order_seq_cst);
    _Atomic double ad = 1.5;
    double snapshot = ad;
    ad = snapshot + 2.25;
    printf("atomic double %.2f\n", (double)ad);
    return 0;
}
