"""A team member confirms or declines their place, from the email that tells them (a signed link that expires,
so no account is needed) or from My visits. A decline shows as a warning on the visit, where the composition checks
then count the team without them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.mail import sent_a_moment_ago

from .. import audit_trail, notifications
from ..choices import PlaceAnswer
from ..models import TeamMembership
from ..selectors import awaiting_places


def can_answer(membership: TeamMembership) -> bool:
    """Until the visit is over: asking for, or giving, an answer about a place afterwards means nothing."""
    return not membership.visit.is_finished


@audit_trail.place_answered
@transaction.atomic
def answer(*, membership: TeamMembership, confirmed: bool, by) -> bool:
    """Record the answer (`by` is the member themselves, holding their link); True when it changed anything (a second
    click of the same button changes nothing)."""
    place = PlaceAnswer.CONFIRMED if confirmed else PlaceAnswer.DECLINED
    locked = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.place == place:
        return False
    locked.place, locked.place_answered_at = place, timezone.now()
    locked.save(update_fields=["place", "place_answered_at", "updated_at"])
    membership.place, membership.place_answered_at = locked.place, locked.place_answered_at
    return True


@audit_trail.places_requested
@transaction.atomic
def request_places(*, visit, by) -> int:
    """Email everyone on the team who has not answered, asking them to confirm their place (with their link); how
    many were asked."""
    return notifications.request_places(visit, awaiting_places(visit))


@audit_trail.place_asked_again
@transaction.atomic
def ask_again(*, membership: TeamMembership, by) -> bool:
    """Email one member who has not answered their place request again, with their link, as "Ask the team to
    confirm" does for everyone. False (nothing sent) when it went to them a moment ago: a double click sends one."""
    locked = TeamMembership.objects.select_for_update().select_related("visit", "person").get(pk=membership.pk)
    if locked.place != PlaceAnswer.AWAITING or not locked.person.is_active or not can_answer(locked):
        raise ValidationError("Nothing was sent: this place has been answered, or can no longer be answered.")
    asked = locked.visit.emails.filter(kind=notifications.PLACE_REQUEST.key, person=locked.person)
    if sent_a_moment_ago(asked):
        return False
    notifications.request_places(locked.visit, [locked])
    return True
