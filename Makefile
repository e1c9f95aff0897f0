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

# Every test, then again under ASan+UBSan, then the fuzzers. The
# sanitized run looks for memory and undefined-behaviour faults, so it
# runs each piece of code once rather than each test twice: every family
# on SQLite (the engine-generic code: runner, planner, parser, lint,
# diff, import, fleet, squash, test), and on PostgreSQL and MariaDB the
# families that drive each engine's own code (t1: the driver through
# upgrade, downgrade and bad input; t2/t3: locks, faults, resume; t4001
# and t4003: catalog, diff and render; t6: the engine's lint and its
# look-ups in the live catalog; t7: online; t8103: streamed copies;
# t9003: replicas; t9004: MariaDB's lease). Left out there: families
# whose server run repeats generic code already sanitized through SQLite
# (t4002 schema commands, t5 concurrency and fault points, t8 import and
# test/squash/repeatable, t9001 fleet). The round-trip corpus runs one case in
# five (the plain run has compared every case); the MySQL corpus not
# through the binary (the sanitized unit test mysql_roundtrip loads,
# reads and renders every case of it). The machine is bound by CPU (2
# cores, the servers' share included): only less work is less time.
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
	 RT_SKIP_JOBS=$${RT_SKIP_JOBS-'^mysql tests/e2e/t4001|^(postgres|mysql) tests/e2e/t(4002|5|80|810[12]|82|83|9001)'} \
	 sh tests/run-all.sh $(ASAN_BUILD)

fuzz: deps
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: all
	@sh bench/upgrade.sh 1000

install: all
	meson install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
