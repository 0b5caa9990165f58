# http.mk — the HTTP client and the download sample (tests/http/run.sh):
# concurrent downloads from local servers, every byte checked, overlap in
# time, error paths, cancellation.  Loopback only; about 5 s.

check: check-http

.PHONY: check-http
check-http: $(ACC) $(RUNTIME_INSTALLED)
	@CC='$(CC)' ACC=$(ACC) LOG=$(call suite_log,http) \
	  WORK=$(BUILD)/tests/http EXTRA_CFLAGS='$(SANFLAGS)' \
	  sh tests/http/run.sh

# The downloader's part of `make demo`: samples/download.demo starts a local
# server, runs the sample, checks the files and stops the server (the
# samples' demo runs NAME.demo for samples that need a server).  Also on
# its own:
.PHONY: demo-download
demo-download: $(BUILD)/samples/download
	sh samples/download.demo $(BUILD)/samples/download $(BUILD)
