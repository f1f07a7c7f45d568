# tools.mk — the CLI wrapper (tools/alloc8) and what `make install` adds for
# it: the CLI, the offline symbolizer, and the pkg-config files alloc8.pc
# (for the prefixed static library: alloc8_malloc, alloc8_free, ...) and
# alloc8-static.pc (the checker built into a static program).
#
# `install` gains install-tools as a prerequisite here (a rule without a
# recipe only adds prerequisites), so the top-level install rule is unchanged.

PC_LIBIBERTY = $(if $(SYM_LIBIBERTY),$(SYM_LIBIBERTY),/usr/lib/x86_64-linux-gnu/libiberty.a)
A8_VERSION_STR = $(shell sed -n 's/^\#define ALLOC8_VERSION "\(.*\)"$$/\1/p' include/alloc8.h)

# The variables both .pc files start with (printf arguments, quoted).
PC_HEAD = 'prefix=$(PREFIX)' 'exec_prefix=$${prefix}' 'libdir=$${prefix}/lib' \
          'includedir=$${prefix}/include' ''

.PHONY: install-tools
install: install-tools

install-tools: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 0755 tools/alloc8 $(DESTDIR)$(PREFIX)/bin/alloc8
	if [ -x $(BUILD)/alloc8-symbolize ]; then \
	    install -m 0755 $(BUILD)/alloc8-symbolize $(DESTDIR)$(PREFIX)/bin/alloc8-symbolize; fi
	printf '%s\n' \
	    $(PC_HEAD) \
	    'Name: alloc8' \
	    'Description: heap checker, prefixed static library (alloc8_malloc, alloc8_free, ...)' \
	    'Version: $(A8_VERSION_STR)' \
	    'Cflags: -I$${includedir}' \
	    'Libs: -L$${libdir} -l:liballoc8-prefixed.a -ldw -lelf $(PC_LIBIBERTY) -ldl -lpthread' \
	    >$(DESTDIR)$(PREFIX)/lib/pkgconfig/alloc8.pc
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/alloc8.pc
	printf '%s\n' \
	    $(PC_HEAD) \
	    'Name: alloc8-static' \
	    'Description: heap checker built into a statically linked program (tools/alloc8 --static-libs)' \
	    'Version: $(A8_VERSION_STR)' \
	    'Cflags: -I$${includedir}' \
	    'Libs: -L$${libdir} -Wl,--eh-frame-hdr -Wl,--wrap=exit -Wl,--wrap=_exit -Wl,--wrap=_Exit -Wl,--wrap=quick_exit -Wl,--wrap=__libc_start_main -Wl,@$${libdir}/liballoc8-static.wrap -Wl,--whole-archive -l:liballoc8-static.a -Wl,--no-whole-archive -ldw -lelf -lz -llzma -lbz2 $(PC_LIBIBERTY) -lpthread -ldl' \
	    >$(DESTDIR)$(PREFIX)/lib/pkgconfig/alloc8-static.pc
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/alloc8-static.pc
	install -d $(DESTDIR)$(PREFIX)/share/alloc8/gdb
	install -m 0644 gdb/alloc8.py gdb/valgrind_compare.py $(DESTDIR)$(PREFIX)/share/alloc8/gdb/
	install -m 0644 gdb/liballoc8.so-gdb.py $(DESTDIR)$(PREFIX)/lib/
