"""Quads move here from authorities: the model's state moves (the table is renamed in 0004), and a Quad's
meetings become links held by quads instead of a field on reviews' visits, so reviews never names quads."""

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


def link_meetings(apps, schema_editor):
    Visit = apps.get_model("reviews", "Visit")
    QuadMeeting = apps.get_model("quads", "QuadMeeting")
    Quad = apps.get_model("quads", "Quad")
    names = dict(Quad.objects.values_list("pk", "name"))
    for visit in Visit.objects.filter(quad__isnull=False).only("pk", "quad_id"):
        QuadMeeting.objects.create(quad_id=visit.quad_id, visit_id=visit.pk)
        Visit.objects.filter(pk=visit.pk).update(meeting_of=f"Quad {names[visit.quad_id]}")


def unlink_meetings(apps, schema_editor):
    Visit = apps.get_model("reviews", "Visit")
    for meeting in apps.get_model("quads", "QuadMeeting").objects.all():
        Visit.objects.filter(pk=meeting.visit_id).update(quad_id=meeting.quad_id, meeting_of="")


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0003_quad_names_ignore_case"),
        ("quads", "0002_own_tables"),
        ("reviews", "0005_meeting_of"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Quad",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=100)),
                        (
                            "cycle",
                            models.CharField(
                                help_text="For example, 2024–25.",
                                max_length=20,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^[0-9]{4}[–-][0-9]{2}$", "Write the cycle as years, for example 2024–25."
                                    )
                                ],
                            ),
                        ),
                        (
                            "challenges",
                            models.TextField(
                                blank=True,
                                help_text="What the Quad agreed to challenge each other on, at its meeting.",
                                verbose_name="agreed challenges",
                            ),
                        ),
                        (
                            "support",
                            models.TextField(
                                blank=True, help_text="Who will support whom, and how.", verbose_name="agreed support"
                            ),
                        ),
                        ("members", models.ManyToManyField(related_name="quads", to="authorities.authority")),
                    ],
                    options={"ordering": ["-cycle", "name"], "db_table": "authorities_quad"},
                ),
                migrations.AddConstraint(
                    model_name="quad",
                    constraint=models.UniqueConstraint(
                        models.F("cycle"), django.db.models.functions.text.Lower("name"), name="quad_unique_name_per_cycle"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="QuadMeeting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "quad",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="meeting_links", to="quads.quad"
                    ),
                ),
                (
                    "visit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="quad_meeting", to="reviews.visit"
                    ),
                ),
            ],
        ),
        migrations.RunPython(link_meetings, unlink_meetings),
    ]
