# The two commands of the README, and the build behind them. Meson does the
# building; this file only sequences setup, builds and test suites.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
MESON_OPTS ?=

.PHONY: all deps demo check test unit e2e embed fuzz asan install clean bench

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) $(MESON_OPTS)

$(ASAN_BUILD)/build.ninja: | deps
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debug $(MESON_OPTS)

demo: deps all
	@sh examples/cats/demo.sh $(BUILD)/retort

# Every test, then every test again under ASan+UBSan (the round-trip
# corpus one case in three: the plain run has compared every case; the
# MySQL corpus not through the binary: the sanitized unit test
# mysql_roundtrip loads, reads and renders every case of it), then the
# fuzzers.
check: deps all
	@sh scripts/check-layers.sh
	@sh tests/run-all.sh $(BUILD)
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz

test: all
	@sh tests/run-all.sh $(BUILD)

asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 RT_CORPUS_STRIDE=$${RT_CORPUS_STRIDE:-3} \
	 RT_SKIP_JOBS=$${RT_SKIP_JOBS-'^mysql tests/e2e/t4001'} \
	 sh tests/run-all.sh $(ASAN_BUILD)

fuzz: deps
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: all
	@sh bench/upgrade.sh 1000

install: all
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
