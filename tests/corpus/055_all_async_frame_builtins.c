/* 055_all_async_frame_builtins: a function whose result is its return
   address, called from one caller at several call sites (the address must
   be the same each time, as in gcc's pr17377); __builtin_apply of a
   function with the caller's arguments (gcc only).  Under acc --all-async
   the callers of a function that reads its return address stay plain (an
   async one runs from two copies of its body), and so does a function
   that takes __builtin_apply_args. */
#include <stdint.h>
#include <stdio.h>

static int calls, x;

void *where(int i) __attribute__((noinline));
void *site(int i) __attribute__((noinline));

/* Its own address for i == 1, else its return address (as gcc's
   pr17377). */
void *where(int i)
{
    if (calls++ == 0)
        return __builtin_return_address(0);
    switch (i) {
    case 1: return (void *)where;
    case 0: return __builtin_return_address(0);
    }
    return NULL;
}

void *site(int i)
{
    x = 0;
    /* (An addition after the call, so it is no tail call; on the integer,
       since where can return NULL and NULL + 0 is undefined.) */
    return (void *)((uintptr_t)where(i) + (uintptr_t)x++);
}

#ifndef __clang__
static int applied;

__attribute__((noinline)) static void target(int arg)
{
    applied += arg;
}

__attribute__((noinline)) static void forward(int arg)
{
    target(arg);
    __builtin_apply((void (*)())target, __builtin_apply_args(), 16);
}
#endif

int main(void)
{
    void *first = site(4);
    if (site(1) != (void *)where || site(0) != first || site(3) != NULL ||
        site(-1) != NULL)
        printf("differ\n");
    printf("calls %d\n", calls);
#ifndef __clang__
    forward(5);
    printf("applied %d\n", applied);
#else
    printf("applied %d\n", 10);
#endif
    return 0;
}
