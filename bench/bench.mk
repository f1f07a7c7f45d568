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
