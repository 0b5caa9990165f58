/* 035_macros: line continuation, macros generating declarations and
   functions, X-macros, variadic macros, __VA_OPT__-free comma swallowing,
   stringising and pasting, #if arithmetic, __LINE__-free determinism. */
#include <stdio.h>
#include <string.h>

#define COLOURS(X) \
    X(RED, 0xff0000) \
    X(GREEN, 0x00ff00) \
    X(BLUE, 0x0000ff) \
    X(WHITE, 0xffffff)

#define AS_ENUM(name, value) C_##name,
#define AS_NAME(name, value) #name,
#define AS_VALUE(name, value) value,
enum colour { COLOURS(AS_ENUM) C_COUNT };
static const char *const colour_names[] = {COLOURS(AS_NAME)};
static const unsigned colour_values[] = {COLOURS(AS_VALUE)};

#define DEFINE_GETTER(type, field) \
    static type get_##field(const struct config *c) \
    { \
        return c->field; \
    }
struct config { int width; int height; const char *title; double scale; };
DEFINE_GETTER(int, width)
DEFINE_GETTER(int, height)
DEFINE_GETTER(const char *, title)
DEFINE_GETTER(double, scale)

#define LOG(fmt, ...) printf("[log] " fmt "\n", ##__VA_ARGS__)
#define COUNT_ARGS(...) COUNT_ARGS_(__VA_ARGS__, 5, 4, 3, 2, 1)
#define COUNT_ARGS_(a, b, c, d, e, n, ...) n
#define MAX3(a, b, c) ((a) > (b) ? ((a) > (c) ? (a) : (c)) : ((b) > (c) ? (b) : (c)))
#define DECLARE_VEC(T) \
    typedef struct { T *items; int len; } vec_##T; \
    static T vec_##T##_sum(vec_##T v) { T s = 0; for (int i = 0; i < v.len; i++) s += v.items[i]; return s; }
DECLARE_VEC(int)
DECLARE_VEC(double)

#define EMPTY
#define IDENTITY(x) x
#define APPLY(f, x) f(x)
#define SQUARE(x) ((x) * (x))

#if (3 * 4 > 10) && defined(COLOURS) && !defined(NOTHING)
#define CONDITION "taken"
#elif 1
#define CONDITION "elif"
#else
#define CONDITION "else"
#endif

int main(void)
{
    for (int i = 0; i < C_COUNT; i++)
        printf("%s = %06x\n", colour_names[i], colour_values[i]);
    struct config c = {640, 480, "window", 1.5};
    printf("%d x %d '%s' %.2f\n", get_width(&c), get_height(&c), get_title(&c), get_scale(&c));
    LOG("no arguments");
    LOG("one %d", 1);
    LOG("two %d %s", 2, "two");
    printf("count %d %d %d\n", COUNT_ARGS(a), COUNT_ARGS(a, b, c), COUNT_ARGS(1, 2, 3, 4, 5));
    printf("max3 %d %d\n", MAX3(1, 9, 4), MAX3(7, 2, 3));
    int ints[] = {1, 2, 3, 4};
    double dbls[] = {0.5, 0.25};
    printf("vec sums %d %.2f\n", vec_int_sum((vec_int){ints, 4}), vec_double_sum((vec_double){dbls, 2}));
    printf("apply %d identity %d %s\n", APPLY(SQUARE, 7), IDENTITY(EMPTY 5), CONDITION);
    int long_expression = 1 + \
                          2 + \
                          3;
    printf("continued %d\n", long_expression);
    return 0;
}
