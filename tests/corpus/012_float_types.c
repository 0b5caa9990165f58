/* 012_float_types: _Float128, __float128, _Float32, _Float64 (keywords in
   gcc; clang 14 gets _Float32/_Float64 as glibc typedefs and _Float128 from
   us below), float/double/long double conversions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#if !defined(__FLT128_MANT_DIG__)   /* clang 14: no _Float128 keyword */
typedef __float128 _Float128;
#endif

static _Float32 f32_global = 1.25f;
static _Float64 f64_global = 2.5;
static __float128 q_global = 1;
static _Float128 f128_global = 3;

static __float128 q_sqrt(__float128 x)
{
    __float128 r = x > 1 ? x : 1;
    for (int i = 0; i < 80; i++)
        r = (r + x / r) / 2;
    return r;
}

static _Float64 f64_poly(_Float64 x) { return ((x * 3 + 2) * x - 1) * x + 0.5; }
static _Float32 f32_mix(_Float32 a, _Float64 b) { return (_Float32)(a * b); }

int main(void)
{
    printf("f32 %.4f f64 %.4f sizes %zu %zu\n", (double)f32_global, (double)f64_global, sizeof(_Float32), sizeof(_Float64));
    printf("f128 size %zu __float128 size %zu\n", sizeof(_Float128), sizeof(__float128));
    __float128 two = 2;
    __float128 root = q_sqrt(two);
    printf("sqrt2 as double %.15f\n", (double)root);
    __float128 err = root * root - 2;
    printf("error below 1e-30: %d\n", err < (__float128)1e-30 && err > -(__float128)1e-30);
    _Float128 third = f128_global / 9;
    printf("third %.12f\n", (double)third);
    long double ld = (long double)third;
    printf("as long double %.15Lf\n", ld);
    for (int i = -3; i <= 3; i++)
        printf("poly(%d) = %.3f mix = %.3f\n", i, (double)f64_poly(i), (double)f32_mix((_Float32)i, 0.5));
    q_global += (__float128)1 / 3;
    printf("q_global %.10f\n", (double)q_global);
    __float128 big = 1;
    for (int i = 0; i < 200; i++)
        big *= 10;
    printf("1e200 as double %.6e\n", (double)big);
    printf("cmp %d %d\n", (_Float128)1 / 3 > (double)1 / 3 - 1e-17, (__float128)0.1 != (__float128)0.1f);
    return 0;
}
