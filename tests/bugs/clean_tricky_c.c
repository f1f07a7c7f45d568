/* Correct but tricky use of the C allocator: no report expected. */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread_free(void *p)
{
    free(p); /* a block allocated by main, freed here */
    return NULL;
}

int main(void)
{
    /* realloc grow/shrink chains */
    char *s = NULL;
    for (int i = 1; i < 200; i++) {
        s = realloc(s, (size_t)(i * 37 % 500 + 1));
        s[0] = 'a';
    }
    free(s);
    /* large alignments */
    for (size_t a = 16; a <= (1u << 20); a <<= 1) {
        void *p = aligned_alloc(a, a * 2);
        if ((uintptr_t)p % a)
            return 1;
        memset(p, 1, a * 2);
        free(p);
        void *q = NULL;
        if (posix_memalign(&q, a, 100) || (uintptr_t)q % a)
            return 2;
        free(q);
    }
    /* use up to malloc_usable_size */
    char *u = malloc(13);
    size_t n = malloc_usable_size(u);
    if (n < 13)
        return 3;
    memset(u, 'u', n);
    free(u);
    /* libc functions that allocate for us */
    char *d = strdup("hello");
    char *as = NULL;
    if (asprintf(&as, "%s %d", d, 42) < 0)
        return 4;
    FILE *f = fopen("/proc/self/status", "r");
    char *line = NULL;
    size_t cap = 0;
    while (f && getline(&line, &cap, f) > 0)
        ;
    if (f)
        fclose(f);
    free(line);
    free(as);
    free(d);
    /* calloc is zero */
    int *z = calloc(100, sizeof *z);
    for (int i = 0; i < 100; i++)
        if (z[i])
            return 5;
    free(z);
    /* cross-thread free */
    pthread_t t;
    pthread_create(&t, NULL, thread_free, malloc(77));
    pthread_join(t, NULL);
    /* fork: the child allocates and exits */
    pid_t pid = fork();
    if (pid == 0) {
        void *c = malloc(1000);
        free(c);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    puts("done");
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 6;
}
// LIBS: -lpthread
// EXIT: 0
// CHECK-NOT: alloc8: ERROR
// CHECK-NOT: alloc8: WARNING
// CHECK: alloc8: SUMMARY: no errors
