/* 043_punning: unions for type punning, byte views, endianness, float bits. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

union fbits { float f; uint32_t u; unsigned char b[4]; };
union dbits { double d; uint64_t u; struct { uint64_t mantissa : 52, exponent : 11, sign : 1; } parts; };
union word { uint32_t w; uint16_t h[2]; uint8_t b[4]; };

static float fast_inv_sqrt(float x)
{
    union fbits v = {.f = x};
    v.u = 0x5f3759df - (v.u >> 1);
    return v.f * (1.5f - 0.5f * x * v.f * v.f);
}

int main(void)
{
    float fs[] = {1.0f, -2.5f, 0.1f, 1e-40f, INFINITY};
    for (int i = 0; i < 5; i++) {
        union fbits v = {.f = fs[i]};
        printf("%g -> %08x exp %u\n", (double)fs[i], v.u, (v.u >> 23) & 0xff);
    }
    double ds[] = {1.0, -0.0, 3.141592653589793, 1e300};
    for (int i = 0; i < 4; i++) {
        union dbits v = {.d = ds[i]};
        printf("%g -> %016llx sign %u exp %u mant %013llx\n", ds[i], (unsigned long long)v.u, (unsigned)v.parts.sign,
               (unsigned)v.parts.exponent, (unsigned long long)v.parts.mantissa);
    }
    union word w = {.w = 0x11223344};
    printf("little endian %d bytes %02x %02x %02x %02x halves %04x %04x\n", w.b[0] == 0x44, w.b[0], w.b[1], w.b[2], w.b[3], w.h[0], w.h[1]);
    for (float x = 1; x <= 100; x *= 4.5f)
        printf("inv_sqrt(%.2f) ~ %.4f exact %.4f\n", (double)x, (double)fast_inv_sqrt(x), 1 / sqrt(x));
    double d = 2.75;
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    printf("memcpy pun %016llx\n", (unsigned long long)bits);
    union { int i; char c[sizeof(int)]; } probe = {1};
    printf("probe %d\n", probe.c[0]);
    union dbits nan = {.u = 0x7ff8000000000000ULL};
    printf("nan %d\n", isnan(nan.d) != 0);
    return 0;
}
