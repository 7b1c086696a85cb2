"""A subject access request: everything held about one person, as JSON, on standard output."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from core.people import export_person


class Command(BaseCommand):
    help = "Print everything held about the person with this email address, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        person = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Nobody has the email address {email.strip()!r}.")
        held = export_person(person=person, by=None)  # recorded in the audit log as done by the portal's command
        self.stdout.write(json.dumps(held, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
