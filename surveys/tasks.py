"""Background work: counting a released round, which opens every sealed response (a second or more for thousands)."""

from django.db import connection
from django_tasks import task

from . import release
from .models import SealedResponse


@task()
def count_released_round(round_id: int) -> str:
    if not release.count_released(pk=round_id):
        return "nothing to count"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The deleted sealed responses stay in the table's files, each beside the completion written with it, until
        # PostgreSQL vacuums them: now, rather than whenever autovacuum next passes.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {connection.ops.quote_name(SealedResponse._meta.db_table)}")
    return "counted"
