// Seed: constructs of every node kind where acc rejects them (await, defer, try, async in odd places), one async function each.
typedef struct ac_task ac_task;
void *ac_frame_new(void *desc, unsigned long size);
ac_task *ac_sleep(double seconds);
int gv; async int h(void) { return 1; }
async int e0(void) {
  defer _Static_assert(1, "d");
LX: return 0;
}
async int e1(void) {
  defer return;
LX: return 0;
}
async int e2(void) {
  defer goto LX;
LX: return 0;
}
async int e3(void) {
  defer break;
LX: return 0;
}
async int e4(void) {
  int nf(void) { return 1; }
LX: return 0;
}
async int e5(void) {
  async int anf(void) { return await h(); }
LX: return 0;
}
async int e6(void) {
  int kr(a) int a; { return a; }
LX: return 0;
}
async int e7(void) {
  int krs(a) _Static_assert(1, "k"); int a; { return a; }
LX: return 0;
}
async int e8(void) {
  int arr2[await h()];
LX: return 0;
}
async int e9(void) {
  int sz = sizeof(await h());
LX: return 0;
}
async int e10(void) {
  __typeof__(await h()) tv2;
LX: return 0;
}
async int e11(void) {
  int ge = _Generic(await h(), int: 1, default: 2);
LX: return 0;
}
async int e12(void) {
  asm("" : : "r"(await h()));
LX: return 0;
}
async int e13(void) {
  int (^blk);
LX: return 0;
}
async int e14(void) {
  async int ax = 1;
LX: return 0;
}
async int e15(void) {
  async struct { int a; } as1;
LX: return 0;
}
async int e16(void) {
  int x2 = await gv;
LX: return 0;
}
async int e17(void) {
  int x3 = await 1;
LX: return 0;
}
async int e18(void) {
  await;
LX: return 0;
}
async int e19(void) {
  gv = h();
LX: return 0;
}
async int e20(void) {
  h();
LX: return 0;
}
async int e21(void) {
  defer gv++;
LX: return 0;
}
async int e22(void) {
  await h();
LX: return 0;
}
async int e23(void) {
  int t1 = await h();
LX: return 0;
}
async int e24(void) {
  int t2 = sizeof(await h());
LX: return 0;
}
async int e25(void) {
  async int ag = 1;
LX: return 0;
}
async int e26(void) {
  async kr12(a) { return a; }
LX: return 0;
}
async int e27(void) {
  int nested(void) { async int inner(void) { return await h(); } return 0; }
LX: return 0;
}
async int e28(void) {
  async int nested2(void) { int inner(void) { return await h(); } return inner(); }
LX: return 0;
}
async int e29(void) {
  async int nested3(void) { async int inner(void) { defer gv++; return await h(); } return await inner(); }
LX: return 0;
}
async int e30(void) {
  async int (*afp)(void);
LX: return 0;
}
async int e31(void) {
  struct S2 { async int (*f)(void); };
LX: return 0;
}
async int e32(void) {
  async typedef int AT;
LX: return 0;
}
async int e33(void) {
  typedef async int AT2(void);
LX: return 0;
}
async int e34(void) {
  async int vf(int n, ...) { return n; }
LX: return 0;
}
async int e35(void) {
  async int sel(void) { return _Generic(1, int: await h(), default: 0); }
LX: return 0;
}
async int e36(void) {
  async int tcp(void) { return __builtin_types_compatible_p(__typeof__(await h()), int); }
LX: return 0;
}
async int e37(void) {
  async int vaa(int n, ...) { __builtin_va_list ap; __builtin_va_start(ap, n); int r = __builtin_va_arg(ap, int) + await h(); __builtin_va_end(ap); return r; }
LX: return 0;
}
async int e38(void) {
  async int asmx(void) { int r; asm("" : "=r"(r) : "0"(await h())); return r; }
LX: return 0;
}
async int e39(void) {
  async int cond(void) { return gv ? await h() : gv ?: await h(); }
LX: return 0;
}
async int e40(void) {
  async int dret(void) { defer { return; } return 0; }
LX: return 0;
}
async int e41(void) {
  int try4(void) { try { } catch (int e) { } return 0; }
LX: return 0;
}
async int e42(void) {
  async int catchp(void) { try { } catch (struct { int a; } e) { } return 0; }
LX: return 0;
}
async int e43(void) {
  async int catchp2(void) { try { } catch (int (*e)(int)) { } return 0; }
LX: return 0;
}
async int e44(void) {
  async int catchp3(void) { try { } catch (int e[await h()]) { } return 0; }
LX: return 0;
}
