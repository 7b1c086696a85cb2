from django.urls import path

from . import password_links, record_views, views

app_name = "authorities"

urlpatterns = [
    path("", views.authority_list, name="authority-list"),
    # Before the authority's own page, whose slug would take these words.
    path("reference/", record_views.reference_index, name="reference-index"),
    path("specialisms/", record_views.specialism_list, name="specialism-list"),
    path("specialisms/new/", record_views.specialism_create, name="specialism-create"),
    path("specialisms/<slug:slug>/edit/", record_views.specialism_edit, name="specialism-edit"),
    path("specialisms/<slug:slug>/delete/", record_views.specialism_delete, name="specialism-delete"),
    path("people/<int:pk>/specialisms/", record_views.person_specialisms, name="person-specialisms"),
    path("regional-roles/", record_views.regional_roles, name="regional-roles"),
    path(
        "regional-roles/collaboratives/<slug:slug>/",
        record_views.regional_role_edit,
        {"area": "collaboratives"},
        name="senior-regional-adviser-edit",
    ),
    path(
        "regional-roles/authorities/<slug:slug>/",
        record_views.regional_role_edit,
        {"area": "authorities"},
        name="link-hmi-edit",
    ),
    path("<slug:slug>/", views.authority_detail, name="authority-detail"),
    path("people/<int:pk>/password-link/", password_links.person_password_link, name="person-password-link"),
]
