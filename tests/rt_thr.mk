# tests/rt_thr.mk — threads, signals, the exception handler, all_tasks,
# eager tasks and debug mode (issue 12 items 5-6): each program in
# tests/rt_thr/ is built with acc and run; its output is compared with its
# asyncio twin (NAME.py, run at test time) or with NAME.out; NAME.err, when
# present, lists patterns (grep -E, one a line) its stderr must match.
# Runs under SAN=1 too (the thread tests under ASan+UBSan).

check: check-rt-thr

.PHONY: check-rt-thr
check-rt-thr: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(ACC) LOG=$(call suite_log,rt-thr) \
	  WORK=$(BUILD)/tests/rt_thr EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/rt_thr/run.sh
