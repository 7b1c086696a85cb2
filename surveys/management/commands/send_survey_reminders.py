from django.core.management.base import BaseCommand

from surveys.services.rounds import REMINDER_DAYS_BEFORE_CLOSING, send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind those who have not answered a round that closes in "
        f"{' or '.join(str(d) for d in REMINDER_DAYS_BEFORE_CLOSING)} days. Run it daily; a second run the same "
        "day sends nothing."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due_reminders()} reminders queued for sending.")
