# compiler.mk — cmocka unit tests of acc's phases, linked against libacc.a
# (every phase but the driver): test_front (scopes, scanner, parser),
# test_sema (the tree's shapes sema's walk assumes), test_frame (the frame
# analysis).

COMPILER_TESTS := $(BUILD)/tests/unit/compiler/test_front \
                  $(BUILD)/tests/unit/compiler/test_sema \
                  $(BUILD)/tests/unit/compiler/test_frame

check: check-compiler

$(BUILD)/tests/unit/compiler/%: tests/unit/compiler/%.c $(ACC_LIB) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Icompiler -I$(BUILD)/compiler \
	  $< $(ACC_LIB) -lcmocka $(ALL_LDFLAGS) -o $@

.PHONY: check-compiler
check-compiler: $(COMPILER_TESTS)
	@sh tests/run_cmocka.sh compiler $(call suite_log,compiler) 60 \
	  $(COMPILER_TESTS)
