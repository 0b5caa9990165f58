/* 021_array_params: static/const/restrict/volatile in array parameter
   brackets, VLAs, sizeof of a VLA, VLA parameters, VLA typedefs. */
#include <stdio.h>
#include <string.h>

static int sum10(const int a[static 10]) { int s = 0; for (int i = 0; i < 10; i++) s += a[i]; return s; }
static void copy(int n, int dst[restrict static n], const int src[restrict n]) { memcpy(dst, src, sizeof(int) * (size_t)n); }
static int first(int a[const]) { return a[0]; }
static int vol(int a[volatile 3]) { return a[2]; }
static int all_quals(int a[static const restrict volatile 2]) { return a[0] + a[1]; }
static int strange(int a[const static 4]) { return a[3]; }
static double trace(int n, double m[n][n]) { double t = 0; for (int i = 0; i < n; i++) t += m[i][i]; return t; }
static size_t vla_param_size(int n, int m, char grid[n][m]) { return sizeof grid[0]; }
extern void star_proto(int n, int m, int a[*][*], int (*)[*]); /* prototype only */
static int proto_star(int n, int a[n]) { return a[n - 1]; }
static void matmul(int n, const double a[n][n], const double b[n][n], double c[restrict n][n])
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++)
                s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
}

int main(void)
{
    int ten[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    printf("sum10 %d first %d vol %d quals %d strange %d\n", sum10(ten), first(ten), vol(ten), all_quals(ten), strange(ten));
    int dst[10];
    copy(10, dst, ten);
    printf("copy %d %d\n", dst[0], dst[9]);
    for (int n = 1; n <= 5; n++) {
        double m[n][n];
        printf("sizeof vla %d = %zu, row %zu\n", n, sizeof m, sizeof m[0]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i][j] = i == j ? i + 0.5 : 1;
        printf("trace %.2f\n", trace(n, m));
    }
    int rows = 3, cols = 7;
    char grid[rows][cols];
    printf("vla param row size %zu, total %zu\n", vla_param_size(rows, cols, grid), sizeof grid);
    typedef int vec[cols];
    vec v;
    cols = 100; /* the typedef keeps its size */
    printf("typedef vla %zu\n", sizeof(vec) + 0 * sizeof v);
    printf("proto_star %d\n", proto_star(4, ten));
    int n = 3;
    double a[3][3] = {{1, 2, 0}, {0, 1, 0}, {0, 0, 2}}, b[3][3] = {{1, 0, 0}, {1, 1, 0}, {0, 3, 1}}, c[n][n];
    matmul(n, (const double (*)[n])a, (const double (*)[n])b, c);
    for (int i = 0; i < n; i++)
        printf("c[%d] = %.0f %.0f %.0f\n", i, c[i][0], c[i][1], c[i][2]);
    int k = 4;
    int (*pv)[k] = (int (*)[k])ten;
    printf("pointer to vla %d %d sizeof %zu\n", pv[1][0], pv[1][3], sizeof *pv);
    size_t s = sizeof(int[k + 1]);
    printf("sizeof(int[k+1]) %zu\n", s);
    return 0;
}
