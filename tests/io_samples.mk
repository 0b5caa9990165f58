# tests/io_samples.mk — the I/O samples tested against each other
# (tests/run_io_samples.sh): echo_server with echo_client, http_server with
# python3.  Servers run on 127.0.0.1 on free ports and are always killed.
# Results: $(RESULTS)/$(VARIANT)-io.log.  These samples have no .out file
# (they are servers), so the sample runner leaves them to this suite.

IO_SAMPLE_BINS := $(BUILD)/samples/echo_server $(BUILD)/samples/echo_client \
                  $(BUILD)/samples/http_server

.PHONY: check-io-samples
check: check-io-samples
check-io-samples: $(IO_SAMPLE_BINS)
	@sh tests/run_io_samples.sh $(BUILD)/samples $(RESULTS)/$(VARIANT)-io.log || true
