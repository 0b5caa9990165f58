/* 042_structs: struct return and copy, struct parameters by value, nested
   structs, arrays in structs copied by assignment, self-referential types. */
#include <stdio.h>
#include <string.h>

struct vec2 { double x, y; };
struct big { int values[16]; char name[16]; struct vec2 pos; };
struct tiny { char c; };
typedef struct list { int v; struct list *next; } list;

static struct vec2 vadd(struct vec2 a, struct vec2 b) { return (struct vec2){a.x + b.x, a.y + b.y}; }
static struct vec2 vscale(struct vec2 a, double k) { a.x *= k; a.y *= k; return a; }
static struct big make_big(int seed)
{
    struct big b;
    for (int i = 0; i < 16; i++)
        b.values[i] = seed * i;
    snprintf(b.name, sizeof b.name, "big-%d", seed);
    b.pos = (struct vec2){seed, -seed};
    return b;
}
static int big_sum(struct big b) { int s = 0; for (int i = 0; i < 16; i++) s += b.values[i]; b.values[0] = 999; return s; }
static struct tiny next_tiny(struct tiny t) { t.c++; return t; }
static list *reverse(list *l)
{
    list *prev = NULL;
    while (l) { list *n = l->next; l->next = prev; prev = l; l = n; }
    return prev;
}

int main(void)
{
    struct vec2 a = {1, 2}, b = {0.5, -1};
    struct vec2 c = vadd(a, vscale(b, 4));
    printf("c %.2f %.2f\n", c.x, c.y);
    printf("chained %.2f\n", vadd(vadd(a, b), vadd(b, a)).y);
    struct big b1 = make_big(3), b2;
    b2 = b1;
    b2.values[5] = -1;
    strcpy(b2.name, "copy");
    printf("b1 %s %d %d pos %.0f,%.0f sum %d\n", b1.name, b1.values[5], b1.values[15], b1.pos.x, b1.pos.y, big_sum(b1));
    printf("b2 %s %d sum %d b1[0] still %d\n", b2.name, b2.values[5], big_sum(b2), b1.values[0]);
    printf("returned member %d %s\n", make_big(7).values[3], make_big(2).name);
    struct tiny t = {'a'};
    for (int i = 0; i < 5; i++)
        t = next_tiny(t);
    printf("tiny %c\n", t.c);
    list nodes[6];
    for (int i = 0; i < 6; i++)
        nodes[i] = (list){i * 10, i < 5 ? &nodes[i + 1] : NULL};
    list *r = reverse(nodes);
    for (list *p = r; p; p = p->next)
        printf("node %d\n", p->v);
    struct { struct vec2 pts[3]; int n; } poly = {{{0, 0}, {4, 0}, {0, 3}}, 3}, poly2 = poly;
    poly2.pts[1].x = 8;
    double area = 0;
    for (int i = 0; i < poly.n; i++) {
        struct vec2 p = poly.pts[i], q = poly.pts[(i + 1) % poly.n];
        area += p.x * q.y - q.x * p.y;
    }
    printf("area %.1f copy differs %d\n", area / 2, poly2.pts[1].x != poly.pts[1].x);
    printf("equal bytes %d\n", memcmp(&poly.pts[0], &poly2.pts[0], sizeof(struct vec2)) == 0);
    return 0;
}
