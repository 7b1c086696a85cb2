from django.db import migrations


class Migration(migrations.Migration):
    """The Quad model now belongs to quads (quads.0003): only the state changes here, no table."""

    dependencies = [
        ("authorities", "0003_quad_names_ignore_case"),
        ("reviews", "0006_meetings_held_by_quads"),
        ("quads", "0003_quad"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Quad")]),
    ]
