# checker.mk — the debug heap (heap.c), threads, foreign addresses.
CHECKER_SRCS += checker/heap.c checker/prefault.c checker/helper.c checker/threads.c checker/foreign.c \
                checker/bigstack.c checker/deadly.c
