"""A team member's answer to their place, through the signed link in their email or from My visits: no sign-in."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import places

ANSWERS = {"confirm": True, "decline": False}


@require_http_methods(["GET", "POST"])
def place(request, token):
    membership = places.membership_for(token)
    if membership is None:
        return render(request, "reviews/place_unknown.html", status=404)
    can_answer = places.can_answer(membership)
    if request.method == "POST":
        choice = request.POST.get("answer")
        if not can_answer or choice not in ANSWERS:
            messages.error(request, "Nothing was changed: this place can no longer be answered here.")
            return redirect(request.path)
        changed = places.answer(membership, confirmed=ANSWERS[choice])
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
