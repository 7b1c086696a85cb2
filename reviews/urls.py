from django.urls import path

import core.converters  # noqa: F401  (the csv|xlsx converter)

from .views import calendars, day_plans, induction, network, places, programmes, team, visits

app_name = "reviews"

urlpatterns = [
    path("places/<str:token>/", places.place, name="place"),
    path("visits/<int:pk>/team/ask-to-confirm/", places.request_places, name="place-requests"),
    path("visits/<int:pk>/team/<int:membership_pk>/ask-again/", places.ask_again, name="place-request-again"),
    path("induction/", induction.induction_pack, name="induction"),
    path("visits/<int:pk>/day-plan/", day_plans.day_plan, name="day-plan"),
    path("visits/<int:pk>/day-plan/start/", day_plans.day_plan_start, name="day-plan-start"),
    path("visits/<int:pk>/day-plan/edit/", day_plans.day_plan_edit, name="day-plan-edit"),
    path("visits/<int:pk>/pack.pdf", day_plans.visit_pack_pdf, name="visit-pack"),
    path("induction/edit/", induction.induction_edit, name="induction-edit"),
    path("programmes/", programmes.programme_list, name="programme-list"),
    path("programmes/<slug:slug>/", programmes.programme_detail, name="programme-detail"),
    path("programmes/<slug:slug>/visits.<export_format:fmt>", programmes.programme_export, name="programme-export"),
    path("programmes/<slug:slug>/timetable.pdf", programmes.programme_timetable_pdf, name="programme-timetable-pdf"),
    path("programmes/<slug:slug>/import/", programmes.programme_import, name="programme-import"),
    path("programmes/<slug:slug>/visits/new/", visits.visit_create, name="visit-create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit-edit"),
    path("visits/<int:pk>/cancel/", visits.visit_cancel, name="visit-cancel"),
    path("visits/<int:pk>/status/<str:action>/", visits.visit_status, name="visit-status"),
    path("visits/<int:pk>/calendar.ics", calendars.visit_calendar, name="visit-calendar"),
    path("visits/<int:pk>/team/add/", team.team_add, name="team-add"),
    path("visits/<int:pk>/team/new-person/", team.team_new_person, name="team-new-person"),
    path("visits/<int:pk>/team/<int:membership_pk>/edit/", team.membership_edit, name="membership-edit"),
    path("visits/<int:pk>/team/<int:membership_pk>/remove/", team.membership_remove, name="membership-remove"),
    path("visits/<int:pk>/documents/new/", team.document_upload, name="document-upload"),
    path("visits/<int:pk>/documents/<int:document_pk>/", team.document_download, name="document-download"),
    path("visits/<int:pk>/documents/<int:document_pk>/remove/", team.document_remove, name="document-remove"),
    path("my-visits/", calendars.my_visits, name="my-visits"),
    path("network/", network.network_page, name="network"),
    path("themes/", network.theme_finder, name="theme-finder"),
    path("themes/<slug:slug>/", network.theme_detail, name="theme-finder-detail"),
    path("calendar/<str:token>.ics", calendars.calendar_feed, name="calendar-feed"),
]
