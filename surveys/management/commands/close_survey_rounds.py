from django.core.management.base import BaseCommand

from surveys.services.release import close_due_rounds


class Command(BaseCommand):
    help = (
        "Close every survey round past its closing date, releasing the results of each with enough responses (once, "
        "for good). Run it daily, just after midnight; a second run closes nothing more."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{close_due_rounds()} survey rounds closed.")
