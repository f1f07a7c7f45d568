/* sym_harness.h — capture stacks with glibc backtrace() and print them through
 * the symbolizer (symbolize/), without the interposer.  See sym_harness.c. */
#ifndef SYM_HARNESS_H
#define SYM_HARNESS_H
#ifdef __cplusplus
extern "C" {
#endif
/* Capture the caller's stack under `label` (the harness frame is dropped). */
void symh_capture(const char *label);
/* Snapshot the module map: call before every dlclose (the interposer's job
 * in the real library). */
void symh_before_dlclose(void);
/* Print every captured stack: the in-process form to fd 1 and the raw form
 * to `raw_path` (NULL: none), each stack preceded by "stack LABEL:".  Then
 * check that a second lookup of a pc is served from the cache. */
int symh_finish(const char *raw_path);
#ifdef __cplusplus
}
#endif
#endif
