"""A subject access request: everything held about one person, as JSON, on standard output."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from office.management.acting import BY_HELP, acting_person
from office.services.subject_access import PERMISSION, export_person


class Command(BaseCommand):
    help = "Print everything held about the person with this email address, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--by", metavar="EMAIL", help=BY_HELP)

    def handle(self, *args, email, by=None, **options):
        by = acting_person(by, permission=PERMISSION)
        person = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Nobody has the email address {email.strip()!r}.")
        held = export_person(person=person, by=by, via="manage.py export_person")
        self.stdout.write(json.dumps(held, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
