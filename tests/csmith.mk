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
