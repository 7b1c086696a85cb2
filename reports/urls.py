from django.urls import path

from .views import drafting, public

app_name = "reports"

urlpatterns = [
    path("reports/", public.archive, name="archive"),
    path("reports/index.json", public.index_json, name="index-json"),
    path("reports/index.csv", public.index_csv, name="index-csv"),
    path("reports/<int:pk>/", public.report_detail, name="report-detail"),
    path("reports/<int:pk>/v<int:number>.pdf", public.version_download, name="version-download"),
    path("visits/<int:visit_pk>/report/", drafting.report_draft, name="report-draft"),
    path("visits/<int:visit_pk>/report/edit/", drafting.report_edit, name="report-edit"),
    path("visits/<int:visit_pk>/report/preview/", drafting.report_preview, name="report-preview"),
    path("visits/<int:visit_pk>/report/return/", drafting.report_return, name="report-return"),
    path("visits/<int:visit_pk>/report/withdraw/", drafting.report_withdraw, name="report-withdraw"),
    path("visits/<int:visit_pk>/report/<str:step>/", drafting.report_step, name="report-step"),
]
