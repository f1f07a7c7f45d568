/* startup_lib.c — a library that allocates in its constructor (dlopen'd by
 * startup_main.cc) and frees in its destructor. */
#include <stdlib.h>
#include <string.h>

static char *g_greeting;
static void **g_blocks;

__attribute__((constructor)) static void lib_init(void)
{
    g_greeting = strdup("lib constructor ran");
    g_blocks = calloc(64, sizeof *g_blocks);
    for (int i = 0; i < 64; i++)
        g_blocks[i] = malloc((size_t)i * 40 + 1);
}

__attribute__((destructor)) static void lib_fini(void)
{
    for (int i = 0; i < 64; i++)
        free(g_blocks[i]);
    free(g_blocks);
    free(g_greeting);
}

const char *startup_lib_greeting(void) { return g_greeting; }
