from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from core.sections import Page, sections_for

from .. import place_links, selectors
from ..calendar import calendar_for
from ..models import CalendarFeed, TeamMembership
from ..rules import visits_with_meeting_links_for
from ..services.visits import calendar_feed_for
from .visits import visible_visit


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def visit_calendar(request, pk):
    visit = visible_visit(request, pk)
    team = request.user.has_perm("reviews.view_meeting_link", visit)  # the team's meeting links, only for them
    return _ics(calendar_for([visit], name="CI Portal visit", with_links=lambda v: team), f"ci-visit-{visit.pk}.ics")


def calendar_feed(request, token):
    """A person's visits for calendar programs to subscribe to; the secret address is the only key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("person"), token=token, person__is_active=True)
    visits = selectors.visits_of_person(feed.person).prefetch_related("day_sessions")
    # The meeting links of the visits the person takes part in; a place they declined carries none.
    taking_part = visits_with_meeting_links_for(feed.person)
    calendar = calendar_for(visits, name="My CI visits", with_links=lambda visit: visit.pk in taking_part)
    return _ics(calendar, "my-ci-visits.ics")


@login_required
def my_visits(request):
    visits = list(selectors.visits_of_person(request.user))
    mine = {m.visit_id: m for m in TeamMembership.objects.filter(person=request.user)}
    for visit in visits:
        visit.my_place = mine.get(visit.pk)
        visit.my_place_url = place_links.link_for(visit.my_place) if visit.my_place else ""
    upcoming, past = selectors.split_upcoming(visits)
    pack = selectors.current_induction_pack()
    return render(
        request,
        "reviews/my_visits.html",
        {
            "upcoming": upcoming,
            "past": past,
            "feed": calendar_feed_for(person=request.user),
            "induction": pack,
            "induction_read": selectors.has_read(request.user, pack),
            "sections": sections_for(Page.MY_VISITS, request, request.user),  # what higher apps add: surveys waiting
        },
    )
