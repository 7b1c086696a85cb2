"""ADES officers' wording of the portal's emails (core.messages): each kind listed, edited with its placeholders
shown, checked on save, and put back to the portal's own wording when wanted."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from authorities.reauthentication import sensitive
from core import messages
from core.access import require
from core.models import MessageTemplate

from ..forms import WordingForm
from ..rules import MANAGE_MESSAGES
from ..services import wording

PERMISSION = MANAGE_MESSAGES


def message_list(request):
    require(request, PERMISSION)
    saved = {t.key: t for t in MessageTemplate.objects.select_related("updated_by")}
    rows = [(kind, saved.get(kind.key)) for kind in messages.kinds()]
    return render(request, "office/message_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@sensitive(check=lambda request, key: require(request, PERMISSION))
def message_edit(request, key):
    require(request, PERMISSION)
    try:
        kind = messages.kind(key)
    except KeyError:
        raise Http404 from None
    subject, body = messages.wording(key)
    form = WordingForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and "reset" in request.POST:
        wording.reset_wording(key=key, by=request.user)
        flash.success(request, f"“{kind.label}” is back to the portal's own wording.")
        return redirect("office:messages")
    if request.method == "POST" and form.is_valid():
        try:
            wording.save_wording(key=key, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            flash.success(request, f"“{kind.label}” is saved: the next such email uses it.")
            return redirect("office:messages")
    customised = MessageTemplate.objects.filter(key=key).exists()
    return render(request, "office/message_edit.html", {"form": form, "kind": kind, "customised": customised})
