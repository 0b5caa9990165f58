# samples.mk — the sample programs (samples/NAME.ac) against their expected
# output (samples/NAME.out), built with the in-tree acc and run under the
# virtual clock: see tests/run_samples.sh.  Samples without a .out file
# (network, servers) are skipped here and bring their own tests.

check: check-samples

.PHONY: check-samples
check-samples: $(ACC) $(RUNTIME_INSTALLED)
	@mkdir -p $(RESULTS)
	@rm -f $(RESULTS)/$(VARIANT)-samples.log
	@CC='$(CC)' ACC=$(ACC) LOG=$(RESULTS)/$(VARIANT)-samples.log \
	  WORK=$(BUILD)/tests/samples EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/run_samples.sh
