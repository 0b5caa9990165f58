# sync.mk — Queue, Lock, Event, Condition, Semaphore, Barrier (tests/sync/):
# each program against its Python asyncio twin, run at test time, and the
# queue stress test.  `make test` also runs it on the pass-through pools
# (build/pt) under the sanitizers.

check: check-sync

.PHONY: check-sync
check-sync: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(ACC) INC=$(RT_INC) LIB=$(RT_LIB_A) LIBS='$(UV_LIBS)' \
	  LOG=$(call suite_log,sync) WORK=$(BUILD)/tests/sync \
	  EXTRA_CFLAGS='$(SANFLAGS) $(PTFLAGS)' sh tests/run_sync.sh
