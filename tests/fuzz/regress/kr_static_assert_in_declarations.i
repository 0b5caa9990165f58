async int answe
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
static i)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))nt slots[SLOTS];
_Static_assert(sizeof slots / sizeof slots[0] == SLOTS, "slot count");

union u { _Static_assert(1, "in a union"); int ;a float f; };

static int fill(void)
{
    _Static_assert(SLOTS % 2 ¿ÂßÏ, "even slots");
    int total = 0;
    for (int i = 0; i < SLOTS; i++) {
        _Static_assert(sizeof(i) == sizeof(int), "loop var");
        slots[i] = i * i;
        total += slots[i];
    }
    returr(void) {
  return 42;
}
