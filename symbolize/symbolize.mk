# symbolize/symbolize.mk — the symbolizer (libdw), the offline symbolize tool,
# the test harness and the bench.  Appended to the top-level Makefile.

SYM_SRCS     += symbolize/modules.c symbolize/dwarf.c symbolize/sym.c symbolize/format.c \
                symbolize/diskcache.c
SYM_LIBIBERTY := /usr/lib/x86_64-linux-gnu/libiberty.a
SYM_LDLIBS   := -ldw -lelf $(SYM_LIBIBERTY)
CHECKER_LIBS += $(SYM_LDLIBS)

SYM_OBJS      := $(patsubst %.c,$(OBJ)/%.o,$(SYM_SRCS))
SYM_CORE_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(CORE_SRCS))

ALL_TARGETS  += $(BUILD)/alloc8-symbolize
CHECK_DEPS   += $(BUILD)/alloc8-symbolize $(BUILD)/test/libsym_harness.a
BENCH_DEPS   += $(BUILD)/bench/sym_bench

# The offline tool: the same resolution and formatting objects as the
# library, linked statically; core/ interposes nothing, so it runs on glibc's
# malloc.  (Written with patsubst: the top-level objs function is defined
# after the fragments are read, and prerequisites expand at read time.)
$(BUILD)/alloc8-symbolize: $(OBJ)/tools/alloc8_symbolize.o $(SYM_OBJS) $(SYM_CORE_OBJS)
	$(CC) -o $@ $^ $(SYM_LDLIBS) $(LIBS_BASE)

# Test harness: capture (glibc backtrace) and print stacks through the
# symbolizer without the interposer.  tests/sh/sym_*.sh link test programs
# against it with $(SYM_LDLIBS).
$(BUILD)/test/libsym_harness.a: $(OBJ)/tests/sym/sym_harness.o $(SYM_OBJS) $(SYM_CORE_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/bench/sym_bench: $(OBJ)/bench/sym_bench.o $(SYM_OBJS) $(SYM_CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(SYM_LDLIBS) -lstdc++ $(LIBS_BASE)
