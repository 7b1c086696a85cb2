"""Background work that belongs to no one app."""

from django_tasks import task

from . import mail


@task()
def deliver_email(email_id: str) -> str:
    return mail.deliver(email_id)
