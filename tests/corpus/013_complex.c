/* 013_complex: _Complex, __complex__, __real__, __imag__, complex.h. */
#include <complex.h>
#include <math.h>
#include <stdio.h>

static double _Complex global_z = 1.0 + 2.0 * I;
static __complex__ float gf = 3.0f;
static _Complex long double gld;

static double complex cmul(double complex a, double complex b) { return a * b; }
static void show(const char *name, double _Complex z) { printf("%s = %.4f %+.4fi\n", name, creal(z), cimag(z)); }

int main(void)
{
    show("global_z", global_z);
    __real__ gf = 1.5f;
    __imag__ gf = -0.5f;
    printf("gf = %.2f %+.2fi\n", (double)__real__ gf, (double)__imag__ gf);
    __real__ gld = 2;
    __imag__ gld = 3;
    printf("gld = %.2Lf %+.2Lfi\n", creall(gld), cimagl(gld));
    double complex a = 1 + 1 * I, b = 2 - 3 * I;
    show("a*b", cmul(a, b));
    show("a/b", a / b);
    show("a+b", a + b);
    show("conj(b)", conj(b));
    show("~b", ~b);
    printf("|b| = %.6f arg(a) = %.6f\n", cabs(b), carg(a));
    show("exp(i*pi)", cexp(I * M_PI));
    show("sqrt(-4)", csqrt(-4));
    double complex z = 0;
    for (int k = 0; k < 8; k++) {
        z = cexp(2 * M_PI * I * k / 8);
        printf("root %d: %.4f %+.4fi\n", k, __real__ z, __imag__ z);
    }
    __complex__ int ci = 3 + 4i;
    printf("int complex %d %d\n", __real__ ci, __imag__ ci);
    ci *= 2;
    printf("doubled %d %d\n", __real__ ci, __imag__ ci);
    _Complex double m = __builtin_complex(1.0, -1.0);
    show("builtin_complex", m);
    printf("sizes %zu %zu %zu\n", sizeof(float _Complex), sizeof(double _Complex), sizeof(__complex__ int));
    /* Mandelbrot row */
    for (int y = -6; y <= 6; y += 3) {
        for (int x = -20; x <= 6; x++) {
            double complex c = x / 10.0 + y / 6.0 * I, w = 0;
            int n = 0;
            while (n < 50 && cabs(w) < 2) { w = w * w + c; n++; }
            putchar(n == 50 ? '#' : n > 5 ? '+' : '.');
        }
        putchar('\n');
    }
    return 0;
}
