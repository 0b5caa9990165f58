/* 034_pragmas: #pragma lines and _Pragma that survive preprocessing:
   diagnostic push/pop, pack, weak, visibility, redefine_extname, unroll,
   and pragmas from macro expansions, at file scope and inside functions. */
#include <stdio.h>
#include <stddef.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
static int unused_helper(void) { return 1; }
#pragma GCC diagnostic pop

#pragma pack(push, 1)
struct packed { char c; int i; short s; };
#pragma pack(pop)
struct unpacked { char c; int i; short s; };

#pragma pack(2)
struct pack2 { char c; int i; };
#pragma pack()

#define DO_PRAGMA(x) _Pragma(#x)
#define IGNORE_UNUSED_VAR DO_PRAGMA(GCC diagnostic ignored "-Wunused-variable")

_Pragma("GCC diagnostic push")
_Pragma("GCC diagnostic ignored \"-Wunused-parameter\"")
static int ignores_param(int used, int unused) { return used; }
_Pragma("GCC diagnostic pop")

#pragma weak weak_symbol
extern int weak_symbol;

#pragma GCC visibility push(default)
int visible_function(int x);
int visible_function(int x) { return x + 100; }
#pragma GCC visibility pop

#pragma redefine_extname not_used_anywhere also_not_used

static int loop_sum(int n)
{
    int s = 0;
#pragma GCC unroll 4
    for (int i = 0; i < n; i++)
        s += i;
    return s;
}

int main(void)
{
    printf("packed %zu unpacked %zu pack2 %zu\n", sizeof(struct packed), sizeof(struct unpacked), sizeof(struct pack2));
    printf("offsets %zu %zu %zu\n", offsetof(struct packed, i), offsetof(struct packed, s), offsetof(struct pack2, i));
    printf("ignores_param %d\n", ignores_param(7, 8));
    printf("weak symbol present %d\n", &weak_symbol != NULL);
    printf("visible %d loop %d\n", visible_function(1), loop_sum(10));
#pragma GCC diagnostic push
    IGNORE_UNUSED_VAR
    {
        int never_read = 3;
    }
#pragma GCC diagnostic pop
    printf("done\n");
    return 0;
}
