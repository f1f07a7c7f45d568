# sym_debuginfod.sh — with DEBUGINFOD_URLS set, symbolizing (including a
# stripped library whose debug info is nowhere on disk) opens no socket and
# connects nowhere, and writes nothing under $HOME.
. "$A8_ROOT/tests/sym/sym_lib.sh"
command -v strace >/dev/null || sym_skip "strace is not installed"
strace -f -o /dev/null -e trace=socket true 2>/dev/null || sym_skip "strace cannot trace here (ptrace denied)"
sym_build
mkdir -p "$A8_TMP/home"
export HOME=$A8_TMP/home DEBUGINFOD_URLS=http://127.0.0.1:9
unset XDG_CACHE_HOME DEBUGINFOD_CACHE_PATH
sym_run strace -f -o "$A8_TMP/strace.txt" -e trace=connect,socket
grep -q 'stack stripped:' "$A8_TMP/out.txt" || { echo "FAIL: no output"; exit 1; }
# the stripped library really was looked up (and not found) for debug info
grep -qE "in dl_fn\+0x[0-9a-f]+ \($TMPR/stripped.so\)" "$A8_TMP/out.txt" ||
    { echo "FAIL: stripped frame missing"; exit 1; }
if grep -E 'connect\(|socket\(' "$A8_TMP/strace.txt"; then
    echo "FAIL: the symbolizer opened a socket or connected"
    exit 1
fi
echo "ok: no socket, no connect"
if [ -n "$(ls -A "$HOME")" ]; then
    echo "FAIL: files written under \$HOME:"; find "$HOME"; exit 1
fi
echo "ok: nothing under \$HOME"
