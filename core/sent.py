"""Messages sent, as the lists of emails show them: newest first, without their bodies (a body may hold a personal
link), each with the label of its kind."""

from . import mail


def records(queryset):
    """The emails as the lists show them: newest first, without their bodies, each with the label of its kind."""
    mail.before_reading()
    return queryset.defer("body").select_related("person").order_by("-queued_at", "pk")


def labelled(emails) -> list:
    for email in emails:
        email.kind_label = mail.label(email.kind)
    return emails
