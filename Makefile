# BoxOffice — two commands on a fresh Debian machine (as root):
#   make demo   runs the demo job on an embedded data file, demo.boxoffice/
#   make test   runs every test
# Both install missing system packages with apt-get first.

SWIFT ?= swift
DEMO_PATH ?= demo.boxoffice
# Debian packages the build and the tests need.
APT_PACKAGES := liblmdb-dev lmdb-utils libsodium-dev pkg-config

.PHONY: all deps build demo test clean

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

clean:
	rm -rf .build $(DEMO_PATH)
