"""Who may run the portal: the permissions the office's pages ask for. They are core's (the mechanisms they guard
live there) and granted in authorities/rules.py, where the roles are; the office names them once, here."""

MANAGE_OUTBOX = "core.manage_outbox"  # emails waiting or refused, and every email sent: they name people
READ_AUDIT_LOG = "core.read_audit_log"  # who changed what, and when
MANAGE_PERSONAL_DATA = "core.manage_personal_data"  # finding, exporting and erasing a person; downloads
MANAGE_MESSAGES = "core.manage_messages"  # the wording of the portal's emails
