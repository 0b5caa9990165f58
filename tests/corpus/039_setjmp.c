/* 039_setjmp: setjmp/longjmp for error recovery, nested handlers,
   sigsetjmp, volatile locals across longjmp. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static jmp_buf *current_handler;
static const char *error_message;

static void throw_error(const char *msg)
{
    error_message = msg;
    longjmp(*current_handler, 1);
}

static int parse_digit(char c)
{
    if (c < '0' || c > '9')
        throw_error("not a digit");
    return c - '0';
}

static int parse_number(const char *s)
{
    int v = 0;
    if (!*s)
        throw_error("empty");
    for (; *s; s++) {
        v = v * 10 + parse_digit(*s);
        if (v > 100000)
            throw_error("too large");
    }
    return v;
}

static int try_parse(const char *s, int *out)
{
    jmp_buf env;
    jmp_buf *saved = current_handler;
    current_handler = &env;
    if (setjmp(env) == 0) {
        *out = parse_number(s);
        current_handler = saved;
        return 1;
    }
    current_handler = saved;
    return 0;
}

static jmp_buf loop_env;
static void step(int i)
{
    if (i % 3 == 2)
        longjmp(loop_env, i + 100);
}

int main(void)
{
    const char *inputs[] = {"123", "42x", "", "99999", "1234567", "7", "0"};
    for (int i = 0; i < 7; i++) {
        int v;
        if (try_parse(inputs[i], &v))
            printf("'%s' -> %d\n", inputs[i], v);
        else
            printf("'%s' -> error: %s\n", inputs[i], error_message);
    }
    volatile int attempts = 0;
    for (int i = 0; i < 9; i++) {
        int r = setjmp(loop_env);
        if (r) {
            printf("jumped back with %d at i=%d\n", r, i);
            continue;
        }
        attempts++;
        step(i);
        printf("step %d done\n", i);
    }
    printf("attempts %d\n", attempts);
    sigjmp_buf senv;
    volatile int phase = 0;
    if (sigsetjmp(senv, 1) == 0) {
        phase = 1;
        siglongjmp(senv, 5);
    } else {
        phase += 10;
    }
    printf("phase %d\n", phase);
    jmp_buf outer;
    volatile int depth = 0;
    int code = setjmp(outer);
    if (code < 3) {
        depth++;
        printf("depth %d code %d\n", depth, code);
        longjmp(outer, code + 1);
    }
    printf("final depth %d code %d\n", depth, code);
    return 0;
}
