# The front door. `make demo` and `make test` work on a fresh Debian 12
# machine: both install what they need first (scripts/install-deps.sh).
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SAMPLE_ROWS ?= 100000
# One clang build with ASan + UBSan and libFuzzer's coverage serves both the
# sanitizer suite and the fuzzers (docs/testing.md): on 2 cores a second
# instrumented build of everything would cost more than the fuzzing itself.
SANITIZE_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZERS = policy expr csv jsonl column_codec normalizers events

.PHONY: all deps build install test test-sanitize fuzz demo serve bench clean format

all: build

deps:
	./scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The binary into $(PREFIX)/bin, the docs and examples under $(PREFIX)/share
# (docs/cli.md, "Installing"); DESTDIR stages it for a package.
PREFIX ?= /usr/local
install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD_DIR) --prefix $(PREFIX)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

$(SANITIZE_DIR)/CMakeCache.txt:
	CC=clang CXX=clang++ cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DACCTSEG_FUZZ=ON -DACCTSEG_BUILD_BENCH=OFF

# The whole suite built with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report fails the test that triggered it.
test-sanitize: deps $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS)

# Every fuzz harness (fuzz/) for FUZZ_SECONDS each; a crash fails.
fuzz: deps $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j $(JOBS) $(addprefix --target fuzz_,$(FUZZERS))
	./fuzz/run.sh $(SANITIZE_DIR) $(FUZZ_SECONDS) $(FUZZERS)

# Runs the seed policy on the bundled sample universe (examples/data).
demo: build
	./scripts/demo.sh $(BUILD_DIR)

# Serves the live demo (examples/live over the bundled sample) on 127.0.0.1:8080.
serve: build
	./scripts/serve.sh $(BUILD_DIR)

bench: build
	./bench/run_bench.sh

format:
	find src apps bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR)
