from django.core.management.base import BaseCommand

from reports.actions import REMINDER_DAYS_BEFORE_DUE, send_action_reminders


class Command(BaseCommand):
    help = (
        "Remind the owners of open actions due in "
        f"{' or '.join(str(d) for d in REMINDER_DAYS_BEFORE_DUE)} days. Run it daily; a second run the same day "
        "sends nothing."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_action_reminders()} action reminders queued for sending.")
