// leak_max_leaks.c's program with JSON reports: max_leaks=1 lists the
// largest record only, and the leak_summary counts every leak and says
// how many records were left out.
// OPTIONS: max_leaks=1:report_format=json
// EXIT: 24
// CHECK: {"alloc8":"leak",{{.*}}"record":1,"records":5,"bytes":500,
// CHECK-NOT: "record":2,
// CHECK: {"alloc8":"leak_summary",{{.*}}"definitely_lost":{"bytes":1500,"blocks":5},{{.*}}"records_not_listed":4,"leaked_bytes":1500,"leaked_blocks":5,
#include "leak_max_leaks.c"
