from django.urls import path

from .views import guidance, self_evaluation
from .views import quads as views

app_name = "quads"

urlpatterns = [
    path("quads/", views.quad_list, name="quad-list"),
    path("quads/new/", views.quad_create, name="quad-create"),
    path("quads/cycles/start/", views.cycle_start, name="cycle-start"),
    path("quads/suggest/", views.quad_suggest, name="quad-suggest"),
    path("quads/guidance/", guidance.guidance_page, name="guidance"),
    path("quads/guidance/edit/", guidance.guidance_edit, name="guidance-edit"),
    path("quads/guidance/versions/<int:number>/", guidance.guidance_version, name="guidance-version"),
    path("quads/<int:pk>/", views.quad_detail, name="quad-detail"),
    path("quads/<int:pk>/edit/", views.quad_edit, name="quad-edit"),
    path("quads/<int:pk>/agreements/", views.quad_agreements, name="quad-agreements"),
    path("quads/<int:pk>/summary.pdf", views.quad_pdf, name="quad-pdf"),
    path("quads/<int:pk>/meetings/<slug:slug>/new/", views.meeting_create, name="meeting-create"),
    path("self-evaluation/", self_evaluation.self_evaluation_index, name="self-evaluation-index"),
    path("self-evaluation/frameworks/", self_evaluation.framework_list, name="framework-list"),
    path("self-evaluation/frameworks/import/", self_evaluation.framework_import, name="framework-import"),
    path("self-evaluation/frameworks/<slug:slug>/", self_evaluation.framework_detail, name="framework-detail"),
    path("self-evaluation/<slug:slug>/<str:cycle>/", self_evaluation.self_evaluation_detail, name="self-evaluation"),
    path(
        "self-evaluation/<slug:slug>/<str:cycle>/start/",
        self_evaluation.self_evaluation_start,
        name="self-evaluation-start",
    ),
    path(
        "self-evaluation/<slug:slug>/<str:cycle>/reopen/",
        self_evaluation.self_evaluation_reopen,
        name="self-evaluation-reopen",
    ),
]
