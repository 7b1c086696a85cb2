"""A follow-up's calendar link: signed, so that the file in the team's invitations needs no account, and expiring;
made for the emails (reports.services.follow_ups), read by the page that serves the file."""

from django.urls import reverse

from core import signed_links

from .models import FollowUp

CALENDAR_SALT = "reports.follow_up_calendar"
CALENDAR_DAYS = 800  # a follow-up a year after publication, and some months' grace


def calendar_link(follow_up: FollowUp) -> str:
    token = signed_links.make({"f": follow_up.pk}, salt=CALENDAR_SALT)
    return reverse("reports:follow-up-calendar", kwargs={"token": token})


def follow_up_for_calendar(token: str) -> FollowUp | None:
    data = signed_links.read(token, salt=CALENDAR_SALT, days=CALENDAR_DAYS)
    if data is None:
        return None
    return FollowUp.objects.select_related("visit").filter(pk=data.get("f")).exclude(planned_on=None).first()
