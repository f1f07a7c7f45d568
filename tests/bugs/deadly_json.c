/* deadly_null_write.c's crash with JSON reports: the record carries the
 * signal (number, name, si_code and its name, no sender), the hint and the
 * registers, and its "here" stack starts at the faulting function. */
// OPTIONS: report_format=json
// EXIT: -11
// CHECK: {"alloc8":"error","kind":"deadly-signal","address":"0x10",{{.*}}"access":{"type":"WRITE"},{{.*}}"deadly_signal":{"number":11,"name":"SIGSEGV","code":1,"code_name":"SEGV_MAPERR","sender_pid":null,"sender_uid":null},"hint":"the address is in the first pages{{[^"]*}}","registers":{"rax":"0x{{[0-9a-f]+}}",{{.*}}"rip":"0x{{[0-9a-f]+}}","eflags":"0x{{[0-9a-f]+}}"},"stacks":{"here":[{"pc":"0x{{[0-9a-f]+}}","function":"set_count"
#include "deadly_null_write.c"
