"""Findings' content type moves with them: the audit trail's subjects and data maintenance's log that point at
`reviews.finding` point at `reports.finding`, and its permissions go with it, so nothing that removes stale content
types later can delete the audit trail's rows about findings."""

from django.db import migrations


def to_reports(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="reviews", model="finding").first()
    if old is None:
        return  # a database made after the move: there is nothing of reviews' to carry over
    new = ContentType.objects.filter(app_label="reports", model="finding").first()
    if new is None:
        old.app_label = "reports"
        old.save(update_fields=["app_label"])  # its permissions and every row that points at it come along
        return
    # Both exist (the new one made by an earlier migrate run): what points at the old one moves to the new one.
    for label, model in (("core", "AuditSubject"), ("admin", "LogEntry")):
        apps.get_model(label, model).objects.filter(content_type=old).update(content_type=new)
    old.delete()


def to_reviews(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="reports", model="finding").update(app_label="reviews")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0014_finding_table"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("core", "0008_audit_entry_via"),
    ]

    operations = [migrations.RunPython(to_reports, to_reviews)]
