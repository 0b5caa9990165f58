/* 030_numbers: hex floats, every integer suffix, octal/hex/binary literals,
   float suffixes, exponent forms. */
#include <stdio.h>
#include <float.h>

int main(void)
{
    printf("ints %d %d %d %d\n", 42, 052, 0x2A, 0b101010);
    printf("u %u %u %u\n", 42u, 42U, 0x2Au);
    printf("l %ld %ld %ld\n", 42l, 42L, 0x2aL);
    printf("ul %lu %lu %lu %lu %lu %lu\n", 42ul, 42UL, 42lu, 42LU, 42uL, 42Ul);
    printf("ll %lld %lld\n", 42ll, 42LL);
    printf("ull %llu %llu %llu %llu %llu %llu\n", 42ull, 42ULL, 42llu, 42LLU, 42uLL, 42Ull);
    printf("big %llu %llx %lld\n", 18446744073709551615ULL, 0xFFFFFFFFFFFFFFFFull, -9223372036854775807LL - 1);
    printf("types %zu %zu %zu %zu\n", sizeof 2147483647, sizeof 2147483648, sizeof 0xFFFFFFFF, sizeof 4294967296);
    printf("hex floats %a %a %a\n", 0x1p0, 0x1.8p1, 0x.8p-2);
    printf("hex floats %.6f %.6f %.6f\n", 0x1p-2, 0xA.Bp4, 0X1.FFFFFEP+127);
    printf("hex float suffixes %.3f %.3Lf\n", (double)0x1.4p3f, 0x1.4p3L);
    printf("decimal %.3f %.3f %.3f %.3f %.3f\n", 1., .5, 1.5e3, 2E-2, 1e+1);
    printf("suffixes %.2f %.2f %.2Lf %.2Lf\n", (double)1.25f, (double)1.25F, 1.25l, 1.25L);
    printf("sizes f %zu d %zu ld %zu\n", sizeof 1.0f, sizeof 1.0, sizeof 1.0L);
    printf("limits %d %.3e %.3e\n", FLT_MANT_DIG, DBL_MAX, (double)FLT_EPSILON);
    printf("digit sep-free %d %d\n", 0x0, 00);
    printf("char consts %d %d\n", 'a', '\x10');
    unsigned long long v = 0;
    for (int i = 0; i < 64; i += 8)
        v |= (unsigned long long)(0x11 * (i / 8 + 1)) << i;
    printf("built %016llx\n", v);
    double h = 0x1.921fb54442d18p+1;
    printf("pi from hex %.15f\n", h);
    printf("neg %d %lld %.1f\n", -0x10, -0x10LL, -0x1p4);
    return 0;
}
