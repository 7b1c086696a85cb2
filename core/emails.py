"""The emails core sends itself: each kind's key and label (registered from hooks.py)."""

# An error report to the administrators (core.faults): its wording is the error's, never editable.
ERROR_REPORT = "error-report"
ERROR_REPORT_LABEL = "Error report to the administrators"
