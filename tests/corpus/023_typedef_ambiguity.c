/* 023_typedef_ambiguity: `T * x;` declaration vs expression, `(T)(x)` cast
   vs call, `sizeof(T)` vs `sizeof(x)`, typedef names as struct members and
   as parameter names in prototypes. */
#include <stdio.h>

typedef long T;
typedef int (*fn)(int);
typedef struct { int T; fn fn; } holder;  /* members named like typedefs */
static int size(T size);                     /* parameter named like function */
static int size(T n) { return (int)n * 3; }
static void proto(int T, fn callback, char fn);  /* typedef names as parameter names */
static void proto(int a, fn callback, char c) { printf("proto %d %d %c\n", a, callback(a), c); }
static int square(int v) { return v * v; }

int main(void)
{
    T y = 6;
    T * x;                 /* declaration: x is a pointer to T */
    x = &y;
    printf("decl %ld\n", *x);
    {
        long T = 4, x2 = 5;
        long r = T * x2;   /* expression: T is a variable here */
        printf("expr %ld\n", r);
        printf("sizeof(T) as expr %zu\n", sizeof(T));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-value"
        T * x2;            /* expression statement (value discarded) */
#pragma GCC diagnostic pop
    }
    printf("sizeof(T) as type %zu\n", sizeof(T));
    int f = 3;
    double d = (T)(f) + 0.5;          /* cast */
    printf("cast %.1f\n", d);
    fn g = square;
    printf("call %d\n", (g)(f));     /* call through a parenthesised name */
    {
        int (*T)(int) = square;
        printf("call named T %d\n", (T)(f)); /* now a call */
    }
    printf("cast again %ld\n", (T)(f) * 2);
    holder h = {.T = 9, .fn = square};
    printf("holder %d %d\n", h.T, h.fn(h.T));
    proto(4, square, 'z');
    printf("size %d\n", size(5));
    char arr[10];
    printf("sizeof arr %zu sizeof(arr) %zu sizeof(char[3]) %zu sizeof (T) + 1 %zu\n", sizeof arr, sizeof(arr), sizeof(char[3]), sizeof (T) + 1);
    printf("sizeof(y)*2 %zu\n", sizeof(y) * 2);
    T (z) = 12;            /* parenthesised declarator */
    T (*pz) = &z;
    T (arr2)[2] = {1, 2};
    printf("paren decls %ld %ld %ld\n", z, *pz, arr2[1]);
    T *p = &z, **pp = &p, *const *cp = &p;
    printf("multi %ld %ld\n", **pp, **cp);
    return 0;
}
