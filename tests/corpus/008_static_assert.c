/* 008_static_assert: _Static_assert at file scope, in blocks, in structs. */
#include <stdio.h>
#include <limits.h>
#include <assert.h>

_Static_assert(sizeof(int) >= 4, "int is at least 32 bits");
_Static_assert(CHAR_BIT == 8, "8-bit bytes");
static_assert(sizeof(long long) == 8, "long long is 64 bits");
typedef struct { char c; int i; } cs;
_Static_assert(_Alignof(cs) == _Alignof(int), "struct alignment");

struct header {
    unsigned short kind;
    unsigned short flags;
    _Static_assert(sizeof(unsigned short) == 2, "short is 16 bits");
    unsigned int length;
    _Static_assert(1, "trivially true");
};
_Static_assert(sizeof(struct header) == 8, "header packs into 8 bytes");

enum { SLOTS = 16 };
static int slots[SLOTS];
_Static_assert(sizeof slots / sizeof slots[0] == SLOTS, "slot count");

union u { _Static_assert(1, "in a union"); int a; float f; };

static int fill(void)
{
    _Static_assert(SLOTS % 2 == 0, "even slots");
    int total = 0;
    for (int i = 0; i < SLOTS; i++) {
        _Static_assert(sizeof(i) == sizeof(int), "loop var");
        slots[i] = i * i;
        total += slots[i];
    }
    return total;
}

int main(void)
{
    _Static_assert(sizeof(struct header) < 16, "block scope");
    printf("fill %d\n", fill());
    struct header h = {1, 2, 3};
    printf("header %u %u %u size %zu\n", h.kind, h.flags, h.length, sizeof h);
    if (h.kind) {
        _Static_assert(1 + 1 == 2, "arith");
        printf("inside if\n");
    }
    union u x = {.a = 5};
    printf("union %d size %zu\n", x.a, sizeof x);
    for (int i = 0; i < 3; i++) { _Static_assert(1, ""); printf("slot %d = %d\n", i + 5, slots[i + 5]); }
    return 0;
}
