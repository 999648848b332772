# BoxOffice — two commands on a fresh Debian machine (as root):
#   make demo   runs the demo job on an embedded data file, demo.boxoffice/
#   make test   runs every test
# Both install missing system packages with apt-get first.

SWIFT ?= swift
DEMO_PATH ?= demo.boxoffice
# Debian packages the build and the tests need.
APT_PACKAGES := liblmdb-dev lmdb-utils libsodium-dev libsqlite3-dev pkg-config python3 python3-pip python3-venv valgrind golang-go librsvg2-bin \
	postgresql libpq-dev

BUILD_DIR := .build/debug
# The ids of the demo file's events, one a line (from its export).
C_FLAGS := -std=c99 -Wall -Wextra -Wpedantic -Werror -Ibindings/c/tests
# The C tests build against a copy installed under C_PREFIX, through pkg-config, as users would.
C_PREFIX := $(CURDIR)/$(BUILD_DIR)/c-install
C_LINK := $$(PKG_CONFIG_PATH=$(C_PREFIX)/lib/pkgconfig pkg-config --cflags --libs boxoffice) -Wl,-rpath,$(C_PREFIX)/lib
VALGRIND := valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99

PREFIX ?= /usr/local
CONFIG ?= release
VERSION := $(shell sed -n 's/^\#define BOXOFFICE_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)/\2/p' Sources/CBoxOfficeTypes/include/boxoffice_types.h | paste -sd.)
ABI_MAJOR := $(firstword $(subst ., ,$(VERSION)))

.PHONY: all deps build demo test clean generate generate-check header-check library cli install-library wheel readme-test c-install c-test c-sanitize py-test go-test bench bench-smoke profile install \
	torture torture-quick torture-build fuzz fuzz-quick fuzz-build

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

# `boxoffice demo` writes the sample; then each event's inventory.
demo: deps
	$(SWIFT) build --product boxoffice
	rm -rf $(DEMO_PATH)
	$(BUILD_DIR)/boxoffice demo $(DEMO_PATH)
	@for event in "Jazz Night" "Indie Fest" "Chamber Choir" "Hamlet"; do \
		echo; $(BUILD_DIR)/boxoffice inventory $(DEMO_PATH) "$$event" || exit 1; \
	done
	@echo; $(BUILD_DIR)/boxoffice seats $(DEMO_PATH) Hamlet --rows

test: deps generate-check
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(MAKE) header-check c-test c-sanitize py-test go-test readme-test bench-smoke torture-quick fuzz-quick

# Everything derived from api/*.toml: Swift records, schema and C exports, Include/boxoffice.h,
# the Python and Go bindings' generated files, docs/C_API.md's reference (commit the result).
generate:
	python3 scripts/apigen

# Fails when a generated file is stale or a declaration does not hold (a reused field number),
# and runs the generator's own tests; the example seating plans must be what their script writes.
generate-check:
	python3 scripts/apigen --check
	python3 scripts/make_seating_plans.py --check > /dev/null
	python3 -m unittest discover -s scripts/apigen -p 'test_*.py'

# Checks that the Swift exports have the header's prototypes, and compiles the header as C99, with
# clang and as C++.
header-check: deps
	$(SWIFT) build --product BoxOfficeC
	python3 scripts/check_exports.py $(BUILD_DIR)
	@printf '#include "boxoffice.h"\nint main(void) { return bo_version_number() == BOXOFFICE_VERSION_NUMBER ? 0 : 1; }\n' > $(BUILD_DIR)/header_check.c
	gcc $(C_FLAGS) -IInclude -c $(BUILD_DIR)/header_check.c -o $(BUILD_DIR)/header_check_gcc.o
	clang $(C_FLAGS) -IInclude -c $(BUILD_DIR)/header_check.c -o $(BUILD_DIR)/header_check_clang.o
	g++ -std=c++11 -Wall -Wextra -Wpedantic -Werror -IInclude -x c++ -c $(BUILD_DIR)/header_check.c -o $(BUILD_DIR)/header_check_cxx.o

# A debug copy of the C library under C_PREFIX, for the C, Python and Go tests.
c-install: deps
	rm -rf $(C_PREFIX)
	$(MAKE) --no-print-directory install-library CONFIG=debug PREFIX=$(C_PREFIX)

# Runs the C test suite against the installed copy, each test under valgrind
# memcheck (0 errors, 0 leaked blocks), and drives the kiosk example with demo tickets.
c-test: c-install
	$(SWIFT) build --product boxoffice
	@mkdir -p $(BUILD_DIR)/c-tests
	@for src in bindings/c/tests/test_*.c; do \
		bin=$(BUILD_DIR)/c-tests/$$(basename $$src .c); \
		gcc $(C_FLAGS) $$src -o $$bin $(C_LINK) -lpthread || exit 1; \
		$(VALGRIND) $$bin || exit 1; \
	done
	gcc $(C_FLAGS) bindings/c/examples/kiosk.c -o $(BUILD_DIR)/c-tests/kiosk $(C_LINK)
	gcc $(C_FLAGS) bindings/c/tests/demo_codes.c -o $(BUILD_DIR)/c-tests/demo_codes $(C_LINK)
	bindings/c/tests/kiosk_test.sh "$(VALGRIND) $(BUILD_DIR)/c-tests/kiosk" $(BUILD_DIR)/c-tests/demo_codes $(BUILD_DIR)/boxoffice

# The C tests again, built with AddressSanitizer and UndefinedBehaviorSanitizer on the C side
# (valgrind, in c-test, watches the library; this watches the callers' use of it).
C_SANITIZE := clang -std=c99 -g -O1 -fuse-ld=lld -fsanitize=address,undefined -fno-sanitize-recover=undefined -Wall -Wextra -Werror -Ibindings/c/tests
c-sanitize: c-install
	@mkdir -p $(BUILD_DIR)/c-sanitize
	@for src in bindings/c/tests/test_*.c; do \
		bin=$(BUILD_DIR)/c-sanitize/$$(basename $$src .c); \
		$(C_SANITIZE) $$src -o $$bin $(C_LINK) -lpthread || exit 1; \
		ASAN_OPTIONS=detect_leaks=0 $$bin || exit 1; \
	done

# Reliability (docs/RELIABILITY.md). `make torture` runs the full harness: 200 SIGKILLs during
# durable sales, 200 power cuts per durability mode, I/O errors on every kind of write and sync,
# full disks (a simulated one and a small tmpfs). `torture-quick`, in make test, runs a few of each.
TORTURE_DIR := $(BUILD_DIR)/torture
torture-build: c-install
	@mkdir -p $(TORTURE_DIR)
	gcc -std=c11 -O1 -Wall -Wextra -Werror -shared -fPIC Tests/Torture/shim.c -o $(TORTURE_DIR)/shim.so -ldl -lpthread
	gcc -std=c11 -O1 -Wall -Wextra -Werror -Ibindings/c/tests Tests/Torture/driver.c -o $(TORTURE_DIR)/driver $(C_LINK) -ldl

torture: torture-build
	python3 Tests/Torture/torture.py --json $(TORTURE_DIR)/results.json $(TORTURE_DIR)/driver $(TORTURE_DIR)/shim.so

torture-quick: torture-build
	python3 Tests/Torture/torture.py --quick $(TORTURE_DIR)/driver $(TORTURE_DIR)/shim.so

# libFuzzer targets (Tests/Fuzz): the C entry points that take text, JSON, ids or codes, and
# damaged data files. The library is built a second time, instrumented for libFuzzer and
# AddressSanitizer, in .build-fuzz; each target runs FUZZ_SECONDS from the committed corpus
# (new inputs it finds go to a scratch copy, not the repository).
FUZZ_BUILD := .build-fuzz
FUZZ_DIR := $(FUZZ_BUILD)/targets
FUZZ_SECONDS ?= 300
FUZZ_CC := clang -g -O1 -fuse-ld=lld -fsanitize=fuzzer,address,undefined -IInclude -Ibindings/c/tests
fuzz-build: deps
	$(SWIFT) build --product BoxOfficeC --scratch-path $(FUZZ_BUILD) -Xswiftc -sanitize=fuzzer,address
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) Tests/Fuzz/fuzz_api.c -o $(FUZZ_DIR)/fuzz_api -L$(FUZZ_BUILD)/debug -lBoxOfficeC -Wl,-rpath,$(CURDIR)/$(FUZZ_BUILD)/debug
	$(FUZZ_CC) Tests/Fuzz/fuzz_file.c -o $(FUZZ_DIR)/fuzz_file -L$(FUZZ_BUILD)/debug -lBoxOfficeC -Wl,-rpath,$(CURDIR)/$(FUZZ_BUILD)/debug

fuzz: fuzz-build
	@for target in api file; do \
		rm -rf $(FUZZ_DIR)/corpus-$$target && cp -r Tests/Fuzz/corpus/$$target $(FUZZ_DIR)/corpus-$$target || exit 1; \
		echo "fuzz_$$target: $(FUZZ_SECONDS) s"; \
		$(FUZZ_DIR)/fuzz_$$target -max_total_time=$(FUZZ_SECONDS) -max_len=200000 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/crash-$$target- $(FUZZ_DIR)/corpus-$$target > $(FUZZ_DIR)/$$target.log 2>&1; \
		status=$$?; grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units)" $(FUZZ_DIR)/$$target.log; \
		test $$status -eq 0 || { tail -60 $(FUZZ_DIR)/$$target.log; exit 1; }; \
	done

fuzz-quick:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20

# The Python binding: its pytest suite against the installed C library, and a pip install into a
# throwaway venv.
# The seat map's SVG test runs the debug CLI.
py-test: c-install
	$(SWIFT) build --product boxoffice
	python3 -m pytest --version > /dev/null 2>&1 || python3 -m pip install -q pytest
	python3 -c "import PIL" > /dev/null 2>&1 || python3 -m pip install -q pillow
	cd bindings/python && BOXOFFICE_LIBRARY=$(C_PREFIX)/lib/libboxoffice.so.0 BOXOFFICE_CLI=$(CURDIR)/$(BUILD_DIR)/boxoffice python3 -m pytest -q -p no:cacheprovider tests
	rm -rf $(BUILD_DIR)/py-venv
	python3 -m venv $(BUILD_DIR)/py-venv
	$(BUILD_DIR)/py-venv/bin/pip install -q ./bindings/python
	rm -rf bindings/python/build bindings/python/boxoffice.egg-info
	BOXOFFICE_LIBRARY=$(C_PREFIX)/lib/libboxoffice.so.0 $(BUILD_DIR)/py-venv/bin/python -c 'import boxoffice; print("pip install ok:", boxoffice.__version__)'

# A platform wheel of the Python binding carrying the self-contained library (CONFIG=release by
# default), in dist/: `pip install dist/boxoffice-*.whl` needs no Swift and no make install.
WHEEL_SRC := .build/wheel-src
wheel: library
	rm -rf $(WHEEL_SRC) && mkdir -p $(WHEEL_SRC) dist
	cp -r bindings/python/pyproject.toml bindings/python/README.md bindings/python/boxoffice $(WHEEL_SRC)/
	cp $(LIBRARY) $(WHEEL_SRC)/boxoffice/libboxoffice.so.0
	strip --strip-unneeded $(WHEEL_SRC)/boxoffice/libboxoffice.so.0
	rm -f dist/boxoffice-*.whl  # one wheel, so that `pip install dist/boxoffice-*.whl` is unambiguous
	python3 -m pip wheel --no-deps -q -w dist $(WHEEL_SRC) \
		--config-settings=--build-option=--plat-name=$$(python3 -c 'import sysconfig; print(sysconfig.get_platform().replace("-", "_").replace(".", "_"))')
	@ls -l dist/boxoffice-$(VERSION)-*.whl

# The README's quick starts, run as written (C, Python, Go, CLI) with a scratch HOME: make install
# into ~/.local, make wheel and a fresh venv, a Go module with the replace directive.
readme-test: deps
	python3 Tests/Readme/readme_test.py

# The Go binding: go vet and the race detector, against the installed C library.
go-test: c-install
	cd bindings/go && PKG_CONFIG_PATH=$(C_PREFIX)/lib/pkgconfig LD_LIBRARY_PATH=$(C_PREFIX)/lib go vet ./...
	cd bindings/go && PKG_CONFIG_PATH=$(C_PREFIX)/lib/pkgconfig LD_LIBRARY_PATH=$(C_PREFIX)/lib go test -race -count=1 ./...

# Benchmarks (their own package in Benchmarks/, plus three C programs in Benchmarks/c): release
# builds and the full run, which prints a table and writes every figure and ratio to
# Benchmarks/results/latest.json (see docs/PERFORMANCE.md). The run goes on inside a private
# PostgreSQL cluster in a temporary directory (scripts/postgres_cluster.sh run), for bench_postgres;
# it is stopped and removed when the run ends, also when it fails.
BENCH_PREFIX := $(CURDIR)/Benchmarks/.build/c-install
BENCH_CC := gcc -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE
# The raw-LMDB floor, the C-ABI driver (against the libboxoffice under $(1)) and the PostgreSQL
# driver (libpq), built into $(2).
define bench_programs
	@mkdir -p $(2)
	$(BENCH_CC) Benchmarks/c/bench.c Benchmarks/c/floor.c -o $(2)/bench_floor -llmdb -lpthread
	$(BENCH_CC) Benchmarks/c/bench.c Benchmarks/c/cabi.c -o $(2)/bench_cabi $$(PKG_CONFIG_PATH=$(1)/lib/pkgconfig pkg-config --cflags --libs boxoffice) -Wl,-rpath,$(1)/lib -lpthread
	$(BENCH_CC) Benchmarks/c/bench.c Benchmarks/c/postgres.c -o $(2)/bench_postgres $$(pkg-config --cflags --libs libpq) -lpthread
endef

bench: deps
	$(MAKE) --no-print-directory install-library CONFIG=release PREFIX=$(BENCH_PREFIX)
	$(call bench_programs,$(BENCH_PREFIX),Benchmarks/.build/c)
	cd Benchmarks && $(SWIFT) build -c release
	python3 scripts/profile.py Benchmarks/.build/release/BoxOfficeBench hold3 3000 --json Benchmarks/.build/instructions.json
	cd Benchmarks && ../scripts/postgres_cluster.sh run .build/release/BoxOfficeBench --floor .build/c/bench_floor --cabi .build/c/bench_cabi \
		--postgres .build/c/bench_postgres --instructions .build/instructions.json --out results/latest.json $(BENCH_ARGS)

# Instructions per call of one workload's main operations (callgrind), so that a change can show
# its cost: make profile WORKLOAD=hold3 (hold3, hold3_priced, hold_confirm, release, expire,
# availability) [ITERATIONS=2000].
WORKLOAD ?= hold3
ITERATIONS ?= 2000
profile: deps
	cd Benchmarks && $(SWIFT) build -c release
	python3 scripts/profile.py Benchmarks/.build/release/BoxOfficeBench $(WORKLOAD) $(ITERATIONS)

# A tiny run of every system in debug, so the benchmarks always still build and run.
bench-smoke: c-install
	$(call bench_programs,$(C_PREFIX),$(BUILD_DIR)/bench-c)
	cd Benchmarks && $(SWIFT) build
	cd Benchmarks && ../scripts/postgres_cluster.sh run .build/debug/BoxOfficeBench --smoke --floor ../$(BUILD_DIR)/bench-c/bench_floor \
		--cabi ../$(BUILD_DIR)/bench-c/bench_cabi --postgres ../$(BUILD_DIR)/bench-c/bench_postgres --out .build/smoke.json

# libboxoffice.so: the Swift objects SwiftPM compiled, linked by swiftc with the Swift runtime and
# FoundationEssentials statically (SwiftPM's --static-swift-stdlib applies to executables only), so
# that it needs only liblmdb, libsodium and libc/libstdc++ at run time; exports only bo_*.
# FoundationEssentials' own static dependencies are named (the objects were compiled against the
# shared one, which contains them), and --no-undefined makes anything else missing a link error.
LIBRARY = .build/$(CONFIG)/libboxoffice.so
library: deps
	$(SWIFT) build -c $(CONFIG) --product BoxOfficeC
	$(SWIFT)c -emit-library -static-stdlib @.build/$(CONFIG)/BoxOfficeC.product/Objects.LinkFileList \
		-l_FoundationCollections -l_FoundationCShims $$(pkg-config --libs lmdb libsodium) \
		-Xlinker -soname=libboxoffice.so.$(ABI_MAJOR) -Xlinker --version-script=bindings/c/libboxoffice.map \
		-Xlinker --no-undefined -o $(LIBRARY)
	python3 scripts/check_library.py $(LIBRARY)

# The CLI, linked statically with the Swift runtime and Foundation. It has its own scratch path: a
# static build compiles against other module files than the library's build.
CLI = .build/static/$(CONFIG)/boxoffice
cli: deps
	$(SWIFT) build -c $(CONFIG) --product boxoffice --static-swift-stdlib --scratch-path .build/static

# `boxoffice` in PREFIX/bin, and the library (install-library).
install: install-library cli
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(CLI) $(DESTDIR)$(PREFIX)/bin/boxoffice

# libboxoffice.so.MAJOR, the header and boxoffice.pc under PREFIX (CONFIG=debug for a quick copy);
# ldconfig when PREFIX is a system one, so that the loader finds the library.
install-library: library
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 0755 $(LIBRARY) $(DESTDIR)$(PREFIX)/lib/libboxoffice.so.$(VERSION)
	ln -sf libboxoffice.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libboxoffice.so.$(ABI_MAJOR)
	ln -sf libboxoffice.so.$(ABI_MAJOR) $(DESTDIR)$(PREFIX)/lib/libboxoffice.so
	install -m 0644 Include/boxoffice.h $(DESTDIR)$(PREFIX)/include/boxoffice.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' bindings/c/boxoffice.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/boxoffice.pc
	@if [ -z "$(DESTDIR)" ] && { [ "$(PREFIX)" = /usr ] || grep -qsx '$(PREFIX)/lib' /etc/ld.so.conf /etc/ld.so.conf.d/*.conf; }; then \
		echo ldconfig; ldconfig; fi

clean:
	rm -rf .build $(DEMO_PATH)
