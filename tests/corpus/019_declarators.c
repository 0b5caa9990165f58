/* 019_declarators: declarators of any complexity, abstract declarators. */
#include <stdio.h>

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }

/* Array of 3 pointers to functions returning pointer to array of 4 int. */
static int rows[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
static int (*row0(void))[4] { return &rows[0]; }
static int (*row1(void))[4] { return &rows[1]; }
static int (*row2(void))[4] { return &rows[2]; }
static int (*(*x[3])(void))[4] = {row0, row1, row2};

/* Function returning pointer to function (int, int) -> int. */
static int (*pick(char op))(int, int)
{
    switch (op) {
    case '+': return add;
    case '-': return sub;
    default: return mul;
    }
}

/* Pointer to function returning pointer to array of 3 function pointers. */
static binop table[3] = {add, sub, mul};
static binop (*get_table(void))[3] { return &table; }
static int (*(*(*tp)(void))[3])(int, int) = get_table;

/* Function taking a function pointer parameter, with abstract parameter declarators. */
static int apply(int (*)(int, int), int, int);
static int apply(int (*f)(int, int), int a, int b) { return f(a, b); }
static int count(int (*)[4], int);
static int count(int (*p)[4], int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i][3]; return s; }
static void fill(int n, int [n]);
static void fill(int n, int a[n]) { for (int i = 0; i < n; i++) a[i] = i * i; }

static char *(*(*pfa)[2])(void);
static char *hello(void) { return "hello"; }
static char *world(void) { return "world"; }
static char *(*strfns[2])(void) = {hello, world};

static const int *const volatile cvp = &rows[1][1];
static int **pp, ***ppp;
static int (**const fpp)(int, int) = &table[0];

int main(void)
{
    for (int i = 0; i < 3; i++) {
        int (*r)[4] = x[i]();
        printf("row %d: %d %d %d %d\n", i, (*r)[0], (*r)[1], (*r)[2], (*r)[3]);
    }
    printf("pick %d %d %d\n", pick('+')(6, 3), pick('-')(6, 3), pick('*')(6, 3));
    printf("via tp %d %d %d\n", (*tp())[0](10, 2), (*tp())[1](10, 2), (*(*tp)())[2](10, 2));
    printf("apply %d count %d\n", apply(mul, 7, 6), count(rows, 3));
    int buf[6];
    fill(6, buf);
    printf("fill %d %d %d\n", buf[1], buf[3], buf[5]);
    pfa = &strfns;
    printf("pfa %s %s\n", (*pfa)[0](), (*pfa)[1]());
    printf("cvp %d fpp %d\n", *cvp, (*fpp)(2, 2));
    int v = 5, *pv = &v;
    pp = &pv;
    ppp = &pp;
    ***ppp += 1;
    printf("ppp %d\n", v);
    /* Abstract declarators in casts and sizeof. */
    void *erased = (void *)x;
    int (*(*(*back)[3])(void))[4] = (int (*(*(*)[3])(void))[4])erased;
    printf("back %d\n", (*(*back)[2]())[3]);
    printf("sizes %zu %zu %zu %zu %zu\n", sizeof(int (*)[4]), sizeof(int[3][4]), sizeof(int (*(*)[3])(void)),
           sizeof(char *(*[2])(void)), sizeof(void (*(*)(int))(void)));
    long (*(*arr_of_ptr_to_fn)[5])(double) = 0;
    printf("null %d\n", arr_of_ptr_to_fn == 0);
    int (*(*complicated)(int (*)(int, int)))(int, int) = 0;
    printf("null2 %d\n", complicated == (int (*(*)(int (*)(int, int)))(int, int))0);
    int a2[2][3][4];
    int (*p3)[3][4] = a2;
    int (*p4)[4] = a2[1];
    a2[1][2][3] = 77;
    printf("multi %d %d size %zu %zu\n", p3[1][2][3], p4[2][3], sizeof *p3, sizeof **p3);
    return 0;
}
