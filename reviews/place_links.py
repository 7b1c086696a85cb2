"""A team member's place link: signed, so that the email asking them to confirm or decline their place needs no
account, and expiring; made for the emails (reviews.notifications), My visits and the to-do list, read by the page
that answers (reviews.services.places)."""

from django.urls import reverse

from core import signed_links

from .models import TeamMembership

SALT = "reviews.place"
LINK_DAYS = 120  # long enough for a visit scheduled a term ahead; the visit's end closes it sooner


def link_for(membership: TeamMembership) -> str:
    token = signed_links.make({"m": membership.pk, "p": membership.person_id}, salt=SALT)
    return reverse("reviews:place", kwargs={"token": token})


def membership_for(token: str) -> TeamMembership | None:
    """The place a link is for, or None when the link is forged, expired, no longer the person's place, or the person
    has been erased (the place stays on the team; the link in their old email stops working)."""
    data = signed_links.read(token, salt=SALT, days=LINK_DAYS)
    if data is None:
        return None
    return (
        TeamMembership.objects.select_related("visit__phase", "visit__theme", "person__organisation")
        .filter(pk=data.get("m"), person_id=data.get("p"), person__erased_at__isnull=True)
        .first()
    )
