from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_recorded_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalvisit",
            name="meeting_of",
            field=models.CharField(
                blank=True, help_text="The group whose meeting this is, for example Quad North.", max_length=150
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="meeting_of",
            field=models.CharField(
                blank=True, help_text="The group whose meeting this is, for example Quad North.", max_length=150
            ),
        ),
    ]
