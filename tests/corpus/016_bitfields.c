/* 016_bitfields: named, unnamed, zero-width, signed/unsigned, in unions. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

struct flags {
    unsigned int ready : 1;
    unsigned int mode : 3;
    signed int delta : 4;
    unsigned int : 0;
    unsigned int next_word : 5;
    unsigned int : 3;
    int plain : 6;
    _Bool b : 1;
    unsigned long long wide : 40;
    uint8_t small : 2, : 2, tail : 4;
};

union reg {
    uint32_t raw;
    struct { uint32_t lo : 8, mid : 16, hi : 8; } f;
    struct { signed int s : 12; unsigned : 20; } sf;
};

struct ip_header {
    unsigned int version : 4, ihl : 4;
    unsigned int tos : 8;
    unsigned int total_length : 16;
};

typedef struct { char c; int : 0; char d; } zero_width;

int main(void)
{
    struct flags f;
    memset(&f, 0, sizeof f);
    f.ready = 1;
    f.mode = 5;
    f.delta = -3;
    f.next_word = 31;
    f.plain = -20;
    f.b = 1;
    f.wide = 0xABCDEF1234ULL;
    f.small = 3;
    f.tail = 9;
    printf("ready %u mode %u delta %d next %u plain %d b %d wide %llx small %u tail %u\n", f.ready, f.mode, f.delta,
           f.next_word, f.plain, f.b, (unsigned long long)f.wide, f.small, f.tail);
    unsigned nine = 9;
    f.mode = nine & 7;
    f.delta = 7;
    f.delta -= 15;
    printf("mode %u delta %d\n", f.mode, f.delta);
    for (int i = 0; i < 12; i++) {
        f.mode += 3;
        f.next_word += 7;
        printf("step %d mode %u next %u\n", i, f.mode, f.next_word);
    }
    union reg r;
    r.raw = 0x12345678;
    printf("lo %x mid %x hi %x\n", r.f.lo, r.f.mid, r.f.hi);
    r.f.mid = 0xBEEF;
    printf("raw %08x\n", r.raw);
    r.raw = 0xFFF;
    printf("sf %d\n", r.sf.s);
    r.raw = 0x7FF;
    printf("sf %d\n", r.sf.s);
    struct ip_header h = {.version = 4, .ihl = 5, .tos = 0, .total_length = 1500};
    printf("ip v%u ihl %u len %u size %zu\n", h.version, h.ihl, h.total_length, sizeof h);
    printf("sizes flags %zu reg %zu zero_width %zu\n", sizeof(struct flags), sizeof(union reg), sizeof(zero_width));
    unsigned total = 0;
    for (unsigned v = 0; v < 40; v++) {
        struct { unsigned three : 3; } t = {v};
        total += t.three;
    }
    printf("total %u\n", total);
    return 0;
}
