import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from authorities.choices import OrganisationKind, Role
from authorities.models import Organisation, Person
from authorities.services.people import create_person

DEMO_PEOPLE = (
    ("ades.officer@demo.ci-portal.localhost", "Alex Morgan", Role.ADES_OFFICER, {"kind": OrganisationKind.ADES}),
    (
        "authority.officer@demo.ci-portal.localhost",
        "Jamie Campbell",
        Role.AUTHORITY_OFFICER,
        {"authority__slug": "glasgow-city"},
    ),
    (
        "team.member@demo.ci-portal.localhost",
        "Morgan Fraser",
        Role.TEAM_MEMBER,
        {"kind": OrganisationKind.EDUCATION_SCOTLAND},
    ),
)


SECOND_FACTOR_NOTE = (
    "The ADES programme officer sets up a second factor (an authenticator app or a passkey) at first sign-in, "
    "as every ADES officer must."
)


class Command(BaseCommand):
    help = "For a local run only: when nobody has an account yet, create one account per role and print them once."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only for a local run with DJANGO_DEBUG on.")
        if Person.objects.exists():
            self.stdout.write("Accounts exist already; no demo accounts were created.")
            return
        lines = []
        for email, full_name, role, organisation_lookup in DEMO_PEOPLE:
            organisation = Organisation.objects.get(**organisation_lookup)
            password = secrets.token_urlsafe(12)
            create_person(email=email, full_name=full_name, organisation=organisation, role=role, password=password)
            lines.append(f"  {Role(role).label:<24} {email:<45} {password}")
        self.stdout.write("Demo accounts (shown once; reset a password from the sign-in page if you lose it):")
        self.stdout.write("\n".join(lines))
        self.stdout.write(SECOND_FACTOR_NOTE)
