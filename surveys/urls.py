from django.urls import path

import core.converters  # noqa: F401  (the csv|xlsx converter)

from .views import respond, rounds, stakeholders

app_name = "surveys"

urlpatterns = [
    path("surveys/", rounds.round_list, name="round-list"),
    path("visits/<int:pk>/stakeholders/new/", stakeholders.stakeholder_round_create, name="stakeholder-round-create"),
    path("v/<str:token>/", stakeholders.stakeholder_respond, name="stakeholder-respond"),
    path("surveys/rounds/new/", rounds.round_create, name="round-create"),
    path("surveys/rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("surveys/rounds/<int:pk>/remind/", rounds.round_remind, name="round-remind"),
    # Which invitation goes in the body: a path naming it would tell the request and access logs who had not answered.
    path("surveys/rounds/<int:pk>/send-again/", rounds.round_send_again, name="round-send-again"),
    path("surveys/rounds/<int:pk>/close/", rounds.round_close, name="round-close"),
    path("surveys/rounds/<int:pk>/reopen/", rounds.round_reopen, name="round-reopen"),
    path("surveys/rounds/<int:pk>/results/", rounds.round_results, name="round-results"),
    path("surveys/rounds/<int:pk>/results.<export_format:fmt>", rounds.round_export, name="round-export"),
    path("surveys/rounds/<int:pk>/results.pdf", rounds.round_results_pdf, name="round-results-pdf"),
    path("surveys/rounds/<int:pk>/comments/", rounds.round_comments, name="round-comments"),
    path("s/<str:token>/", respond.respond, name="respond"),
    path("s/<str:token>/thank-you/", respond.respond_done, name="respond-done"),
]
