# frontend.mk — acc's front end seen from outside: golden first error lines
# for malformed inputs, every header parsed without recovery, deep nesting,
# junk and truncated input.  See tests/run_frontend.sh.

check: check-frontend

.PHONY: check-frontend
check-frontend: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(ACC) LOG=$(call suite_log,frontend) \
	  WORK=$(BUILD)/tests/frontend sh tests/run_frontend.sh
