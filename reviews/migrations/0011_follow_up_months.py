import django.db.models
from django.db import migrations

import reviews.models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0010_day_session_updated"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="follow_up_months",
            field=django.db.models.JSONField(
                blank=True,
                default=reviews.models.default_follow_up_months,
                help_text="When a visit's report is first published, follow-up sessions are proposed this many "
                "months later.",
                validators=[reviews.models.validate_follow_up_months],
                verbose_name="follow-ups, months after publication",
            ),
        ),
    ]
