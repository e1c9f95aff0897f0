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

# -O1, as the sanitizers' own documentation advises: a fifth less CPU
# than -O0 for the same reports, and the suite is bound by CPU
$(ASAN_BUILD)/build.ninja: | deps
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined \
		-Db_lundef=false -Doptimization=1 -Ddebug=true $(MESON_OPTS)

demo: deps all
	@sh examples/cats/demo.sh $(BUILD)/retort

# Every test, then every test again under ASan+UBSan, then the fuzzers.
# The sanitized run leaves out what repeats code it already runs: the
# round-trip corpus one case in five (the plain run has compared every
# case); the MySQL corpus through the binary (the sanitized unit test
# mysql_roundtrip loads, reads and renders every case of it); the
# server engines' concurrency and fleet families (t5001: the same
# upgrade and downgrade paths run by 8 to 16 processes at once, 6 min
# under ASan on MariaDB; t9001: the fleet code is the engine's
# interface, which the SQLite run of t9001 drives sanitized, and each
# engine's own paths are in t1001 and t3001). The machine is bound by
# CPU (2 cores, the servers' share included), so only less work is
# less time.
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
	 RT_CORPUS_STRIDE=$${RT_CORPUS_STRIDE:-5} \
	 RT_SKIP_JOBS=$${RT_SKIP_JOBS-'^mysql tests/e2e/t4001|^(postgres|mysql) tests/e2e/t(5001|9001)'} \
	 sh tests/run-all.sh $(ASAN_BUILD)

fuzz: deps
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: all
	@sh bench/upgrade.sh 1000

install: all
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
