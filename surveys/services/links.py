"""One person's survey link sent again, and forgetting, at close, everything that said who had not yet answered.

A link sent again or a reminder goes only to someone who has not answered; once the round closes the round page
stops naming who did not respond (beside results where everyone agreed, that would say what the others answered),
so the record of those emails goes too, with the reminders' own rows and the audit entries about chasing anyone in
the round. Nothing is recorded when someone answers, so nothing is left to tell who answered before a reminder and
who after. An officer's "Send reminders" entry stays: it names nobody and counts nobody.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from authorities.models import Person
from core import audit
from core.audit import audited
from core.mail import SENT_AGAIN, sent_a_moment_ago
from core.models import AuditSubject, OutgoingEmail

from ..emails import AGAIN, CHASING
from ..models import Invitation, Reminder, SurveyRound
from .rounds import email_invitation

ERASED = "This person's record was erased: their link no longer works, so there is nothing to send again."
LINK_SENT_AGAIN = "survey.link.sent_again"
# One refusal for a closed round, an answered invitation and one not in the round: none says who answered.
NOT_SENT = "The link can be sent again only while the round is open, to someone who has not answered."
# Audit entries filed under a round that each tell of one person chased: a link sent again from the round's page,
# and a reminder or link sent again from the outbox (core.mail files those under the round, never the email).
CHASING_ENTRIES = (LINK_SENT_AGAIN, SENT_AGAIN)


# Never names whom: that someone was sent their link again says they had not yet answered.
@audited(
    LINK_SENT_AGAIN,
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
        raise ValidationError(NOT_SENT)
    if sent_a_moment_ago(locked.emails.filter(kind=AGAIN)):
        return False
    email_invitation("survey_invitation", locked, kind=AGAIN)
    return True


def forget_chasing_emails(survey_round: SurveyRound) -> int:
    """Delete the record of the round's reminders and links sent again (called as the round closes): their emails,
    the reminders' rows (when each went to whom), any audit entry about one of those emails, and the round's audit
    entries about sending someone their link or a reminder again. Returns how many emails went."""
    chasing = OutgoingEmail.objects.filter(
        kind__in=CHASING,
        pk__in=Invitation.emails.through.objects.filter(invitation__survey_round=survey_round).values(
            "outgoingemail_id"
        ),
    )
    audit.forget(OutgoingEmail, chasing.values_list("pk", flat=True))
    audit.forget(SurveyRound, [survey_round.pk], kinds=CHASING_ENTRIES)
    Reminder.objects.filter(invitation__survey_round=survey_round).delete()
    return chasing.delete()[0]


def forget_closed_rounds_chasing(now=None) -> int:
    """The same for every closed round that still holds any of it (rounds closed before the portal forgot reminders
    at close, or a leftover): a retention step, safe to run daily. Returns how many rounds it cleared."""
    entries = AuditSubject.objects.filter(
        content_type=ContentType.objects.get_for_model(SurveyRound), entry__kind__in=CHASING_ENTRIES
    ).values("object_id")
    held = Q(invitations__reminders__isnull=False) | Q(invitations__emails__kind__in=CHASING) | Q(as_text__in=entries)
    closed = SurveyRound.objects.filter(closed_at__isnull=False).annotate(as_text=Cast("pk", CharField()))
    cleared = 0
    with transaction.atomic():
        for survey_round in closed.filter(held).distinct():
            forget_chasing_emails(survey_round)
            cleared += 1
    return cleared
