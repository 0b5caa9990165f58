# buildsys.mk — Async C in CMake, Meson and make, and what `make install`
# gives them: the CMake package, the Make fragment, pkg-config and the shared
# library, the man pages, the documentation's examples, the dependency
# split, compile_commands.json and the editor files (tests/buildsys/run.sh).
#
# Plain variant only: these tests exercise the installed tree and the build
# systems, not the runtime's memory safety, and the sanitizer build would
# only double their time.

BUILDSYS_WORK := $(BUILD)/tests/buildsys

.PHONY: check-buildsys
check: check-buildsys

check-buildsys: all
ifeq ($(SAN),)
	@rm -rf $(BUILDSYS_WORK) && mkdir -p $(BUILDSYS_WORK) $(RESULTS)
	@MAKE='$(MAKE)' CC='$(CC)' ACC='$(abspath $(ACC))' \
	  BUILD='$(abspath $(BUILD))' WORK='$(abspath $(BUILDSYS_WORK))' \
	  LOG='$(abspath $(call suite_log,buildsys))' VERSION='$(VERSION)' \
	  PREFIX='$(PREFIX)' timeout 1200 sh tests/buildsys/run.sh; st=$$?; \
	  [ $$st -le 1 ] || echo "[FAIL] buildsys: the runner stopped (status $$st)" | \
	  tee -a $(call suite_log,buildsys); exit $$st
else
	@echo "buildsys: plain variant only (see tests/buildsys.mk)"
endif
