# bench/: the allocation benchmarks (bench/alloc_bench.sh).  Built like a
# user's program at -O2, with -fno-builtin so GCC keeps every malloc/free pair.
BENCH_CFLAGS := -std=gnu11 -O2 -g -fno-builtin -Wall -Wextra -Werror
BENCH_DEPS   += $(BUILD)/bench/churn $(BUILD)/bench/churn_mt

$(BUILD)/bench/churn: bench/churn.c
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BUILD)/bench/churn_mt: bench/churn_mt.c
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) $(BENCH_CFLAGS) -pthread -o $@ $<

# The synthetic workloads rebuilt with AddressSanitizer: the checker bench's
# reference column (ASan needs a rebuild, so the real programs have none).
# GCC's libasan (Debian's gcc brings it) or ASAN_CC=clang; the checker bench
# builds them, and shows n/a for ASan when it cannot.
ASAN_CC ?= $(CC)
ASAN_CFLAGS := -std=gnu11 -O2 -g -fno-builtin -fsanitize=address -fno-omit-frame-pointer

$(BUILD)/bench/churn.asan: bench/churn.c
	@mkdir -p $(dir $@)
	@echo '  ASAN    $@'
	@$(ASAN_CC) $(ASAN_CFLAGS) -o $@ $<

$(BUILD)/bench/churn_mt.asan: bench/churn_mt.c
	@mkdir -p $(dir $@)
	@echo '  ASAN    $@'
	@$(ASAN_CC) $(ASAN_CFLAGS) -pthread -o $@ $<

# The quarantine floor (qfloor.c): a heap on the interposition layer that
# keeps freed memory out of reuse as the checker does and checks nothing
# else; the checker bench's "floor" reference column.
QFLOOR := $(BUILD)/bench/libqfloor.so
ALL_TARGETS += $(QFLOOR)
CHECK_DEPS  += $(QFLOOR) $(BUILD)/bench/churn $(BUILD)/bench/churn_mt

$(QFLOOR): bench/qfloor.c $(LIB_CORE)
	@mkdir -p $(dir $@)
	@echo '  LD      $@'
	@$(LINK_HEAP)
