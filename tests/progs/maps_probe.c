/* maps_probe.c — allocates through every family, starts a thread, and prints
 * the paths of the modules mapped into the process (tests/sh/exports.sh checks
 * that the fast library never pulls in libdw/libelf/libunwind). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *worker(void *arg)
{
    for (int i = 0; i < 1000; i++)
        free(malloc((size_t)i * 3));
    return arg;
}

int main(void)
{
    void *p = malloc(100), *q = calloc(10, 10), *r = aligned_alloc(64, 640);
    p = realloc(p, 5000);
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) || pthread_join(t, NULL))
        return 2;
    free(p);
    free(q);
    free(r);
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return 3;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *path = strchr(line, '/');
        if (path)
            fputs(path, stdout);
    }
    fclose(f);
    return 0;
}
