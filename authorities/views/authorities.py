"""The authorities' list and each authority's page."""

from django.shortcuts import get_object_or_404, render

from core.sections import Page, sections_for

from .. import selectors
from ..choices import AliasKind
from ..forms import AuthorityFilterForm


def authority_list(request):
    form = AuthorityFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # invalid filters are reported beside their field and left out
        filters = form.cleaned_data
    descending = filters.get("sort") == "-name"
    authorities = selectors.authority_list(
        people_family=filters.get("people_family"),
        other_family=filters.get("other_family"),
        ric=filters.get("ric"),
        descending=descending,
    )
    is_filtered = any(filters.get(name) for name in ("people_family", "other_family", "ric"))
    return render(
        request,
        "authorities/authority_list.html",
        {
            "form": form,
            "authorities": list(authorities),
            "descending": descending,
            "is_filtered": is_filtered,
        },
    )


def authority_detail(request, slug):
    authority = get_object_or_404(selectors.authority_detail_queryset(), slug=slug)
    return render(
        request,
        "authorities/authority_detail.html",
        {
            "authority": authority,
            "other_names": selectors.names_of(authority, AliasKind.NAME),
            "former_codes": selectors.names_of(authority, AliasKind.FORMER_GSS_CODE),
            "peers": list(selectors.family_peers(authority)),
            # Names of people: for those signed in, not the public page.
            "regional": selectors.regional_roles_of(authority) if request.user.is_authenticated else None,
            "can_set_regional": request.user.has_perm("authorities.manage_reference"),
            "sections": sections_for(Page.AUTHORITY, request, authority),
        },
    )
