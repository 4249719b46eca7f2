# The front door. `make demo` and `make test` work on a fresh Debian 12
# machine: both install what they need first (scripts/install-deps.sh).
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SAMPLE_ROWS ?= 100000

.PHONY: all deps build test demo bench clean format

all: build

deps:
	./scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Runs the seed policy on the bundled sample universe (examples/data).
demo: build
	./scripts/demo.sh $(BUILD_DIR)

bench: build
	./bench/run_bench.sh

format:
	find src apps bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
