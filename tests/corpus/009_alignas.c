/* 009_alignas: _Alignas, _Alignof, alignof, __alignof__, aligned storage. */
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

static _Alignas(64) char cache_line[64];
static alignas(32) int thirty_two[4];
_Alignas(double) static char as_double[sizeof(double)];
struct s {
    char c;
    _Alignas(16) int aligned_member;
    alignas(8) char eight;
    _Alignas(long double) char ld;
};
typedef struct { _Alignas(32) char buf[8]; } box;

int main(void)
{
    printf("alignof char %zu short %zu int %zu long %zu\n", _Alignof(char), alignof(short), __alignof__(int), _Alignof(long));
    printf("alignof double %zu long double %zu ptr %zu\n", alignof(double), alignof(long double), __alignof__(void *));
    printf("alignof max_align_t %zu\n", alignof(max_align_t));
    printf("alignof struct s %zu size %zu\n", _Alignof(struct s), sizeof(struct s));
    printf("offsets %zu %zu %zu\n", offsetof(struct s, aligned_member), offsetof(struct s, eight), offsetof(struct s, ld));
    printf("box align %zu size %zu\n", alignof(box), sizeof(box));
    printf("globals aligned %d %d %d\n", (int)((uintptr_t)cache_line % 64), (int)((uintptr_t)thirty_two % 32),
           (int)((uintptr_t)as_double % alignof(double)));
    _Alignas(128) int local = 5;
    alignas(16) char lbuf[3];
    printf("locals aligned %d %d %d\n", (int)((uintptr_t)&local % 128), (int)((uintptr_t)lbuf % 16), local);
    printf("__alignof__ expr %zu %zu\n", __alignof__(local), __alignof__(lbuf[0]));
    printf("__alignof %zu\n", __alignof(long long));
    printf("alignof array %zu struct array %zu\n", alignof(int[10]), _Alignof(struct s[2]));
    printf("alignas macro defined %d %d\n", __alignas_is_defined, __alignof_is_defined);
    box b = {{1, 2}};
    printf("box %d %d\n", b.buf[0], b.buf[1]);
    return 0;
}
