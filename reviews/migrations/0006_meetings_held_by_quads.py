from django.db import migrations


class Migration(migrations.Migration):
    """A Quad's meetings are now linked from quads (quads.0003 copied every link): visits no longer name a Quad."""

    dependencies = [
        ("reviews", "0005_meeting_of"),
        ("quads", "0003_quad"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalvisit", name="quad"),
        migrations.RemoveField(model_name="visit", name="quad"),
    ]
