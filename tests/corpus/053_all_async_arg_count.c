/* 053_all_async_arg_count: calls through a () declaration with more or
   fewer arguments than the definition names, a definition with an unnamed
   parameter, a call before any declaration, a variably modified
   parameter.  Under acc --all-async these functions stay plain (an async
   prototype would be strict, a frame could not hold the parameter). */
#include <stdio.h>

#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wunknown-warning-option"
#pragma GCC diagnostic ignored "-Wimplicit-function-declaration"
#pragma GCC diagnostic ignored "-Wdeprecated-non-prototype"
#pragma GCC diagnostic ignored "-Wc2x-extensions"

struct cell { int v; } cell = {8};

/* Defined with () (below), called with an argument. */
static int extra();

/* Declared with (), defined with a parameter it does not name. */
static int unnamed();
static int unnamed(int a, int)
{
    return a + 1;
}

/* Called before any declaration: C declares it int f(). */
static int implicit_caller(void)
{
    return implicit_callee(3, 4);
}
int implicit_callee(int a, int b)
{
    return a * b;
}

/* A parameter of variably modified type. */
static int rows;
static int vla_param(int m[2][rows++])
{
    return m[1][0];
}

int main(void)
{
    int m[2][3] = {{1, 2, 3}, {4, 5, 6}};
    printf("extra %d\n", extra(cell));
    printf("unnamed %d\n", unnamed(41, 0));
    printf("implicit %d\n", implicit_caller());
    rows = 3;
    int v = vla_param(m);
    printf("vla %d rows %d\n", v, rows);
    return 0;
}

static int extra()
{
    return cell.v;
}
