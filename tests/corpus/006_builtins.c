/* 006_builtins: __builtin_offsetof with nested members and array designators,
   __builtin_types_compatible_p, __builtin_choose_expr, __builtin_expect. */
#include <stddef.h>
#include <stdio.h>

struct inner { char c; int vals[4]; struct { short s; double d; } deep[3]; };
struct outer { long id; struct inner in[2]; union { int u_i; char u_c[12]; } un; };
typedef struct outer outer_t;

#define OFF(t, m) printf("offsetof(%s, %s) = %zu\n", #t, #m, __builtin_offsetof(t, m))
#define TYPE_NAME(x) __builtin_choose_expr(__builtin_types_compatible_p(__typeof__(x), int), "int", \
    __builtin_choose_expr(__builtin_types_compatible_p(__typeof__(x), double), "double", \
    __builtin_choose_expr(__builtin_types_compatible_p(__typeof__(x), char *), "char *", "other")))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

static int count_odd(const int *v, int n)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        if (unlikely(v[i] & 1))
            c++;
        else if (likely(v[i] >= 0))
            c += 0;
    return c;
}

int main(void)
{
    OFF(struct outer, id);
    OFF(struct outer, in);
    OFF(struct outer, in[1]);
    OFF(struct outer, in[1].vals[2]);
    OFF(struct outer, in[0].deep[2].d);
    OFF(outer_t, in[1].deep[1].s);
    OFF(outer_t, un.u_c[5]);
    OFF(struct inner, deep);
    printf("offsetof macro %zu\n", offsetof(struct inner, vals[3]));
    int i = 0;
    double d = 0;
    char *s = 0;
    float f = 0;
    printf("types %s %s %s %s\n", TYPE_NAME(i), TYPE_NAME(d), TYPE_NAME(s), TYPE_NAME(f));
    printf("compat int/signed %d\n", __builtin_types_compatible_p(int, signed));
    printf("compat int/const int %d\n", __builtin_types_compatible_p(int, const int));
    printf("compat int[]/int[5] %d\n", __builtin_types_compatible_p(int[], int[5]));
    printf("compat long/long long %d\n", __builtin_types_compatible_p(long, long long));
    printf("compat outer_t/struct outer %d\n", __builtin_types_compatible_p(outer_t, struct outer));
    printf("compat fnptr %d\n", __builtin_types_compatible_p(int (*)(void), int (*)(void)));
    int v[] = {1, 2, 3, 4, 5, 6, 7, 9, 11};
    printf("odd %d\n", count_odd(v, 9));
    long e = __builtin_expect(42L, 0);
    printf("expect %ld\n", e);
    printf("choose size %zu %zu\n", sizeof(__builtin_choose_expr(1, (char)0, 0.0)),
           sizeof(__builtin_choose_expr(0, (char)0, 0.0)));
    printf("constant_p %d\n", __builtin_constant_p(10));
    printf("popcount %d clz %d ctz %d\n", __builtin_popcount(0xff0f), __builtin_clz(1u << 20), __builtin_ctz(1u << 7));
    printf("bswap 0x%08x\n", __builtin_bswap32(0x11223344));
    int ov;
    printf("overflow %d", __builtin_add_overflow(2147483647, 1, &ov));
    printf(" %d\n", __builtin_mul_overflow(1000, 1000, &ov) ? -1 : ov);
    return 0;
}
