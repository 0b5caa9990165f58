# debug.mk — gdb stops on .ac lines of translated code and prints locals.

check: check-debug

.PHONY: check-debug
check-debug: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(abspath $(ACC)) LOG=$(call suite_log,debug) \
	  WORK=$(abspath $(BUILD))/tests/debug EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/run_debug.sh
