# acc.mk — Async C for Makefiles (GNU make), installed as
# <prefix>/share/acc/acc.mk.
#
#   AC_OBJDIR := build             # objects go here (default: .); set it first
#   include /usr/local/share/acc/acc.mk
#   OBJS := $(call ac_objects,src/main.ac src/net.ac)   # with :=
#   app: $(OBJS) ; $(AC_LINK)
#
# - `%.ac` -> `$(AC_OBJDIR)/%.o` with $(ACC) $(ACFLAGS) $(CPPFLAGS), the
#   object's directory created as needed;
# - every object gets a dependency file beside it (acc -MMD -MP), and
#   ac_objects includes those that exist, so editing a header rebuilds
#   exactly the objects that include it;
# - $(AC_LINK) links the prerequisites into $@ with acc (the runtime is
#   linked in; .o, .a, .c prerequisites and $(LDLIBS) are passed on).
#
# Variables: ACC (the compiler; default: acc beside this file's prefix, else
# acc on the PATH), ACFLAGS (default: $(CFLAGS)), CPPFLAGS, LDFLAGS, LDLIBS,
# AC_OBJDIR.  Sources given with a path keep it under AC_OBJDIR
# (src/net.ac -> build/src/net.o); a `..` in a path is kept too, so give
# sources relative to the Makefile's directory.

AC_MK_DIR := $(dir $(lastword $(MAKEFILE_LIST)))
ifeq ($(origin ACC),undefined)
  ACC := $(or $(wildcard $(abspath $(AC_MK_DIR)../../bin/acc)),acc)
endif
ACFLAGS   ?= $(CFLAGS)
AC_OBJDIR ?= .

# $(call ac_objects,SOURCES): the objects of SOURCES under $(AC_OBJDIR);
# also reads their dependency files (keeping make's default goal as it was).
ac_objects = $(eval AC_GOAL_ := $(.DEFAULT_GOAL))$(eval -include $(wildcard $(patsubst %.ac,$(AC_OBJ_PATTERN:.o=.d),$(1))))$(eval .DEFAULT_GOAL := $(AC_GOAL_))$(patsubst %.ac,$(AC_OBJ_PATTERN),$(1))

AC_LINK = mkdir -p $(@D) && $(ACC) $(ACFLAGS) $(LDFLAGS) $(filter-out %.h,$^) $(LDLIBS) -o $@

AC_OBJ_PATTERN := $(if $(filter .,$(AC_OBJDIR)),%.o,$(AC_OBJDIR)/%.o)
$(AC_OBJ_PATTERN): %.ac
	@mkdir -p $(@D)
	$(ACC) $(ACFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@
