# 1 "fast.c"
int a __attribute__((unused));
int b __attribute__ ((aligned(8), section("s")));
int c __attribute__((/* c */ unused));
int d __attribute__(
  (unused)
);
int e __attribute ((unused)) __attribute__((used));
int g(void) { return __attribute__ x; }
int sacrificed;
#pragma once
 # 20 "fast.c"
	#	21 "fast.c" 1
# 22 "fast.c"
#line 30 "fast.c"
int f(void) { return a + b; }
# 40 "sys.h" 1 3 4
int defer, await;
# 41 "fast.c" 2
int last = 1; int z