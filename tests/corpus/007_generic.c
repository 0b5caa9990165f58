/* 007_generic: _Generic with typedef names, qualified types, default. */
#include <stdio.h>
#include <stdint.h>

typedef struct { int x, y; } point;
typedef unsigned char byte;
typedef long double ld;

#define TYPENAME(x) _Generic((x), \
    _Bool: "_Bool", char: "char", signed char: "signed char", byte: "unsigned char", \
    short: "short", unsigned short: "unsigned short", int: "int", unsigned: "unsigned", \
    long: "long", unsigned long: "unsigned long", long long: "long long", \
    unsigned long long: "unsigned long long", float: "float", double: "double", ld: "long double", \
    point: "point", char *: "char *", const char *: "const char *", int *: "int *", \
    const int *: "const int *", volatile int *: "volatile int *", void *: "void *", \
    int (*)(int): "int (*)(int)", default: "other")

#define ABS(x) _Generic((x), int: abs_i, long: abs_l, double: abs_d, default: abs_i)(x)
static int abs_i(int v) { return v < 0 ? -v : v; }
static long abs_l(long v) { return v < 0 ? -v : v; }
static double abs_d(double v) { return v < 0 ? -v : v; }
static int id(int v) { return v; }

#define PRINT(x) printf(_Generic((x), int: "%d\n", double: "%.2f\n", const char *: "%s\n", char *: "%s\n", default: "?\n"), x)

int main(void)
{
    int i = 0; const int ci = 1; volatile int vi = 2;
    byte b = 3;
    point p = {1, 2};
    ld l = 1;
    printf("%s\n", TYPENAME((_Bool)1));
    printf("%s\n", TYPENAME('a'));
    printf("%s\n", TYPENAME((char)'a'));
    printf("%s\n", TYPENAME((signed char)1));
    printf("%s\n", TYPENAME(b));
    printf("%s\n", TYPENAME((short)1));
    printf("%s\n", TYPENAME((unsigned short)1));
    printf("%s\n", TYPENAME(i));
    printf("%s\n", TYPENAME(ci));
    printf("%s\n", TYPENAME(1u));
    printf("%s\n", TYPENAME(1l));
    printf("%s\n", TYPENAME(1ul));
    printf("%s\n", TYPENAME(1ll));
    printf("%s\n", TYPENAME(1ull));
    printf("%s\n", TYPENAME(1.0f));
    printf("%s\n", TYPENAME(1.0));
    printf("%s\n", TYPENAME(l));
    printf("%s\n", TYPENAME(p));
    printf("%s\n", TYPENAME((char *)"s"));
    printf("%s\n", TYPENAME((const char *)"s"));
    printf("%s\n", TYPENAME(&i));
    printf("%s\n", TYPENAME(&ci));
    printf("%s\n", TYPENAME(&vi));
    printf("%s\n", TYPENAME((void *)0));
    printf("%s %d\n", TYPENAME(id), id(3));
    printf("%s\n", TYPENAME(&p));
    printf("%s\n", TYPENAME((int8_t)1));
    printf("abs %d %ld %.1f %d\n", ABS(-5), ABS(-7L), ABS(-2.5), ABS((short)-3));
    PRINT(42);
    PRINT(2.5);
    PRINT("string");
    PRINT('c');
    int n = _Generic(i, int: 1, default: 0) + _Generic(p, point: 10, default: 0) + _Generic(&p, point *: 100, default: 0);
    printf("sum %d\n", n);
    printf("nested %d\n", _Generic(_Generic(1.0, double: 1, default: 1.0), int: 7, default: 8));
    return 0;
}
