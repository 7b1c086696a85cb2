"""Core's own entries in its registries: the only module of core that registers anything (core/apps.py imports it).

Each app has a hooks.py like this one, and no other module of any app calls a registry's register function
(tests/test_hooks.py), so where an app plugs into the ones below it is read in one place.
"""

from . import audit, emails, freshness, mail, personal_data, personal_records, retention, text
from .models import OutgoingEmail

freshness.watch()
text.keep_typed_text_plain()
mail.register_label(emails.ERROR_REPORT, emails.ERROR_REPORT_LABEL)
for _label, _step in retention.CORE_STEPS:
    retention.register(_label, _step)

personal_data.register(*personal_records.core_sections())
for _kind, _label in audit.CORE_LABELS.items():
    audit.register_label(_kind, _label)
audit.register_about(OutgoingEmail, lambda email: [email.person])
personal_data.register(audit.log_section())
