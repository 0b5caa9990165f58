# samples.mk — `make demo`: builds acc and the runtime, then builds and runs
# every sample in samples/ with acc, in real time, printing what a newcomer
# sees: each sample's opening comment (what it shows, which seed), the
# command, and its output.
#
# Every samples/*.ac is built ($(BUILD)/samples/NAME, from inside samples/
# so task descriptions print "NAME.ac:LINE" as in NAME.out).  A sample that
# cannot simply be run (a server, or a client that needs one) provides
# samples/NAME.demo: a shell script that `make demo` runs instead, as
#   sh samples/NAME.demo $(BUILD)/samples/NAME $(BUILD)
# with the top of the tree as working directory; it starts and stops what
# it needs itself and exits non-zero on failure.
#
# Sample tests (expected output under the virtual clock) are in
# tests/samples.mk.

SAMPLE_SRCS := $(sort $(wildcard samples/*.ac))
SAMPLE_BINS := $(SAMPLE_SRCS:samples/%.ac=$(BUILD)/samples/%)
# The demo runs the seeds' samples in the order of the seeds' tutorials
# (samples/README.md), then any other sample alphabetically.
SAMPLE_ALL  := $(SAMPLE_SRCS:samples/%.ac=%)
SAMPLE_SEEDS := hello return_value chain task task_cancel ensure_future \
  future_result future_await future_callbacks wait wait_timeout gather \
  as_completed sleep_timing
SAMPLE_DEMO := $(filter $(SAMPLE_ALL),$(SAMPLE_SEEDS)) \
  $(filter-out $(SAMPLE_SEEDS),$(SAMPLE_ALL))

$(BUILD)/samples/%: samples/%.ac $(ACC) $(RUNTIME_INSTALLED)
	@mkdir -p $(@D)
	cd samples && CC='$(CC)' $(abspath $(ACC)) -O2 -Wall -Wextra $(SANFLAGS) \
	  $*.ac -o $(abspath $@)

.PHONY: demo
demo: all $(SAMPLE_BINS)
	@if [ -z "$(SAMPLE_SRCS)" ]; then \
	  echo "acc and libacrt are built ($(ACC)); no samples yet."; \
	fi
	@for name in $(SAMPLE_DEMO); do \
	  bin=$(BUILD)/samples/$$name; \
	  echo "==> samples/$$name.ac"; \
	  sed -n '/^\/\//!q; s|^// *|    |p' samples/$$name.ac; \
	  if [ -f samples/$$name.demo ]; then \
	    echo "\$$ sh samples/$$name.demo $$bin $(BUILD)"; \
	    sh samples/$$name.demo $$bin $(BUILD) || exit 1; \
	  else \
	    echo "\$$ $$bin"; \
	    $$bin || exit 1; \
	  fi; \
	  echo; \
	done
