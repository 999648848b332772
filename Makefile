# BoxOffice — two commands on a fresh Debian machine (as root):
#   make demo   runs the demo job on an embedded data file, demo.boxoffice/
#   make test   runs every test
# Both install missing system packages with apt-get first.

SWIFT ?= swift
DEMO_PATH ?= demo.boxoffice
# Debian packages the build and the tests need.
APT_PACKAGES := liblmdb-dev lmdb-utils libsodium-dev pkg-config python3 valgrind

BUILD_DIR := .build/debug
C_FLAGS := -std=c99 -Wall -Wextra -Wpedantic -Werror -IInclude -Ibindings/c/tests
C_LINK := -L$(BUILD_DIR) -lboxoffice -Wl,-rpath,$(CURDIR)/$(BUILD_DIR)
VALGRIND := valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99

.PHONY: all deps build demo test clean header header-check c-test

all: build

# Installs whatever of APT_PACKAGES is missing (needs root; runs apt-get update first).
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

demo: deps
	$(SWIFT) build --product BoxOfficeDemo
	rm -rf $(DEMO_PATH)
	$(SWIFT) run --skip-build BoxOfficeDemo $(DEMO_PATH)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(MAKE) header-check c-test

# Include/boxoffice.h from the Swift sources (commit the result).
header: deps
	$(SWIFT) build --product boxoffice
	python3 scripts/make_header.py $(BUILD_DIR) Include/boxoffice.h

# Fails when regenerating the header would change it, and compiles it as C99, with clang and as C++.
header-check: deps
	$(SWIFT) build --product boxoffice
	python3 scripts/make_header.py $(BUILD_DIR) $(BUILD_DIR)/boxoffice.h
	@diff -u Include/boxoffice.h $(BUILD_DIR)/boxoffice.h || { echo "Include/boxoffice.h is stale: run 'make header' and commit it"; exit 1; }
	@printf '#include "boxoffice.h"\nint main(void) { return bo_version_number() == BOXOFFICE_VERSION_NUMBER ? 0 : 1; }\n' > $(BUILD_DIR)/header_check.c
	gcc $(C_FLAGS) -c $(BUILD_DIR)/header_check.c -o $(BUILD_DIR)/header_check_gcc.o
	clang $(C_FLAGS) -c $(BUILD_DIR)/header_check.c -o $(BUILD_DIR)/header_check_clang.o
	g++ -std=c++11 -Wall -Wextra -Wpedantic -Werror -IInclude -x c++ -c $(BUILD_DIR)/header_check.c -o $(BUILD_DIR)/header_check_cxx.o

# The C test suite, each test under valgrind memcheck: 0 errors and 0 leaked blocks.
c-test: deps
	$(SWIFT) build --product boxoffice
	@mkdir -p $(BUILD_DIR)/c-tests
	@for src in bindings/c/tests/test_*.c; do \
		bin=$(BUILD_DIR)/c-tests/$$(basename $$src .c); \
		gcc $(C_FLAGS) $$src -o $$bin $(C_LINK) -lpthread || exit 1; \
		$(VALGRIND) $$bin || exit 1; \
	done

clean:
	rm -rf .build $(DEMO_PATH)
