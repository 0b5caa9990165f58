# lower.mk — the coroutine lowering's table-driven corpus (tests/lower/):
# each program against its plain-C or Python asyncio twin.

check: check-lower

.PHONY: check-lower
check-lower: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(ACC) INC=$(RT_INC) LOG=$(call suite_log,lower) \
	  WORK=$(BUILD)/tests/lower EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/run_lower.sh
