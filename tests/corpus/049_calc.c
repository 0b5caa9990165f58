/* 049_calc: a recursive-descent expression evaluator with variables,
   function calls, precedence climbing, error reporting via setjmp. */
#include <ctype.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *src, *p; jmp_buf fail; char err[64]; double vars[26]; } parser;

static double expr(parser *ps);

static void skip(parser *ps) { while (isspace((unsigned char)*ps->p)) ps->p++; }
static _Noreturn void error(parser *ps, const char *msg)
{
    snprintf(ps->err, sizeof ps->err, "%s at %d", msg, (int)(ps->p - ps->src));
    longjmp(ps->fail, 1);
}
static int accept(parser *ps, char c) { skip(ps); if (*ps->p == c) { ps->p++; return 1; } return 0; }

static const struct { const char *name; double (*fn)(double); } funcs[] = {
    {"sqrt", sqrt}, {"sin", sin}, {"cos", cos}, {"exp", exp}, {"log", log}, {"fabs", fabs},
};

static double primary(parser *ps)
{
    skip(ps);
    if (accept(ps, '(')) {
        double v = expr(ps);
        if (!accept(ps, ')')) error(ps, "expected )");
        return v;
    }
    if (accept(ps, '-')) return -primary(ps);
    if (isdigit((unsigned char)*ps->p) || *ps->p == '.') {
        char *end;
        double v = strtod(ps->p, &end);
        ps->p = end;
        return v;
    }
    if (isalpha((unsigned char)*ps->p)) {
        const char *s = ps->p;
        while (isalpha((unsigned char)*ps->p)) ps->p++;
        size_t n = (size_t)(ps->p - s);
        for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
            if (strlen(funcs[i].name) == n && !strncmp(funcs[i].name, s, n)) {
                if (!accept(ps, '(')) error(ps, "expected ( after function");
                double a = expr(ps);
                if (!accept(ps, ')')) error(ps, "expected )");
                return funcs[i].fn(a);
            }
        if (n == 1 && islower((unsigned char)*s)) {
            if (accept(ps, '=')) return ps->vars[*s - 'a'] = expr(ps);
            return ps->vars[*s - 'a'];
        }
        error(ps, "unknown name");
    }
    error(ps, "unexpected character");
}

static double power(parser *ps)
{
    double b = primary(ps);
    if (accept(ps, '^')) return pow(b, power(ps)); /* right associative */
    return b;
}

static double term(parser *ps)
{
    double v = power(ps);
    for (;;) {
        if (accept(ps, '*')) v *= power(ps);
        else if (accept(ps, '/')) { double d = power(ps); if (d == 0) error(ps, "division by zero"); v /= d; }
        else if (accept(ps, '%')) v = fmod(v, power(ps));
        else return v;
    }
}

static double expr(parser *ps)
{
    double v = term(ps);
    for (;;) {
        if (accept(ps, '+')) v += term(ps);
        else if (accept(ps, '-')) v -= term(ps);
        else return v;
    }
}

static void evaluate(parser *ps, const char *line)
{
    ps->src = ps->p = line;
    if (setjmp(ps->fail)) {
        printf("%-28s error: %s\n", line, ps->err);
        return;
    }
    double v = expr(ps);
    skip(ps);
    if (*ps->p) error(ps, "trailing input");
    printf("%-28s = %.6g\n", line, v);
}

int main(void)
{
    static const char *const lines[] = {
        "1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-2 ^ 2", "10 / 4", "10 % 4 + .5",
        "x = 3", "y = x * x + 1", "sqrt(y - 1) + x", "sin(0) + cos(0) + exp(0)", "log(exp(2.5))",
        "1 / 0", "2 * (3 + 4", "foo(1)", "3 $ 4", "fabs(-7.25) * 4",
        "a = b = c = 2", "a + b + c", "z",
    };
    parser ps;
    memset(&ps, 0, sizeof ps);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        evaluate(&ps, lines[i]);
    return 0;
}
