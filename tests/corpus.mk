# corpus.mk — the front-end proof corpus (tests/corpus/*.c): each ordinary C
# program is built by $(CC) and, as a .ac file, by acc; their outputs must be
# identical, and `acc --emit-c` must be deterministic and behave the same.
# tests/run_corpus.sh does the work and writes [PASS]/[FAIL] lines to
# $(RESULTS)/$(VARIANT)-corpus.log.
#
#   make check-corpus                       plain build
#   make check-corpus BUILD=build/san SAN=1 under ASan+UBSan
#   make check-corpus CORPUS_EMIT_C=no      skip the --emit-c checks
#   make check-corpus CORPUS_ACC='gcc -x c -Iruntime/include'   a stand-in acc

CORPUS_EMIT_C ?= yes
CORPUS_JOBS   ?= 2
CORPUS_ACC    ?= $(ACC)

.PHONY: check-corpus
check: check-corpus

check-corpus: $(ACC) $(RUNTIME_INSTALLED) | $(DEPS_STAMP)
	@CC='$(CC)' ACC='$(CORPUS_ACC)' EXTRA_CFLAGS='$(SANFLAGS)' \
	  RT_INC='$(RT_INC)' RT_LIB='$(RT_LIB_A)' RT_LIBS='$(UV_LIBS)' \
	  EMIT_C='$(CORPUS_EMIT_C)' \
	  WORK='$(BUILD)/tests/corpus' LOG='$(call suite_log,corpus)' \
	  JOBS='$(CORPUS_JOBS)' sh tests/run_corpus.sh

# The same corpus with every function async and every call of one an await
# (acc --all-async, docs/acc.md): each program must still behave as plain C.
.PHONY: check-corpus-async
check: check-corpus-async

check-corpus-async: $(ACC) $(RUNTIME_INSTALLED) | $(DEPS_STAMP)
	@CC='$(CC)' ACC='$(ACC) --all-async' EXTRA_CFLAGS='$(SANFLAGS)' \
	  RT_INC='$(RT_INC)' RT_LIB='$(RT_LIB_A)' RT_LIBS='$(UV_LIBS)' \
	  EMIT_C='$(CORPUS_EMIT_C)' SUITE=corpus-async \
	  WORK='$(BUILD)/tests/corpus-async' LOG='$(call suite_log,corpus-async)' \
	  JOBS='$(CORPUS_JOBS)' sh tests/run_corpus.sh
