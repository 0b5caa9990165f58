/* 032_storage: _Noreturn, _Thread_local/__thread, inline variants including
   extern inline with __gnu_inline__, register, auto, static locals. */
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <pthread.h>

static _Thread_local int tls_counter = 1;
static __thread long gnu_tls = 100;
_Thread_local static int tls_order;

static inline int sq(int x) { return x * x; }
inline static int cube(int x) { return x * x * x; }
extern inline __attribute__((__gnu_inline__)) int gnu_inline_add(int a, int b) { return a + b; }
int gnu_inline_add(int a, int b) { return a + b + 0; }   /* the out-of-line copy */
__inline__ static int old_inline(int x) { return x + 1; }
static __inline int older_inline(int x) { return x + 2; }

_Noreturn static void die(int code) { exit(code); }
noreturn static void die2(void) { exit(0); }
__attribute__((__noreturn__)) static void die3(void);
static void die3(void) { abort(); }

static int counter(void)
{
    static int calls;
    static const int step = 3;
    return calls += step;
}

static void *worker(void *arg)
{
    int id = *(int *)arg;
    for (int i = 0; i < 1000; i++)
        tls_counter++;
    gnu_tls += id;
    static __thread int per_thread_static;
    per_thread_static += id;
    long *out = malloc(sizeof *out);
    *out = tls_counter + gnu_tls + per_thread_static;
    return out;
}

int main(int argc, char **argv)
{
    (void)argv;
    register int r = 5;
    auto int a = 6;
    register unsigned long long big = 1;
    for (register int i = 0; i < 10; i++)
        big *= 3;
    printf("register %d auto %d big %llu\n", r, a, big);
    printf("inline %d %d %d %d %d\n", sq(7), cube(3), gnu_inline_add(2, 3), old_inline(1), older_inline(1));
    int first = counter();
    int second = counter();
    printf("static local %d %d\n", first, second);
    pthread_t th[3];
    int ids[3] = {1, 2, 3};
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, worker, &ids[i]);
    for (int i = 0; i < 3; i++) {
        void *res;
        pthread_join(th[i], &res);
        printf("thread %d result %ld\n", ids[i], *(long *)res);
        free(res);
    }
    printf("main tls %d %ld %d\n", tls_counter, gnu_tls, tls_order);
    if (argc > 5)
        die(3);
    if (argc > 6)
        die3();
    fflush(stdout);
    die2();
}
