// shapes.h — async prototypes shared by two .ac files: one with
// AC_ASYNC_DECL (a plain C compiler reads it as `ac_task *area(int, int)`),
// one with the async keyword (for .ac files only).
#include <acrt.h>
AC_ASYNC_DECL(int, area, (int w, int h));
async double scaled(double x, double by);
