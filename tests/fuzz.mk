# fuzz.mk — the libFuzzer target of the translator (tests/fuzz/fuzz_acc.c).
#
#   make fuzz                     fuzz for FUZZ_TIME seconds (one process)
#   make check-fuzz               regression inputs + a FUZZ_SMOKE_TIME run
#
# The target links a libacc.a built by a sub-make with clang and
# -fsanitize=fuzzer-no-link,address,undefined under $(FUZZ_DIR)/obj, so it
# never mixes with the plain or sanitizer build.  Everything it writes stays
# under $(FUZZ_DIR) (build/fuzz): seeds, corpus, log, reproducers.  `make
# fuzz` keeps going after a finding (-fork=1 -ignore_crashes=1) and lists the
# reproducers at the end; the smoke run in `make test` stops at the first
# one and fails, naming the file.  The check runs once per `make test`, in
# the plain variant (the target is a sanitizer build already).

FUZZ_CC         ?= clang
FUZZ_TIME       ?= 600
FUZZ_SMOKE_TIME ?= 60
FUZZ_FLAGS      ?=
FUZZ_DIR        := build/fuzz
FUZZ_OBJ        := $(FUZZ_DIR)/obj
FUZZ_LIB        := $(FUZZ_OBJ)/compiler/libacc.a
FUZZ_BIN        := $(FUZZ_DIR)/fuzz_acc
# Where the seed corpus comes from; copied, never committed twice.
FUZZ_SEED_SRCS   = $(wildcard tests/corpus/*.c tests/lower/*.ac \
                     tests/lower/multi/*.ac tests/errors/*.ac samples/*.ac \
                     tests/fuzz/seeds/*)

.PHONY: fuzz check-fuzz fuzz-seeds
check: check-fuzz

# The sub-make builds the instrumented library (and knows its header
# dependencies); it includes this file too, so the rule exists only outside.
ifneq ($(BUILD),$(FUZZ_OBJ))
$(FUZZ_LIB): $(wildcard compiler/*.c compiler/*.h) compiler/lexer.l \
             compiler/parser.y | $(DEPS_STAMP)
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_OBJ) CC=$(FUZZ_CC) SAN=1 \
	  CFLAGS='-O1 -g -fsanitize=fuzzer-no-link' $(FUZZ_LIB)
endif

$(FUZZ_BIN): tests/fuzz/fuzz_acc.c $(FUZZ_LIB)
	$(FUZZ_CC) -std=gnu11 -D_GNU_SOURCE -O1 -g $(WARN) $(SANITIZE) \
	  -fsanitize=fuzzer -Icompiler -I$(FUZZ_OBJ)/compiler \
	  tests/fuzz/fuzz_acc.c $(FUZZ_LIB) -o $@

# Seeds are named after their path so equal base names do not collide.
fuzz-seeds:
	@rm -rf $(FUZZ_DIR)/seeds && mkdir -p $(FUZZ_DIR)/seeds
	@for f in $(FUZZ_SEED_SRCS); do \
	  cp "$$f" "$(FUZZ_DIR)/seeds/$$(echo "$$f" | tr / _)"; done

fuzz: $(FUZZ_BIN) fuzz-seeds
	@mkdir -p $(FUZZ_DIR)/corpus
	cd $(FUZZ_DIR) && ./fuzz_acc -fork=1 -ignore_crashes=1 \
	  -ignore_timeouts=1 -ignore_ooms=1 -max_total_time=$(FUZZ_TIME) \
	  -timeout=10 -rss_limit_mb=2048 -close_fd_mask=2 \
	  -dict=$(abspath tests/fuzz/acc.dict) $(FUZZ_FLAGS) corpus seeds \
	  2>&1 | tee fuzz.log
	@r=$$(ls $(FUZZ_DIR) | grep -E '^(crash|timeout|leak|oom)-'); \
	  if [ -n "$$r" ]; then echo "$$r" | sed 's|^|reproducer: $(FUZZ_DIR)/|'; \
	  else echo "fuzz: no reproducer"; fi

check-fuzz: $(if $(SAN),,$(FUZZ_BIN) fuzz-seeds)
	@mkdir -p $(RESULTS)
	@$(if $(SAN),echo "fuzz: runs in the plain variant only",\
	  FUZZ='$(abspath $(FUZZ_BIN))' DIR='$(abspath $(FUZZ_DIR))' \
	  DICT='$(abspath tests/fuzz/acc.dict)' TIME='$(FUZZ_SMOKE_TIME)' \
	  LOG='$(abspath $(call suite_log,fuzz))' sh tests/run_fuzz.sh)
