/* 003_typeof: __extension__, typeof/__typeof__/__typeof in declarations,
   casts, sizeof and macros. */
#include <stdio.h>

#define max(a, b) __extension__({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define swap(x, y) do { typeof(x) _t = (x); (x) = (y); (y) = _t; } while (0)

__extension__ typedef long long i64;
__extension__ static const unsigned long long big = 0xffffffffffffULL;
static int table[] = {5, 3, 9, 1};
static __typeof__(table) table_copy = {1, 2, 3, 4};
static typeof(int (*)(int)) fn_ptr;
static int inc(int x) { return x + 1; }
typedef __typeof(inc) inc_type;
static inc_type *ip = inc;

struct point { int x, y; };

int main(void)
{
    i64 a = 10;
    __typeof__(a) b = 20;
    typeof(b) *pb = &b;
    __typeof__(*pb) c = *pb + 1;
    printf("%lld %lld %lld %llu\n", a, b, c, big);
    printf("sizeof(table_copy)=%zu elems=%zu\n", sizeof(table_copy), sizeof table_copy / sizeof *table_copy);
    printf("max %d %g %ld\n", max(3, 7), max(2.5, -1.0), max(10L, 4L));
    int x = 1, y = 2;
    swap(x, y);
    printf("swap %d %d\n", x, y);
    fn_ptr = inc;
    printf("fn_ptr %d ip %d\n", fn_ptr(41), ip(99));
    double d = 3.75;
    printf("cast %d %d\n", (typeof(x))d, (__typeof__(int))d);
    printf("sizeof typeof %zu %zu %zu\n", sizeof(typeof(d)), sizeof(__typeof__(struct point)), sizeof(typeof(char[7])));
    typeof(struct point) pt = {3, 4};
    typeof(pt.x) arr[3] = {pt.x, pt.y, pt.x * pt.y};
    printf("pt %d %d arr %d\n", pt.x, pt.y, arr[2]);
    typeof(int[4]) four = {1, 2, 3, 4};
    typeof(typeof(char) *) s = "hi";
    printf("four %zu %d s %s\n", sizeof four, four[3], s);
    __extension__ long long ext = __extension__ 1LL << 40;
    printf("ext %lld\n", ext);
    int sum = 0;
    for (__typeof__(sizeof(int)) i = 0; i < 4; i++)
        sum += table[i] * table_copy[i];
    printf("dot %d\n", sum);
    const typeof(sum) cs = sum;
    typeof(cs) cs2 = cs * 2;  /* const int */
    printf("const typeof %d %d\n", cs, cs2);
    return 0;
}
