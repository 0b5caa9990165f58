/* 037_empty: empty statements and declarations, for with declarations,
   do-while(0), empty loop bodies, blocks as statements. */
#include <stdio.h>
#include <string.h>

;                       /* empty declaration at file scope (GNU) */
struct only_tag;        /* declares a tag only */
struct only_tag { int x; };

static int count_chars(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        if (*s == c)
            n++;
        else
            continue;
    return n;
}

int main(void)
{
    ;
    ;;
    {}
    { ; }
    int i;
    for (i = 0; i < 10; i++)
        ;
    printf("i %d\n", i);
    const char *s = "hello world";
    const char *p = s;
    while (*p++)
        ;
    printf("len %td\n", p - s - 1);
    for (int a = 0, b = 10; a < b; a++, b--)
        printf("a %d b %d\n", a, b);
    for (struct { int x, y; } pt = {0, 5}; pt.x < pt.y; pt.x += 2)
        printf("pt %d %d\n", pt.x, pt.y);
    for (;;) {
        static int runs;
        if (++runs > 2)
            break;
        printf("forever %d\n", runs);
    }
    int k = 0;
    do {} while (++k < 5);
    printf("k %d\n", k);
    do { k *= 2; } while (0);
    printf("k %d count %d\n", k, count_chars(s, 'o'));
    if (k) {} else {}
    if (k > 0) ; else printf("never\n");
    for (int n = 3; n--;)
        printf("n %d\n", n);
    struct only_tag t = {4};
    printf("t %d\n", t.x);
    return 0;
}
