# stack.mk — stack capture and the stack depot (checker/stack.c, depot.c).
# Test programs built here link our objects with the core objects only, so
# they run without the rest of the checker.

CHECKER_SRCS += checker/stack.c checker/depot.c checker/unwind.c

# (the top-level `objs` function is defined after the fragments are read)
STACK_TEST_OBJS := $(patsubst %.c,$(OBJ)/%.o,checker/stack.c checker/depot.c checker/unwind.c $(CORE_SRCS))
STACK_TEST_CFLAGS := -std=gnu11 -O1 -g -fno-builtin -Wall -Wextra -Werror \
                     -Wno-unused-parameter -I$(ROOT)/core -I$(ROOT)/checker -D_GNU_SOURCE

$(BUILD)/test/depot_test: tests/unit/depot_test.c $(STACK_TEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(STACK_TEST_CFLAGS) -o $@ $< $(STACK_TEST_OBJS) -ldl -lpthread

# -O2 like the library; frames kept so the recursion depth is what we ask.
$(BUILD)/bench/stack_bench: bench/stack_bench.c $(STACK_TEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(STACK_TEST_CFLAGS) -O2 -fno-optimize-sibling-calls -fno-inline \
	    -o $@ $< $(STACK_TEST_OBJS) -ldl -lpthread

CHECK_DEPS += $(BUILD)/test/depot_test $(STACK_TEST_OBJS)
BENCH_DEPS += $(BUILD)/bench/stack_bench
