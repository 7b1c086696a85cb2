"""A team member's answer to their place, through the signed link in their email or from My visits: no sign-in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core import once

from .. import notifications, place_links
from ..selectors import awaiting_places
from ..services import places
from .visits import managed_visit

ANSWERS = {"confirm": True, "decline": False}


@require_http_methods(["GET", "POST"])
def place(request, token):
    membership = place_links.membership_for(token)
    if membership is None:
        return render(request, "reviews/place_unknown.html", status=404)
    can_answer = places.can_answer(membership)
    if request.method == "POST":
        choice = request.POST.get("answer")
        if not can_answer or choice not in ANSWERS:
            messages.error(request, "Nothing was changed: this place can no longer be answered here.")
            return redirect(request.path)
        changed = places.answer(membership=membership, confirmed=ANSWERS[choice], by=membership.person)
        if not changed:
            messages.info(request, "You had already given that answer, so nothing changed.")
        elif ANSWERS[choice]:
            messages.success(request, "Thank you: your place is confirmed.")
        else:
            messages.success(
                request, "Your place is declined. The visit's organisers will see it and find someone else."
            )
        return redirect(request.path)
    return render(
        request, "reviews/place.html", {"membership": membership, "visit": membership.visit, "can_answer": can_answer}
    )


@require_http_methods(["GET", "POST"])
def request_places(request, pk):
    """Ask everyone who has not answered to confirm their place: the first email and the count, then the send."""
    visit = managed_visit(request, pk)
    if visit.is_finished:
        messages.error(request, "The visit is over: there are no places left to confirm, so no emails were sent.")
        return redirect(visit)
    awaiting = awaiting_places(visit)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        sent = places.request_places(visit=visit, by=request.user)
        messages.success(
            request, f"Emails asking for an answer are on their way to {sent} team member{'s' if sent != 1 else ''}."
        )
        return once.finish(request, visit.get_absolute_url())
    preview = notifications.place_request(visit, awaiting[0]) if awaiting else None
    context = {
        "visit": visit,
        "count": len(awaiting),
        "awaiting": awaiting,
        "first": awaiting[0] if awaiting else None,
        "preview": preview,
    }
    return render(request, "reviews/place_requests.html", context)


@require_POST
def ask_again(request, pk, membership_pk):
    """Send one member's place request again, and no one else's."""
    visit = managed_visit(request, pk)
    membership = get_object_or_404(visit.team.select_related("person"), pk=membership_pk)
    try:
        sent = places.ask_again(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        name = membership.person.full_name
        if sent:
            messages.success(request, f"The request to confirm is on its way to {name} again, with their link.")
        else:
            messages.info(request, f"The request went to {name} a moment ago, so it was not sent again.")
    return redirect("reviews:place-requests", pk=visit.pk)
