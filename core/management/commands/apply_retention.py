"""Apply the retention periods (settings.RETENTION): daily, from deploy/crontab or its timer. Safe to run twice."""

from django.core.management.base import BaseCommand

from core import retention


class Command(BaseCommand):
    help = "Delete what is past its retention period, and propose people with no activity for erasure."

    def handle(self, *args, **options):
        for label, count in retention.apply():
            self.stdout.write(f"{label}: {count}.")
