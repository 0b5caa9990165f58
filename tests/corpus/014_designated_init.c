/* 014_designated_init: nested, array index, ranges, mixed designators. */
#include <stdio.h>

struct point { int x, y; };
struct rect { struct point tl, br; const char *name; };
struct shape { int kind; union { struct rect r; struct { struct point c; int radius; } circle; } u; int tags[4]; };

static int squares[10] = {[0] = 0, [1] = 1, [2] = 4, [9] = 81, [5] = 25};
static int ranges[16] = {[0 ... 3] = 1, [4 ... 7] = 2, [8] = 3, [12 ... 15] = 4};
static const char *names[] = {[3] = "three", [1] = "one", [0] = "zero", [5] = "five", "six"};
static struct rect r1 = {.tl = {.x = 1, .y = 2}, .br.x = 10, .br.y = 20, .name = "r1"};
static struct rect r2 = {{0, 0}, .br = {5, 5}, "r2"};
static struct shape shapes[] = {
    [0] = {.kind = 1, .u.r = {.tl.x = 3, .br = {.y = 9}}, .tags = {[2] = 7}},
    [2] = {.kind = 2, .u.circle = {.c = {1, 1}, .radius = 4}, .tags[0 ... 3] = 5},
    [1].kind = 3, [1].tags[1] = 8,
};
static int matrix[3][4] = {[0][0] = 1, [1] = {[1] = 2, [3] = 3}, [2][2 ... 3] = 9};
static char letters[] = {['a' - 'a'] = 'A', ['c' - 'a'] = 'C', [4] = 'E'};
struct nested { struct { int a[3]; struct { char c; } in; } mid[2]; };
static struct nested nest = {.mid[1].a[2] = 42, .mid[0] = {.in.c = 'q', .a = {1, [2] = 3}}};

static void print_arr(const char *name, const int *a, int n)
{
    printf("%s:", name);
    for (int i = 0; i < n; i++)
        printf(" %d", a[i]);
    printf("\n");
}

int main(void)
{
    print_arr("squares", squares, 10);
    print_arr("ranges", ranges, 16);
    for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
        printf("names[%d] = %s\n", i, names[i] ? names[i] : "(null)");
    printf("r1 %d %d %d %d %s\n", r1.tl.x, r1.tl.y, r1.br.x, r1.br.y, r1.name);
    printf("r2 %d %d %d %d %s\n", r2.tl.x, r2.tl.y, r2.br.x, r2.br.y, r2.name);
    for (int i = 0; i < 3; i++)
        printf("shape %d kind %d tags %d %d %d %d\n", i, shapes[i].kind, shapes[i].tags[0], shapes[i].tags[1], shapes[i].tags[2], shapes[i].tags[3]);
    printf("shape0 rect %d %d; shape2 circle %d %d r=%d\n", shapes[0].u.r.tl.x, shapes[0].u.r.br.y,
           shapes[2].u.circle.c.x, shapes[2].u.circle.c.y, shapes[2].u.circle.radius);
    for (int i = 0; i < 3; i++)
        print_arr("matrix row", matrix[i], 4);
    printf("letters %zu: %c %d %c %d %c\n", sizeof letters, letters[0], letters[1], letters[2], letters[3], letters[4]);
    printf("nest %d %d %d %c %d\n", nest.mid[0].a[0], nest.mid[0].a[1], nest.mid[0].a[2], nest.mid[0].in.c, nest.mid[1].a[2]);
    int local[8] = {[1 ... 2] = 7, [5] = 1, 2, [0] = -1};
    print_arr("local", local, 8);
    struct point pts[] = {[2].y = 5, [0] = {.y = 1, .x = 2}, {3, 4}};
    for (int i = 0; i < 3; i++)
        printf("pts[%d] = (%d, %d)\n", i, pts[i].x, pts[i].y);
    int n = 3;
    struct rect dyn = {.tl = {n, n * 2}, .name = n > 2 ? "big" : "small"};
    printf("dyn %d %d %s\n", dyn.tl.x, dyn.tl.y, dyn.name);
    union { int i; float f; char c[4]; } u = {.c = {1, 0, 0, 0}};
    printf("union %d\n", u.i);
    return 0;
}
