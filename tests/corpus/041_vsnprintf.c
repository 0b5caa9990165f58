/* 041_vsnprintf: varargs wrappers around vsnprintf, a growable string
   builder, format attributes, va_copy for measuring then writing. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

typedef struct { char *data; size_t len, cap; } sb;

__attribute__((format(printf, 2, 3)))
static void sb_printf(sb *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->len + (size_t)need + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 16;
        while (cap < b->len + (size_t)need + 1)
            cap *= 2;
        b->data = realloc(b->data, cap);
        b->cap = cap;
    }
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)need;
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = NULL;
    if (vasprintf(&out, fmt, ap) < 0)
        out = NULL;
    va_end(ap);
    return out;
}

static int vlog(const char *level, const char *fmt, va_list ap)
{
    char buf[48];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    printf("[%s] %s%s\n", level, buf, n >= (int)sizeof buf ? "..." : "");
    return n;
}
static int log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vlog("info", fmt, ap);
    va_end(ap);
    return n;
}

__attribute__((noinline)) static int copy_out(char *dst, size_t n, const char *s)
{
    return snprintf(dst, n, "%s", s);
}

int main(void)
{
    sb b = {0};
    for (int i = 0; i < 12; i++)
        sb_printf(&b, "%d:%s%c", i * i, i % 2 ? "odd" : "even", i < 11 ? ',' : '\n');
    printf("built %zu bytes cap %zu: %s", b.len, b.cap, b.data);
    free(b.data);
    char *s = xasprintf("%s=%08.3f|%-6s|%+d|%x|%o|%e", "pi", 3.14159, "left", 42, 255u, 8u, 12345.678);
    printf("%s\n", s);
    free(s);
    printf("log returned %d\n", log_info("short %d", 1));
    printf("log returned %d\n", log_info("a much longer message that will be cut: %s %d %f", "abcdefghij", 123456, 0.5));
    char small[8];
    int n = copy_out(small, sizeof small, "truncated output");
    printf("snprintf %d '%s'\n", n, small);
    printf("widths [%5d] [%-5d] [%05d] [%.3d] [%*d] [%-*d]\n", 42, 42, 42, 7, 6, 9, 4, 1);
    printf("strings [%10s] [%-10s] [%.2s] [%c%c]\n", "right", "left", "abc", 'o', 'k');
    printf("floats [%8.3f] [%-8.2e] [%g] [%g] [%G]\n", 3.14159, 1234.5, 0.0001, 1e20, 1e-10);
    printf("ints [%hhd] [%hd] [%ld] [%lld] [%zu] [%jd]\n", (signed char)-1, (short)-2, -3L, -4LL, (size_t)5, (intmax_t)6);
    return 0;
}
