# tests/io_samples.mk — the I/O samples tested against each other
# (tests/run_io_samples.sh): echo_server with echo_client, http_server with
# python3, and both servers under abuse (tests/io_abuse.py; its valgrind
# round only in the plain variant).  Servers run on 127.0.0.1 on free ports
# and are always killed.
# Results: $(RESULTS)/$(VARIANT)-io.log.  These samples have no .out file
# (they are servers), so the sample runner leaves them to this suite.  They
# are built here with the variant's flags (sanitizers under SAN=1, since
# the runtime they link is built that way).

IO_SAMPLE_DIR  := $(BUILD)/io_samples
IO_SAMPLE_BINS := $(IO_SAMPLE_DIR)/echo_server $(IO_SAMPLE_DIR)/echo_client \
                  $(IO_SAMPLE_DIR)/http_server $(IO_SAMPLE_DIR)/accept_fail.so \
                  $(IO_SAMPLE_DIR)/graceful_server

$(IO_SAMPLE_DIR)/%: samples/%.ac $(ACC) $(RUNTIME_INSTALLED)
	@mkdir -p $(@D)
	CC='$(CC)' $(ACC) -O2 -Wall -Wextra $(SANFLAGS) $< -o $@

# A shim that makes accept4 fail (tests/io_abuse.py acceptfail), preloaded
# into a server: no sanitizer, which would want to be loaded first.
$(IO_SAMPLE_DIR)/accept_fail.so: tests/io_accept_fail.c $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -D_GNU_SOURCE $(CFLAGS) $(WARN) -shared -fPIC $< -o $@ -ldl

.PHONY: check-io-samples
check: check-io-samples
check-io-samples: $(IO_SAMPLE_BINS)
	@ASAN_OPTIONS=detect_leaks=1 SAN=$(SAN) sh tests/run_io_samples.sh $(IO_SAMPLE_DIR) \
	  $(call suite_log,io)
