/* 028_strings: string literal concatenation and every escape form. */
#include <stdio.h>
#include <string.h>

#define STR(x) #x
#define XSTR(x) STR(x)
#define VERSION 3

static const char joined[] = "one " "two "
    "three"
    " four";
static const char escapes[] = "\a\b\f\n\r\t\v\\\'\"\?";
static const char octal[] = "\0\1\7\10\101\1012\377";
static const char hex[] = "\x41\x42\x7f\xff\x0";
static const char mixed_concat[] = "\x41" "B" "\101" "C";
static const char *const version = "v" XSTR(VERSION) "." STR(1);

static void dump(const char *name, const char *s, size_t n)
{
    printf("%s (%zu):", name, n);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", (unsigned char)s[i]);
    printf("\n");
}

int main(void)
{
    printf("joined '%s' %zu\n", joined, sizeof joined);
    dump("escapes", escapes, sizeof escapes);
    dump("octal", octal, sizeof octal);
    dump("hex", hex, sizeof hex);
    dump("mixed", mixed_concat, sizeof mixed_concat);
    printf("version %s\n", version);
    printf("chars %d %d %d %d %d %d\n", '\n', '\0', '\x7f', '\177', '\'', '"');
    printf("multichar-free %d %d\n", '\\', '?');
    printf("question marks ?\?= ?\?/ ok\n");
    printf("tab\there, quote \"q\", backslash \\ end\n");
    const char *long_one = "a very long string that "
                           "spans several lines "
                           "and is joined "
                           "by the preprocessor";
    printf("%s (%zu)\n", long_one, strlen(long_one));
    printf("sizeof \"\" %zu sizeof \"ab\" \"cd\" %zu\n", sizeof "", sizeof "ab" "cd");
    printf("index %c %c\n", "hello"[1], *(&"world"[0] + 4));
    char buf[] = "mutable";
    buf[0] = 'M';
    printf("%s\n", buf);
    printf("%s\n", STR(a + b  * "q"));
    printf("percent %% and %5s|%-5s|%.2s\n", "r", "l", "trunc");
    char line_cont[] = "line\
continued";
    printf("%s\n", line_cont);
    return 0;
}
