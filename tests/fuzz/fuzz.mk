# tests/fuzz/fuzz.mk: builds the libFuzzer harnesses with clang (make fuzz includes this file).
# Every library source is compiled again with the fuzzer's coverage and ASan+UBSan into
# build/fuzz/obj; each harness links them with tests/fuzz/fuzz.c.
FUZZ_CC      ?= clang
FUZZ_TARGETS  = csv csvdiff cb layout stat build style
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS   = -g -O1 -std=c11 -Wall -Wextra $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	-DFUZZ_ROOT='"$(CURDIR)"' $(CPPFLAGS)
FUZZ_LIB_OBJS = $(LIB_OBJS:build/%.o=build/fuzz/obj/%.o)
FUZZ_BINS     = $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

build/fuzz/obj:
	@mkdir -p $@

build/fuzz/obj/%.o: src/%.c | build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

build/fuzz/obj/fuzz.o: tests/fuzz/fuzz.c tests/fuzz/fuzz.h | build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/obj/fuzz.o $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/obj/fuzz.o $(FUZZ_LIB_OBJS) $(LDLIBS)

-include $(wildcard build/fuzz/obj/*.d)

# Keep the instrumented objects (make would delete them as intermediates and rebuild every time).
.SECONDARY: $(FUZZ_LIB_OBJS) build/fuzz/obj/fuzz.o
