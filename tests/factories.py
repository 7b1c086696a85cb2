import datetime
import time

import factory

from authorities.choices import OrganisationKind, Role
from authorities.models import Organisation, Person

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


def sign_in_freshly(client, person, *, method: str = "password", seconds_ago: float = 0, **details) -> None:
    """Sign the person in as allauth does: with the record of how and when (sensitive actions count from it)."""
    client.force_login(person)
    session = client.session
    session["account_authentication_methods"] = [{"method": method, "at": time.time() - seconds_ago, **details}]
    session["account_authentication_methods_user"] = str(person.pk)
    session.save()
