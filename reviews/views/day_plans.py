"""A visit's day plan: seen by its team (and by the public where the host allows), written by the host and ADES."""

from collections import defaultdict

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.core.validators import URLValidator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.documents import pdf_response
from core.sections import Page, sections_for

from .. import selectors
from ..choices import PUBLIC_STATUSES, SessionMode
from ..models import DaySession, Visit
from ..services import day_plans
from .visits import visible_visit

SESSION_FIELDS = ["day", "starts_at", "ends_at", "title", "who", "where", "focus_area", "mode", "meeting_link"]
HTTPS_LINK = URLValidator(schemes=["https"], message="Enter the whole meeting link, starting https://.")


class ModeField(forms.TypedChoiceField):
    """How a session is held; a form that sends none (a blank row, an older page) means in person."""

    def has_changed(self, initial, data):
        return (data or SessionMode.IN_PERSON) != (initial or SessionMode.IN_PERSON)


class SessionForm(forms.ModelForm):
    mode = ModeField(
        label="How it is held",
        choices=SessionMode.choices,
        required=False,
        empty_value=SessionMode.IN_PERSON,
        initial=SessionMode.IN_PERSON,
    )
    # Kept as typed (no scheme added): a link without https:// is refused with a message, not changed.
    meeting_link = forms.CharField(
        label="Meeting link",
        required=False,
        max_length=500,
        validators=[HTTPS_LINK],
        help_text="For an online or hybrid session: the link to join (https://…). Only the team sees it.",
    )

    class Meta:
        model = DaySession
        fields = SESSION_FIELDS
        widgets = {"starts_at": forms.TimeInput(format="%H:%M"), "ends_at": forms.TimeInput(format="%H:%M")}
        labels = {
            "starts_at": "Starts (hh:mm)",
            "ends_at": "Ends (hh:mm)",
            "focus_area": "Focus area",
        }
        error_messages = {
            "title": {"required": "Enter what the session is."},
            "starts_at": {
                "required": "Enter the time the session starts, like 09:30.",
                "invalid": "Enter a time like 09:30.",
            },
            "ends_at": {"invalid": "Enter a time like 16:00."},
            "day": {"required": "Enter the day, 1 to 5."},
        }

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not 1 <= day <= 5:
            raise forms.ValidationError("Enter the day, 1 to 5.")
        return day

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The session must end after it starts.")
        _check_link(self, cleaned)
        return cleaned


def _check_link(form, cleaned: dict) -> None:
    """A link for an online or hybrid session, and none for one held in person."""
    mode, link = cleaned.get("mode"), cleaned.get("meeting_link")
    if "meeting_link" in form.errors or not mode:
        return
    if mode == SessionMode.IN_PERSON and link:
        form.add_error(
            "meeting_link", "Remove the meeting link, or choose online or hybrid: a session in person has none."
        )
    elif mode != SessionMode.IN_PERSON and not link:
        form.add_error("meeting_link", "Enter the meeting link, starting https://, for an online or hybrid session.")


SessionFormSet = forms.inlineformset_factory(
    Visit, DaySession, form=SessionForm, fields=SESSION_FIELDS, extra=3, can_delete=True
)


class PublicForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["day_plan_public"]
        help_texts = {
            "day_plan_public": "The public archive then links this plan, as an example for other authorities."
        }


def _plan_visit(request, pk) -> Visit:
    """The visit, for anyone who may see it; for the public, only a public visit whose host shows its plan."""
    visit = get_object_or_404(selectors.visit_detail_queryset(), pk=pk)
    if request.user.has_perm("reviews.view_visit", visit):
        return visit
    if visit.day_plan_public and visit.status in PUBLIC_STATUSES:
        return visit
    raise Http404


def day_plan(request, pk):
    visit = _plan_visit(request, pk)
    days = defaultdict(list)
    for session in visit.day_sessions.all():
        days[session.day].append(session)
    can_edit = request.user.has_perm("reviews.edit_day_plan", visit)
    context = {
        "visit": visit,
        "days": sorted(days.items()),
        "can_edit": can_edit,
        "can_view_visit": request.user.has_perm("reviews.view_visit", visit),
        "can_see_links": request.user.has_perm("reviews.view_meeting_link", visit),
    }
    if can_edit and not days:
        context["to_copy"] = list(selectors.plans_to_copy(visit)[:50])
    return render(request, "reviews/day_plan.html", context)


def _editable(request, pk) -> Visit:
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.edit_day_plan", visit):
        raise Http404
    return visit


def _noun(visit: Visit) -> str:
    return "meeting" if visit.meeting_of else "visit"


@require_http_methods(["POST"])
def day_plan_start(request, pk):
    visit = _editable(request, pk)
    source = request.POST.get("copy_from", "")
    if source == "standard":
        added = day_plans.start_from_standard(visit=visit, by=request.user)
    else:
        earlier = selectors.plans_to_copy(visit).filter(pk=source).first() if source.isdigit() else None
        if earlier is None:
            standard = "the standard day" if visit.meeting_of else "the standard three days"
            messages.error(request, f"Choose {standard} or an earlier plan.")
            return redirect("reviews:day-plan", pk=visit.pk)
        added = day_plans.copy_from(visit=visit, earlier=earlier, by=request.user)
    if added:
        messages.success(request, f"{added} sessions added. Change them to suit this {_noun(visit)}.")
    else:
        messages.info(request, f"This {_noun(visit)} already has a plan, so nothing was added.")
    return redirect("reviews:day-plan-edit", pk=visit.pk)


@require_http_methods(["GET", "POST"])
def day_plan_edit(request, pk):
    visit = _editable(request, pk)
    formset = SessionFormSet(request.POST or None, instance=visit, prefix="sessions")
    public = PublicForm(request.POST or None, instance=visit, prefix="public")
    for form in formset.forms:
        form.fields["focus_area"].widget = forms.Select(choices=[("", "None")] + [(a, a) for a in visit.focus_areas])
    if request.method == "POST" and formset.is_valid() and public.is_valid():
        day_plans.save_day_plan(
            visit=visit, sessions=formset, public=public.cleaned_data["day_plan_public"], by=request.user
        )
        messages.success(request, "The day plan is saved.")
        return redirect("reviews:day-plan", pk=visit.pk)
    helper = FormHelper()
    helper.form_tag, helper.disable_csrf, helper.form_show_errors = False, True, False  # one summary for every row
    return render(
        request,
        "reviews/day_plan_edit.html",
        {"visit": visit, "formset": formset, "public": public, "helper": helper},
    )


def visit_pack_pdf(request, pk):
    """The team's visit pack as a PDF: key question, focus areas, team, day plan, pre-reading, venue and contacts.
    Its date is the latest change to any of those, so a pack says which version it is."""
    visit = visible_visit(request, pk)
    if not request.user.has_perm("reviews.view_visit_documents", visit):
        raise Http404
    team, documents, sessions = list(visit.team.all()), list(visit.documents.all()), list(visit.day_sessions.all())
    scope = list(visit.focus_establishments.all())
    as_of = max(
        [visit.updated_at]
        + [m.updated_at for m in team]
        + [d.created_at for d in documents]
        + [s.updated_at for s in sessions]
        + [place.updated_at for place in scope]
    )
    days = defaultdict(list)
    for session in sessions:
        days[session.day].append(session)
    context = {
        "visit": visit,
        "team": team,
        "documents": documents,
        "scope": scope,
        "days": sorted(days.items()),
        "as_of": as_of,
        "can_see_links": request.user.has_perm("reviews.view_meeting_link", visit),
        "sections": sections_for(Page.VISIT_PACK, request, visit),  # what higher apps add: stakeholders' views
    }
    return pdf_response(request, "reviews/visit_pack_document.html", context, filename=f"visit-pack-{visit.pk}.pdf")
