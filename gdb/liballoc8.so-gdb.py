# liballoc8.so-gdb.py — gdb's auto-load hook for alloc8 (gdb/README.md).
#
# gdb runs OBJFILE-gdb.py when it loads OBJFILE, if the script sits next to
# the library (or under DEBUG-FILE-DIRECTORY/auto-load/ABS/PATH/OF/OBJFILE)
# and the directory is in `auto-load safe-path`.  Install it as
#   $PREFIX/lib/liballoc8.so-gdb.py     beside $PREFIX/lib/liballoc8.so
# with alloc8.py in $PREFIX/share/alloc8/gdb/.  It finds alloc8.py:
#   1. $ALLOC8_GDB_DIR/alloc8.py
#   2. next to this script
#   3. ../share/alloc8/gdb/alloc8.py relative to this script (make install)
#   4. gdb/alloc8.py in the source tree the library was built from (its
#      debug info names checker/heap.c's full path)
import os

import gdb


def _alloc8_find_script():
    here = os.path.dirname(os.path.abspath(__file__))
    cands = []
    if os.environ.get("ALLOC8_GDB_DIR"):
        cands.append(os.path.join(os.environ["ALLOC8_GDB_DIR"], "alloc8.py"))
    cands.append(os.path.join(here, "alloc8.py"))
    cands.append(os.path.join(here, "..", "share", "alloc8", "gdb", "alloc8.py"))
    obj = gdb.current_objfile()
    try:
        sym = obj.lookup_static_symbol("g_heap") if obj is not None else None
        if sym is not None and sym.symtab is not None:
            src = os.path.dirname(os.path.dirname(sym.symtab.fullname()))
            cands.append(os.path.join(src, "gdb", "alloc8.py"))
    except (AttributeError, gdb.error):
        pass
    for c in cands:
        if os.path.isfile(c):
            return os.path.normpath(c)
    return None


_alloc8_script = _alloc8_find_script()
if _alloc8_script is None:
    gdb.write("alloc8: liballoc8.so-gdb.py could not find alloc8.py "
              "(set ALLOC8_GDB_DIR or `source /path/to/gdb/alloc8.py`)\n")
elif not getattr(gdb, "_alloc8_sourced", None) == _alloc8_script:
    gdb.execute("source %s" % _alloc8_script)
    gdb._alloc8_sourced = _alloc8_script
