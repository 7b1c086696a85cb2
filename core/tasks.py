"""Background work that belongs to no one app."""

from django_tasks import task

from . import mail


@task()
def deliver_email(email_id: str) -> str:
    return mail.deliver(email_id)


@task()
def render_document(checksum: str) -> str:
    from .documents import render_stored

    return render_stored(checksum)
