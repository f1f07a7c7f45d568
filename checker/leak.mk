# leak.mk — the leak check: scan (leak.c), suppressions (suppress.c), report.
CHECKER_SRCS += checker/leak.c checker/suppress.c
REPORT_SRCS += reports/leak_report.c
