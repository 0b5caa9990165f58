/* 044_math: float, double and long double math, libm, rounding, classify. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <fenv.h>

static double integrate(double (*f)(double), double a, double b, int n)
{
    double h = (b - a) / n, s = (f(a) + f(b)) / 2;
    for (int i = 1; i < n; i++)
        s += f(a + i * h);
    return s * h;
}
static double gauss(double x) { return exp(-x * x); }

int main(void)
{
    for (int i = 0; i <= 8; i++) {
        double x = i * M_PI / 8;
        printf("x %.4f sin %.6f cos %.6f tan %.4f\n", x, sin(x), cos(x), i == 4 ? 0.0 : tan(x));
    }
    printf("sqrtf %.6f sqrt %.12f sqrtl %.15Lf\n", (double)sqrtf(2.0f), sqrt(2.0), sqrtl(2.0L));
    printf("pow %.4f exp %.6f log %.6f log10 %.3f log2 %.3f\n", pow(2, 0.5), exp(1), log(10), log10(12345), log2(1024));
    printf("round %.1f %.1f floor %.1f ceil %.1f trunc %.1f rint %.1f\n", round(2.5), round(-2.5), floor(-1.5), ceil(-1.5), trunc(-1.7), rint(2.5));
    printf("fmod %.2f remainder %.2f hypot %.2f atan2 %.4f\n", fmod(10, 3.5), remainder(10, 3.5), hypot(3, 4), atan2(1, -1));
    printf("cbrt %.4f expm1 %.3e log1p %.3e\n", cbrt(27), expm1(1e-10), log1p(1e-10));
    printf("classify %d %d %d %d\n", fpclassify(0.0) == FP_ZERO, fpclassify(1.0) == FP_NORMAL, isinf(HUGE_VAL) != 0, isnan(NAN) != 0);
    printf("signbit %d %d copysign %.1f\n", signbit(-0.0) != 0, signbit(0.0) != 0, copysign(3, -1));
    printf("integral %.8f (sqrt(pi) %.8f)\n", integrate(gauss, -6, 6, 2000), sqrt(M_PI));
    long double lsum = 0;
    for (int k = 1; k <= 1000; k++)
        lsum += 1.0L / ((long double)k * k);
    printf("basel %.12Lf pi^2/6 %.12Lf\n", lsum, (long double)M_PI * M_PI / 6);
    float fsum = 0;
    for (int k = 0; k < 1000; k++)
        fsum += 0.1f;
    printf("float sum %.4f double exact %.4f\n", (double)fsum, 100.0);
    printf("eps %.3e %.3e %.3Le\n", (double)FLT_EPSILON, DBL_EPSILON, LDBL_EPSILON);
    printf("frexp/ldexp: ");
    int e;
    double m = frexp(48.0, &e);
    printf("%.4f*2^%d = %.1f\n", m, e, ldexp(m, e));
    double ip;
    double frac = modf(-3.75, &ip);
    printf("modf %.3f + %.3f\n", frac, ip);
    fesetround(FE_DOWNWARD);
    volatile double unknown = 2.7;  /* keeps the compiler from folding rint */
    printf("rint down %.1f\n", rint(unknown));
    fesetround(FE_TONEAREST);
    printf("lround %ld llround %lld\n", lround(-3.5), llround(1e15 + 0.5));
    printf("fmax %.1f fmin %.1f fdim %.1f fma %.1f\n", fmax(1, NAN), fmin(-1, 2), fdim(5, 3), fma(2, 3, 4));
    printf("tgamma %.4f lgamma %.4f erf %.6f\n", tgamma(5.0), lgamma(10.0), erf(0.5));
    return 0;
}
