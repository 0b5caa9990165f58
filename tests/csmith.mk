# csmith.mk — random differential testing of the lowering on a few fixed
# seeds (tests/csmith/run_csmith.sh runs any number: 200+ during
# development, see the issue's closing note).

CSMITH_SEEDS := 1 2 3 4 5 6 7 8

check: check-csmith

.PHONY: check-csmith
check-csmith: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(ACC) LOG=$(call suite_log,csmith) \
	  WORK=$(BUILD)/tests/csmith EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/csmith/run_csmith.sh $(CSMITH_SEEDS)

# The same seeds through acc's own test mode (acc --all-async, docs/acc.md)
# instead of asyncify.py: every function async, every call an await.
# More seeds: make check-csmith-async CSMITH_SEEDS="$(seq 1 200)".
check: check-csmith-async

.PHONY: check-csmith-async
check-csmith-async: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(ACC) LOG=$(call suite_log,csmith-async) ALL_ASYNC=1 \
	  WORK=$(BUILD)/tests/csmith-async EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/csmith/run_csmith.sh $(CSMITH_SEEDS)
