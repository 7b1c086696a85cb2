from django.urls import path

from . import published
from .views import actions, authority, authority_import, drafting, national, national_records, public

app_name = "reports"

urlpatterns = [
    path("reports/", public.archive, name="archive"),
    path("reports/index.json", public.index_json, name="index-json"),
    path("reports/authority-reports/import/", authority_import.links_import, name="authority-reports-import"),
    path(
        "reports/authority-reports/import/template.csv",
        authority_import.links_template,
        name="authority-reports-template",
    ),
    path("reports/index.csv", public.index_csv, name="index-csv"),
    path("reports/<int:pk>/", public.report_detail, name="report-detail"),
    path("reports/case-studies/<slug:slug>/", public.case_study_detail, name="case-study"),
    path("reports/case-studies/<slug:slug>.pdf", public.case_study_pdf, name="case-study-pdf"),
    path("reports/<int:pk>/v<int:number>.pdf", public.version_download, name="version-download"),
    path("reports/files/<str:sha256>/<str:name>", published.published_file, name="published-file"),
    path("visits/<int:pk>/actions/", actions.visit_actions, name="actions-of-visit"),
    path("visits/<int:pk>/actions/make/", actions.actions_make, name="actions-make"),
    path("visits/<int:pk>/follow-ups/new/", actions.follow_up_create, name="follow-up-create"),
    path("follow-ups/<int:pk>/schedule/", actions.follow_up_schedule, name="follow-up-schedule"),
    path("follow-ups/<int:pk>/record/", actions.follow_up_record, name="follow-up-record"),
    path("follow-ups/calendar/<str:token>/", actions.follow_up_calendar, name="follow-up-calendar"),
    path("actions/", actions.dashboard, name="dashboard"),
    path("national-figures/import/", national.figures_import, name="national-import"),
    path("national-measures/", national_records.measure_list, name="national-measure-list"),
    path("national-measures/new/", national_records.measure_edit, name="national-measure-create"),
    path("national-measures/<int:pk>/", national_records.measure_detail, name="national-measure"),
    path("national-measures/<int:pk>/edit/", national_records.measure_edit, name="national-measure-edit"),
    path(
        "national-measures/<int:measure_pk>/figures/new/",
        national_records.figure_edit,
        name="national-figure-create",
    ),
    path("national-figures/<int:pk>/edit/", national_records.figure_edit, name="national-figure-edit"),
    path("national-figures/<int:pk>/delete/", national_records.figure_delete, name="national-figure-delete"),
    path("national-figures/<slug:slug>/", national.authority_figures, name="national-figures"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action-edit"),
    path("actions/<slug:slug>/", actions.dashboard_authority, name="dashboard-authority"),
    path("visits/<int:pk>/authority-report/", authority.authority_report_edit, name="authority-report-edit"),
    path("visits/<int:visit_pk>/report/", drafting.report_draft, name="report-draft"),
    path("visits/<int:visit_pk>/report/edit/", drafting.report_edit, name="report-edit"),
    path("visits/<int:visit_pk>/report/preview/", drafting.report_preview, name="report-preview"),
    path("visits/<int:visit_pk>/report/return/", drafting.report_return, name="report-return"),
    path("visits/<int:visit_pk>/report/approve/", drafting.report_approve, name="report-approve"),
    path("visits/<int:visit_pk>/report/national-measures/", national.impact_national, name="impact-national"),
    path("sign-off/<str:token>/", drafting.report_sign_off, name="sign-off"),
    path("visits/<int:visit_pk>/report/withdraw/", drafting.report_withdraw, name="report-withdraw"),
    path("visits/<int:visit_pk>/report/<str:step>/", drafting.report_step, name="report-step"),
]
