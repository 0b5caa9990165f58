/* 024_goto: goto and labels, computed goto (&&label, goto *p), local labels
   with __label__, labels in nested blocks and before declarations. */
#include <stdio.h>

static int interpret(const unsigned char *code)
{
    static void *dispatch[] = {&&op_halt, &&op_inc, &&op_dec, &&op_double, &&op_print};
    int acc = 0;
    const unsigned char *pc = code;
    goto *dispatch[*pc++];
op_inc:
    acc++;
    goto *dispatch[*pc++];
op_dec:
    acc--;
    goto *dispatch[*pc++];
op_double:
    acc *= 2;
    goto *dispatch[*pc++];
op_print:
    printf("  acc = %d\n", acc);
    goto *dispatch[*pc++];
op_halt:
    return acc;
}

static int label_diff(int which)
{
    static const int offsets[] = {&&a - &&a, &&b - &&a, &&c - &&a};
    goto *(&&a + offsets[which]);
a:
    return 100;
b:
    return 200;
c:
    return 300;
}

#define FIND(arr, n, val, result) do { \
    __label__ found, done; \
    for (int _i = 0; _i < (n); _i++) if ((arr)[_i] == (val)) { (result) = _i; goto found; } \
    (result) = -1; goto done; \
    found: printf("  found %d\n", (result)); \
    done:; \
} while (0)

static int cleanup_chain(int fail_at)
{
    int steps = 0;
    if (fail_at == 1) goto fail1;
    steps++;
    if (fail_at == 2) goto fail2;
    steps++;
    if (fail_at == 3) goto fail3;
    steps++;
    return steps;
fail3:
    steps += 10;
fail2:
    steps += 100;
fail1:
    steps += 1000;
    return -steps;
}

int main(void)
{
    const unsigned char prog[] = {1, 1, 1, 4, 3, 4, 3, 3, 2, 4, 0};
    printf("interpret %d\n", interpret(prog));
    for (int i = 0; i < 3; i++)
        printf("label_diff(%d) = %d\n", i, label_diff(i));
    int v[] = {5, 8, 13, 21}, r;
    FIND(v, 4, 13, r);
    FIND(v, 4, 7, r);
    printf("r %d\n", r);
    for (int i = 0; i <= 3; i++)
        printf("cleanup_chain(%d) = %d\n", i, cleanup_chain(i));
    int i = 0, j;
outer:
    j = 0;
inner:
    if (j < 3) {
        printf("(%d,%d)", i, j);
        j++;
        goto inner;
    }
    if (++i < 3) {
        printf("\n");
        goto outer;
    }
    printf("\n");
    void *target = &&last;
    goto *target;
    printf("skipped\n");
last:;
    int after_label = 5;
    {
    nested_label:
        after_label--;
        if (after_label > 2) goto nested_label;
    }
    printf("after_label %d\n", after_label);
    return 0;
}
