from django.core.management.base import BaseCommand

from reports.services.actions import REMINDER_DAYS_BEFORE_DUE, send_action_reminders
from reports.services.follow_ups import REMIND_DAYS_BEFORE, send_reminders


class Command(BaseCommand):
    help = (
        "Remind the owners of open actions due in "
        f"{' or '.join(str(d) for d in REMINDER_DAYS_BEFORE_DUE)} days, and the teams of follow-up sessions "
        f"{REMIND_DAYS_BEFORE} days ahead. Run it daily; a second run the same day sends nothing."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_action_reminders()} action reminders queued for sending.")
        self.stdout.write(f"{send_reminders()} follow-up session reminders queued for sending.")
