# format.mk — `make format` rewrites the C sources in the style of
# .clang-format; `make check-format` fails, naming the files, when one is
# not formatted (it changes nothing).  Hand-written C only: not the .ac
# programs, not the corpus (test inputs keep their shape), not flex/bison
# output.

CLANG_FORMAT ?= clang-format
FORMAT_SRCS = $(sort $(wildcard compiler/*.[ch] runtime/src/*.[ch] \
  runtime/include/*.h runtime/include/*/*.h tests/unit/*/*.[ch] \
  tests/unit/*/*/*.[ch] bench/*/*.[ch]))

.PHONY: format check-format
format: | $(DEPS_STAMP)
	$(CLANG_FORMAT) -i $(FORMAT_SRCS)

check-format: | $(DEPS_STAMP)
	@bad=; for f in $(FORMAT_SRCS); do \
	  $(CLANG_FORMAT) --dry-run -Werror "$$f" > /dev/null 2>&1 || bad="$$bad $$f"; \
	done; \
	if [ -n "$$bad" ]; then \
	  echo "check-format: not formatted (run make format):$$bad"; exit 1; \
	else \
	  echo "check-format: $(words $(FORMAT_SRCS)) files formatted"; \
	fi
