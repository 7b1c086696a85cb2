"""The organisations' own sign-ins (OpenID Connect identity providers), for ADES officers only: the list (with
whether each is ready: its secret set in the environment), adding, changing and turning one off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import once
from core.access import require
from core.forms import add_errors

from ..identity_provider_forms import IdentityProviderForm
from ..models import IdentityProvider
from ..reauthentication import sensitive
from ..services import identity_providers

PERMISSION = "authorities.manage_identity_providers"


def identity_provider_list(request):
    require(request, PERMISSION)
    providers = IdentityProvider.objects.select_related("organisation").order_by("name")
    return render(request, "authorities/identity_provider_list.html", {"providers": list(providers)})


def _save(request, provider, form):
    if request.method == "POST":
        if repeat := once.claim(request):
            return repeat
        if form.is_valid():
            try:
                saved = identity_providers.save_identity_provider(
                    provider=provider, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                name = (saved or provider).name
                messages.success(request, f"The organisation sign-in {name} is saved.")
                return once.finish(request, reverse("authorities:identity-provider-list"))
        once.release(request)
    return render(request, "authorities/identity_provider_form.html", {"form": form, "provider": provider})


def _may_manage(request, **kwargs):
    require(request, PERMISSION)


@require_http_methods(["GET", "POST"])
@sensitive(check=_may_manage)
def identity_provider_create(request):
    require(request, PERMISSION)
    return _save(request, None, IdentityProviderForm(request.POST or None))


@require_http_methods(["GET", "POST"])
@sensitive(check=_may_manage)
def identity_provider_edit(request, slug):
    require(request, PERMISSION)
    provider = get_object_or_404(IdentityProvider, slug=slug)
    return _save(request, provider, IdentityProviderForm.for_provider(request.POST or None, provider))


@require_http_methods(["GET", "POST"])
@sensitive(check=_may_manage)
def identity_provider_deactivate(request, slug):
    require(request, PERMISSION)
    provider = get_object_or_404(IdentityProvider, slug=slug, is_active=True)
    if request.method == "POST":
        identity_providers.deactivate_identity_provider(provider=provider, by=request.user)
        messages.success(request, f"The organisation sign-in {provider.name} is turned off.")
        return redirect("authorities:identity-provider-list")
    return render(request, "authorities/identity_provider_deactivate.html", {"provider": provider})
