# contend - multicore synchronization and scalability benchmarks.
#
#   make          build build/contend and build/libcontend.a
#   make test     Criterion suite (validation, placement, stats, CLI)
#   make bench    the default benchmark for this machine, into results/
#   make check    test + layering and inlining checks, TSan-built validator, ASan/UBSan suite
#
# Missing Debian packages are installed by scripts/install-deps.sh (root) or
# named, all of them for the goals given, in one apt-get command (non-root,
# exit 2). On a bare Debian 12 only make itself must be installed first.

BUILD ?= build
CC ?= cc
OPT ?= -O2 -g
SAN ?=
CK ?= auto

GIT_REV := $(shell git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter
BASE_CFLAGS = -std=gnu11 $(OPT) $(SAN) $(WARN) -pthread -D_GNU_SOURCE \
	-I. -DCT_GIT_REV='"$(GIT_REV)"' $(DEP_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS_ALL = $(DEP_LIBS) -lm

# Sources: every .c in an algorithm folder goes into the library; every .c
# under harness/<folder>/ except the entry point harness/cmd/main.c goes into
# the program and the tests.
LIB_SRC := $(wildcard locks/*.c barriers/*.c problems/*.c lrpc/*.c)
HARNESS_SRC := $(filter-out harness/cmd/main.c,$(wildcard harness/*/*.c))
TEST_SRC := $(wildcard tests/*.c tests/*/*.c)
HEADERS := $(wildcard */*.h */*/*.h) $(wildcard */LIST) $(wildcard */PEERS)

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
HARNESS_OBJ := $(HARNESS_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

.PHONY: all test bench check plots deps clean format
all: $(BUILD)/contend $(BUILD)/libcontend.a

# --- dependencies: installed (or named) first, then probed once -------------
# While make reads this file, before it includes or builds anything:
# scripts/install-deps.sh checks the packages of every goal named (its table
# rows; anything else needs `build`), installing them as root or naming the
# one apt-get command and stopping; then configure.sh writes config.mk if it
# is not there yet, so the include below always finds it.
ifeq ($(filter clean format,$(MAKECMDGOALS)),)
DEPS_GOALS := $(or $(filter $(shell scripts/install-deps.sh --goals),$(MAKECMDGOALS)),build)
$(shell scripts/install-deps.sh $(DEPS_GOALS) >&2)
ifneq ($(.SHELLSTATUS),0)
$(error packages missing for '$(DEPS_GOALS)': the command above installs them)
endif
ifeq ($(wildcard $(BUILD)/config.mk),)
$(shell mkdir -p $(BUILD) && CK=$(CK) scripts/configure.sh > $(BUILD)/config.mk.tmp && mv $(BUILD)/config.mk.tmp $(BUILD)/config.mk)
ifneq ($(.SHELLSTATUS),0)
$(error scripts/configure.sh failed (see above))
endif
endif
include $(BUILD)/config.mk
endif

# Probed again when the probe changes.
$(BUILD)/config.mk: scripts/configure.sh
	CK=$(CK) scripts/configure.sh > $@.tmp && mv $@.tmp $@

# The packages are checked above, for every goal named.
deps:
	@echo "install-deps: every package is installed"

# --- build ---------------------------------------------------------------------
$(BUILD)/%.o: %.c $(HEADERS) $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -c $< -o $@

$(BUILD)/libcontend.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/contend: $(BUILD)/harness/cmd/main.o $(HARNESS_OBJ) $(BUILD)/libcontend.a
	$(CC) $(BASE_CFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/contend-tests: $(TEST_OBJ) $(HARNESS_OBJ) $(BUILD)/libcontend.a
	$(CC) $(BASE_CFLAGS) -o $@ $^ $(LDLIBS_ALL) -lcriterion

# --- the two commands of the README ----------------------------------------------
# Criterion runs one test process at a time (-j1): the validation tests are
# themselves multi-threaded and oversubscribe the CPUs on purpose.
TEST_ARGS ?=
CT_TEST_SCALE ?= 1
test: $(BUILD)/contend $(BUILD)/contend-tests
	CT_CONTEND=$(BUILD)/contend CT_TEST_SCALE=$(CT_TEST_SCALE) \
		$(BUILD)/contend-tests -j1 $(TEST_ARGS)

bench: $(BUILD)/contend
	@mkdir -p results
	scripts/bench.sh $(BUILD)/contend

# --- long checks: sanitizer builds of the whole suite ----------------------------
check: test
	scripts/check-layout.sh
	scripts/check-inline.sh $(BUILD)/contend
	$(MAKE) BUILD=build/tsan SAN='-fsanitize=thread' CK=no build/tsan/contend
	scripts/tsan-check.sh build/tsan/contend
	$(MAKE) BUILD=build/asan SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' \
		test TEST_ARGS='$(TEST_ARGS)' CT_TEST_SCALE=10

# Figures (PNG + SVG) and results/report/index.html from RESULTS, by default
# the newest matrix or bench results (plots/render).
RESULTS ?=
plots: $(BUILD)/contend
	plots/render $(BUILD)/contend $(RESULTS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
