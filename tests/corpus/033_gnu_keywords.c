/* 033_gnu_keywords: __restrict, __restrict__, __inline__, __volatile__,
   __const__, __signed__, __auto_type, __alignof__, __const, __volatile,
   __signed, __inline, __asm__ spelled variants. */
#include <stdio.h>
#include <string.h>

static __inline__ int add3(int a, int b, int c) { return a + b + c; }
static __inline int mul2(int a) { return a * 2; }
static void copy_ints(int *__restrict dst, const int *__restrict__ src, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i];
}
static int sum(const int *restrict p, int n) { int s = 0; while (n--) s += *p++; return s; }
static __const__ int table[] = {4, 8, 15, 16, 23, 42};
static __const char *__const name = "gnu";
static __volatile__ int vol_counter;
static __volatile int vol2;
static __signed__ char sc = -5;
static __signed short ss = -300;
static unsigned __int128 __attribute__((unused)) wide;

#define SWAP(a, b) do { __auto_type _tmp = (a); (a) = (b); (b) = _tmp; } while (0)

int main(void)
{
    int dst[6];
    copy_ints(dst, table, 6);
    printf("copy %d %d sum %d\n", dst[0], dst[5], sum(dst, 6));
    printf("inline %d %d\n", add3(1, 2, 3), mul2(21));
    for (int i = 0; i < 5; i++)
        vol_counter += i;
    vol2 = vol_counter * 2;
    printf("volatile %d %d\n", vol_counter, vol2);
    printf("signed %d %d name %s\n", sc, ss, name);
    __auto_type x = 10;
    __auto_type y = 2.5;
    __auto_type s = "auto string";
    __auto_type p = &table[2];
    printf("auto %d %.1f %s %d sizes %zu %zu\n", x, y, s, *p, sizeof x, sizeof y);
    int a = 1, b = 2;
    SWAP(a, b);
    double da = 1.5, db = -1.5;
    SWAP(da, db);
    printf("swap %d %d %.1f %.1f\n", a, b, da, db);
    printf("__alignof__ %zu %zu %zu\n", __alignof__(double), __alignof__(table), __alignof__ (struct { char c; long l; }));
    __typeof__(table[0]) t0 = table[0];
    printf("t0 %d\n", t0);
    __asm__ __volatile__("" ::: "memory");
    __asm volatile("");
    __asm__ __volatile("");
    int *__restrict rp = dst;
    rp[0] = 99;
    printf("restrict local %d\n", dst[0]);
    const __auto_type cx = 5 * x;
    printf("const auto %d\n", cx);
    return 0;
}
