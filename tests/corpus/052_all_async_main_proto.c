/* 052_all_async_main_proto: main declared (with a prototype and with ())
   before its definition; functions that only -finstrument-functions code
   calls.  Under acc --all-async the declarations name the generated main,
   not the async one. */
#include <stdio.h>

int main(void);
int main();

static int twice(int x) { return 2 * x; }

/* Called by the code -finstrument-functions adds: plain C. */
void __cyg_profile_func_enter(void *fn, void *site);
void __cyg_profile_func_enter(void *fn, void *site)
{
    (void)fn;
    (void)site;
}

int main(void)
{
    __cyg_profile_func_enter(NULL, NULL);
    printf("twice %d\n", twice(21));
    return 0;
}
