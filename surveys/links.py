"""One person's survey link sent again, and forgetting, at close, the emails that said who had not yet answered.

A link sent again or a reminder goes only to someone who has not answered; once the round closes the round page
stops naming who did not respond (beside results where everyone agreed, that would say what the others answered),
so the record of those emails goes too. Nothing is recorded when someone answers.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Person
from core import audit
from core.audit import audited
from core.mail import sent_a_moment_ago
from core.models import OutgoingEmail

from .models import Invitation, SurveyRound
from .services import email_invitation

AGAIN = "survey_link_again"
AGAIN_LABEL = "Survey link, sent again"
CHASING = ("survey_reminder", AGAIN)  # sent only to those who had not answered
ERASED = "This person's record was erased: their link no longer works, so there is nothing to send again."


# Never names whom: that someone was sent their link again says they had not yet answered.
@audited(
    "survey.link.sent_again",
    lambda v: (
        f"Sent one invited person their link again in the survey round {v['invitation'].survey_round}"
        if v["result"]
        else ""
    ),
    label="Survey link sent again",
    about=lambda v: [v["invitation"].survey_round],
)
@transaction.atomic
def send_link_again(*, invitation: Invitation, by: Person) -> bool:
    """Email one invited person their link again, as the invitation did, while the round is open and they have not
    answered; never to an erased person (their link was cleared). False (and nothing sent) when it went a moment
    ago: a double click sends one."""
    related = Invitation.objects.select_related("survey_round__visit", "survey_round__questionnaire", "person")
    locked = related.select_for_update(of=("self",)).get(pk=invitation.pk)
    if locked.person.erased_at is not None:
        raise ValidationError(ERASED)
    if not locked.survey_round.is_open() or hasattr(locked, "completion") or not locked.token:
        raise ValidationError(
            "The link can be sent again only while the round is open, to someone who has not answered."
        )
    if sent_a_moment_ago(locked.emails.filter(kind=AGAIN)):
        return False
    email_invitation("survey_invitation", locked, kind=AGAIN)
    return True


def forget_chasing_emails(survey_round: SurveyRound) -> int:
    """Delete the record of the round's reminders and links sent again (called as the round closes), and any audit
    entry about one of them."""
    chasing = OutgoingEmail.objects.filter(
        kind__in=CHASING,
        pk__in=Invitation.emails.through.objects.filter(invitation__survey_round=survey_round).values(
            "outgoingemail_id"
        ),
    )
    audit.forget_about(OutgoingEmail, chasing.values_list("pk", flat=True))
    return chasing.delete()[0]


def rounds_of(email: OutgoingEmail) -> list[SurveyRound]:
    """The survey rounds an email was about (through the invitations it was sent for)."""
    return list(SurveyRound.objects.filter(invitations__emails=email).distinct())
