import datetime
import time

import factory
import pyotp
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt, encrypt
from django.test import RequestFactory

from authorities.choices import OrganisationKind, Role
from authorities.models import IdentityProvider, Organisation, Person

PASSWORD = "correct horse battery staple"


def organisation(**lookup) -> Organisation:
    """One of the organisations the reference data loads (a council, ADES, Education Scotland, HMIE)."""
    return Organisation.objects.get(**lookup)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.scot")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.LazyFunction(lambda: organisation(kind=OrganisationKind.EDUCATION_SCOTLAND))
    role = Role.TEAM_MEMBER
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def second_factor(person, create, wanted, **kwargs):
        """ADES officers and superusers hold an authenticator app, as the portal requires of them (its secret in
        `person.totp_secret`); `second_factor=False` makes one who has not set it up yet, `True` gives anyone one."""
        if wanted is None:
            wanted = person.role == Role.ADES_OFFICER or person.is_superuser
        if create and wanted:
            person.totp_secret = with_totp(person)


def with_totp(person) -> str:
    """Give the person an authenticator app, stored as the portal stores one (its secret encrypted); its secret."""
    secret = pyotp.random_base32()
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)})
    return secret


def totp_secret(person) -> str:
    """The secret of the person's authenticator app, read back as the portal reads it."""
    return decrypt(Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP).data["secret"])


def totp_code(secret: str, *, windows_on: int = 0) -> str:
    """The code an authenticator app shows now (or `windows_on` 30-second windows later), computed by pyotp: an
    implementation of its own, so a fault in the portal's check is not repeated here."""
    totp = pyotp.TOTP(secret)
    return totp.at(datetime.datetime.now(), counter_offset=windows_on)


def record_sign_in(client, person) -> None:
    """Record in the client's session the steps of a real sign-in at /accounts/sign-in/: the password, then the
    person's second factor when they hold one (as allauth's second step records it). tests/conftest.py makes every
    `client.force_login` do this, so a signed-in test client is signed in as the two steps would have left it."""
    request = RequestFactory().get("/")
    request.session, request.user = client.session, person
    record_authentication(request, person, "password", email=person.email)
    factor = Authenticator.objects.filter(
        user=person, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).first()
    if factor is not None:
        record_authentication(request, person, "mfa", id=factor.pk, type=factor.type)
    request.session.save()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Programme"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    kind = "ci"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Phase"
        django_get_or_create = ("programme", "number")

    programme = factory.SubFactory(ProgrammeFactory)
    number = 1
    name = factory.LazyAttribute(lambda phase: f"Phase {phase.number}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Theme"
        django_get_or_create = ("slug",)

    name = "School Improvement"
    slug = factory.LazyAttribute(lambda theme: theme.name.lower().replace(" ", "-").replace("/", "-"))


class VisitFactory(factory.django.DjangoModelFactory):
    """A proposed three-day visit; pass hosts=[...authority names]."""

    class Meta:
        model = "reviews.Visit"
        skip_postgeneration_save = True

    phase = factory.SubFactory(PhaseFactory)
    programme = factory.LazyAttribute(lambda visit: visit.phase.programme)
    theme = factory.SubFactory(ThemeFactory)
    starts_on = datetime.date(2030, 3, 5)  # a Tuesday, and ahead: a visit is over once its dates have passed
    ends_on = factory.LazyAttribute(lambda visit: visit.starts_on + datetime.timedelta(days=2))
    status = "proposed"

    @factory.post_generation
    def hosts(visit, create, names, **kwargs):
        from authorities.models import Authority

        visit.skip_history_when_saving = True  # as the services do: hosts belong to the visit's first record
        visit.hosts.set(Authority.objects.filter(name__in=names or ["Angus"]))
        del visit.skip_history_when_saving


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.TeamMembership"

    visit = factory.SubFactory(VisitFactory)
    person = factory.SubFactory(PersonFactory)
    role = "peer_reviewer"


def survey_round_for(visit, *, by, opens_on=None, closes_on=None, cohort="final"):
    """A round of the CI participant survey for a visit's team, opened through the service."""
    from surveys.services.questionnaires import load_ci_questionnaire
    from surveys.services.rounds import open_round

    today = datetime.date.today()
    return open_round(
        questionnaire=load_ci_questionnaire(),
        visit=visit,
        cohort=cohort,
        by=by,
        opens_on=opens_on or today,
        closes_on=closes_on or today + datetime.timedelta(days=14),
    )


def quad_meeting(quad, *, on: datetime.date, status: str = "confirmed", **fields):
    """A meeting of the Quad on one day, in a Quads programme of its own, as quads.services links one."""
    from quads.models import QuadMeeting

    phase = PhaseFactory(programme=ProgrammeFactory(kind="quads", school_years=quad.cycle))
    visit = VisitFactory(
        phase=phase,
        starts_on=on,
        ends_on=on,
        status=status,
        meeting_of=f"Quad {quad.name}",
        hosts=list(quad.members.values_list("name", flat=True)),
        **fields,
    )
    QuadMeeting.objects.create(quad=quad, visit=visit)
    return visit


def ready_identity_provider(monkeypatch, organisation, *, slug: str = "ades", domains: str = "ades.example.scot"):
    """An organisation sign-in the portal offers: its record, and its secret set in the environment."""
    monkeypatch.setenv(f"CI_PORTAL_OIDC_SECRET_{slug.upper().replace('-', '_')}", "s3cret")
    return IdentityProvider.objects.create(
        organisation=organisation,
        name=organisation.name,
        slug=slug,
        issuer="https://login.microsoftonline.com/tenant/v2.0",
        client_id="portal",
        email_domains=domains,
    )


def sign_in_freshly(client, person, *, method: str | None = None, seconds_ago: float = 0, **details) -> None:
    """Sign the person in `seconds_ago` seconds ago (sensitive actions count from it): as the two steps of a real
    sign-in would have (the password, then their second factor when they hold one: tests/conftest.py), or, given
    `method`, by that method alone (e.g. "mfa" with type="provider", an organisation's sign-in)."""
    client.force_login(person)
    session = client.session
    records = session["account_authentication_methods"]
    if method is not None:
        records = [{"method": method, **details}]
    session["account_authentication_methods"] = [{**record, "at": time.time() - seconds_ago} for record in records]
    session["account_authentication_methods_user"] = str(person.pk)
    session.save()
