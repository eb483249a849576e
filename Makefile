# The two commands of the README:
#   make run    install what is missing, build, run xxgk on the bundled corpus/
#   make test   install what is missing, build, run the whole test suite
# On a bare machine (no make yet) run scripts/install-deps.sh first, as the
# README says. `make install PREFIX=/opt/xxgk` installs the tool (bin, grammars,
# man page, library, CMake and pkg-config files, Python module).
BUILD ?= build
PREFIX ?= /usr/local
WERROR ?= OFF
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test bench clean install

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXXGK_WERROR=$(WERROR)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p $(BUILD)/out
	$(BUILD)/xxgk dataset corpus/reports -o $(BUILD)/out/dataset.csv --records $(BUILD)/out/records
	@echo "records: $(BUILD)/out/records/   dataset: $(BUILD)/out/dataset.csv"
	$(BUILD)/xxgk audit corpus/reports --format text -q > $(BUILD)/out/findings.txt || true
	@echo "findings: $(BUILD)/out/findings.txt ($$(grep -Ec ': (error|warning|info): ' $(BUILD)/out/findings.txt) findings)"

test: build
	cd $(BUILD) && ctest --output-on-failure

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

bench: build
	bash bench/run.sh

clean:
	rm -rf $(BUILD)
