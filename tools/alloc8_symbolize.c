/* alloc8-symbolize — symbolize raw alloc8 stacks offline.
 *
 *   alloc8-symbolize [--strip-path-prefix=TEXT] [FILE]
 *                                  (stdin when FILE is absent or "-")
 *
 * Raw frame lines ("    #N 0xADDR (MODULE+0xOFF) BuildId: HEX") become the
 * in-process frame lines, inline frames included and renumbered per stack (a
 * raw "#0" starts a new stack); every other line passes through unchanged.
 * MODULE is opened from disk; when the stack names a build-id that the file
 * does not have, one note goes to stderr per module and its frames stay
 * unsymbolized.  Resolution and formatting are the library's own
 * (the symbolize/ folder), so the output matches the in-process report byte for byte
 * (--strip-path-prefix as the strip_path_prefix option).
 * A program, not library code: stdio is fine here.
 */
#include "core.h"
#include "../symbolize/symbolize.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTED_MAX 64

static const char *noted[NOTED_MAX]; /* modules already warned about */
static int nnoted;

static void note_once(const char *module, const char *want, int status)
{
    for (int i = 0; i < nnoted; i++)
        if (strcmp(noted[i], module) == 0)
            return;
    if (nnoted < NOTED_MAX)
        noted[nnoted++] = strdup(module);
    if (status == A8_SYM_MISMATCH) {
        const char *have = a8_sym_file_build_id(module);
        fprintf(stderr,
                "alloc8-symbolize: %s: build-id %s does not match the stack's %s; "
                "its frames are left unsymbolized\n",
                module, have ? have : "(none)", want);
    } else {
        fprintf(stderr, "alloc8-symbolize: %s: cannot open; its frames are left unsymbolized\n",
                module);
    }
}

int main(int argc, char **argv)
{
    FILE *in = stdin;
    static const char strip_opt[] = "--strip-path-prefix=";
    if (argc >= 2 && !strncmp(argv[1], strip_opt, sizeof strip_opt - 1)) {
        a8_sym_strip_prefix = argv[1] + sizeof strip_opt - 1;
        argv[1] = argv[0];
        argv++;
        argc--;
    }
    if (argc > 2 || (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))) {
        fprintf(stderr,
                "usage: %s [--strip-path-prefix=TEXT] [FILE]   symbolize raw alloc8 stack lines\n",
                argv[0]);
        return argc == 2 ? 0 : 2;
    }
    if (argc == 2 && strcmp(argv[1], "-") != 0) {
        in = fopen(argv[1], "r");
        if (!in) {
            fprintf(stderr, "alloc8-symbolize: %s: %s\n", argv[1], strerror(errno));
            return 1;
        }
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int num = 0;
    static char modbuf[PATH_MAX + 1], bidbuf[256], out[8192];
    while ((len = getline(&line, &cap, in)) > 0) {
        int raw_num;
        uintptr_t pc, off;
        const char *module, *bid;
        if (!a8_sym_parse_raw(line, (size_t)len, &raw_num, &pc, modbuf, sizeof(modbuf), &module,
                              &off, bidbuf, sizeof(bidbuf), &bid)) {
            fwrite(line, 1, (size_t)len, stdout);
            continue;
        }
        if (raw_num == 0)
            num = 0;
        struct a8_sym_frame fr[A8_SYM_MAX_INLINE];
        int status = A8_SYM_OK;
        int k = a8_sym_resolve_offline(module, bid, pc, off, true, fr, A8_SYM_MAX_INLINE, &status);
        if (module && status != A8_SYM_OK && module[0] == '/')
            note_once(module, bid ? bid : "(none)", status);
        else if (module)
            a8_sym_note_nodebug(module);
        for (int j = 0; j < k; j++) {
            size_t n = a8_sym_format_frame(out, sizeof(out), num++, &fr[j]);
            fwrite(out, 1, n, stdout);
        }
    }
    free(line);
    if (in != stdin)
        fclose(in);
    return ferror(stdout) ? 1 : 0;
}
