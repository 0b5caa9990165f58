# compiler.mk — builds acc: the driver (main.c) and the translator phases.
# flex and bison outputs are generated under $(BUILD)/compiler/ and never
# committed.  All phases but the driver go into libacc.a so unit tests can
# link single phases.

comma := ,
ACC_PREFIX_DEF := -DACC_PREFIX='"$(PREFIX)"' -DACC_VERSION='"$(VERSION)"' \
                  -DACC_RT_LIBS='$(patsubst %,"%"$(comma),$(UV_LIBS))' \
                  -DACC_RT_CFLAGS='$(patsubst %,"%"$(comma),$(RT_CFLAGS))'

ACC_SRCS := $(filter-out compiler/main.c,$(wildcard compiler/*.c))
ACC_OBJS := $(ACC_SRCS:compiler/%.c=$(BUILD)/compiler/%.o)
ACC_GEN_OBJS := $(BUILD)/compiler/parser.o $(BUILD)/compiler/lexer.o
ACC_LIB  := $(BUILD)/compiler/libacc.a
ACC      := $(BUILD)/bin/acc

# Generated code is compiled with the project's flags minus a short, named
# list of relaxations that flex's and bison's skeletons need.
GEN_RELAX := -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes \
             -Wno-unused-parameter -Wno-shadow

all: $(ACC)

# Grouped target: one bison run makes both parser.c and parser.h.
$(BUILD)/compiler/parser.c $(BUILD)/compiler/parser.h &: compiler/parser.y | $(DEPS_STAMP)
	@mkdir -p $(BUILD)/compiler
	bison -Wall -Werror -o $(BUILD)/compiler/parser.c \
	  --header=$(BUILD)/compiler/parser.h compiler/parser.y
	@# LAC runs only when the parser's state asks for it (parse_unit in
	@# parser.y): bison has no run-time switch, so its one call is guarded.
	sed -i 's/switch (yy_lac (yyesa, &yyes, &yyes_capacity, yyssp, yytoken))/switch (!u->parser->lac ? 0 : yy_lac (yyesa, \&yyes, \&yyes_capacity, yyssp, yytoken))/' \
	  $(BUILD)/compiler/parser.c
	@grep -q 'u->parser->lac ? 0 : yy_lac' $(BUILD)/compiler/parser.c || \
	  { echo "compiler.mk: bison's LAC call not found in parser.c" >&2; exit 1; }

$(BUILD)/compiler/lexer.c $(BUILD)/compiler/lexer.h &: compiler/lexer.l $(BUILD)/compiler/parser.h | $(DEPS_STAMP)
	@mkdir -p $(BUILD)/compiler
	@# No rule may need backing up: with none, flex's inner loop is one
	@# table look-up per character (lexer.l, unterminated_prefix).
	flex --warn -o $(BUILD)/compiler/lexer.c \
	  --header-file=$(BUILD)/compiler/lexer.h \
	  --backup-file=$(BUILD)/compiler/lexer.backup compiler/lexer.l
	@grep -q '^No backing up' $(BUILD)/compiler/lexer.backup || \
	  { echo "compiler.mk: lexer.l needs backing up (see $(BUILD)/compiler/lexer.backup)" >&2; \
	    rm -f $(BUILD)/compiler/lexer.c; exit 1; }

$(BUILD)/compiler/parser.o: $(BUILD)/compiler/parser.c $(BUILD)/compiler/lexer.h $(BUILD_CONFIG)
	$(CC) $(BASEFLAGS) $(WARN) $(GEN_RELAX) -Icompiler -I$(BUILD)/compiler -c $< -o $@

$(BUILD)/compiler/lexer.o: $(BUILD)/compiler/lexer.c $(BUILD_CONFIG)
	$(CC) $(BASEFLAGS) $(WARN) $(GEN_RELAX) -Icompiler -I$(BUILD)/compiler -c $< -o $@

# Hand-written phases see the generated headers, so they wait for them.
$(BUILD)/compiler/%.o: compiler/%.c $(BUILD)/compiler/parser.h $(BUILD)/compiler/lexer.h $(BUILD_CONFIG) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ACC_PREFIX_DEF) -Icompiler -I$(BUILD)/compiler -c $< -o $@

$(ACC_LIB): $(ACC_OBJS) $(ACC_GEN_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(ACC): $(BUILD)/compiler/main.o $(ACC_LIB) $(RUNTIME_INSTALLED)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $(BUILD)/compiler/main.o $(ACC_LIB) -o $@

-include $(ACC_OBJS:.o=.d) $(ACC_GEN_OBJS:.o=.d) $(BUILD)/compiler/main.d
