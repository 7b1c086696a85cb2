"""An ADES officer resets another person's second factor from the person's page, after confirming it is them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from core.access import require

from ..models import Person
from ..reauthentication import sensitive
from ..second_factor import next_step
from ..services.second_factor import reset_second_factor, second_factor_kinds

PERMISSION = "authorities.reset_second_factor"


def _back(request: HttpRequest) -> str:
    """The page the officer came from (the person's page), or the home page."""
    back = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return back
    return "/"


@require_http_methods(["GET", "POST"])
@sensitive(check=lambda request, pk: require(request, PERMISSION))
def person_second_factor_reset(request: HttpRequest, pk: int):
    require(request, PERMISSION)
    person = get_object_or_404(Person, pk=pk, erased_at__isnull=True)
    if request.method == "POST":
        try:
            removed = reset_second_factor(person=person, by=request.user)
        except ValidationError as error:
            messages.error(request, f"{error.messages[0]} Nothing was reset.")
        else:
            messages.success(
                request,
                f"The second factor of {person.full_name} is reset ({' and '.join(removed)} removed): "
                f"{next_step(person)}.",
            )
        return redirect(_back(request))
    context = {
        "person": person,
        "kinds": second_factor_kinds(person),
        "next_step": next_step(person),
        "back": _back(request),
    }
    return render(request, "authorities/person_second_factor_reset.html", context)
