# Makefile for notat: `make pdf` builds the sample publication, `make check` runs every test.
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isrc $(shell pkg-config --cflags freetype2 2>/dev/null)
LDLIBS   = -pthread -lhpdf $(shell pkg-config --libs libpng 2>/dev/null || echo -lpng) -lcsv -lreadstat -lhyphen $(shell pkg-config --libs freetype2 2>/dev/null || echo -lfreetype) -lnettle $(shell pkg-config --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter) -lz -lm $(shell pkg-config --libs icu-i18n icu-uc 2>/dev/null || echo -licui18n -licuuc -licudata)
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lpthread -lm)

# Installation (make install / uninstall); PREFIX is compiled into the program as its share directory.
PREFIX  = /usr/local
DESTDIR =
BINDIR  = $(PREFIX)/bin
SHAREDIR = $(PREFIX)/share/notat
MANDIR  = $(PREFIX)/share/man
DOCDIR  = $(PREFIX)/share/doc/notat

LAYOUT  = layouts/brugerundersoegelse-2023/notat.lay
OUT     = out

SRCS     = $(wildcard src/*.c)
OBJS     = $(SRCS:src/%.c=build/%.o)
LIB_OBJS = $(filter-out build/main.o,$(OBJS))
UNIT_SRCS = $(wildcard tests/unit/*.c)
UNIT_OBJS = $(UNIT_SRCS:tests/unit/%.c=build/unit/%.o)

.PHONY: all deps test-deps pdf check unit regress e2e clean asan ubsan valgrind bench data install uninstall FORCE check-big fuzz fuzz-build

all: notat

deps:
	@sh tools/deps.sh build

test-deps:
	@sh tools/deps.sh test

notat: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

build build/unit:
	@mkdir -p $@

build/%.o: src/%.c | build
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

# Unit tests: every tests/unit/*.c defines `Suite *NAME_suite(void)`; the list
# of suites is generated, so adding a test file needs no edit here.
build/unit/suites.h: $(UNIT_SRCS) | build/unit
	@grep -ho '^Suite \*[a-z0-9_]*_suite(void)' $(UNIT_SRCS) | sed 's/^Suite \*\(.*\)(void)/S(\1)/' | sort > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@

build/unit/%.o: tests/unit/%.c build/unit/suites.h | build/unit
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Ibuild/unit $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

build/unit/run: $(UNIT_OBJS) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJS) $(LIB_OBJS) $(LDLIBS) $(CHECK_LIBS)

-include $(OBJS:.o=.d) $(UNIT_OBJS:.o=.d)

# res.o has $(SHAREDIR) compiled in (src/res.h); the stamp rebuilds it when PREFIX changes.
build/sharedir.stamp: FORCE | build
	@echo '$(SHAREDIR)' | cmp -s - $@ || echo '$(SHAREDIR)' > $@
build/res.o: build/sharedir.stamp
build/res.o: CPPFLAGS += -DNOTAT_SHAREDIR='"$(SHAREDIR)"'

# deps runs first and alone: under -j the compile must not race the package install.
pdf:
	@sh tools/deps.sh build
	@$(MAKE) --no-print-directory notat
	./notat build -o $(OUT) $(LAYOUT)

unit: build/unit/run
	cd tests && ../build/unit/run

check:
	@sh tools/deps.sh test
	@$(MAKE) --no-print-directory notat build/unit/run tools/gendata tools/mksav
	@sh tests/run.sh

# libFuzzer harnesses (tests/fuzz/README.md): each runs FUZZ_SECONDS; a crash, leak or timeout fails.
FUZZ_SECONDS ?= 60
include tests/fuzz/fuzz.mk

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The sample statistics at 10,000,400 replicated rows (tests/e2e/bigrows.sh; make check runs 1M).
check-big: notat
	BIG_K=27175 sh tests/e2e/bigrows.sh

clean:
	rm -rf build notat out tools/gendata tools/mksav

# The synthetic responses: regenerated from the declared plan (deterministic).
SAMPLE = layouts/brugerundersoegelse-2023
tools/gendata: tools/gendata.c
	$(CC) $(WARN) -O2 -o $@ tools/gendata.c

# The .sav fixture of the sample (tests/data/readstat/svar.sav) is written by tools/mksav.
tools/mksav: tools/mksav.c $(LIB_OBJS)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) -o $@ tools/mksav.c $(LIB_OBJS) $(LDLIBS)

data: tools/gendata
	./tools/gendata $(SAMPLE)/plan.txt > $(SAMPLE)/svar.csv.tmp && mv $(SAMPLE)/svar.csv.tmp $(SAMPLE)/svar.csv

# make install [PREFIX=/usr/local] [DESTDIR=]: the program, its resources under $(SHAREDIR) with
# their source-tree paths (src/res.h), the manual page, and the format documents and examples.
SHARE_DIRS   = fonts styles
SHARE_FILES  = $(shell find $(wildcard $(SHARE_DIRS)) -type f 2>/dev/null | LC_ALL=C sort) layouts/hyph-da.txt
EXAMPLE_DIRS = $(patsubst %/,%,$(wildcard layouts/*/))
MAN_SUBST    = sed -e 's|@SHAREDIR@|$(SHAREDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g'

install: notat
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(MANDIR)/man1' '$(DESTDIR)$(DOCDIR)/examples'
	install -m 755 notat '$(DESTDIR)$(BINDIR)/notat'
	for f in $(SHARE_FILES); do install -D -m 644 "$$f" '$(DESTDIR)$(SHAREDIR)'/"$$f" || exit 1; done
	$(MAN_SUBST) doc/notat.1 > '$(DESTDIR)$(MANDIR)/man1/notat.1'
	install -m 644 README.md '$(DESTDIR)$(DOCDIR)/README.md'
	install -m 644 layouts/README.md '$(DESTDIR)$(DOCDIR)/layouts.md'
	install -m 644 layouts/codebook.md '$(DESTDIR)$(DOCDIR)/codebook.md'
	for d in $(EXAMPLE_DIRS); do cp -R "$$d" '$(DESTDIR)$(DOCDIR)/examples/' || exit 1; done

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/notat' '$(DESTDIR)$(MANDIR)/man1/notat.1'
	rm -rf '$(DESTDIR)$(SHAREDIR)' '$(DESTDIR)$(DOCDIR)'

asan:
	$(MAKE) clean && $(MAKE) check CFLAGS="-O1 -g -fsanitize=address -fno-omit-frame-pointer" LDFLAGS="-fsanitize=address"

ubsan:
	$(MAKE) clean && $(MAKE) check CFLAGS="-O1 -g -fsanitize=undefined -fno-sanitize-recover=all" LDFLAGS="-fsanitize=undefined"

valgrind: notat build/unit/run tools/gendata
	NOTAT_VALGRIND=1 sh tests/run.sh

# Benchmarks (bench/README.md): they print ratios, no test is timed; not part of `make check`.
# The library objects go through an archive, so a bench links only what it uses.
BENCH_BINS = build/bench/mkbig build/bench/mkcsv build/bench/aggbench build/bench/buildbench \
	build/bench/parabench build/bench/csvbench build/bench/watchbench

build/bench:
	@mkdir -p $@

build/bench/libnotat.a: $(LIB_OBJS) | build/bench
	rm -f $@ && ar rcs $@ $(LIB_OBJS)

build/bench/mkbig build/bench/mkcsv: build/bench/%: bench/%.c | build/bench
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $<

build/bench/%: bench/%.c build/bench/libnotat.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -o $@ $< build/bench/libnotat.a $(LDLIBS)

-include $(wildcard build/bench/*.d)

bench: notat $(BENCH_BINS)
	sh bench/run.sh
