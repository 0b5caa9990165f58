/* 022_typedef_scope: the lexer hack.  Typedef names shadowed by variables,
   parameters, members, enumerators and labels, and restored afterwards. */
#include <stdio.h>

typedef int T;
typedef double D;
typedef int T;                      /* identical redeclaration (C11) */
typedef struct node node;
struct node { T T; node *next; };   /* member named like the typedef */
typedef T U;

static T shadow_param(T T) { return T * 2; }          /* parameter named T */
static int proto_names(int T, int D);                 /* prototype names */
static int proto_names(int a, int b) { return a - b; }
static D uses_both(T a, D b) { return a + b; }

static int block_shadow(void)
{
    T before = 1;
    {
        int T = 5;         /* T is now a variable */
        T = T * 3;         /* expression, not a declaration */
        before += T;
        {
            typedef char T; /* typedef again in an inner scope */
            T c = 'x';
            before += (int)sizeof(T) + (c == 'x');
        }
        before += T;       /* variable again */
    }
    T after = 2;           /* typedef restored */
    return before + after;
}

static int enum_shadow(void)
{
    int r;
    {
        enum { T = 40, D = 2 };  /* enumerators named T and D */
        r = T + D;
        r += (int)sizeof(T);     /* sizeof of an expression now */
    }
    T x = r;                     /* typedef restored */
    return x;
}

static int label_shadow(void)
{
    int n = 0;
T:                           /* label named T does not shadow the typedef */
    n++;
    if (n < 3)
        goto T;
    T t = n;
    return t;
}

static int for_shadow(void)
{
    int total = 0;
    for (int T = 0; T < 4; T++)  /* loop variable named T */
        total += T;
    T restored = total;          /* typedef after the loop */
    return restored;
}

int main(void)
{
    node n2 = {20, 0}, n1 = {10, &n2};
    printf("members %d %d\n", n1.T, n1.next->T);
    printf("shadow_param %d\n", shadow_param(21));
    printf("proto_names %d\n", proto_names(9, 4));
    printf("uses_both %.2f\n", uses_both(1, 2.5));
    printf("block_shadow %d\n", block_shadow());
    printf("enum_shadow %d\n", enum_shadow());
    printf("label_shadow %d\n", label_shadow());
    printf("for_shadow %d\n", for_shadow());
    U u = 7;
    D D = 1.5;               /* variable D of type D */
    printf("u %d D %.1f\n", u, D);
    {
        D = D * 2;           /* still the variable */
        printf("D %.1f\n", D);
    }
    typedef T T;             /* redeclared identically (C11) */
    T again = 3;
    printf("again %d sizeof(T) %zu\n", again, sizeof(T));
    return 0;
}
