# reports.mk — the reports layer: error records to text / JSON, dedup, the
# exit summary, the breakpoint hook (alloc8_report_hook).
REPORT_SRCS += reports/out.c reports/json.c reports/report.c
