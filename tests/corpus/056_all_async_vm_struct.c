/* 056_all_async_vm_struct: a struct type with a variably modified member
   declared in a function, objects of it copied (gcc only: clang has no
   such structs), beside a struct whose member's size is an enumerator.
   Under acc --all-async the first function stays plain (a frame could not
   hold such an object); the second can be async. */
#include <stdio.h>
#include <string.h>

enum { WIDTH = 4 };

static int first_of(const char *w) { return w[0] == 'a'; }

static int constant_size(void)
{
    struct fixed { char w[WIDTH]; } a = {"abc"}, b;
    b = a;
    return (int)strlen(b.w) + first_of(b.w);
}

#ifndef __clang__
static int first(const char *w) { return w[0]; }

__attribute__((noinline)) static int varying_size(char *x, int y)
{
    struct S { char w[y]; } *p = (struct S *)x, a;
    a = p[1];
    p[2] = a;
    return first(a.w) + x[3 * y - 1];
}
#endif

int main(void)
{
    char buf[16] = "abcdefghijk";
#ifndef __clang__
    int v = varying_size(buf, 4);
#else
    int v = 'e' + 'h';
    memcpy(buf + 8, buf + 4, 4);
#endif
    printf("%d %s %d\n", v, buf, constant_size());
    return 0;
}
