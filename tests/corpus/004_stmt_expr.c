/* 004_stmt_expr: GNU statement expressions in every kind of place. */
#include <stdio.h>

#define SQUARE(x) ({ __typeof__(x) _v = (x); _v * _v; })
#define CLAMP(v, lo, hi) ({ int _c = (v); if (_c < (lo)) _c = (lo); else if (_c > (hi)) _c = (hi); _c; })
#define SUM_TO(n) ({ int _s = 0; for (int _i = 1; _i <= (n); _i++) _s += _i; _s; })

struct pair { int a, b; };

static int global_counter;
static int bump(void) { return ++global_counter; }

int main(void)
{
    int x = ({ int y = 5; y * 2; });
    printf("x %d\n", x);
    printf("square %d %g\n", SQUARE(7), SQUARE(1.5));
    for (int i = -3; i < 15; i += 4)
        printf("clamp(%d) = %d\n", i, CLAMP(i, 0, 10));
    printf("sums %d %d %d\n", SUM_TO(10), SUM_TO(100), SUM_TO(0));
    int nested = ({ int a = ({ int b = 3; b + 1; }); a * ({ 5; }); });
    printf("nested %d\n", nested);
    struct pair p = ({ struct pair t = {1, 2}; t.b += 10; t; });
    printf("pair %d %d\n", p.a, p.b);
    int arr[] = {({ 1; }), ({ int q = 2; q; }), SQUARE(3)};
    printf("arr %d %d %d\n", arr[0], arr[1], arr[2]);
    if (({ int k = bump(); k > 0; }))
        printf("in condition %d\n", global_counter);
    while (({ bump() < 5; }))
        ;
    printf("after while %d\n", global_counter);
    int z = 0;
    z += ({ int w = 4; w; }) + ({ 6; });
    printf("z %d\n", z);
    ({ printf("void statement expression\n"); });
    const char *s = ({ static const char msg[] = "static inside"; msg; });
    printf("%s\n", s);
    int v = ({ int r; switch (x) { case 10: r = 100; break; default: r = -1; } r; });
    printf("switch inside %d\n", v);
    int lbl = ({ __label__ out; int t = 0; for (int i = 0; i < 10; i++) { t += i; if (t > 20) goto out; } out: t; });
    printf("local label inside %d\n", lbl);
    printf("as argument %d\n", SQUARE(({ int m = 3; m + 1; })));
    return 0;
}
