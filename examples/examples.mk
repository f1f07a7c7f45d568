# examples/: the bring-your-own-heap example and the demo program.
SIMPLE_HEAP := $(BUILD)/examples/libsimpleheap.so
ALL_TARGETS += $(SIMPLE_HEAP)
CHECK_DEPS  += $(SIMPLE_HEAP)
DEMO_DEPS   += $(BUILD)/examples/demo

$(SIMPLE_HEAP): examples/simple_heap/simple_heap.c $(LIB_CORE)
	@mkdir -p $(dir $@)
	@echo '  LD      $@'
	@$(LINK_HEAP)

# The demo is built like a user's program: -O0 -g, no special flags but
# -fno-builtin (so GCC keeps its allocation calls) and -rdynamic (names in traces).
$(BUILD)/examples/demo: examples/demo.c
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) -O0 -g -fno-builtin -rdynamic -o $@ $<
