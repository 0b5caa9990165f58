# driver.mk — tests of acc's command line (tests/driver/run.sh): what a user
# of `acc` would notice, from --help to `make install` into a staging prefix.
# Programs built in the sanitizer variant get the sanitizer flags too, since
# libacrt.a is built with them there.

DRIVER_WORK := $(BUILD)/tests/driver

.PHONY: check-driver
check: check-driver

# The line mentions $(MAKE) so the script may run `make install` under the
# same jobserver and command-line variables.
check-driver: all
	@rm -rf $(DRIVER_WORK) && mkdir -p $(DRIVER_WORK)
	@MAKE='$(MAKE)' CC='$(CC)' ACC='$(abspath $(ACC))' \
	  BUILD='$(abspath $(BUILD))' WORK='$(abspath $(DRIVER_WORK))' \
	  LOG='$(abspath $(call suite_log,driver))' VERSION='$(VERSION)' \
	  PREFIX='$(PREFIX)' TEST_CFLAGS='$(SANFLAGS)' RT_LIBS='$(UV_LIBS)' \
	  sh tests/driver/run.sh
