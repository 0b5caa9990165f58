# torture.mk — GCC's own torture execute tests (gcc.c-torture/execute, from
# Debian's gcc-12-source package, which the dependency step installs)
# through acc, with gcc and with clang, each compared with the plain
# compiler: the same compile success, and the same exit status and output.
# tests/torture/run_torture.sh does the work; tests/torture/expected-failures
# lists the tests that differ for a known reason.  Not part of `make check`
# (it takes about half an hour on a loaded 2-core machine); .ci/run runs it.
#
#   make check-torture                          every test, gcc and clang
#   make check-torture TORTURE_CCS=gcc          one compiler
#   make check-torture TORTURE_TESTS='pr1234.c 2001*.c'   some tests
#   make check-torture TORTURE_ACCFLAGS=...     extra flags for acc only
#                                               (e.g. a translator mode)

TORTURE_TARBALL  ?= $(firstword $(wildcard /usr/src/gcc-12/gcc-*.tar.*))
TORTURE_SRC      := $(BUILD)/torture-src
TORTURE_CCS      ?= gcc clang
TORTURE_ACCFLAGS ?=
TORTURE_TESTS    ?=
TORTURE_JOBS     ?= 2

.PHONY: check-torture
check-torture: $(ACC) $(RUNTIME_INSTALLED) $(TORTURE_SRC)/.stamp | $(DEPS_STAMP)
	@SRC='$(TORTURE_SRC)/execute' ACC='$(abspath $(ACC))' \
	  CCS='$(TORTURE_CCS)' ACCFLAGS='$(TORTURE_ACCFLAGS)' \
	  JOBS='$(TORTURE_JOBS)' WORK='$(BUILD)/tests/torture' \
	  LOG='$(call suite_log,torture)' \
	  sh tests/torture/run_torture.sh $(TORTURE_TESTS)

# The same through the all-async test mode (acc --all-async: every function
# of the test async, every call of one an await), with gcc: every torture
# test then also tests the lowering.  .ci/run runs it after check-torture.
.PHONY: check-torture-async
check-torture-async: $(ACC) $(RUNTIME_INSTALLED) $(TORTURE_SRC)/.stamp | $(DEPS_STAMP)
	@SRC='$(TORTURE_SRC)/execute' ACC='$(abspath $(ACC))' \
	  CCS='gcc' ACCFLAGS='--all-async $(TORTURE_ACCFLAGS)' \
	  JOBS='$(TORTURE_JOBS)' WORK='$(BUILD)/tests/torture-async' \
	  LOG='$(call suite_log,torture-async)' SUITE=torture-async \
	  EXPECTED='$(abspath tests/torture/expected-failures-async)' \
	  sh tests/torture/run_torture.sh $(TORTURE_TESTS)

# Only the execute tests are unpacked from the tarball.
$(TORTURE_SRC)/.stamp: | $(DEPS_STAMP)
	@test -n '$(TORTURE_TARBALL)' || { echo 'no /usr/src/gcc-12/gcc-*.tar.*: install gcc-12-source' >&2; exit 1; }
	@rm -rf $(TORTURE_SRC) && mkdir -p $(TORTURE_SRC)
	@echo "unpacking gcc.c-torture/execute from $(TORTURE_TARBALL)"
	@tar -xf '$(TORTURE_TARBALL)' -C $(TORTURE_SRC) --strip-components=4 \
	  --wildcards '*/gcc/testsuite/gcc.c-torture/execute/*'
	@touch $@
