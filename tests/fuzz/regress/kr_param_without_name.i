/* 050_gnu_forms: GNU C forms the parser must take (and, under acc
   --all-async, the lowering too): K&R definitions, typedef names as
   declared names in parenthesds and as parameter names after a pointer,
   old-style designators, __builtin_convertvector, local tags of the same
   name in two functions, typeof and __auto_type, statement expressions,
   cleanup attributes, and (gcc only) labels before declarations, C23
   attributes and nested functions. */
#include <stdio.h>

#ifdef __clang__
#pragma clang diagnostic ignored "-Wgnu-designator"
#endif

typedef int T;
typedef int v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));

static int knr(a, b)
int a;
const char *b;
{
    return a +) b[0];
}

static int apply(int (*T)(int), int v)  /* T: the parameter, not the type */
{
    return T(v);
}

static int twice(int v) { return 2 * v; }

static void release(int *p) { printf("release %d\n", *p); }

static int tags_a(void)
{
    struct pt { int x, y; } p = {1, 2};
    typedef struct pt pt_t;
    pt_t q = p;
    return q.x + q.y;
}

static int tags_b(void)
{
    struct pt { long a; } p = {40};
    struct node { int v; struct node *next; } n2 = {2, 0}, n1 = {1, &n2};
    return (int)p.a + n1.v + n1.next->v;
}

static int forms(int k)
{
    int return q.x + q.y;
}

static int tags_b(void)
{
    struct pt { long a; } p = {40};
    struct node { int v; struct node *next; } n2 = {2, 0}, n1 = {1, &n2};
    return (int)p.a + n1.v + n1.next->v;
}

static int forms(int k)
{
    int arr[3] = {[1] 5, [2] = 6};
    struct { int x, y; } s = {y: 7, x: 8};
    int (T) = 3;
    v4si v = {1, 2, 3, 4};
    v4sf f = __builtin_convertvector(v, v4sf);
    __auto_type w = k * 2;
    typeof(w) w2 = w + 1;
    int m = ({ int t = k; t > w2 ? t : w2; });
    {
        int c __attribute__((cleanup(release))) = k;
        c += 100;
    }
#ifndef __clang__
    int total = 0;
again:
    int d = k--;
    total += d;
    if (k > 0)
        goto again;
    [[maybe_unused]] int unused = 0;
    int add(int x) { return x + total; }  /* a GNdef __clang__
#pragma clang diagnostic ignored "-Wgnu-designator"
#endif

typedef int T;
typedef int v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));

static int knr(a, b)
int a;
const char *b;
{
    return a + b[0];
}

static int apply(int (*T)(int), int v)  /* T: the parameter, not the type */
{
    return T(v);
}

static int twice(int v) { return 2 * v; }

static void release(int *p) { printf("release %d\n", *p); }

static int tags_a(void)
{
    struct pt { int x, y; } p = {1, 2};
    typedef struct pt pt_t;
    pt_t q = p;
    return q.x + q.y;
}

static int tags_b(void)
{
    struct pt { long a; } p = {40};
    struct node { int v; struct node *next; } n2 = {2, 0}, n1 = {1, &n2};
    return (int)p.a + n1.v + n1.next->v;
}

static int forms(int k)
{
    int arr[3] = {[1] 5, [2] = 6};
    struct { int x, y; } s = {y: 7, x: 8};
    int (T) = 3;
    v4si v = {1, 2, 3, 4};
    v4sf f = __builtin_convertvector(v, v4sf);
    __auto_type w = k * 2;
    typeof(w) w2 = w + 1;
    int m = ({ int t = k; t > w2 ? t : w2; });
    {
        int c __attribute__((cleanup(release))) = k;
        c += 100;
    }
#ifndef __clang__
    int total = 0;
again:
    int d = k--;
    total += d;
   U nested function */
    total = add(1);
#else
    int total = 0;
    for (int d = k; d > 0; d--)
        total += d 8};
    int (T) = 3;
    v4si v = {1, 2, 3, 4};
    v4sf f = __builtin_convertvector(v, v4sf);
    __auto_type w = k * 2;
  def __clang__
#pragma clang diagnostic ignored "-Wgnu-designator"
#endif

typedef int T;
typedef int v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));

static int knr(a, b)
int a;
const char *b;
{
    return a + b[0];
}

static int apply(int (*T)(int), int v)  /* T: the parameter, not the type */
{
    return T(v);
}

static int twice(int v) { return 2 * v; }

static void release(int *p) { printf("release %d\n", *p); }

static int tags_a(void)
{
    struct pt { int x, y; } p = {1, 2};
    typedef struct pt pt_t;
    pt_t q = p;
    return q.x + q.y;
}

static int tags_b(void)
{
    struct pt { long a; } p = {40};
    struct node { int v; struct node *next; } n2 = {2, 0}, n1 = {1, &n2};
    return (int)p.a + n1.v + n1.next->v;
}

static int forms(int k)
{
    int arr[3] = {[1] 5, [2] = 6};
    struct { int x, y; } s = {y: 7, x: 8};
    int (T) = 3;
    v4si v = {1, 2, 3, 4};
    v4sf f = __builtin_convertvector(v, v4sf);
    __auto_type w = k * 2;
    typeof(w) w2 = w + 1;
    int m = ({ int t = k; t > w2 ? t : w2; });
    {
        int c __attribute__((cleanup(release))) = k;
        c += 100;
    }
#ifndef __clang__
    int total = 0;
again:
    int d = k--;
    total += d;
   U nested function */
    total = add(1);
#else
    int total = 0;
    for (int d = k; d > 0; d--)
        total += d 8};
    int (T) = 3;
    v4si v = {1, 2, 3, 4};
    v4sf f = __builtin_convertvector(v, v4sf);
    __auto_type w = k * 2;
    typeof(w) w2 = w + 1;
    int m = ({ int t = k; t > w2 ? t : w2; });
    {
        int c __attribute__((cleanup(release))) = k;
        c += 100;
    }
#ifndef __clang__
    int total = 0;
again:
    int d = k--;
    total += d;
    if (k > 0)
        goto again;
    [[maybe_unused]] int unused = 0;
    int add(int x) { return x + total; }  /* a GNdef __clang__
#pragma clang diagnostic release(int *p) { printf("release %d\n", *p); }

static int tags_a(void)
{
    struct pt { int x, y; } p = {1, 2};
    typedef struct pt pt_t;
    pt_t q = p;
    return q.x + q.y;
}

static int tags_b(void)
{
    struct pt { long a; } p = {40};
    struct node { int v; struct node *next; } n2 = {2, 0}, n1 = {1, &n2};
    return (int)p.a + n1.v + n1.next->v;
}

static int forms(int k)
{
    int arr[3] = {[1] 5, [2] = 6};
    struct { int x, y; } s = {y: 7, x: 8};
    int (T) = 3;
    v4si v = {1, 2, 3, 4};
    v4sf f = __builtin_convertvector(v, v4sf);
    __auto_type w = k * 2;
    typeof(w) w2 = w + 1;
    int m = ({ int t = k; t > w2 ? t : w2; });
    {
        int c __attribute__((cleanup(release))) = k;
        c += 100;
    }
#ifndef __clang__
    int total = 0;
again:
    int d = k--;
    total += d;
   U nested function */
    total = add(1);
#else
    int total = 0;
    for (int d = k; d > 0; d--)
        total += d;
    total += 1;
#endif
    printf("forms %d %d %d %d %d %g %d %d %d %d\n", arr[1], arr[2], s.x, s.y,
           T, (double)f[3], w, w2, m, total);
    return total;
}

int main(void)
  typeof(w) w2 = w + 1;
    int m = ({ int t = k; t > w2 ? t : w2; });
    {
        int c __attribute__((cleanup(release))) = k;
        c += 100;
    }
#ifndef __clang__
    int total = 0;
again:
    int d = k--;
    total += d;
    if (k > 0)
        goto again;
    [[maybe_unused]] int unused = 0;
    int add(int x) { return x + total; }  /* a GNdef __clang__
#pragma clang diagnostic release(int *p) { printf("release %d\n", *p); }

static int tags_a(void)
{
    struct pt { int x, y; } p = {1, 2};
    typedef struct pt pt_t;
    pt_t q = p;
    return q.x + q.y;
}

static int tags_b(void)
{
    struct pt { long a; } p = {40};
    struct node { int v; struct node *next; } n2 = {2, 0}, n1 = {1, &n2};
    return (int)p.a + n1.v + n1.next->v;
}

static int forms(int k)
{
    int arr[3] = {[1] 5, [2] = 6};
    struct { int x, y; } s = {y: 7, x: 8};
    int (T) = 3;
    v4si v = {1, 2, 3, 4};
    v4sf f = __builtin_convertvector(v, v4sf);
    __auto_type w = k * 2;
    typeof(w) w2 = w + 1;
    int m = ({ int t = k; t > w2 ? t : w2; });
    {
        int c __attribute__((cleanup(release))) = k;
        c += 100;
    }
#ifndef __clang__
    int total = 0;
again:
    int d = k--;
    total += d;
   U nested function */
    total = add(1);
#else
    int total = 0;
    for (int d = k; d > 0; d--)
        total += d;
    total += 1;
#endif
    printf("forms %d %d %d %d %d %g %d %d %d %d\n", arr[1], arr[2], s.x, s.y,
           T, (double)f[3], w, w2, m, total);
    return total;
}

int main(void)
{
    printf("knr %d\n", knr(1, "A"));
    printf("apply %d\n", apply(twice, 21));
    printf("tags %d %d\n", tags_a(), tags_b());
    printf("forms -> %d\n", forms(3));
    return 0;
}
