# samples.mk — `make demo`: builds acc and the runtime, then builds and
# runs every sample in samples/ with acc, printing what a newcomer sees.

SAMPLE_SRCS := $(sort $(wildcard samples/*.ac))
SAMPLE_BINS := $(SAMPLE_SRCS:samples/%.ac=$(BUILD)/samples/%)

$(BUILD)/samples/%: samples/%.ac $(ACC) $(RUNTIME_INSTALLED)
	@mkdir -p $(@D)
	$(ACC) -O2 -Wall -Wextra $< -o $@

.PHONY: demo
demo: all $(SAMPLE_BINS)
	@if [ -z "$(SAMPLE_SRCS)" ]; then \
	  echo "acc and libacrt are built ($(ACC)); no samples yet."; \
	fi
	@for s in $(SAMPLE_BINS); do \
	  echo "==> $$s"; \
	  $$s || exit 1; \
	  echo; \
	done
