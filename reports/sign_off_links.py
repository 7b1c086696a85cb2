"""A team member's sign-off link: signed, so that the email asking them to confirm the report needs no account,
and expiring; made for the email (reports.services.sign_off) and the to-do list, read by the page that answers."""

from django.urls import reverse

from core import signed_links

from .models import SignOff

SALT = "reports.sign_off"
LINK_DAYS = 60


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
