# samples.mk — the sample programs (samples/NAME.ac) against their expected
# output (samples/NAME.out), built with the in-tree acc and run under the
# virtual clock: see tests/run_samples.sh.  Samples without a .out file
# (network, servers) are skipped here and bring their own tests.

check: check-samples

.PHONY: check-samples
check-samples: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(ACC) LOG=$(call suite_log,samples) \
	  WORK=$(BUILD)/tests/samples EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/run_samples.sh
