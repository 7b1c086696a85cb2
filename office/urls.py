from django.urls import path

from .views import audit_log, outbox, people, running, sent, wording

app_name = "office"

urlpatterns = [
    path("running/", running.running, name="running"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("outbox/<uuid:pk>/send-again/", outbox.send_again, name="outbox-send-again"),
    path("outbox/sent/", sent.messages_sent, name="messages-sent"),
    path("audit/", audit_log.audit_log, name="audit-log"),
    path("people/", people.people, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/export.json", people.person_export, name="person-export"),
    path("people/<int:pk>/erase/", people.person_erase, name="person-erase"),
    path("downloads/", people.downloads, name="downloads"),
    path("messages/", wording.message_list, name="messages"),
    path("messages/<slug:key>/", wording.message_edit, name="message-edit"),
]
