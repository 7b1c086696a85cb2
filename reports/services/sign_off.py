"""External sign-off: before a report is approved, every team member from outside the host authorities is asked to
confirm that its strengths and areas for improvement reflect what the team found, or to comment.

They are asked by email and on their home page, through a signed link that expires (no account is needed, as for
confirming a place). The approving officer sees each answer; the published report says how many confirmed, never
who.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Person
from core import messages
from core.mail import queue_email

from .. import audit_trail
from ..choices import SignOffAnswer
from ..emails import SIGN_OFF_REQUEST as REQUEST
from ..models import Report, SignOff
from ..selectors import can_answer, external_members
from ..sign_off_links import link_for


def ask(report: Report) -> int:
    """Ask each external member afresh (the report is submitted, perhaps again after changes); returns how many."""
    people = external_members(report)
    report.sign_offs.exclude(person__in=people).delete()
    asked = []
    for person in people:
        sign_off, _ = SignOff.objects.update_or_create(
            report=report, person=person, defaults={"answer": SignOffAnswer.AWAITING, "comment": ""}
        )
        asked.append(sign_off)
    visit = report.visit
    hosts = ", ".join(host.name for host in visit.hosts.all())
    for sign_off in asked:
        subject, body = messages.render(
            REQUEST.key,
            {
                "name": sign_off.person.full_name,
                "hosts": hosts,
                "when": visit.when,
                "link": settings.SITE_URL + link_for(sign_off),
            },
        )
        person = sign_off.person
        queue_email(to=person.email, subject=subject, body=body, kind=REQUEST.key, person=person, about=[visit])
    return len(asked)


@audit_trail.sign_off_answered
@transaction.atomic
def answer(*, sign_off: SignOff, confirmed: bool, comment: str = "", by: Person) -> SignOff:
    """Record the member's answer (`by` is the member, holding their link; the log says they answered, never what);
    they may change it until the report is approved or returned."""
    SignOff.objects.select_for_update().filter(pk=sign_off.pk).exists()
    sign_off.report.refresh_from_db(fields=["status"])
    if not can_answer(sign_off):
        raise ValidationError("The report has been decided, so it no longer takes answers.")
    comment = comment.strip()
    if not confirmed and not comment:
        raise ValidationError({"comment": "Say what the report misses or gets wrong."})
    sign_off.answer = SignOffAnswer.CONFIRMED if confirmed else SignOffAnswer.COMMENTED
    sign_off.comment = "" if confirmed else comment
    sign_off.save(update_fields=["answer", "comment", "updated_at"])
    return sign_off
