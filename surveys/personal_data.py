"""What surveys hold about a person: invitations, and whether each was used only while its round is open (never which
answers: none are linked)."""

from collections.abc import Iterator

from django.db.models import Q
from django.utils import timezone

from core.personal_data import Section, simple, words_of

from . import selectors
from .models import Invitation, SealedResponse, SurveyRound
from .services.responses import redact_sealed

# Whether someone answered is known while their round is open, to remind them; once it has closed no page, export
# or command says it of anyone (surveys.selectors.invitations_of).
NOT_SHOWN = "Not shown once the round has closed"


def _invitations(person) -> list[dict]:
    rows = (
        selectors.invitations_of(person)
        .order_by("survey_round__opens_on", "pk")
        .values(
            "survey_round__questionnaire__name",
            "survey_round__opens_on",
            "survey_round__closes_on",
            "sent_at",
            "answered",
        )
    )
    return [
        {
            "questionnaire": row["survey_round__questionnaire__name"],
            "round opens": row["survey_round__opens_on"],
            "round closes": row["survey_round__closes_on"],
            "invited": row["sent_at"],
            "answered": NOT_SHOWN if row["answered"] is None else row["answered"],
        }
        for row in rows
    ]


def sections() -> Iterator[Section]:
    """What the app holds about a person (registered from its hooks.py)."""
    yield from [
        Section(
            name="Survey invitations",
            model=Invitation,
            field="person",
            rows=_invitations,
            on_erasure="Kept, with whether each was used, so response rates stay true; their personal survey links "
            "stop working, answered or not. Answers are never linked to anyone, so there are none to erase or to "
            "export.",
            erase=clear_links,
        ),
        Section(
            name="Survey answers still sealed",
            model=SealedResponse,
            field="",
            rows=lambda person: [],  # unreadable until their round is released, and never anyone's own
            on_erasure="Their name and email are removed from comments still sealed in open rounds.",
            erase=lambda person: redact_sealed(words=words_of(person)),
            touches_text=False,  # sealed answers are binary, never searched as text
        ),
        simple(
            "Survey rounds they opened",
            SurveyRound,
            "created_by",
            {"questionnaire": "questionnaire__name", "opens": "opens_on", "closes": "closes_on"},
            "Kept, with the person's record in place of their name.",
        ),
    ]


def clear_closed_links(now) -> int:
    """A closed round's personal links are no use to anyone: cleared, keeping whether each invitation was used."""
    today = timezone.localdate(now)
    closed = Q(survey_round__closed_at__isnull=False) | Q(survey_round__closes_on__lt=today)
    return Invitation.objects.filter(closed, token__isnull=False).update(token=None)


def clear_links(person) -> int:
    """An erased person's survey links stop working, in open rounds as in closed ones, whether used or not: the link
    then answers as any unknown link does, so it says nothing of whether they answered."""
    return Invitation.objects.filter(person=person, token__isnull=False).update(token=None)
