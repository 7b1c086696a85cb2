from django.urls import path

from . import outbox, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("outbox/<uuid:pk>/send-again/", outbox.send_again, name="outbox-send-again"),
]
