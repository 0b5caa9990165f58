/* 036_enums: explicit values, trailing commas, negative and char values,
   enums in expressions, sizeof, $ in identifiers, enum forward use. */
#include <stdio.h>

enum small { S_ZERO, S_ONE, S_TWO, };
enum explicit_vals { E_A = 10, E_B, E_C = E_A * 3, E_D = -5, E_E, E_F = 'F', E_G = 1 << 4 | 1, };
enum { ANON_X = 100, ANON_Y = ANON_X + sizeof(int) };
typedef enum weekday { MON = 1, TUE, WED, THU, FRI, SAT, SUN } weekday;
enum flags { F_READ = 1 << 0, F_WRITE = 1 << 1, F_EXEC = 1 << 2, F_ALL = F_READ | F_WRITE | F_EXEC };
enum big { BIG = 0x7fffffff, };

static int $dollar_var = 5;
static int dollar$in$middle(int a$) { return a$ * 2; }
#define $macro(x) ((x) + 1)
struct $s { int $m; };

static const char *day_name(weekday d)
{
    static const char *const names[] = {[MON] = "Mon", [TUE] = "Tue", [WED] = "Wed", [THU] = "Thu", [FRI] = "Fri", [SAT] = "Sat", [SUN] = "Sun"};
    return names[d];
}

int main(void)
{
    printf("small %d %d %d\n", S_ZERO, S_ONE, S_TWO);
    printf("explicit %d %d %d %d %d %d %d\n", E_A, E_B, E_C, E_D, E_E, E_F, E_G);
    printf("anon %d %d\n", ANON_X, (int)ANON_Y);
    for (weekday d = MON; d <= SUN; d++)
        printf("day %d %s%s\n", d, day_name(d), d >= SAT ? " (weekend)" : "");
    enum flags f = F_READ | F_EXEC;
    printf("flags %d has write %d all %d\n", f, !!(f & F_WRITE), F_ALL);
    printf("sizeof enum %zu big %d\n", sizeof(enum small), BIG);
    enum small s = S_TWO;
    switch (s) {
    case S_ZERO: printf("zero\n"); break;
    case S_ONE: printf("one\n"); break;
    case S_TWO: printf("two\n"); break;
    }
    printf("dollars %d %d %d\n", $dollar_var, dollar$in$middle(21), $macro(1));
    struct $s v = {.$m = 3};
    printf("member %d\n", v.$m);
    int arr[E_B - E_A + 3];
    printf("array from enum %zu\n", sizeof arr / sizeof arr[0]);
    return 0;
}
