# tests/runtime.mk — the runtime's cmocka suites (tests/unit/runtime/) and
# its quick benchmark.  `make check` builds every suite under
# $(BUILD)/tests/unit/runtime and records [PASS]/[FAIL] lines in
# $(RESULTS)/$(VARIANT)-runtime.log; each test has a time limit of its own
# (tests/unit/runtime/rt_test.h), each binary a backstop of 900 s.  Under SAN=1, LeakSanitizer is on
# (ASAN_OPTIONS=detect_leaks=1) and every test closes its loop.

RT_TEST_DIR   := $(BUILD)/tests/unit/runtime
RT_TEST_NAMES := test_loop test_task test_combin test_abi test_stress test_io \
                 test_misuse test_alloc test_fs test_net test_proc test_tls test_cores \
                 test_result_types test_gather \
                 test_scope test_build_flags
RT_TEST_BINS  := $(RT_TEST_NAMES:%=$(RT_TEST_DIR)/%)
RT_TEST_CFLAGS = $(ALL_CFLAGS) -I$(RT_INC)

$(RT_TEST_DIR)/%.o: tests/unit/runtime/%.c $(RUNTIME_INSTALLED) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(RT_TEST_CFLAGS) -c $< -o $@

$(RT_TEST_DIR)/test_%: $(RT_TEST_DIR)/test_%.o $(RT_TEST_DIR)/rt_test.o $(RT_LIB_A)
	$(CC) $(ALL_LDFLAGS) $^ -lcmocka $(UV_LIBS) -o $@

# Suites written in Async C (test_io, test_misuse): the in-tree acc
# compiles them.
$(RT_TEST_DIR)/%.o: tests/unit/runtime/%.ac $(ACC) $(RUNTIME_INSTALLED) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	CC='$(CC)' $(ACC) $(RT_TEST_CFLAGS) -c $< -o $@

# test_build_flags is built as a user builds a program: acc, the
# sanitizer flags, never -DAC_POOL_PASSTHROUGH (even in the PT=1 build):
# acc must compile it for its runtime's pools by itself.
$(RT_TEST_DIR)/test_build_flags.o: tests/unit/runtime/test_build_flags.ac $(ACC) $(RUNTIME_INSTALLED) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	CC='$(CC)' $(ACC) $(filter-out $(PTFLAGS),$(RT_TEST_CFLAGS)) -c $< -o $@

.PRECIOUS: $(RT_TEST_DIR)/%.o
.PHONY: check-runtime bench-runtime
check: check-runtime
# The Python twins of the suites that check them at test time
# (rt_assert_twin) run first: their output goes to $(RT_TWINS_DIR).
RT_TWINS     := scope_twins gather_twins
RT_TWINS_DIR := $(RT_TEST_DIR)/twins
check-runtime: $(RT_TEST_BINS)
	@mkdir -p $(RT_TWINS_DIR)
	@for t in $(RT_TWINS); do \
	  timeout 120 python3 tests/unit/runtime/py/$$t.py \
	    > $(RT_TWINS_DIR)/$$t.out || { rm -f $(RT_TWINS_DIR)/$$t.out; \
	    echo "runtime: the twin py/$$t.py failed"; }; done
	@RT_TWINS_DIR=$(RT_TWINS_DIR) ASAN_OPTIONS=detect_leaks=1 \
	  sh tests/run_cmocka.sh runtime \
	  $(call suite_log,runtime) 900 $(RT_TEST_BINS)

# `make bench-runtime`: the runtime's quick figures (hand-written state
# machines) next to Python asyncio's, measured in the same run.  The full
# suite is `make bench` (bench/bench.mk).
$(BUILD)/bench/rt_bench: tests/unit/runtime/bench/rt_bench.c $(RUNTIME_INSTALLED) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -I$(RT_INC) $< $(RT_LIB_A) $(UV_LIBS) -o $@

bench-runtime: $(BUILD)/bench/rt_bench
	$(BUILD)/bench/rt_bench
	python3 tests/unit/runtime/bench/rt_bench.py

-include $(RT_TEST_DIR)/*.d
