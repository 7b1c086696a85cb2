"""The release step's re-application of erasures: run after `migrate`, so that a restored backup taken before an
erasure does not bring the person back (office/erasure_ledger.py). Safe to run any number of times; names nobody."""

from django.core.management.base import BaseCommand, CommandError

from office import erasure_ledger
from office.services import reapply_erasures


def _people(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} people"


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


class Command(BaseCommand):
    help = "Erase again anyone a restored backup brought back, from the erasure ledger (file and table)."

    def handle(self, *args, **options):
        path = erasure_ledger.ledger_path()
        if path is None:  # not a failure: a first install may run without one (check --deploy warns too)
            self.stderr.write(
                "Warning: CI_PORTAL_ERASURE_LEDGER is not set, so only the database's ledger was read. A restored "
                "backup holds that ledger as it was, so an erasure made after the backup cannot be caught without "
                "the file (README, Backups)."
            )
        elif not path.parent.is_dir():
            raise CommandError(f"The erasure ledger's folder {path.parent} does not exist. Nothing was erased again.")
        outcome = reapply_erasures.reapply()
        for number in outcome.damaged_lines:
            self.stderr.write(f"{path}, line {number}: not a date and a hash; left as it is and not read.")
        if outcome.added_to_table or outcome.added_to_file:
            self.stdout.write(
                f"Erasure ledger: {_entries(outcome.added_to_table)} added to the database, "
                f"{_entries(outcome.added_to_file)} to the file."
            )
        self.stdout.write(f"Erased again after a restore: {_people(outcome.erased)}.")
