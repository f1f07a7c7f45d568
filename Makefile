# alloc8 — one non-recursive GNU Makefile.  Objects go under build/.
#
#   make            build everything (libraries, CLI, tools)
#   make demo       the main job: a bundled example program under the checker
#   make check      every test (installs missing Debian packages first)
#   make bench      benchmarks (not part of the tests)
#   make deps       install the Debian packages alloc8 needs
#   make install    PREFIX=/usr/local DESTDIR=
#
# Each folder may add a fragment (*/*.mk) that appends to the variables below.

SHELL      := /bin/bash
.DEFAULT_GOAL := all
CC         ?= gcc
CXX        ?= g++
ifeq ($(origin CC),default)
CC := gcc
endif
ifeq ($(origin CXX),default)
CXX := g++
endif
BUILD      := build
OBJ        := $(BUILD)/obj
PREFIX     ?= /usr/local
DESTDIR    ?=
ROOT       := $(abspath .)

WARN       := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
# -fno-builtin-malloc & co: GCC must not turn our own code into calls to the
# functions we define (DESIGN.md §6).  -fexceptions: C++ exceptions thrown by
# a new-handler or bad_alloc unwind through our frames.
NOBUILTIN  := -fno-builtin-malloc -fno-builtin-calloc -fno-builtin-realloc \
              -fno-builtin-free -fno-builtin-memalign -fno-builtin-aligned_alloc \
              -fno-builtin-posix_memalign -fno-builtin-valloc -fno-builtin-pvalloc
CFLAGS_LIB := -std=gnu11 -O2 -g -fPIC -fvisibility=hidden -ftls-model=initial-exec \
              -fexceptions -fno-omit-frame-pointer -fno-strict-aliasing \
              -I$(ROOT)/checker -I$(ROOT)/reports -I$(ROOT)/symbolize -I$(ROOT)/interpose \
              $(NOBUILTIN) $(WARN) -I$(ROOT)/include -I$(ROOT)/core -D_GNU_SOURCE
LDFLAGS_LIB := -shared -Wl,-z,now -Wl,-z,relro -Wl,--no-undefined
LIBS_BASE  := -ldl -lpthread

# ---- source sets ---------------------------------------------------------
CORE_SRCS      := $(wildcard core/*.c)
INTERPOSE_SRCS := interpose/entry.c interpose/cxx.c interpose/init.c \
                  interpose/threads.c interpose/passthru.c interpose/trace.c \
                  interpose/mallinfo.c interpose/dl.c interpose/signal.c \
                  interpose/sandbox.c interpose/elfsym.c
CHECKER_SRCS   :=
SYM_SRCS       :=
REPORT_SRCS    :=
# Libraries the checker library links besides libc.
CHECKER_LIBS   :=
# Things `make check` needs built before the runner starts.
CHECK_DEPS     :=
# Things `make` builds.
ALL_TARGETS    :=
BENCH_DEPS     :=

LIB_CHECK  := $(BUILD)/liballoc8.so
LIB_FAST   := $(BUILD)/liballoc8-fast.so
LIB_PREFIX := $(BUILD)/liballoc8-prefixed.a
LIB_CORE   := $(BUILD)/liballoc8-interpose.a
LIB_STATIC := $(BUILD)/liballoc8-static.a
VERSION_SCRIPT := interpose/liballoc8.map
# Links $< (a heap that uses ALLOC8_DEFINE_HEAP) with the interposition
# layer into the shared library $@: examples/simple_heap, bench/qfloor.c.
LINK_HEAP = $(CC) -std=gnu11 -O2 -g -fPIC -shared -Wall -Wextra -Werror -Iinclude \
	    -Wl,--version-script=$(VERSION_SCRIPT) -o $@ $< \
	    -Wl,--whole-archive $(LIB_CORE) -Wl,--no-whole-archive -ldl -lpthread

objs = $(patsubst %.c,$(1)/%.o,$(2))

-include $(sort $(wildcard */*.mk))

ALL_TARGETS += $(LIB_CHECK) $(LIB_FAST) $(LIB_PREFIX) $(LIB_CORE) $(LIB_STATIC)

.PHONY: all deps demo check bench soak install clean format-check
all: $(ALL_TARGETS)

# ---- objects ---------------------------------------------------------------
# Three flavours of the interposition layer:
#   obj/      the checker library (heap chosen at start-up: the checker)
#   obj-fast/ the fast library: entry points forward straight to glibc
#   obj-pfx/  the prefixed static library: alloc8_malloc, alloc8_free, …
$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) $(CFLAGS_LIB) -MMD -MP -c $< -o $@

$(BUILD)/obj-fast/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) $(CFLAGS_LIB) -DA8_FAST=1 -fno-plt -MMD -MP -c $< -o $@

$(BUILD)/obj-pfx/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) $(CFLAGS_LIB) -DA8_PREFIXED=1 -MMD -MP -c $< -o $@

$(BUILD)/obj-static/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC      $@'
	@$(CC) $(CFLAGS_LIB) -DA8_STATIC=1 -MMD -MP -MT $@ -MF $@.d -c $< -o $@.tmp
	@objcopy $(foreach t,.text .text.unlikely .text.hot .text.startup .text.exit,\
	    --rename-section $(t)=a8_text) $@.tmp $@
	@rm -f $@.tmp

# interpose/unwind_fwd.c defines the unwinder's two entry points our
# cleanups name, so that the shared libraries need not load libgcc_s: in them
# only.  checker/strmem.c defines memcpy & co., checker/iocalls.c read & co.,
# checker/printfs.c printf & co., checker/exitfrom.c exit and
# __libc_start_main: in the preloaded checker only
# (the prefixed library is linked into programs, which keep their own).
# checker/wcs.c (the wide-character calls) and scanfs.c (scanf & co.) too.
# checker/mbconv.c (mbstowcs, wcrtomb & co.) too, checker/unwpipe.c
# (pipe and pipe2, for libunwind's pipe), and checker/pathcalls.c (open,
# fopen, execve & co.).
CHECK_OBJS := $(call objs,$(OBJ),$(CORE_SRCS) $(INTERPOSE_SRCS) $(CHECKER_SRCS) \
                $(SYM_SRCS) $(REPORT_SRCS) interpose/heap_checker.c checker/strmem.c \
                checker/wcs.c checker/iocalls.c checker/printfs.c checker/scanfs.c \
                checker/exitfrom.c checker/mbconv.c checker/unwpipe.c checker/pathcalls.c \
                interpose/unwind_fwd.c)
FAST_OBJS  := $(call objs,$(BUILD)/obj-fast,$(CORE_SRCS) $(INTERPOSE_SRCS) \
                interpose/heap_fast.c interpose/unwind_fwd.c)
PFX_OBJS   := $(call objs,$(BUILD)/obj-pfx,$(CORE_SRCS) $(INTERPOSE_SRCS) \
                $(CHECKER_SRCS) $(SYM_SRCS) $(REPORT_SRCS) interpose/heap_checker.c)
CORE_OBJS  := $(call objs,$(OBJ),$(CORE_SRCS) $(INTERPOSE_SRCS))
# The link-time checker for statically linked programs: the checker heap,
# stacks, reports and leak scan behind malloc & co., the C++ operators, the
# thread, signal, prctl and syscall entry points (libc.a defines those weak,
# or in an object nothing else pulls).  Not dlclose; exit and
# __libc_start_main as __wrap_ functions (the link's --wrap options put them
# in place), and the checked calls so too (below).
STATIC_OBJS := $(call objs,$(BUILD)/obj-static,$(CORE_SRCS) \
                $(filter-out interpose/dl.c,$(INTERPOSE_SRCS)) $(CHECKER_SRCS) \
                $(SYM_SRCS) $(REPORT_SRCS) interpose/heap_checker.c checker/exitfrom.c)

# The checked calls in a static program (README "Modes", Static).  libc.a
# defines memcpy, read, printf, ... strong, so the same objects cannot
# define them too: each entry F they define becomes __wrap_F (objcopy), the
# link's --wrap=F options (liballoc8-static.wrap, an ld @file) send the
# program's calls there, and build/static_real.c names the originals,
# __real_F, for a8_glibc_sym.  The entries whose libc.a member makes the
# link warn (getpwnam_r & co.: NSS needs shared libraries at run time) keep
# the program's calls unchecked: renamed out of the way, not wrapped.
STATIC_CALL_SRCS := checker/strmem.c checker/wcs.c checker/iocalls.c checker/printfs.c \
                    checker/scanfs.c checker/mbconv.c checker/pathcalls.c
STATIC_CALL_PRE  := $(call objs,$(BUILD)/obj-static,$(STATIC_CALL_SRCS))
STATIC_CALL_OBJS := $(call objs,$(BUILD)/obj-static-wrap,$(STATIC_CALL_SRCS))
STATIC_NOWRAP    := ^(getaddrinfo|getgr|getpw|gethostby|getprotoby|getservby)
STATIC_WRAP      := $(BUILD)/liballoc8-static.wrap
STATIC_OBJS      += $(STATIC_CALL_OBJS) $(BUILD)/obj-static/static_real.o

$(BUILD)/static-calls.names: $(STATIC_CALL_PRE)
	@nm -g --defined-only $^ | awk 'NF == 3 && $$2 ~ /^[TW]$$/ && $$3 !~ /^a8_/ { print $$3 }' | \
	    LC_ALL=C sort -u >$@.tmp
	@mv $@.tmp $@

$(BUILD)/static-calls.redef: $(BUILD)/static-calls.names
	@awk '{ print $$1, ($$1 ~ /$(STATIC_NOWRAP)/ ? "a8_unwrapped_" : "__wrap_") $$1 }' $< >$@

$(BUILD)/static-calls.wrapped: $(BUILD)/static-calls.names
	@grep -Ev '$(STATIC_NOWRAP)' $< >$@

$(STATIC_WRAP): $(BUILD)/static-calls.wrapped
	@sed 's/^/--wrap=/' $< >$@

$(BUILD)/static_real.c: $(BUILD)/static-calls.wrapped
	@{ echo '/* Made by the Makefile: the originals of the static library'"'"'s __wrap_ entries. */'; \
	   echo '#include "interpose.h"'; \
	   sed 's/.*/extern char __real_&[];/' $<; \
	   echo 'const struct a8_real_fn a8_static_real[] = {'; \
	   sed 's/.*/    {"&", __real_&},/' $<; \
	   echo '};'; \
	   echo 'const size_t a8_static_nreal = sizeof a8_static_real / sizeof a8_static_real[0];'; } >$@

$(BUILD)/obj-static/static_real.o: $(BUILD)/static_real.c
	@echo '  CC      $@'
	@$(CC) $(CFLAGS_LIB) -DA8_STATIC=1 -c $< -o $@

$(BUILD)/obj-static-wrap/%.o: $(BUILD)/obj-static/%.o $(BUILD)/static-calls.redef
	@mkdir -p $(dir $@)
	@echo '  OBJCOPY $@'
	@objcopy --redefine-syms=$(BUILD)/static-calls.redef $< $@

$(LIB_CHECK): $(CHECK_OBJS) $(VERSION_SCRIPT)
	@echo '  LD      $@'
	@$(CC) $(LDFLAGS_LIB) -Wl,--version-script=$(VERSION_SCRIPT) -o $@ \
	    $(CHECK_OBJS) $(CHECKER_LIBS) $(LIBS_BASE)

# The fast library links nothing but libc: no libdw, no libunwind, no libgcc_s.
$(LIB_FAST): $(FAST_OBJS) $(VERSION_SCRIPT)
	@echo '  LD      $@'
	@$(CC) $(LDFLAGS_LIB) -Wl,--version-script=$(VERSION_SCRIPT) -o $@ \
	    $(FAST_OBJS) $(LIBS_BASE)

$(LIB_PREFIX): $(PFX_OBJS)
	@rm -f $@
	@echo '  AR      $@'
	@ar rcs $@ $^

$(LIB_STATIC): $(STATIC_OBJS) $(STATIC_WRAP)
	@rm -f $@
	@echo '  AR      $@'
	@ar rcs $@ $(STATIC_OBJS)

# Bring-your-own-heap: the interposition layer without a heap.  Link it with
# an object that uses ALLOC8_DEFINE_HEAP (see examples/simple_heap).
$(LIB_CORE): $(CORE_OBJS)
	@rm -f $@
	@echo '  AR      $@'
	@ar rcs $@ $^

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- set-up ----------------------------------------------------------------
deps:
	@bash tools/install-deps.sh

# ---- the two commands of the README ----------------------------------------
demo: deps
	@$(MAKE) --no-print-directory all $(DEMO_DEPS)
	@bash examples/demo.sh

check: deps
	@$(MAKE) --no-print-directory all $(CHECK_DEPS)
	@python3 tests/run.py

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_DEPS)
	@bash bench/run.sh

# The timing-sensitive tests round after round (tools/soak.sh; SOAK_MINUTES).
soak: deps
	@$(MAKE) --no-print-directory all $(CHECK_DEPS)
	@bash tools/soak.sh

# The whole tree in the one style of .clang-format (CI runs it).
format-check: deps
	@clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h' '*.cc')
	@echo "format-check: ok"

install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(LIB_CHECK) $(LIB_FAST) $(DESTDIR)$(PREFIX)/lib/
	install -m 0644 $(LIB_PREFIX) $(LIB_CORE) $(LIB_STATIC) $(STATIC_WRAP) $(DESTDIR)$(PREFIX)/lib/
	install -m 0644 include/alloc8.h $(DESTDIR)$(PREFIX)/include/

clean:
	rm -rf $(BUILD)
