# build_probe.sh — sourced by tests/sh/stack_*.sh: builds $A8_TMP/libprobe.so
# (tests/stack/probe.c + checker/stack.o, depot.o, unwind.o + the core objects, all from
# `make`).  Returns non-zero with a FAIL line when something is missing.
build_probe() {
    local o objs="$A8_BUILD/obj/checker/stack.o $A8_BUILD/obj/checker/depot.o $A8_BUILD/obj/checker/unwind.o"
    for o in $objs; do
        [ -f "$o" ] || { echo "FAIL: $o not built (run make)"; return 1; }
    done
    ${CC:-gcc} -shared -fPIC -O1 -g -Wall -Wextra -Werror -I"$A8_ROOT/core" \
        -I"$A8_ROOT/checker" -D_GNU_SOURCE "$A8_ROOT/tests/stack/probe.c" $objs \
        "$A8_BUILD"/obj/core/*.o -ldl -lpthread -Wl,--no-undefined \
        -o "$A8_TMP/libprobe.so" || { echo "FAIL: building libprobe.so"; return 1; }
}
