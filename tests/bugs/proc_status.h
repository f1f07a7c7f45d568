/* proc_status.h — shared by the memory tests: a field of /proc/self/status
 * in KiB ("VmRSS:", "VmHWM:", "VmSize:"), or -1 when it cannot be read. */
#ifndef PROC_STATUS_H
#define PROC_STATUS_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long status_kib(const char *field)
{
    char line[256];
    long kib = -1;
    size_t n = strlen(field);
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0)
            kib = atol(line + n);
    fclose(f);
    return kib;
}
#endif
