/* 017_anonymous: anonymous structs and unions, nested, with designators. */
#include <stdio.h>
#include <stddef.h>

struct value {
    int kind;
    union {
        long i;
        double d;
        struct { const char *ptr; int len; };
    };
};

struct vec3 {
    union {
        struct { float x, y, z; };
        struct { float r, g, b; };
        float v[3];
    };
};

struct packet {
    struct { unsigned char type, flags; };
    union {
        struct { unsigned short port; unsigned short pad; };
        unsigned int addr;
    };
    int tail;
};

typedef struct { union { int a; struct { short lo, hi; }; }; int b; } deep_t;

static void print_value(struct value v)
{
    switch (v.kind) {
    case 0: printf("int %ld\n", v.i); break;
    case 1: printf("double %.3f\n", v.d); break;
    default: printf("string %.*s\n", v.len, v.ptr); break;
    }
}

int main(void)
{
    struct value vals[] = {{.kind = 0, .i = 42}, {.kind = 1, .d = 2.5}, {.kind = 2, .ptr = "hello world", .len = 5}};
    for (int i = 0; i < 3; i++)
        print_value(vals[i]);
    struct vec3 c = {.x = 1, .y = 2, .z = 3};
    printf("xyz %.1f %.1f %.1f rgb %.1f %.1f %.1f v %.1f\n", (double)c.x, (double)c.y, (double)c.z, (double)c.r,
           (double)c.g, (double)c.b, (double)c.v[2]);
    for (int i = 0; i < 3; i++)
        c.v[i] *= 2;
    printf("scaled %.1f %.1f %.1f\n", (double)c.x, (double)c.g, (double)c.z);
    struct packet p = {.type = 1, .flags = 2, .port = 8080, .tail = 9};
    printf("packet %u %u %u %d\n", p.type, p.flags, p.port, p.tail);
    printf("offsets type %zu port %zu addr %zu tail %zu\n", offsetof(struct packet, type), offsetof(struct packet, port),
           offsetof(struct packet, addr), offsetof(struct packet, tail));
    deep_t d = {.a = 0x00020001, .b = 5};
    printf("deep lo %d hi %d b %d\n", d.lo, d.hi, d.b);
    d.hi = 7;
    printf("deep a %#x\n", d.a);
    struct value *vp = &vals[2];
    vp->len = 11;
    print_value(*vp);
    printf("sizeof value %zu vec3 %zu\n", sizeof(struct value), sizeof(struct vec3));
    return 0;
}
