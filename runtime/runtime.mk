# runtime.mk — builds libacrt (static and shared) and lays it out under
# $(BUILD) like an install prefix: lib/libacrt.a, lib/libacrt.so,
# include/acrt.h (and the other public headers).
#
# The shared library is lib/libacrt.so.$(VERSION) with the SONAME
# libacrt.so.$(RT_MAJOR) and the usual symlinks (libacrt.so.MAJOR for the
# dynamic linker, libacrt.so for -lacrt); it exports only the public API
# (the version script $(RT_MAP), made by mk/acrt-map.sh from the headers).

RT_SRCS := $(wildcard runtime/src/*.c)
RT_OBJS := $(RT_SRCS:runtime/src/%.c=$(BUILD)/runtime/%.o)
RT_HDRS := $(wildcard runtime/include/*.h)
RT_LIB_A  := $(BUILD)/lib/libacrt.a
RT_LIB_SO := $(BUILD)/lib/libacrt.so
RT_MAJOR  := $(firstword $(subst ., ,$(VERSION)))
RT_SONAME := libacrt.so.$(RT_MAJOR)
RT_LIB_SO_REAL := $(BUILD)/lib/libacrt.so.$(VERSION)
RT_MAP    := $(BUILD)/runtime/acrt.map
RT_INC    := $(BUILD)/include
# Everything an in-tree acc needs from the runtime, at its install paths.
RUNTIME_INSTALLED := $(RT_LIB_A) $(RT_LIB_SO) $(RT_HDRS:runtime/include/%=$(RT_INC)/%)

all: $(RUNTIME_INSTALLED)

$(BUILD)/runtime/%.o: runtime/src/%.c $(BUILD_CONFIG) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -Iruntime/include -Iruntime/src -c $< -o $@

$(RT_LIB_A): $(RT_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

$(RT_LIB_SO_REAL): $(RT_OBJS) $(RT_MAP)
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -Wl,-soname,$(RT_SONAME) \
	  -Wl,--version-script=$(RT_MAP) $(RT_OBJS) -o $@ $(UV_LIBS)

$(RT_MAP): mk/acrt-map.sh $(RT_HDRS)
	@mkdir -p $(@D)
	sh mk/acrt-map.sh $(RT_HDRS) > $@

$(RT_LIB_SO): $(RT_LIB_SO_REAL)
	ln -sf $(notdir $<) $(@D)/$(RT_SONAME)
	ln -sf $(RT_SONAME) $@

$(RT_INC)/%.h: runtime/include/%.h
	@mkdir -p $(@D)
	cp $< $@

-include $(RT_OBJS:.o=.d)
