// Seed: constructs of every node kind, each in an async function of its own or at file scope, where acc accepts them (fuzz3, session 6).
typedef struct ac_task ac_task;
void *ac_frame_new(void *desc, unsigned long size);
ac_task *ac_sleep(double seconds);
int gv; async int h(void) { return 1; }
async int s0(void) {
  _Static_assert(1, "s");
LX: return 0;
}
async int s1(void) {
  _Static_assert(1);
LX: return 0;
}
async int s2(void) {
  ;
LX: return 0;
}
async int s3(void) {
  L1: ;
LX: return 0;
}
async int s4(void) {
  L2: int lz = 1;
LX: return 0;
}
async int s5(void) {
  __attribute__((fallthrough));
LX: return 0;
}
async int s6(void) {
  ({ int q = 1; q; });
LX: return 0;
}
async int s7(void) {
  _Generic(1, int: 2, default: 3);
LX: return 0;
}
async int s8(void) {
  asm("nop");
LX: return 0;
}
async int s9(void) {
  asm volatile("" : "=r"(gv) : "r"(gv));
LX: return 0;
}
async int s10(void) {
  __label__ LL;
LX: return 0;
}
async int s11(void) {
  typedef int TT;
LX: return 0;
}
async int s12(void) {
  typedef int TT2; TT2 tv = 1;
LX: return 0;
}
async int s13(void) {
  defer gv++;
LX: return 0;
}
async int s14(void) {
  defer { gv++; }
LX: return 0;
}
async int s16(void) {
  defer ;
LX: return 0;
}
async int s17(void) {
  defer L3: gv++;
LX: return 0;
}
async int s19(void) {
  defer defer gv++;
LX: return 0;
}
async int s20(void) {
  defer await h();
LX: return 0;
}
async int s21(void) {
  defer ({ await h(); });
LX: return 0;
}
async int s22(void) {
  defer try { gv++; } catch (int e) { gv = e; }
LX: return 0;
}
async int s25(void) {
  defer case 1: ;
LX: return 0;
}
async int s26(void) {
  await h();
LX: return 0;
}
async int s27(void) {
  gv = await h();
LX: return 0;
}
async int s28(void) {
  int aw = await h();
LX: return 0;
}
async int s29(void) {
  static int sa = 1;
LX: return 0;
}
async int s30(void) {
  extern int ex;
LX: return 0;
}
async int s35(void) {
  struct S1 { int a; _Static_assert(1, "m"); };
LX: return 0;
}
async int s36(void) {
  enum { EA = 1 };
LX: return 0;
}
async int s37(void) {
  int arr[] = { [0] = 1, [1 ... 2] = 2 };
LX: return 0;
}
async int s38(void) {
  struct P { int x, y; } pp = { .x = 1, .y = await h() };
LX: return 0;
}
async int s43(void) {
  int se = ({ int z = await h(); z; });
LX: return 0;
}
async int s44(void) {
  int se2 = ({ defer gv++; 1; });
LX: return 0;
}
async int s45(void) {
  int se3 = ({ L9: ; 1; });
LX: return 0;
}
async int s46(void) {
  int se4 = ({ _Static_assert(1, "x"); 1; });
LX: return 0;
}
async int s47(void) {
  int se5 = ({ return 1; 1; });
LX: return 0;
}
async int s48(void) {
  for (_Static_assert(1, "f"); ;) break;
LX: return 0;
}
async int s49(void) {
  for (typedef int FT; ;) break;
LX: return 0;
}
async int s50(void) {
  for (;;) break;
LX: return 0;
}
async int s51(void) {
  for (int i = await h(); i; ) break;
LX: return 0;
}
async int s52(void) {
  for (struct { int a; } fs = {0}; ;) break;
LX: return 0;
}
async int s53(void) {
  for (enum { FE } fe = FE; ;) break;
LX: return 0;
}
async int s54(void) {
  for (int i; ; await h()) break;
LX: return 0;
}
async int s55(void) {
  for (static int si; ;) break;
LX: return 0;
}
async int s56(void) {
  for (extern int fe2; ;) break;
LX: return 0;
}
async int s57(void) {
  switch (gv) { _Static_assert(1, "w"); case 1: ; int sx; default: ; }
LX: return 0;
}
async int s58(void) {
  switch (await h()) { case 1: await h(); }
LX: return 0;
}
async int s59(void) {
  switch (gv) { case 1 ... 2: ; L7: int d7; }
LX: return 0;
}
async int s60(void) {
  while (await h()) break;
LX: return 0;
}
async int s61(void) {
  do ; while (await h());
LX: return 0;
}
async int s62(void) {
  if (await h()) ; else await h();
LX: return 0;
}
async int s63(void) {
  goto *(void*)&&LX;
LX: return 0;
}
async int s64(void) {
  void *lp = &&LX;
LX: return 0;
}
async int s65(void) {
  return await h();
LX: return 0;
}
async int s66(void) {
  return;
LX: return 0;
}
async int s67(void) {
  try { await h(); } catch (int e) { gv = e; }
LX: return 0;
}
async int s68(void) {
  try { _Static_assert(1,"t"); } catch (int e) { defer gv++; }
LX: return 0;
}
async int s69(void) {
  try { } catch (int e) { }
LX: return 0;
}
async int s70(void) {
  try { return 1; } catch (int e) { return e; }
LX: return 0;
}
async int s71(void) {
  int ca = (int){ await h() };
LX: return 0;
}
async int s72(void) {
  int *cb = (int[]){ 1, await h() };
LX: return 0;
}
async int s73(void) {
  int cc = __builtin_offsetof(struct P, x);
LX: return 0;
}
async int s74(void) {
  int cd = __builtin_types_compatible_p(int, long);
LX: return 0;
}
async int s75(void) {
  __builtin_va_list va; int ve = 0;
LX: return 0;
}
async int s76(void) {
  int ce = __extension__ ({ 1; });
LX: return 0;
}
async int s77(void) {
  __extension__ int cf = 1;
LX: return 0;
}
async int s78(void) {
  __auto_type cg = await h();
LX: return 0;
}
async int s79(void) {
  asm goto("" :::: LX);
LX: return 0;
}
async int s81(void) {
  struct { int a : 3; } bf;
LX: return 0;
}
async int s82(void) {
  int (*fp)(int) = 0;
LX: return 0;
}
async int s84(void) {
  int fnp(int (*)(int));
LX: return 0;
}
async int s85(void) {
  int a1[1], *p1 = a1, f1(int), (*f2)(void);
LX: return 0;
}
async int s86(void) {
  typedef struct T3 T3; T3 *t3p;
LX: return 0;
}
async int s87(void) {
  auto int au = 1;
LX: return 0;
}
async int s88(void) {
  register int rg = 1;
LX: return 0;
}
async int s89(void) {
  _Thread_local static int tl;
LX: return 0;
}
async int s97(void) {
  ac_task *tk = h(); await tk;
LX: return 0;
}
_Static_assert(1, "top");
;
asm("nop");
typedef int TT9;
L: ;
int kr2(a, b) int a; _Static_assert(1, "k"); ; int b; { return a + b; }
int kr3(a) int a; int a; { return a; }
int kr4(a) int b; { return 0; }
int kr5(a) struct { int a; } a; { return 0; }
int kr6(a) int a = 1; { return a; }
int kr7(a) int (*a)(int); { return 0; }
async int kr8(a) int a; { return await h(); }
int kr9(a) typedef int a; { return 0; }
int kr10(a) __extension__ int a; { return a; }
int kr11(a) int a; { defer gv++; return a; }
async void av(void) { }
async int noret(void) { }
int (*async_ret(void))(void) { return 0; }
async int *aptr(void) { return 0; }
async int arr_ret(void)[3];
async int ap(async int x) { return x; }
async int ofs(void) { return __builtin_offsetof(struct { int a[4]; }, a[await h()]); }
int st2 = ({ 1; });
int arrs[sizeof(int)] = { [0 ... 1] = 1 };
async int cl(void) { static int s = await h(); return s; }
async int gl(void) { goto *(void*)0; }
async int lbl(void) { void *p = &&A; A: await h(); goto *p; }
async int rec(void) { return await rec(); }
async int aw_in_case(void) { switch (1) { case await h(): return 1; } return 0; }
async int comma(void) { return (await h(), await h()); }
async int logic(void) { return gv && await h() || await h(); }
async int dflt(void) { defer { defer gv++; } return 0; }
async int dlab(void) { defer { goto X; X: ; } return 0; }
async int dasm(void) { defer asm(""); return 0; }
async int dcase(void) { switch (gv) { defer gv++; case 1: return 1; } return 0; }
async int try2(void) { try { defer gv++; await h(); } catch (int e) { return e; } return 0; }
async int try3(void) { try { try { await h(); } catch (int a) { } } catch (int b) { } return 0; }
