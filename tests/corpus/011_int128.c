/* 011_int128: __int128 and unsigned __int128 arithmetic and printing. */
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 i128;
__extension__ typedef __int128 ext_i128;
static __int128 signed_global = -((__int128)1 << 100);
static unsigned __int128 unsigned_global = ~(unsigned __int128)0;

static const char *u128_str(u128 v, char *buf)
{
    char tmp[64];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return buf;
}

static const char *i128_str(i128 v, char *buf)
{
    if (v < 0) {
        buf[0] = '-';
        u128_str(-(u128)v, buf + 1);
        return buf;
    }
    return u128_str((u128)v, buf);
}

static u128 factorial(unsigned n) { return n <= 1 ? 1 : n * factorial(n - 1); }

static u128 mulmod(u128 a, u128 b, u128 m) { return a * b % m; }

static u128 powmod(u128 b, u128 e, u128 m)
{
    u128 r = 1;
    b %= m;
    while (e) {
        if (e & 1)
            r = mulmod(r, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    return r;
}

int main(void)
{
    char buf[64];
    printf("signed_global %s\n", i128_str(signed_global, buf));
    printf("unsigned_global %s\n", u128_str(unsigned_global, buf));
    for (unsigned n = 20; n <= 34; n += 2)
        printf("%u! = %s\n", n, u128_str(factorial(n), buf));
    unsigned long long p = 4294967291ULL;
    for (unsigned long long b = 2; b < 7; b++)
        printf("%llu^(p-1) mod p = %s\n", b, u128_str(powmod(b, p - 1, p), buf));
    i128 x = -12345678901234567LL;
    x *= 1000000007;
    printf("x %s\n", i128_str(x, buf));
    printf("x/7 %s x%%7 %s\n", i128_str(x / 7, buf), i128_str(x % 7, buf + 32));
    printf("shift %s\n", u128_str((u128)1 << 127, buf));
    printf("sizeof %zu %zu align %zu\n", sizeof(i128), sizeof(unsigned __int128), _Alignof(__int128));
    ext_i128 e = (ext_i128)0x7fffffffffffffffLL * 2 + 1;
    printf("ext %s\n", i128_str(e, buf));
    u128 fib_a = 0, fib_b = 1;
    for (int i = 0; i < 180; i++) {
        u128 t = fib_a + fib_b;
        fib_a = fib_b;
        fib_b = t;
        if (i % 30 == 29)
            printf("fib %d %s\n", i + 2, u128_str(fib_b, buf));
    }
    printf("compare %d %d %d\n", signed_global < 0, unsigned_global > (u128)signed_global, (i128)-1 < (i128)1);
    unsigned long hi = (unsigned long)(unsigned_global >> 64), lo = (unsigned long)unsigned_global;
    printf("hi %lx lo %lx\n", hi, lo);
    return 0;
}
