/* 054_all_async_stmt_expr_value: a statement expression whose value is a
   statement expression, with calls inside; a function with __label__
   declarations.  Under acc --all-async the calls inside stay plain calls
   (the lowering cannot name such a value's type in a frame) and the
   function with local labels stays plain. */
#include <stdio.h>

static int a;
static int one(void) { return 1; }
static int zero(void) { return 0; }

static int local_labels(int x)
{
    __label__ out;
    if (x > 0)
        goto out;
    x = -x;
out:
    return x + one();
}

int main(void)
{
    int b = ({ ({ one(); }); });
    int c = ({ int y = 2; ({ int z = one(); z + y; }); });
    *({ ({ one(); &a; }); }) = zero() + 5;
    printf("%d %d %d %d %d\n", b, c, a, local_labels(3), local_labels(-4));
    return 0;
}
