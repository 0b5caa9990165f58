// c. N "awaits" of an operation that completes at once, hand-written in
// the callback style: the operation's state lives inside the caller's
// (the frame inside the parent), it returns 1 when it completed
// synchronously (result in the state) and would otherwise call cb later.
// Also the plain C call for comparison.
#include "../common/bench_util.h"

typedef struct leaf_op leaf_op;
struct leaf_op {
  int result;
  void (*cb)(leaf_op *op);  // called later if the operation suspends
};

__attribute__((noipa)) static int leaf_start(leaf_op *op, int x,
                                             void (*cb)(leaf_op *))
{
  op->cb = cb;
  op->result = x + 1;
  return 1;  // completed synchronously
}

typedef struct {
  leaf_op op;  // the callee's frame, inside the parent's
  long i, n;
  int v;
  int done;
} chain;

static void chain_step(chain *c);

static void chain_leaf_done(leaf_op *op)
{
  chain *c = (chain *)op;
  c->v = op->result;
  c->i++;
  chain_step(c);
}

static void chain_step(chain *c)
{
  while (c->i < c->n) {
    if (!leaf_start(&c->op, c->v, chain_leaf_done))
      return;  // would resume in chain_leaf_done
    c->v = c->op.result;
    c->i++;
  }
  c->done = 1;
}

__attribute__((noipa)) static int leaf_c(int x)
{
  return x + 1;
}

int main(int argc, char **argv)
{
  long n = bench_arg(argc, argv, 1, 1000000),
       rounds = bench_arg(argc, argv, 2, 5);
  double best = 1e30, best_c = 1e30;
  for (long r = 0; r < rounds; r++) {
    chain c = {.n = n};
    double t0 = bench_now();
    chain_step(&c);
    double dt = bench_now() - t0;
    if (!c.done || c.v != (int)n)
      return 1;
    if (dt < best)
      best = dt;
    t0 = bench_now();
    int v = 0;
    for (long i = 0; i < n; i++)
      v = leaf_c(v);
    dt = bench_now() - t0;
    if (v != (int)n)
      return 1;
    if (dt < best_c)
      best_c = dt;
  }
  // The callback-style operation can suspend: it is also the hand-written
  // figure for an await of a function that can suspend (row c'').
  printf("ns_per_await=%.3f\nns_per_call=%.3f\nns_per_await_susp=%.3f\n",
         best * 1e9 / n, best_c * 1e9 / n, best * 1e9 / n);
  return 0;
}
