# bench/bench.mk — `make bench`: the benchmark suite (bench/README.md).
# Builds every workload three ways with -O2 — Async C with the in-tree acc,
# hand-written libuv C, and (interpreted) Python asyncio — then runs
# bench/run.py, which runs each program in separate processes, takes
# medians, prints one table and writes it to $(BUILD)/bench/RESULTS.md (the
# work tree stays unchanged).  `make bench-publish` runs the same and
# writes bench/RESULTS.md and the README's "Benchmarks" section, to be
# committed.  Never part of `make test`; fails only when something does
# not build or a program fails, never on timing.
#
#   make bench                     the full suite (about 3-5 minutes)
#   make bench BENCH_ARGS='--reps 3 --only a,b'
#   make bench-publish             the full suite, results into the tree
#   make bench-build               build the programs only

BENCH_DIR   := $(BUILD)/bench
BENCH_NAMES := a_spawn/spawn b_switch/switch c_await/await d_memory/memory \
               e_timers/timers h_queue/queue i_lock/lock
# f's Async C version is bench/f_echo/echo.ac (built when present, as it
# is; without it the runner prints n/a for it).
BENCH_F_AC  := $(wildcard bench/f_echo/echo.ac)
BENCH_AC_BINS := $(BENCH_NAMES:%=$(BENCH_DIR)/%_ac) \
                 $(BENCH_F_AC:bench/%.ac=$(BENCH_DIR)/%_ac) \
                 $(BENCH_DIR)/j_cores/cores_ac
BENCH_UV_BINS := $(BENCH_NAMES:%=$(BENCH_DIR)/%_uv) $(BENCH_DIR)/f_echo/echo_uv
BENCH_HDRS  := $(wildcard bench/common/*.h)
BENCH_ARGS  ?=

$(BENCH_DIR)/%_ac: bench/%.ac $(BENCH_HDRS) $(ACC) $(RUNTIME_INSTALLED)
	@mkdir -p $(@D)
	$(ACC) -O2 -Wall -Wextra $< -o $@

$(BENCH_DIR)/%_uv: bench/%_uv.c $(BENCH_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra $< -o $@ $(UV_LIBS)

.PHONY: bench-build bench-publish
bench-build: $(BENCH_AC_BINS) $(BENCH_UV_BINS)

# `all` too: bench/run.py reads the runtime's link libraries from the
# build tree's acrt.pc.
bench: bench-build all
	python3 bench/run.py --build $(BUILD) --acc $(ACC) $(BENCH_ARGS)

bench-publish: bench-build all
	python3 bench/run.py --build $(BUILD) --acc $(ACC) --publish $(BENCH_ARGS)
