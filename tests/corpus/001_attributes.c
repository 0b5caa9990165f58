/* 001_attributes: __attribute__ in every position a real header puts it. */
#include <stdio.h>
#include <string.h>

/* Before and after declaration specifiers, after the declarator. */
__attribute__((unused)) static int before_specs = 1;
static __attribute__((unused)) int between_specs = 2;
static int __attribute__((unused)) after_type = 3;
static int after_declarator __attribute__((unused)) = 4;
static int two_lists __attribute__((unused)) __attribute__((aligned(16))) = 5;
static int multi __attribute__((unused, aligned(8))), second_decl __attribute__((unused)) = 6;

/* On a struct tag, on members, after the closing brace. */
struct __attribute__((packed)) packed_pair {
    char c;
    int i __attribute__((aligned(1)));
};
struct aligned_pair {
    char c __attribute__((aligned(8)));
    short s;
} __attribute__((aligned(16)));
typedef struct { int x; } __attribute__((aligned(32))) aligned_t;
typedef int vec4 __attribute__((vector_size(16)));

/* On enumerators. */
enum colour {
    RED __attribute__((unused)) = 1,
    GREEN,
    OLD_BLUE __attribute__((deprecated("use BLUE"))) = 7,
    BLUE = 8,
};

/* On function declarations and definitions, and on parameters. */
__attribute__((const)) static int square(int x);
static int square(int x) { return x * x; }
static int __attribute__((noinline)) add(int a, __attribute__((unused)) int unused_b, int c __attribute__((unused)))
{
    return a + 1;
}
__attribute__((format(printf, 2, 3))) __attribute__((nonnull(1)))
static int say(char *buf, const char *fmt, ...);
static int say(char *buf, const char *fmt, ...) __attribute__((used));
#include <stdarg.h>
static int say(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}
static inline __attribute__((always_inline)) int twice(int x) { return 2 * x; }
__attribute__((warn_unused_result)) static int must_use(void) { return 42; }
static void *__attribute__((malloc)) my_alloc(size_t n) { static char pool[256]; (void)n; return pool; }
static int (__attribute__((unused)) * attr_in_declarator)(int) __attribute__((unused));
static int __attribute__((pure)) length(const char *s) { return (int)strlen(s); }
static void cleanup_fn(int *p) { printf("cleanup of %d\n", *p); }

static int classify(int n)
{
    int r = 0;
    switch (n) {
    case 0:
        r += 1;
        __attribute__((fallthrough));
    case 1:
        r += 10;
        __attribute__((__fallthrough__));
    case 2:
        r += 100;
        break;
    default:
        r = -1;
    }
    return r;
}

static int with_labels(int n)
{
    int acc = 0;
again: __attribute__((unused))
    acc += n;
    if (--n > 0)
        goto again;
    return acc;
}

int main(void)
{
    char buf[64];
    printf("globals %d %d %d %d %d %d %d\n", before_specs, between_specs, after_type,
           after_declarator, two_lists, multi, second_decl);
    printf("packed size %zu, aligned_pair size %zu align %zu\n", sizeof(struct packed_pair),
           sizeof(struct aligned_pair), _Alignof(struct aligned_pair));
    printf("aligned_t align %zu\n", _Alignof(aligned_t));
    vec4 v = {1, 2, 3, 4}, w = {10, 20, 30, 40};
    vec4 s = v + w;
    printf("vector %d %d %d %d\n", s[0], s[1], s[2], s[3]);
    printf("enum %d %d %d\n", RED, GREEN, BLUE);
    printf("square %d add %d twice %d must %d\n", square(7), add(1, 2, 3), twice(21), must_use());
    int n = say(buf, "%s-%d", "fmt", 99);
    printf("say %d '%s' len %d\n", n, buf, length(buf));
    char *p = my_alloc(8);
    p[0] = 'z';
    p[1] = 0;
    printf("alloc %s\n", p);
    for (int i = 0; i < 4; i++)
        printf("classify(%d) = %d\n", i, classify(i));
    printf("labels %d\n", with_labels(5));
    {
        __attribute__((cleanup(cleanup_fn))) int guard = 17;
        int local __attribute__((aligned(32))) = 3;
        printf("local aligned %d %d\n", local, (int)(((unsigned long)&local) % 32));
        guard++;
    }
    __attribute__((unused)) int a1, a2 __attribute__((unused));
    int arr[3] __attribute__((aligned(16))) = {1, 2, 3};
    printf("arr %d %d %d\n", arr[0], arr[1], arr[2]);
    return 0;
}
