# tests/rt_torture.mk — randomized torture of the runtime (issue 9 item 7):
# tests/rt_torture/rt_torture.ac generates a random task tree per seed and
# checks the runtime's invariants after each scenario (see its header).
#
#   make check-rt-torture   300 fixed seeds (part of `make check`/`make test`,
#                           also under SAN=1); records [PASS]/[FAIL] lines
#   make torture            10,000 seeds from a random start (TORTURE_SEED,
#                           TORTURE_N override); prints failing seeds
#
# (Not `check-torture`: issue 11 names that target for GCC's torture tests.)

RTT_DIR := $(BUILD)/tests/rt_torture
RTT_BIN := $(RTT_DIR)/rt_torture
RTT_SMOKE_N ?= 300
TORTURE_N ?= 10000
TORTURE_SEED ?= $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')

$(RTT_DIR)/rt_torture.o: tests/rt_torture/rt_torture.ac $(ACC) $(RUNTIME_INSTALLED) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	CC='$(CC)' $(ACC) $(ALL_CFLAGS) -I$(RT_INC) -c $< -o $@

$(RTT_BIN): $(RTT_DIR)/rt_torture.o $(RT_LIB_A)
	$(CC) $(ALL_LDFLAGS) $^ $(UV_LIBS) -o $@

.PHONY: check-rt-torture torture
check: check-rt-torture
check-rt-torture: $(RTT_BIN)
	@mkdir -p $(RESULTS)
	@rm -f $(RESULTS)/$(VARIANT)-rt-torture.log
	@ASAN_OPTIONS=detect_leaks=1 timeout 600 $(RTT_BIN) --seed 1 \
	  --count $(RTT_SMOKE_N) --log $(RESULTS)/$(VARIANT)-rt-torture.log; \
	  st=$$?; if [ $$st -gt 1 ]; then \
	  echo "[FAIL] rt_torture: exited with status $$st" \
	    >> $(RESULTS)/$(VARIANT)-rt-torture.log; fi; true

torture: $(RTT_BIN)
	$(RTT_BIN) --seed $(TORTURE_SEED) --count $(TORTURE_N)

-include $(RTT_DIR)/*.d
