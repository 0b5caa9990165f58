# 1 "seed.ac"
# 1 "<built-in>"
# 1 "<command-line>"
# 1 "/usr/include/stdio.h" 1 3 4
typedef unsigned long size_t;
extern int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int defer(int async, int await);
# 2 "seed.ac" 2
# 1 "runtime/include/acrt.h" 1
typedef struct ac_task ac_task;
typedef struct ac_future ac_future;
# 3 "seed.ac" 2
async int twice(int x) {
  defer printf("done\n");
  await ac_sleep(0.0);
  return x * 2;
}
#pragma GCC diagnostic push
async int main(void) {
  int s = 0;
  for (int i = 0; i < 3; i++) {
    switch (i) { case 0: s += await twice(i); break; default: continue; }
  }
# 20 "seed.ac"
  return s;
}
