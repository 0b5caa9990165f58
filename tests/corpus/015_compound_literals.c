/* 015_compound_literals: file and block scope, arrays, structs, as function
   arguments, as lvalues. */
#include <stdio.h>
#include <string.h>

struct point { int x, y; };
struct line { struct point a, b; };

static int *file_array = (int[]){10, 20, 30, 40};
static struct point *file_point = &(struct point){7, 8};
static const char *const *file_strings = (const char *const[]){"alpha", "beta", "gamma", 0};

static int sum(const int *v, int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}
static int manhattan(struct point p, struct point q) { return (p.x > q.x ? p.x - q.x : q.x - p.x) + (p.y > q.y ? p.y - q.y : q.y - p.y); }
static int line_len(const struct line *l) { return manhattan(l->a, l->b); }

int main(void)
{
    printf("file_array %d %d %d %d\n", file_array[0], file_array[1], file_array[2], file_array[3]);
    printf("file_point %d %d\n", file_point->x, file_point->y);
    for (const char *const *s = file_strings; *s; s++)
        printf("string %s\n", *s);
    printf("sum %d\n", sum((int[]){1, 2, 3, 4, 5}, 5));
    printf("sum designated %d\n", sum((int[8]){[7] = 100, [0] = 1}, 8));
    printf("manhattan %d\n", manhattan((struct point){0, 0}, (struct point){.x = 3, .y = -4}));
    printf("line %d\n", line_len(&(struct line){{1, 1}, {4, 5}}));
    printf("line nested %d\n", line_len(&(struct line){.a = (struct point){2, 2}, .b = {.y = 10}}));
    struct point p = (struct point){5, 6};
    p = (struct point){p.y, p.x};
    printf("swapped %d %d\n", p.x, p.y);
    (struct point){1, 2}.x = 9; /* lvalue, discarded */
    int *ptr = (int[3]){0};
    ptr[1] = 5;
    printf("ptr %d %d %d\n", ptr[0], ptr[1], ptr[2]);
    for (int i = 0; i < 3; i++) {
        int *fresh = (int[]){i, i * i, i * i * i};
        printf("fresh %d %d %d\n", fresh[0], fresh[1], fresh[2]);
    }
    char *buf = (char[32]){"compound"};
    strcat(buf, " literal");
    printf("%s (%zu)\n", buf, strlen(buf));
    printf("sizeof %zu %zu\n", sizeof((int[]){1, 2, 3}), sizeof((struct line){0}));
    const float *f = (const float[]){1.5f, 2.5f};
    printf("floats %.1f %.1f\n", (double)f[0], (double)f[1]);
    int scalar = (int){42};
    printf("scalar %d\n", scalar + (int){8});
    struct point *pa = (struct point[]){{1, 2}, {3, 4}, [4] = {9, 9}};
    printf("pa[1] %d %d pa[4] %d\n", pa[1].x, pa[1].y, pa[4].x);
    void *vp = &(long){123456789L};
    printf("long via void* %ld\n", *(long *)vp);
    return 0;
}
