"""The database cache's table (double-submit guards and throttling use it), made by migrate like every other table,
so a database set up by the documented steps alone works."""

from django.conf import settings
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management import call_command
from django.db import migrations
from django.utils.module_loading import import_string


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    for cache in settings.CACHES.values():
        if issubclass(import_string(cache["BACKEND"]), BaseDatabaseCache):  # Django's, or core.database_cache's
            schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(cache['LOCATION'])}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
