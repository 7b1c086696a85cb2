"""Personal data, for ADES officers: find a person, download everything held about them, erase them; see who
downloaded restricted files. Every view here is for ADES officers only (core.manage_personal_data)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from authorities.reauthentication import sensitive
from core import personal_data, sent
from core.access import require
from core.models import DownloadRecord, ErasureRecord, OutgoingEmail
from core.sections import Page, sections_for

from .. import erasure_files, erasure_review, erasure_text
from ..services import erasure
from ..services.subject_access import PERMISSION, export_person

PER_PAGE = 50
SHORTEST_QUERY = 2  # one letter is in nearly every name
RECENT_EMAILS = 10  # on the person's page; "Messages sent" lists them all


def people(request):
    require(request, PERMISSION)
    query = request.GET.get("q", "").strip()[:200]
    proposed = request.GET.get("proposed") == "1"
    current = get_user_model().objects.filter(erased_at__isnull=True)
    found = current.select_related("organisation")
    too_short = 0 < len(query) < SHORTEST_QUERY
    if too_short:
        found = found.none()
    elif query:
        found = found.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if proposed:
        found = found.filter(erasure_proposed_at__isnull=False)
    context = {
        "page": Paginator(found.order_by("full_name", "pk"), PER_PAGE).get_page(request.GET.get("page")),
        "query": query,
        "too_short": too_short,
        "proposed": proposed,
        "proposed_count": get_user_model()
        .objects.filter(erased_at__isnull=True, erasure_proposed_at__isnull=False)
        .count(),
        "erasures": ErasureRecord.objects.select_related("by")[:10],
    }
    return render(request, "office/people.html", context)


def _person(request, pk):
    require(request, PERMISSION)
    person = get_object_or_404(get_user_model().objects.select_related("organisation"), pk=pk)
    if person.erased_at is not None:
        raise Http404("This person has been erased.")
    return person


def person_detail(request, pk):
    person = _person(request, pk)
    emails = sent.records(OutgoingEmail.objects.filter(person=person))
    context = {
        "person": person,
        "sections": personal_data.counts(person),
        "page_sections": sections_for(Page.PERSON, request, person),
        "erasure_refused": erasure.erasure_refused(person=person, by=request.user),
        "emails": sent.labelled(list(emails[:RECENT_EMAILS])),
        "email_count": emails.count(),
    }
    return render(request, "office/person.html", context)


@sensitive(
    check=lambda request, pk: _person(request, pk),
    download_back=lambda request, pk: reverse("office:person", args=[pk]),  # their page, to download it again
)
def person_export(request, pk):
    """Everything held about the person, as JSON (a subject access request)."""
    person = _person(request, pk)
    held = export_person(person=person, by=request.user)
    body = json.dumps(held, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"person-{pk}.json")
    return response


@require_http_methods(["GET", "POST"])
@sensitive(check=lambda request, pk: require(request, PERMISSION))
def person_erase(request, pk):
    require(request, PERMISSION)
    person = get_object_or_404(get_user_model(), pk=pk)
    if person.erased_at is not None:  # a second click, or someone else was quicker
        messages.info(request, "That person had already been erased, so nothing more was done.")
        return redirect("office:people")
    if request.method == "POST":
        history_too = request.POST.get("history_too") == "on"
        try:
            record = erasure.erase(person=person, by=request.user, via="the person's page", history_too=history_too)
        except erasure.AlreadyErased:
            messages.info(request, "That person had already been erased, so nothing more was done.")
        except erasure.ErasureRefused as refused:
            messages.error(request, f"{refused} Nothing was erased.")
            return redirect("office:person", pk=person.pk)
        else:
            done = erasure_review.outcome(record, history_too=history_too)
            messages.success(
                request, f"The person has been erased. {done} The erasure is recorded below, without them."
            )
        return redirect("office:people")
    return render(request, "office/person_erase.html", _erasure_context(request, person))


def _erasure_context(request, person) -> dict:
    """What the confirmation page says the erasure will do, counted now."""
    words = list(personal_data.words_of(person))
    refused = erasure.erasure_refused(person=person, by=request.user)
    mentions = [] if refused else erasure_review.mentions(person)
    return {
        "person": person,
        "refused": refused,
        "sections": [(section, count) for section, count in personal_data.counts(person) if count],
        "typed": 0 if refused else erasure_review.places_to_rewrite(person),
        "history_years": settings.RETENTION["history_years"],
        "unchanged": erasure_text.places_naming(words, only_unchanged=True),
        "files": erasure_files.files_naming(words, skip=personal_data.kept_unchanged()),
        "renders": len(erasure_files.rendered_documents()),
        "mentions": mentions,
        "has_read_only": any(mention.read_only for mention in mentions),
    }


def downloads(request):
    require(request, PERMISSION)
    records = DownloadRecord.objects.select_related("person__organisation")
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    days = settings.RETENTION["downloads_days"]
    return render(request, "office/downloads.html", {"page": page, "retention_days": days})
