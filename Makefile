# Makefile — builds acc (the Async C compiler) and libacrt (its runtime)
# out of tree under $(BUILD), runs the tests and the samples.
#
# One non-recursive make: each part of the tree describes its own targets in
# a fragment (compiler/compiler.mk, runtime/runtime.mk, one tests/SUITE.mk
# per test suite, samples/samples.mk, bench/bench.mk, mk/install.mk)
# included below.  The build tree is laid out like an
# install prefix (bin/acc, lib/libacrt.a, include/acrt.h), so the in-tree acc
# finds its runtime exactly as an installed one does.
#
#   make              build acc and libacrt
#   make test         build and run every test (also under ASan+UBSan)
#   make check        the test suites on one build; make check-SUITE one suite
#   make format       clang-format the C sources; make check-format checks
#   make demo         build everything and run the samples
#   make install      PREFIX=/usr/local DESTDIR=
#   make clean

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
# SAN=1 builds everything with AddressSanitizer and UndefinedBehaviorSanitizer,
# and acc with ACC_NODE_CHECK (compiler/acc.h: a node's fields apart, and
# every walk checks that only its kind's fields were set); NODE_CHECK=1 that
# alone.
SAN       ?=
NODE_CHECK ?=
# PT=1 builds with -DAC_POOL_PASSTHROUGH: the runtime's pools pass every
# object through to malloc/free, so ASan (with SAN=1) and valgrind see a
# use after free that the pools would hide; that build's acc compiles the
# programs it builds for those pools (RT_CFLAGS).  `make test` runs the
# runtime's suites and the sync suite so (build/pt).
PT        ?=
# Results of every test runner go here; mk/summary.sh adds them up.
RESULTS   := build/results
# VARIANT names the build in test results: the C compiler's family and
# "plain", "san" or "pt" (gcc-plain, clang-san, gcc-pt, ...).  Each suite writes
# $(RESULTS)/$(VARIANT)-SUITE.log, afresh on every run.
CC_KIND   := $(shell $(CC) --version 2>/dev/null | sed -n '1{/clang/{s/.*/clang/p;q};/Free Software\|gcc\|GCC/{s/.*/gcc/p;q}};2{/Free Software/{s/.*/gcc/p;q}}')
VARIANT   := $(or $(CC_KIND),$(notdir $(firstword $(CC))))-$(if $(PT),pt,$(if $(SAN),san,plain))
suite_log  = $(RESULTS)/$(VARIANT)-$(1).log

CFLAGS    ?= -O2 -g
WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wundef -Wwrite-strings
SANITIZE  := -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
SANFLAGS  := $(if $(SAN),$(SANITIZE))
PTFLAGS   := $(if $(PT),-DAC_POOL_PASSTHROUGH)
NODEFLAGS := $(if $(SAN)$(NODE_CHECK),-DACC_NODE_CHECK)
BASEFLAGS := -std=gnu11 -D_GNU_SOURCE $(CFLAGS) $(SANFLAGS) $(PTFLAGS) \
             $(NODEFLAGS) -MMD -MP
ALL_CFLAGS = $(BASEFLAGS) $(WARN)
LDFLAGS   ?=
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

# The libraries every program linked with libacrt needs, in link order: the
# one list.  acc's driver (compiler/compiler.mk passes it as ACC_RT_LIBS),
# acrt.pc (mk/install.mk) and the tests that check them take it from here.
UV_LIBS   := -lcurl -lssl -lcrypto -luv -lpthread -ldl -lm
# The C flags every program built against this build's libacrt needs, the
# one list too: the pass-through pools (PT=1) are an ABI of their own
# (acrt_abi.h).  acc's driver adds them wherever it adds the runtime's
# include directory (compiler/compiler.mk passes them as ACC_RT_CFLAGS),
# and acrt.pc's Cflags carry them.
RT_CFLAGS := $(PTFLAGS)

# The default goal; each fragment adds its products to it.
all:

# The dependency step: installs missing Debian packages (as root) or says
# which command to run.  Everything that compiles waits for it.  Its purpose
# follows the goals: `make` and `make install` need only the build
# dependencies, `make test`/`check*` the test ones too, `make demo` what the
# samples need, `make deb`/`check-packaging` the Debian tools.
DEPS_PURPOSE := $(if $(filter test check check-%,$(MAKECMDGOALS)),test,$(if \
  $(filter demo,$(MAKECMDGOALS)),demo,$(if \
  $(filter deb check-packaging,$(MAKECMDGOALS)),deb,build)))
DEPS_STAMP := $(BUILD)/.deps-$(DEPS_PURPOSE)
$(DEPS_STAMP): mk/deps.sh
	@sh mk/deps.sh $(DEPS_PURPOSE) $@

.PHONY: all deps test check demo install clean bench

deps: $(DEPS_STAMP)

# Objects remember the compiler and flags that built them: changing CC,
# CFLAGS, SAN, PREFIX or VERSION rebuilds what they affect, so a gcc build
# never leaks into `make CC=clang`.
BUILD_CONFIG := $(BUILD)/config.txt
CONFIG_LINE = $(CC) | $(ALL_CFLAGS) | $(PREFIX) | $(VERSION) | $(UV_LIBS)
$(BUILD_CONFIG): FORCE
	@mkdir -p $(@D)
	@echo '$(CONFIG_LINE)' | cmp -s - $@ 2>/dev/null || \
	  echo '$(CONFIG_LINE)' > $@

.PHONY: FORCE
FORCE:

include runtime/runtime.mk
include compiler/compiler.mk
# Test fragments: each adds its suite to `check` (check: check-NAME).
include $(sort $(wildcard tests/*.mk))
-include samples/samples.mk
-include bench/bench.mk
-include mk/install.mk
-include packaging/deb.mk
-include mk/format.mk

# `make check` runs every suite on one build; it and each `make check-SUITE`
# exit non-zero when a test fails.  `make test`: the plain build, then the
# runtime's suites on the pass-through pools under the sanitizers
# (build/pt), and alongside them the sanitizer build (two makes, one per
# core; the sanitizer one's output is kept in build/results/san-output.txt
# and shown when both are done), each with make -k so one failure hides no
# other suite, then the check that the tests left the work tree as they found
# it, then one summary for all (its last line: "N passed, M failed"); it
# exits non-zero if a test failed or a make step broke.  The dependency
# step runs first, alone (two apt-get at once would fight over the lock).
check:

test:
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@sh mk/tree_check.sh save $(RESULTS)/tree-before.txt
	@$(MAKE) --no-print-directory deps DEPS_PURPOSE=test && \
	  $(MAKE) --no-print-directory deps DEPS_PURPOSE=test BUILD=build/san SAN=1
	@broken=; \
	$(MAKE) --no-print-directory -k check BUILD=build/san SAN=1 \
	  > $(RESULTS)/san-output.txt 2>&1 & san=$$!; \
	$(MAKE) --no-print-directory -k check || broken="$$broken $(VARIANT)"; \
	$(MAKE) --no-print-directory -k check-runtime check-sync BUILD=build/pt SAN=1 PT=1 || \
	  broken="$$broken $(subst plain,pt,$(VARIANT))"; \
	wait $$san || broken="$$broken $(subst plain,san,$(VARIANT))"; \
	echo "=== the sanitizer build, run alongside: ==="; \
	cat $(RESULTS)/san-output.txt; \
	$(MAKE) --no-print-directory check-format || broken="$$broken format"; \
	sh mk/tree_check.sh check $(RESULTS)/tree-before.txt \
	  $(RESULTS)/$(VARIANT)-tree.log || broken="$$broken tree"; \
	sh mk/summary.sh $(RESULTS) $$broken

clean:
	rm -rf build

# Directory creation for out-of-tree objects.
$(BUILD)/%/.dir:
	@mkdir -p $(@D) && touch $@
