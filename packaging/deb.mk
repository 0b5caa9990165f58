# deb.mk — `make deb`: Debian binary packages with dpkg-deb, and `make
# check-packaging`: installs them into a scratch root and builds and runs a
# sample with the packaged acc alone (packaging/check.sh).
#
#   acc          the compiler, the CMake package, the Make fragment, acc(1)
#   libacrt0     the shared runtime libacrt.so.0
#   libacrt-dev  headers, libacrt.a, libacrt.so, acrt.pc, libacrt(3)
#
# The packaged tree is built with PREFIX=/usr in its own build directory
# ($(DEB_DIR)/build), so the everyday build under $(BUILD) is not rebuilt.

DEB_DIR     := build/deb
DEB_VERSION := $(VERSION)-1

.PHONY: deb check-packaging

deb: $(DEPS_STAMP)
	@rm -rf $(DEB_DIR)/stage $(DEB_DIR)/pkg $(DEB_DIR)/*.deb && mkdir -p $(DEB_DIR)
	$(MAKE) --no-print-directory BUILD=$(DEB_DIR)/build PREFIX=/usr SAN= \
	  DESTDIR=$(abspath $(DEB_DIR)/stage) install > $(DEB_DIR).log 2>&1 || \
	  { tail -30 $(DEB_DIR).log; exit 1; }
	sh packaging/build-deb.sh $(DEB_DIR) $(DEB_VERSION)

check-packaging: deb
	@mkdir -p $(RESULTS)
	@sh packaging/check.sh $(DEB_DIR) $(DEB_VERSION) \
	  $(abspath $(RESULTS))/packaging.log
