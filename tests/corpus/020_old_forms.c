/* 020_old_forms: prototypes vs empty parens (still C17), function pointers
   in typedefs and struct members, callbacks, forward declarations. */
#include <stdio.h>

int no_proto();           /* unspecified parameters */
int with_void(void);
extern int with_void(void);
int with_void(void);      /* redeclared */
static int two(int, double);
static int two(int a, double b) { return a + (int)b; }

int no_proto() { return 11; }
int with_void(void) { return 22; }

typedef void (*visit_fn)(int value, void *ctx);
typedef int handler(int);
typedef handler *handler_ptr;
struct ops {
    const char *name;
    int (*apply)(int, int);
    void (*visit)(int, void *);
    handler *on_event;
    handler_ptr fallback;
    struct ops *(*next)(struct ops *);
};

static int op_add(int a, int b) { return a + b; }
static int op_max(int a, int b) { return a > b ? a : b; }
static void sum_visit(int v, void *ctx) { *(int *)ctx += v; }
static void print_visit(int v, void *ctx) { (void)ctx; printf("[%d]", v); }
static int twice(int x) { return 2 * x; }
static int negate(int x) { return -x; }
static struct ops ops_table[3];
static struct ops *ops_next(struct ops *o) { return o + 1 < ops_table + 3 ? o + 1 : NULL; }

static struct ops ops_table[3] = {
    {"add", op_add, sum_visit, twice, negate, ops_next},
    {"max", op_max, print_visit, negate, twice, ops_next},
    {"add2", op_add, print_visit, 0, negate, ops_next},
};

static void each(const int *v, int n, visit_fn fn, void *ctx)
{
    for (int i = 0; i < n; i++)
        fn(v[i], ctx);
}

int main(void)
{
    printf("no_proto %d with_void %d two %d\n", no_proto(), with_void(), two(3, 4.9));
    int (*fp)() = no_proto;
    int (*fv)(void) = with_void;
    printf("via pointers %d %d\n", fp(), (*fv)());
    int data[] = {3, 1, 4, 1, 5, 9, 2, 6};
    for (struct ops *o = ops_table; o; o = o->next(o)) {
        int acc = 0, sum = 0;
        for (int i = 0; i < 8; i++)
            acc = o->apply(acc, data[i]);
        printf("%s: acc %d ", o->name, acc);
        each(data, 8, o->visit, &sum);
        handler *h = o->on_event ? o->on_event : o->fallback;
        printf(" sum %d event %d\n", sum, h(acc));
    }
    handler_ptr hp = twice;
    printf("handler %d %d\n", hp(21), (*hp)(5));
    void (*arr[2])(int, void *) = {sum_visit, print_visit};
    int s = 0;
    arr[0](10, &s);
    arr[0](20, &s);
    printf("s %d\n", s);
    return 0;
}
