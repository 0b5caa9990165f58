# install.mk — `make install` and `make uninstall`, and the pkg-config file.
#
#   make install PREFIX=/usr/local DESTDIR=
#
# installs bin/acc, lib/libacrt.a, lib/libacrt.so, lib/pkgconfig/acrt.pc,
# include/acrt.h and every other public runtime header (runtime/include/,
# subdirectories included).  acc finds its runtime relative to its own real
# path, so a DESTDIR staging tree or a moved prefix works as it is; the
# PREFIX compiled into acc is only its fallback.

INSTALL       ?= install
PC_IN         := mk/acrt.pc.in
ACRT_PC       := $(BUILD)/lib/pkgconfig/acrt.pc
# Every public runtime header, relative to runtime/include/.
RT_PUB_HDRS    = $(patsubst runtime/include/%,%,$(shell find runtime/include -type f -name '*.h' 2>/dev/null | sort))
INST           = $(DESTDIR)$(PREFIX)

# The build tree is a prefix too: its acrt.pc points at $(BUILD) itself.
all: $(ACRT_PC)

$(ACRT_PC): $(PC_IN) Makefile
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(abspath $(BUILD))|' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@LIBS@|$(UV_LIBS)|' $< > $@

.PHONY: uninstall

install: all
	$(INSTALL) -d $(INST)/bin $(INST)/lib/pkgconfig $(INST)/include
	$(INSTALL) -m 755 $(ACC) $(INST)/bin/acc
	$(INSTALL) -m 644 $(RT_LIB_A) $(INST)/lib/libacrt.a
	$(INSTALL) -m 755 $(RT_LIB_SO) $(INST)/lib/libacrt.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@LIBS@|$(UV_LIBS)|' $(PC_IN) \
	  > $(INST)/lib/pkgconfig/acrt.pc
	chmod 644 $(INST)/lib/pkgconfig/acrt.pc
	@set -e; for h in $(RT_PUB_HDRS); do \
	  echo "$(INSTALL) -D -m 644 runtime/include/$$h $(INST)/include/$$h"; \
	  $(INSTALL) -D -m 644 runtime/include/$$h $(INST)/include/$$h; \
	done

# Removes exactly the files install put there, then the header
# subdirectories and lib/pkgconfig if that left them empty; bin/, lib/ and
# include/ themselves are left alone.
uninstall:
	rm -f $(INST)/bin/acc $(INST)/lib/libacrt.a $(INST)/lib/libacrt.so \
	  $(INST)/lib/pkgconfig/acrt.pc \
	  $(addprefix $(INST)/include/,$(RT_PUB_HDRS))
	@for d in $(patsubst %/,%,$(filter-out ./,$(dir $(RT_PUB_HDRS)))); do \
	  while [ "$$d" != . ]; do echo "$$d"; d=$$(dirname "$$d"); done; \
	done | sort -ru | while read -r d; do \
	  rmdir "$(INST)/include/$$d" 2>/dev/null || true; done
	@rmdir $(INST)/lib/pkgconfig 2>/dev/null || true
