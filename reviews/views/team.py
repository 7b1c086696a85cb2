from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from authorities.models import Person
from core import once
from core.downloads import record_download

from ..forms import AddMemberForm, DocumentForm, MembershipForm, NewPersonForm, PasteTeamForm, PersonSearchForm
from ..services import documents, team_building, teams
from ..suggestions import default_role, suggestions_for
from .visits import managed_visit, visible_visit

SEARCH_LIMIT = 20


def _team_open(request, pk):
    """The visit, while its team may still grow; once it is over, back to its page with the reason."""
    visit = managed_visit(request, pk)
    if visit.is_finished:
        messages.info(request, teams.TEAM_SETTLED)
    return visit, (redirect(visit) if visit.is_finished else None)


def _search_people(query: str, visit):
    if len(query) < 2:
        return []
    people = (
        Person.objects.filter(is_active=True)
        .filter(Q(full_name__icontains=query) | Q(email__icontains=query) | Q(organisation__name__icontains=query))
        .exclude(team_memberships__visit=visit)
        .select_related("organisation")
        .prefetch_related("specialisms")
        .order_by("full_name")
    )
    return list(people[:SEARCH_LIMIT])


@require_http_methods(["GET", "POST"])
def team_add(request, pk):
    """Find people by name, email or organisation, and add one with a role."""
    visit, settled = _team_open(request, pk)
    if settled:
        return settled
    search = PersonSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    add_form = AddMemberForm(request.POST or None)
    if request.method == "POST" and add_form.is_valid():
        data = add_form.cleaned_data
        try:
            teams.add_team_member(
                visit=visit, person=data["person"], role=data["role"], is_lead=data["is_lead"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{data['person'].full_name} is on the team, and an email is on its way to tell them."
            )
        return redirect(visit)
    return render(
        request,
        "reviews/team_add.html",
        {
            "visit": visit,
            "search": search,
            "query": query,
            "people": _with_roles(_search_people(query, visit), visit),
            "search_limit": SEARCH_LIMIT,
            "add_form": add_form,
            "suggestions": suggestions_for(visit),
            "paste_form": PasteTeamForm(),
        },
    )


def _with_roles(people, visit) -> list:
    """The people found, each with the role their organisation suggests on this visit's team (proposed_role)."""
    host_ids = set(visit.hosts.values_list("pk", flat=True))
    for person in people:
        person.proposed_role = default_role(person, host_ids)
    return people


@require_http_methods(["GET", "POST"])
def team_paste(request, pk):
    """Several people at once from pasted lines: all added, or none and each bad line named."""
    visit, settled = _team_open(request, pk)
    if settled:
        return settled
    form = PasteTeamForm(request.POST or None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                added = team_building.add_pasted_people(visit=visit, text=form.cleaned_data["lines"], by=request.user)
            except team_building.PasteProblems as error:
                for problem in error.problems:
                    form.add_error("lines", problem)
            except ValidationError as error:
                form.add_error("lines", error.messages)
            else:
                names = ", ".join(f"{m.person.full_name} ({m.get_role_display()})" for m in added)
                messages.success(request, f"Added to the team: {names}. An email is on its way to each.")
                for note in filter(None, (getattr(membership, "known_as", "") for membership in added)):
                    messages.info(request, note)
                return once.finish(request, visit.get_absolute_url())
        once.release(request)
    return render(request, "reviews/team_paste.html", {"visit": visit, "form": form})


@require_http_methods(["GET", "POST"])
def team_new_person(request, pk):
    visit, settled = _team_open(request, pk)
    if settled:
        return settled
    form = NewPersonForm(request.POST or None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            membership = teams.add_new_person_to_team(visit=visit, by=request.user, **form.cleaned_data)
            messages.success(
                request, f"{membership.person.full_name} is on the team. They can set a password from the sign-in page."
            )
            return once.finish(request, visit.get_absolute_url())
        once.release(request)
    return render(request, "reviews/team_new_person.html", {"visit": visit, "form": form})


@require_http_methods(["GET", "POST"])
def membership_edit(request, pk, membership_pk):
    visit = managed_visit(request, pk)
    membership = get_object_or_404(visit.team.select_related("person"), pk=membership_pk)
    initial = {
        "role": membership.role,
        "is_lead": membership.is_lead,
        "attendance_confirmed": membership.attendance_confirmed,
    }
    form = MembershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        teams.update_team_membership(membership=membership, by=request.user, **form.cleaned_data)
        messages.success(request, f"{membership.person.full_name}'s place on the team is saved.")
        return redirect(visit)
    return render(request, "reviews/membership_form.html", {"visit": visit, "membership": membership, "form": form})


def _confirm_removal(request, visit, thing: str, *, remove, done: str):
    """Ask first (GET), remove on confirmation (POST)."""
    if request.method == "POST":
        remove()
        messages.success(request, done)
        return redirect(visit)
    return render(
        request, "reviews/confirm_remove.html", {"visit": visit, "thing": thing, "cancel_url": visit.get_absolute_url()}
    )


@require_http_methods(["GET", "POST"])
def membership_remove(request, pk, membership_pk):
    visit = managed_visit(request, pk)
    membership = get_object_or_404(visit.team.select_related("person"), pk=membership_pk)
    if request.method == "POST":
        teams.remove_team_member(membership=membership, by=request.user)
        messages.success(request, f"{membership.person.full_name} is no longer on the team.")
        return redirect(visit)
    return render(
        request,
        "reviews/confirm_remove.html",
        {
            "visit": visit,
            "thing": f"{membership.person.full_name} from the team",
            "cancel_url": visit.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def document_upload(request, pk):
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.add_visit_document", visit):
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                document = documents.attach_document(
                    visit=visit, title=form.cleaned_data["title"], upload=form.cleaned_data["file"], by=request.user
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"‘{document.title}’ is added to the pre-reading.")
                return once.finish(request, visit.get_absolute_url())
        once.release(request)
    return render(request, "reviews/document_form.html", {"visit": visit, "form": form})


def document_download(request, pk, document_pk):
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.view_visit_documents", visit):
        raise Http404
    document = get_object_or_404(visit.documents, pk=document_pk)
    record_download(by=request.user, what=f"Pre-reading “{document.title}” for {visit}", path=request.path)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type,
    )


@require_http_methods(["GET", "POST"])
def document_remove(request, pk, document_pk):
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.add_visit_document", visit):
        raise Http404
    document = get_object_or_404(visit.documents, pk=document_pk)
    return _confirm_removal(
        request,
        visit,
        f"‘{document.title}’ from the pre-reading",
        remove=lambda: documents.remove_document(document=document, by=request.user),
        done=f"‘{document.title}’ is removed from the pre-reading.",
    )
