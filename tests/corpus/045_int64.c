/* 045_int64: 64-bit arithmetic: inttypes formatting, overflow-free mixing,
   bit tricks, multiply-high, PRNGs, hashing, gcd and primes. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    while (*s) { h ^= (unsigned char)*s++; h *= 0x100000001b3ULL; }
    return h;
}
static uint64_t gcd(uint64_t a, uint64_t b) { while (b) { uint64_t t = a % b; a = b; b = t; } return a; }
static uint64_t mulhi(uint64_t a, uint64_t b) { return (uint64_t)(((unsigned __int128)a * b) >> 64); }
static int is_prime(uint64_t n)
{
    if (n < 2) return 0;
    for (uint64_t d = 2; d * d <= n; d++)
        if (n % d == 0) return 0;
    return 1;
}
static int popcount64(uint64_t x) { int c = 0; while (x) { x &= x - 1; c++; } return c; }

int main(void)
{
    uint64_t seed = 42;
    for (int i = 0; i < 6; i++) {
        uint64_t r = splitmix64(&seed);
        printf("rand %016" PRIx64 " pop %d mulhi %" PRIu64 "\n", r, popcount64(r), mulhi(r, 1000));
    }
    const char *words[] = {"", "a", "async", "await", "defer"};
    for (int i = 0; i < 5; i++)
        printf("fnv1a('%s') = %016" PRIx64 "\n", words[i], fnv1a(words[i]));
    printf("gcd %" PRIu64 " %" PRIu64 "\n", gcd(1071, 462), gcd(UINT64_C(1) << 40, UINT64_C(6) << 20));
    printf("limits %" PRId64 " %" PRId64 " %" PRIu64 "\n", INT64_MIN, INT64_MAX, UINT64_MAX);
    int64_t neg = -1234567890123LL;
    printf("div %" PRId64 " mod %" PRId64 " shift %" PRId64 "\n", neg / 1000, neg % 1000, neg / 16);
    uint64_t p = (UINT64_C(1) << 61) - 1;
    printf("mersenne 2^61-1 prime-check(small factors) %d\n", p % 3 != 0 && p % 7 != 0);
    int count = 0;
    uint64_t last = 0;
    for (uint64_t n = 1000000000ULL; count < 5; n++)
        if (is_prime(n)) { count++; last = n; printf("prime %" PRIu64 "\n", n); }
    printf("last %" PRIu64 "\n", last);
    int32_t a32 = INT32_MAX;
    int64_t widened = (int64_t)a32 * 2 + 1;
    printf("widened %" PRId64 " least %zu fast %zu\n", widened, sizeof(int_least16_t), sizeof(int_fast8_t));
    uintmax_t um = UINTMAX_MAX;
    printf("uintmax %ju %s\n", um, PRIxMAX);
    printf("rotate %016" PRIx64 "\n", (p << 13) | (p >> 51));
    return 0;
}
