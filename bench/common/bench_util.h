// bench_util.h — shared by the C and Async C benchmark programs (bench/).
// Clock, memory readings and the one output convention: every program
// prints lines "key=value" on stdout; bench/run.py reads them.
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double bench_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"), -1 if unreadable.
static inline long bench_status_kb(const char *field)
{
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  size_t n = strlen(field);
  long kb = -1;
  if (f == NULL)
    return -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, field, n) == 0 && line[n] == ':')
      kb = atol(line + n + 1);
  fclose(f);
  return kb;
}

// malloc(size) with every page of it resident: a write to each page
// through a volatile pointer.  (malloc + memset(0) is not enough: the C
// compiler turns the pair into calloc, which leaves fresh pages untouched,
// so they would be faulted in later, inside a measurement.)
static inline void *bench_alloc_resident(size_t size)
{
  char *p = malloc(size);
  size_t i;
  if (p == NULL)
    exit(1);
  for (i = 0; i < size; i += 4096)
    ((volatile char *)p)[i] = 0;
  if (size > 0)
    ((volatile char *)p)[size - 1] = 0;
  return p;
}

// argv[i] as a long, or dflt when absent.
static inline long bench_arg(int argc, char **argv, int i, long dflt)
{
  return argc > i ? atol(argv[i]) : dflt;
}

// Deterministic pseudo-random numbers (xorshift64*), same as bench/*.py
// would need only in distribution: seeded per program.
static inline double bench_rand01(unsigned long long *s)
{
  unsigned long long x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return (double)((x * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

#endif
