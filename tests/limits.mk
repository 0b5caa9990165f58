# limits.mk — acc at the edges of its input: nesting hundreds of thousands
# of levels deep on a 1 MB stack, lists of 200,000 items, line markers that
# name devices, FIFOs, huge files or 70,000 different files.  Each must give
# a translation or a clean `file:line:col: error:`, in bounded time and
# memory; long lists (bench/g_compiler/gen_lists.py) translate in linear
# time and the programs compute what they should.  See tests/run_limits.sh.

check: check-limits

.PHONY: check-limits
check-limits: $(ACC) $(RUNTIME_INSTALLED)
	@mkdir -p $(RESULTS)
	@CC='$(CC)' ACC=$(ACC) LOG=$(call suite_log,limits) \
	  WORK=$(BUILD)/tests/limits EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/run_limits.sh
