"""External sign-off: before a report is approved, every team member from outside the host authorities is asked to
confirm that its strengths and areas for improvement reflect what the team found, or to comment.

They are asked by email and on their home page, through a signed link that expires (no account is needed, as for
confirming a place). The approving officer sees each answer; the published report says how many confirmed, never
who.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from authorities.models import Person
from core import messages, signed_links
from core.mail import queue_email
from reviews.selectors import taking_part

from .. import audit_trail
from ..choices import ReportStatus, SignOffAnswer
from ..emails import SIGN_OFF_REQUEST as REQUEST
from ..models import Report, SignOff

SALT = "reports.sign_off"
LINK_DAYS = 60


def external_members(report: Report) -> list[Person]:
    """The team's members from outside the host authorities (ADES, Education Scotland, HMI, peers); not declined."""
    visit = report.visit
    hosts = {host.pk for host in visit.hosts.all()}
    team = taking_part(visit)
    return [
        m.person
        for m in team
        if m.person.is_active and m.person.erased_at is None and m.person.organisation.authority_id not in hosts
    ]


def link_for(sign_off: SignOff) -> str:
    token = signed_links.make({"s": sign_off.pk, "p": sign_off.person_id}, salt=SALT)
    return reverse("reports:sign-off", kwargs={"token": token})


def sign_off_for(token: str) -> SignOff | None:
    """The sign-off a link is for, or None when the link is forged, expired, no longer the person's, or the person has
    been erased."""
    data = signed_links.read(token, salt=SALT, days=LINK_DAYS)
    if data is None:
        return None
    found = SignOff.objects.select_related("report__visit", "person").filter(
        pk=data.get("s"), person=data.get("p"), person__erased_at__isnull=True
    )
    return found.first()


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


def can_answer(sign_off: SignOff) -> bool:
    return sign_off.report.status == ReportStatus.SUBMITTED


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


def tally(report: Report) -> dict[str, int]:
    """How many external members were asked, and how many gave each answer; and whether anyone at all is recorded
    on the team (a 2021–24 visit's source may name nobody, so nobody could be asked)."""
    counts = {"asked": 0, **{answer.value: 0 for answer in SignOffAnswer}}
    counts["team_recorded"] = report.visit.team.exists()
    for value in report.sign_offs.values_list("answer", flat=True):
        counts["asked"] += 1
        counts[value] += 1
    return counts
