"""The audit log, for ADES officers: every change a service recorded (core.audit), newest first, filtered by the
objects apps register (core.audit.register_filter), by person (what they did, and what was done about them) and by
kind."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core import audit
from core.access import require
from core.models import AuditEntry

from ..rules import READ_AUDIT_LOG

PER_PAGE = 50
PERMISSION = READ_AUDIT_LOG


def _chosen(request, name: str) -> str:
    """The filter's value, if a whole number (anything else finds nothing, as an unknown number does)."""
    value = request.GET.get(name, "").strip()
    if value and not (value.isascii() and value.isdigit()):
        return "0"
    return value


def audit_log(request):
    require(request, PERMISSION)
    entries = AuditEntry.objects.select_related("by")
    chosen, about = {}, []
    person = None
    if person_pk := _chosen(request, "person"):
        person = get_object_or_404(get_user_model(), pk=person_pk, erased_at__isnull=True)
        chosen["person"] = person.pk
    for name, registered in audit.filters().items():
        if pk := _chosen(request, name):
            obj = get_object_or_404(registered.model, pk=pk)
            chosen[name] = obj.pk
            said = {"title": registered.title(obj), "link": registered.link(obj), "after": registered.after}
            about.append({"name": name, "object": obj, **said})
    entries = audit.about_filters(entries, **chosen)
    kinds = audit.labels()
    kind = request.GET.get("kind", "")
    if kind in kinds:
        entries = entries.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(entries.order_by("-at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.kind_label = audit.label(entry.kind)
    context = {
        "page": page,
        "person": person,
        "about": about,
        "kinds": kinds,
        "kind": kind,
        "filtered": bool(chosen or kind),
        "retention_years": settings.RETENTION["history_years"],
    }
    return render(request, "office/audit_log.html", context)
