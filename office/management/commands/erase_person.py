"""A data protection officer's request for erasure: the same erasure an ADES officer makes from the person's page."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core import personal_data
from office import erasure_files, erasure_review
from office.management.acting import BY_HELP, acting_person
from office.services import erasure
from office.services.subject_access import PERMISSION


class Command(BaseCommand):
    help = "Erase the person with this email address: their name and email from every table, their places kept."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="erase without asking (for a script)")
        parser.add_argument("--by", metavar="EMAIL", help=BY_HELP)
        parser.add_argument(
            "--superuser", action="store_true", help="erase them even if they are technical staff (a superuser)"
        )
        parser.add_argument(
            "--history-too",
            action="store_true",
            help=(
                "also replace their first name and surname where either appears alone in earlier versions and other "
                "records no page edits (the audit log, documents' titles)"
            ),
        )

    def handle(self, *args, email, yes, superuser, history_too, by=None, **options):
        by = acting_person(by, permission=PERMISSION)
        person = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Nobody has the email address {email.strip()!r}.")
        if person.is_superuser and not superuser:
            raise CommandError(
                f"{person.full_name} is technical staff (a superuser): add --superuser to erase them. "
                "Nothing was erased."
            )
        self._print_effects(person)
        if not yes:
            self._confirm()
        try:
            record = erasure.erase(
                person=person, by=by, via="manage.py erase_person", superuser_too=superuser, history_too=history_too
            )
        except (erasure.AlreadyErased, erasure.ErasureRefused) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Erased. {erasure_review.outcome(record, history_too=history_too)}")

    def _print_effects(self, person) -> None:
        for section, count in personal_data.counts(person):
            if count:
                self.stdout.write(f"{section.name} ({count}): {section.on_erasure}")
        typed = erasure_review.places_to_rewrite(person)
        self.stdout.write(
            f"Text others typed ({erasure_review.places(typed)}, a place being one field of one record): their name "
            "and email replaced."
        )
        words = list(personal_data.words_of(person))
        files = erasure_files.files_naming(words, skip=personal_data.kept_unchanged())
        self.stdout.write(f"Files named after them ({files}): renamed, with 'name-removed' in place of the name.")
        self.stdout.write("Documents the portal has prepared: deleted, to be made again without them when asked for.")
        self.stdout.write("Links sent to them (team place, sign-off, survey, password): stop working.")
        for line in erasure_review.lines(erasure_review.mentions(person)):
            self.stdout.write(line)

    def _confirm(self) -> None:
        try:
            answer = input("Erase this person? This cannot be undone. Type 'erase' to go on: ")
        except EOFError:  # no terminal to ask at (a script, a closed stdin)
            raise CommandError("Not erased: confirm with --yes when there is no terminal.") from None
        if answer.strip() != "erase":
            raise CommandError("Nothing was erased.")
