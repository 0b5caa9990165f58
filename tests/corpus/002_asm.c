/* 002_asm: __asm__ labels on declarations and GNU asm statements. */
#include <stdio.h>
#include <string.h>

/* asm labels: the C name differs from the symbol name. */
int renamed_function(int x) __asm__("corpus_other_name");
int renamed_function(int x) { return x * 3 + 1; }
extern int call_by_symbol(int) __asm__("corpus_other_name");
int renamed_var __asm__("corpus_renamed_var") = 55;
extern int alias_var __asm__("corpus_renamed_var");
size_t my_strlen(const char *) __asm__("strlen");
static int static_renamed(int) __asm__("corpus_static_renamed") __attribute__((unused));
static int static_renamed(int a) { return a - 1; }
extern int __attribute__((unused)) both_asm_attr(void) __asm__("corpus_both") __attribute__((noinline));
int both_asm_attr(void) { return 8; }

static unsigned long add_asm(unsigned long a, unsigned long b)
{
#if defined(__x86_64__)
    unsigned long r;
    __asm__("movq %1, %0\n\t"
            "addq %2, %0"
            : "=&r"(r)
            : "r"(a), "r"(b)
            : "cc");
    return r;
#else
    return a + b;
#endif
}

static unsigned rotl(unsigned x, unsigned char n)
{
#if defined(__x86_64__)
    __asm__ __volatile__("roll %%cl, %0" : "+r"(x) : "c"(n) : "cc");
    return x;
#else
    return (x << n) | (x >> (32 - n));
#endif
}

static int bsr(unsigned v)
{
#if defined(__x86_64__)
    int r;
    asm volatile("bsrl %1, %0" : "=r"(r) : "rm"(v) : "cc");
    return r;
#else
    return 31 - __builtin_clz(v);
#endif
}

static void cpuid_like(unsigned *a, unsigned *b)
{
#if defined(__x86_64__)
    unsigned x = *a, y = *b;
    __asm__ volatile("xchgl %0, %1" : "+r"(x), "+r"(y));
    *a = x;
    *b = y;
#else
    unsigned t = *a; *a = *b; *b = t;
#endif
}

static long named_operands(long p, long q)
{
#if defined(__x86_64__)
    long out;
    __asm__ ("leaq (%[a],%[b],2), %[o]" : [o] "=r"(out) : [a] "r"(p), [b] "r"(q));
    return out;
#else
    return p + 2 * q;
#endif
}

int main(void)
{
    printf("renamed %d via symbol %d\n", renamed_function(4), call_by_symbol(5));
    printf("var %d alias %d\n", renamed_var, alias_var);
    alias_var = 66;
    printf("after store %d\n", renamed_var);
    printf("strlen via label %zu\n", my_strlen("corpus"));
    printf("static renamed %d both %d\n", static_renamed(10), both_asm_attr());
    for (unsigned long i = 1; i < 1000000; i *= 17)
        printf("add_asm(%lu, %lu) = %lu\n", i, i * 3, add_asm(i, i * 3));
    for (unsigned char n = 0; n < 32; n += 7)
        printf("rotl(0x80000001, %u) = 0x%08x\n", n, rotl(0x80000001u, n));
    for (unsigned v = 1; v < 100000; v = v * 5 + 3)
        printf("bsr(%u) = %d\n", v, bsr(v));
    unsigned a = 1, b = 2;
    cpuid_like(&a, &b);
    printf("swapped %u %u\n", a, b);
    printf("lea %ld\n", named_operands(100, 21));
    __asm__ volatile("" ::: "memory");
    asm("");
    __asm("nop");
    return 0;
}
