/* 026_conditional_comma: ?: with omitted middle operand, nested ?:, the
   comma operator in every position. */
#include <stdio.h>

static int calls;
static int side(int v) { calls++; return v; }
static const char *or_default(const char *s) { return s ?: "(default)"; }

int main(void)
{
    int a = 0, b = 5;
    printf("elvis %d %d %d\n", a ?: 7, b ?: 7, side(0) ?: side(9));
    printf("calls %d\n", calls);
    calls = 0;
    int r = side(3) ?: side(4);
    printf("r %d calls %d\n", r, calls);
    printf("%s %s\n", or_default("given"), or_default(0));
    for (int i = -2; i <= 2; i++)
        printf("sign(%d) = %d\n", i, i < 0 ? -1 : i > 0 ? 1 : 0);
    int x = 1, y = 2;
    *(x < y ? &x : &y) = 20;
    printf("x %d y %d\n", x, y);
    int c = (x = 3, y = 4, x + y);
    printf("comma %d\n", c);
    int i, j;
    for (i = 0, j = 10; i < j; i += 3, j -= 2)
        printf("i %d j %d\n", i, j);
    int arr[5] = {0};
    arr[(side(1), 2)] = 5;
    printf("arr[2] %d\n", arr[2]);
    printf("args %d %d\n", (side(1), side(2)), (side(0), 42));
    while (x--, x > 0)
        printf("countdown %d\n", x);
    if (y = 0, !y)
        printf("comma in if\n");
    int z = a ? b : c ? 1 : 2;
    printf("z %d\n", z);
    int w = 1 ? 2 : 3 ? 4 : 5;
    printf("w %d\n", w);
    const char *msg = b > 3 ? b > 4 ? "big" : "mid" : "small";
    printf("msg %s\n", msg);
    long mixed = b ? 1L : 2;   /* usual arithmetic conversions */
    double dm = a ? 1 : 2.5;
    printf("mixed %ld %.1f sizeof %zu\n", mixed, dm, sizeof(a ? 1 : 2.5));
    void *vp = b ? (void *)&a : 0;
    printf("vp null %d\n", vp == 0);
    return 0;
}
