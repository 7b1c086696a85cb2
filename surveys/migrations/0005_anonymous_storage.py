"""Answers get random keys and completions lose their time and key, so neither can be paired by order.

Answers move from a sequential key to a random one through a new column, since a number cannot become a UUID.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def random_keys(apps, schema_editor):
    Answer = apps.get_model("surveys", "Answer")
    for answer in Answer.objects.only("pk").iterator():
        Answer.objects.filter(pk=answer.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_self_evaluation_status_from_submission"),
    ]

    operations = [
        migrations.RemoveField(model_name="completion", name="completed_at"),
        migrations.RemoveField(model_name="completion", name="id"),
        migrations.AlterField(
            model_name="completion",
            name="invitation",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="completion",
                serialize=False,
                to="surveys.invitation",
            ),
        ),
        # Every existing row gets the same key here, and a random one of its own just after.
        migrations.AddField(
            model_name="answer", name="uid", field=models.UUIDField(default=uuid.uuid4, editable=False)
        ),
        migrations.RunPython(random_keys, migrations.RunPython.noop),
        migrations.RemoveField(model_name="answer", name="id"),
        migrations.AlterField(
            model_name="answer",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
        ),
        migrations.RenameField(model_name="answer", old_name="uid", new_name="id"),
        migrations.AddField(
            model_name="surveyround",
            name="follows",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="follow_ons",
                to="surveys.surveyround",
                verbose_name="follow-on of",
            ),
        ),
    ]
