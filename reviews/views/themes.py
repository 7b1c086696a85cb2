"""The themes and their one taxonomy (a broad theme and the narrower themes under it), kept by ADES officers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once
from core.access import require
from core.forms import add_errors

from ..models import Theme
from ..programme_forms import ThemeForm
from ..services import programmes

PLAN = "reviews.plan_programme"


def theme_list(request):
    require(request, PLAN)
    narrower = Theme.objects.annotate(visit_count=Count("visits")).order_by("name")
    broad = (
        Theme.objects.filter(broader__isnull=True)
        .annotate(visit_count=Count("visits"))
        .prefetch_related(Prefetch("narrower", queryset=narrower))
        .order_by("name")
    )
    return render(request, "reviews/theme_list.html", {"themes": list(broad)})


@require_http_methods(["GET", "POST"])
def theme_create(request):
    require(request, PLAN)
    form = ThemeForm(request.POST or None)
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                theme = programmes.create_theme(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"The theme {theme.name} is added.")
                return once.finish(request, _list_url())
        once.release(request)
    return render(request, "reviews/theme_form.html", {"form": form})


def _list_url() -> str:
    return reverse("reviews:theme-list")


@require_http_methods(["GET", "POST"])
def theme_edit(request, slug):
    require(request, PLAN)
    theme = get_object_or_404(Theme, slug=slug)
    form = ThemeForm(request.POST or None, theme=theme, initial={"name": theme.name, "broader": theme.broader})
    if request.method == "POST" and form.is_valid():
        try:
            programmes.update_theme(theme=theme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"The theme {theme.name} is saved.")
            return redirect("reviews:theme-list")
    return render(request, "reviews/theme_form.html", {"form": form, "theme": theme})
