# install.mk — `make install` and `make uninstall`, and the pkg-config file.
#
#   make install PREFIX=/usr/local DESTDIR=
#
# installs bin/acc, lib/libacrt.a, lib/libacrt.so.VERSION with its
# symlinks libacrt.so.MAJOR and libacrt.so, lib/pkgconfig/acrt.pc,
# include/acrt.h and every other public runtime header (runtime/include/,
# subdirectories included), the CMake package lib/cmake/AsyncC/ (cmake/),
# the Make fragment share/acc/acc.mk and the man pages acc(1), libacrt(3).  acc finds its runtime relative to its own real
# path, so a DESTDIR staging tree or a moved prefix works as it is; the
# PREFIX compiled into acc is only its fallback.

INSTALL       ?= install
PC_IN         := mk/acrt.pc.in
ACRT_PC       := $(BUILD)/lib/pkgconfig/acrt.pc
# Every public runtime header, relative to runtime/include/.
RT_PUB_HDRS    = $(patsubst runtime/include/%,%,$(shell find runtime/include -type f -name '*.h' 2>/dev/null | sort))
INST           = $(DESTDIR)$(PREFIX)
CMAKE_FILES   := AsyncCConfig.cmake CMakeDetermineACCompiler.cmake \
                 CMakeACCompiler.cmake.in CMakeACInformation.cmake \
                 CMakeTestACCompiler.cmake
CMAKE_DIR      = lib/cmake/AsyncC
MAN_PAGES     := man1/acc.1 man3/libacrt.3
# acrt.pc gives programs outside the system library directories an rpath
# to libacrt.so, so they run without LD_LIBRARY_PATH.
pc_rpath = $(if $(filter /usr /usr/,$(1)),,-Wl,-rpath,$${libdir})
pc_subst = sed -e 's|@PREFIX@|$(1)|' -e 's|@VERSION@|$(VERSION)|' \
             -e 's|@LIBS@|$(UV_LIBS)|' \
             -e 's|@CFLAGS@|$(if $(RT_CFLAGS), $(RT_CFLAGS))|' \
             -e 's|@RPATH@|$(call pc_rpath,$(1))|'

# The build tree is a prefix too: its acrt.pc points at $(BUILD) itself.
all: $(ACRT_PC)

$(ACRT_PC): $(PC_IN) Makefile $(BUILD_CONFIG)
	@mkdir -p $(@D)
	$(call pc_subst,$(abspath $(BUILD))) $< > $@

.PHONY: uninstall

install: all
	$(INSTALL) -d $(INST)/bin $(INST)/lib/pkgconfig $(INST)/include
	$(INSTALL) -m 755 $(ACC) $(INST)/bin/acc
	$(INSTALL) -m 644 $(RT_LIB_A) $(INST)/lib/libacrt.a
	$(INSTALL) -m 755 $(RT_LIB_SO_REAL) $(INST)/lib/$(notdir $(RT_LIB_SO_REAL))
	ln -sf $(notdir $(RT_LIB_SO_REAL)) $(INST)/lib/$(RT_SONAME)
	ln -sf $(RT_SONAME) $(INST)/lib/libacrt.so
	$(call pc_subst,$(PREFIX)) $(PC_IN) > $(INST)/lib/pkgconfig/acrt.pc
	chmod 644 $(INST)/lib/pkgconfig/acrt.pc
	$(INSTALL) -d $(INST)/$(CMAKE_DIR) $(INST)/share/acc
	$(INSTALL) -m 644 $(addprefix cmake/,$(CMAKE_FILES)) $(INST)/$(CMAKE_DIR)
	sed -e 's|@VERSION@|$(VERSION)|' cmake/AsyncCConfigVersion.cmake.in \
	  > $(INST)/$(CMAKE_DIR)/AsyncCConfigVersion.cmake
	chmod 644 $(INST)/$(CMAKE_DIR)/AsyncCConfigVersion.cmake
	$(INSTALL) -m 644 mk/acc.mk $(INST)/share/acc/acc.mk
	@set -e; for m in $(MAN_PAGES); do \
	  echo "install man/$$(basename $$m) $(INST)/share/man/$$m"; \
	  $(INSTALL) -d $(INST)/share/man/$$(dirname $$m); \
	  sed 's|@VERSION@|$(VERSION)|' man/$$(basename $$m) > $(INST)/share/man/$$m; \
	  chmod 644 $(INST)/share/man/$$m; \
	done
	@set -e; for h in $(RT_PUB_HDRS); do \
	  echo "$(INSTALL) -D -m 644 runtime/include/$$h $(INST)/include/$$h"; \
	  $(INSTALL) -D -m 644 runtime/include/$$h $(INST)/include/$$h; \
	done

# Removes exactly the files install put there, then the header
# subdirectories and lib/pkgconfig if that left them empty; bin/, lib/ and
# include/ themselves are left alone.
uninstall:
	rm -f $(INST)/bin/acc $(INST)/lib/libacrt.a $(INST)/lib/libacrt.so \
	  $(INST)/lib/$(RT_SONAME) $(INST)/lib/$(notdir $(RT_LIB_SO_REAL)) \
	  $(INST)/lib/pkgconfig/acrt.pc \
	  $(addprefix $(INST)/$(CMAKE_DIR)/,$(CMAKE_FILES) AsyncCConfigVersion.cmake) \
	  $(INST)/share/acc/acc.mk $(addprefix $(INST)/share/man/,$(MAN_PAGES)) \
	  $(addprefix $(INST)/include/,$(RT_PUB_HDRS))
	@for d in $(patsubst %/,%,$(filter-out ./,$(dir $(RT_PUB_HDRS)))); do \
	  while [ "$$d" != . ]; do echo "$$d"; d=$$(dirname "$$d"); done; \
	done | sort -ru | while read -r d; do \
	  rmdir "$(INST)/include/$$d" 2>/dev/null || true; done
	@for d in lib/pkgconfig $(CMAKE_DIR) lib/cmake share/acc share/man/man1 \
	    share/man/man3 share/man; do rmdir $(INST)/$$d 2>/dev/null || true; done
