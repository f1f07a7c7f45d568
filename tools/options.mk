# tools/options.mk — alloc8-options: the option table as text or Markdown.
ALL_TARGETS += $(BUILD)/alloc8-options
$(BUILD)/alloc8-options: tools/alloc8_options.c $(patsubst %.c,$(OBJ)/%.o,$(CORE_SRCS))
	@echo '  LD      $@'
	@$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Icore -Iinclude \
	    -D_GNU_SOURCE -o $@ $^ -ldl -lpthread
