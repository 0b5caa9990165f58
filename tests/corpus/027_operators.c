/* 027_operators: every operator, compound assignments, precedence and
   associativity corner cases, unary chains, casts in expressions. */
#include <stdio.h>

int main(void)
{
    int a = 17, b = 5, c = -3;
    unsigned u = 0xF0F0u;
    printf("arith %d %d %d %d %d %d\n", a + b, a - b, a * b, a / b, a % b, c % b);
    printf("bits %x %x %x %x %x %x\n", u & 0xFF0u, u | 0xFu, u ^ 0xFFFFu, ~u, u << 4, u >> 3);
    printf("rel %d %d %d %d %d %d\n", a < b, a > b, a <= 17, a >= 18, a == 17, a != 17);
    printf("logic %d %d %d %d\n", a && 0, a || 0, !a, !!b);
    printf("prec %d %d %d %d\n", a + b * c, (a + b) * c, a - b - c, a / b / 2);
    /* Precedence corner cases gcc and clang would nag about. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wparentheses"
    printf("prec2 %d %d %d\n", 1 << 2 + 1, (1 << 2) + 1, a & 1 == 1);
    printf("prec3 %d %d %d\n", a | b & c, a ^ b | c, a < b == b < a);
#pragma GCC diagnostic pop
    printf("prec4 %d %d\n", -a * -b, - -a);
    printf("unary %d %d %d %d\n", -a, +b, ~c, !c);
    int x = 10;
    x += 5; printf("+= %d\n", x);
    x -= 3; printf("-= %d\n", x);
    x *= 4; printf("*= %d\n", x);
    x /= 6; printf("/= %d\n", x);
    x %= 5; printf("%%= %d\n", x);
    x <<= 6; printf("<<= %d\n", x);
    x >>= 2; printf(">>= %d\n", x);
    x &= 0x1C; printf("&= %d\n", x);
    x |= 0x41; printf("|= %d\n", x);
    x ^= 0xFF; printf("^= %d\n", x);
    int y = 1, z;
    y = 1;
    z = y++;
    printf("post %d %d\n", z, y);
    z = ++y;
    printf("pre %d %d\n", z, y);
    z = y--;
    printf("postdec %d %d\n", z, y);
    z = --y;
    printf("predec %d %d\n", z, y);
    int p = 2, q = 3, r = 4;
    p = q = r = 9;
    printf("chain %d %d %d\n", p, q, r);
    p += q -= r *= 2;
    printf("chain2 %d %d %d\n", p, q, r);
    int arr[5] = {10, 20, 30, 40, 50}, *ptr = arr;
    int first = *ptr++;
    int second = *ptr;
    int third = *++ptr;
    printf("ptr %d %d %d %d\n", first, second, third, ptr[1]);
    ptr = arr + 4;
    printf("ptrdiff %td %d %d\n", ptr - arr, *(ptr - 2), 2[arr]);
    printf("addr deref %d %td\n", *&arr[3], &arr[3] - &arr[1]);
    struct s { int v; struct s *next; } n2 = {2, 0}, n1 = {1, &n2}, *sp = &n1;
    printf("member %d %d %d\n", n1.v, sp->next->v, (*sp).next->v + sp->v);
    printf("sizeof %zu %zu %zu %zu\n", sizeof a, sizeof(a) * 2, sizeof(char) + sizeof(short), sizeof - a);
    printf("casts %d %u %d %.2f\n", (int)3.99, (unsigned char)300, (signed char)200, (double)a / b);
    printf("neg mod %d %d %d\n", -7 / 2, -7 % 2, 7 % -2);
    printf("unsigned wrap %u %u\n", 0u - 1u, (unsigned)-1 / 2);
    printf("shifts %lld %llu\n", 1LL << 40, ~0ULL >> 60);
    printf("short-circuit %d\n", (b == 5 || (a = 0)) && a == 17);
    printf("ternary prec %d\n", a > b ? a : b + 100);
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wparentheses\"")
    printf("mixed %d\n", a * b % 7 - c << 1);
    _Pragma("GCC diagnostic pop")
    long l = (long)a << 35 | b;
    printf("long %ld\n", l);
    double d = 1;
    d += 0.5; d *= 3; d -= 1; d /= 2;
    printf("double ops %.3f\n", d);
    char ch = 'A';
    ch += 2;
    printf("char %c %d\n", ch, ch - 'A' + '0');
    _Bool bl = 5;
    printf("bool %d %d\n", bl, (_Bool)0.1);
    return 0;
}
