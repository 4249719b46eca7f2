# The front door. `make demo` and `make test` work on a fresh Debian 12
# machine: both install what they need first (scripts/install-deps.sh).
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SAMPLE_ROWS ?= 100000
# ASan + UBSan build of everything, and the libFuzzer build (docs/testing.md).
SANITIZE_DIR ?= build-asan
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZERS = policy expr csv column_codec

.PHONY: all deps build test test-sanitize fuzz demo bench clean format

all: build

deps:
	./scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The whole suite built with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report fails the test that triggered it.
test-sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DACCTSEG_SANITIZE=ON \
	  -DACCTSEG_BUILD_BENCH=OFF
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS)

# Every fuzz harness (fuzz/) for FUZZ_SECONDS each; a crash fails.
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DACCTSEG_FUZZ=ON -DACCTSEG_BUILD_TESTS=OFF -DACCTSEG_BUILD_BENCH=OFF
	cmake --build $(FUZZ_DIR) -j $(JOBS) $(addprefix --target fuzz_,$(FUZZERS))
	./fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZERS)

# Runs the seed policy on the bundled sample universe (examples/data).
demo: build
	./scripts/demo.sh $(BUILD_DIR)

bench: build
	./bench/run_bench.sh

format:
	find src apps bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(FUZZ_DIR)
