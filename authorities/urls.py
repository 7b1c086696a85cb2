from django.urls import path

from .views import authorities, identity_providers, password_links, records, second_factor

app_name = "authorities"

urlpatterns = [
    path("", authorities.authority_list, name="authority-list"),
    # Before the authority's own page, whose slug would take these words.
    path("reference/", records.reference_index, name="reference-index"),
    path("specialisms/", records.specialism_list, name="specialism-list"),
    path("specialisms/new/", records.specialism_create, name="specialism-create"),
    path("specialisms/<slug:slug>/edit/", records.specialism_edit, name="specialism-edit"),
    path("specialisms/<slug:slug>/delete/", records.specialism_delete, name="specialism-delete"),
    path("people/<int:pk>/specialisms/", records.person_specialisms, name="person-specialisms"),
    path("regional-roles/", records.regional_roles, name="regional-roles"),
    path(
        "regional-roles/collaboratives/<slug:slug>/",
        records.regional_role_edit,
        {"area": "collaboratives"},
        name="senior-regional-adviser-edit",
    ),
    path(
        "regional-roles/authorities/<slug:slug>/",
        records.regional_role_edit,
        {"area": "authorities"},
        name="link-hmi-edit",
    ),
    path("identity-providers/", identity_providers.identity_provider_list, name="identity-provider-list"),
    path("identity-providers/new/", identity_providers.identity_provider_create, name="identity-provider-create"),
    path(
        "identity-providers/<slug:slug>/edit/",
        identity_providers.identity_provider_edit,
        name="identity-provider-edit",
    ),
    path(
        "identity-providers/<slug:slug>/turn-off/",
        identity_providers.identity_provider_deactivate,
        name="identity-provider-deactivate",
    ),
    path("<slug:slug>/", authorities.authority_detail, name="authority-detail"),
    path("people/<int:pk>/password-link/", password_links.person_password_link, name="person-password-link"),
    path(
        "people/<int:pk>/second-factor/reset/",
        second_factor.person_second_factor_reset,
        name="person-second-factor-reset",
    ),
]
