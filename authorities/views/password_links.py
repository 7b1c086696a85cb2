"""An ADES officer sends a person a link to set their password, from the person's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.access import require

from ..models import Person
from ..services.password_links import send_password_link


@require_POST
def person_password_link(request: HttpRequest, pk: int):
    require(request, "core.manage_personal_data")
    person = get_object_or_404(Person, pk=pk, erased_at__isnull=True)
    try:
        sent = send_password_link(person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if sent:
            messages.success(request, f"A link to set a password is on its way to {person.full_name}.")
        else:
            messages.info(request, f"A link went to {person.full_name} a moment ago, so no other was sent.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    return redirect(back)
