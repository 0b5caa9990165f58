/* 005_varargs: __builtin_va_list and va_arg with every kind of argument. */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>

struct small { char tag; int v; };
struct big { double d[5]; long l; };
typedef struct { float f; short s; } mixed;

/* Format letters: i int (char/short promote), u unsigned, l long, L long long,
   d double (float promotes), D long double, p pointer, s string, S struct small,
   B struct big, M mixed, z size_t, j intmax_t, q __int128 */
static void show(const char *fmt, ...)
{
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    for (const char *f = fmt; *f; f++) {
        switch (*f) {
        case 'i': printf(" i=%d", va_arg(ap, int)); break;
        case 'u': printf(" u=%u", va_arg(ap, unsigned)); break;
        case 'l': printf(" l=%ld", va_arg(ap, long)); break;
        case 'L': printf(" L=%lld", va_arg(ap, long long)); break;
        case 'd': printf(" d=%.3f", va_arg(ap, double)); break;
        case 'D': printf(" D=%.5Lf", va_arg(ap, long double)); break;
        case 'p': { int *p = va_arg(ap, int *); printf(" p->%d", *p); break; }
        case 's': printf(" s=%s", va_arg(ap, const char *)); break;
        case 'S': { struct small s = va_arg(ap, struct small); printf(" S=%c%d", s.tag, s.v); break; }
        case 'B': { struct big b = va_arg(ap, struct big); printf(" B=%.1f/%.1f/%ld", b.d[0], b.d[4], b.l); break; }
        case 'M': { mixed m = va_arg(ap, mixed); printf(" M=%.2f/%d", (double)m.f, m.s); break; }
        case 'z': printf(" z=%zu", va_arg(ap, size_t)); break;
        case 'j': printf(" j=%jd", va_arg(ap, intmax_t)); break;
        case 'q': { __int128 q = va_arg(ap, __int128); printf(" q=%lld", (long long)(q >> 64)); break; }
        case 'f': { int (*fp)(int) = va_arg(ap, int (*)(int)); printf(" f=%d", fp(5)); break; }
        }
    }
    __builtin_va_end(ap);
    printf("\n");
}

static double average(int n, ...)
{
    va_list ap, copy;
    va_start(ap, n);
    va_copy(copy, ap);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += va_arg(ap, double);
    double first = n ? va_arg(copy, double) : 0;
    va_end(copy);
    va_end(ap);
    printf("first %.2f ", first);
    return n ? sum / n : 0;
}

static long sum_list(va_list ap)
{
    long s = 0, v;
    while ((v = va_arg(ap, long)) != 0)
        s += v;
    return s;
}

static long sum_all(int dummy, ...)
{
    va_list ap;
    va_start(ap, dummy);
    long s = sum_list(ap);
    va_end(ap);
    return s + dummy;
}

static int triple(int x) { return 3 * x; }

int main(void)
{
    char c = 'A';
    short sh = -12;
    float fl = 2.5f;
    int target = 77;
    struct small sm = {'x', 9};
    struct big bg = {{1.5, 2, 3, 4, 5.5}, 123456789L};
    mixed mx = {0.25f, 300};
    show("iiiu", c, sh, 1000000, 4000000000u);
    show("lLd", -5L, 1LL << 50, fl);
    show("dDp", 1.0 / 3, 2.0L / 3, &target);
    show("sSBM", "text", sm, bg, mx);
    show("zjq", sizeof(struct big), (intmax_t)-99, (__int128)7 << 64);
    show("fiSidD", triple, 1, sm, 2, 0.5, 0.125L);
    for (int i = 0; i < 20; i++)
        show("idl", i, i * 0.5, (long)i * i * i);
    printf("avg %.4f\n", average(4, 1.0, 2.0, 3.0, 4.5));
    printf("avg %.4f\n", average(0));
    printf("sum_all %ld\n", sum_all(1, 10L, 20L, 30L, 0L));
    return 0;
}
