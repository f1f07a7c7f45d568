/* sym_dl.c — a library the test program dlopens: once with debug info and
 * dlclose'd before the stacks are printed, once stripped, once deleted from
 * disk after loading (see sym_prog.c). */
static void (*volatile keep)(const char *);

static __attribute__((noinline)) void dl_static(void (*capture)(const char *), const char *label)
{
    keep = capture;
    capture(label); /* LINE:dl_static */
    keep = 0;
}

void dl_fn(void (*capture)(const char *), const char *label)
{
    dl_static(capture, label); /* LINE:dl_fn */
    keep = 0;
}
