// signal_unsafe_malloc.c's program with JSON reports: the record names the
// interrupted call and counts the handler's calls, its "here" stack is the
// handler's call site and its "interrupted" stack the interrupted call's.
// OPTIONS: report_format=json
// EXIT: 23
// CHECK: {"alloc8":"error","kind":"signal-unsafe-call",{{.*}}"signal":{"interrupted":"{{(malloc|free)}}","calls":{{\d+}},"frees_dropped":0},"stacks":{"here":[{{[^]]*}}"function":"on_signal"{{[^]]*}}],"interrupted":[{{[^]]*}}"function":"churn"{{.*}}"stack_threads":{"here":0,"interrupted":0}
// CHECK-NOT: "kind":"heap-
#include "signal_unsafe_malloc.c"
