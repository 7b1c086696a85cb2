"""Every email the portal sends goes through here: queued in the request, sent by the worker, retried with backoff.

A slow or failing mail server never slows or fails anyone's click. A message whose every attempt fails stays in
the outbox, where an ADES officer sees what, to whom, when and why, and can send it again. A sent one stays as a
record, without its body (messages sent).

What a message is about (a visit, a survey invitation) is recorded by the app that owns it: the app registers, for
its model, how to link a message to an object (`register_about`), so core never names a higher app's models.
"""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from .audit import audited
from .models import STALE_SENDING, OutgoingEmail

Status = OutgoingEmail.Status


def one_line(text: str) -> str:
    """A header value on one line: text people typed never adds a header of its own."""
    return " ".join(str(text).split())


_about: dict[type, Callable[[object, OutgoingEmail], None]] = {}
_labels: dict[str, str] = {}


def register_about(model: type, link: Callable[[object, OutgoingEmail], None]) -> None:
    """How a message about an object of this model is linked to it (by the app that owns the model)."""
    _about[model] = link


def register_label(key: str, label: str) -> None:
    """What a kind of message is, as the list of messages sent says it."""
    _labels[key] = label


_before_reading: list[Callable[[], None]] = []


def register_before_reading(settle: Callable[[], None]) -> None:
    """Run before anyone reads the record of emails sent: an app settles what the record may still show (surveys
    close the rounds past their date, which forgets who was chased), so no list shows what a closed round hides."""
    _before_reading.append(settle)


def before_reading() -> None:
    for settle in _before_reading:
        settle()


def label(key: str) -> str:
    return _labels.get(key, "Other message")


# The kind of audit entry for an officer's "send again"; one about an unnamed email is filed under what it was about.
SENT_AGAIN = "email.sent_again"

_unnamed: dict[str, Callable[[OutgoingEmail], Iterable[object]]] = {}


def register_unnamed(kinds: Iterable[str], about: Callable[[OutgoingEmail], Iterable[object]]) -> None:
    """Emails of these kinds tell that their recipient had not yet done something (a survey reminder, a survey
    link sent again): the audit log never says to whom one went, nor its subject (wording may name them), and files
    an entry about one under `about(email)` (its survey round), never under the email or its recipient."""
    for kind in kinds:
        _unnamed[kind] = about


def queue_email(
    *, to: str, subject: str, body: str, kind: str = "", person=None, about: Iterable[object] = ()
) -> OutgoingEmail:
    """Queue one message; the worker picks it up once the calling transaction commits. `kind` and `person` say what
    and to whom for the record; each object in `about` must be of a model registered with `register_about`."""
    email = OutgoingEmail.objects.create(
        to=one_line(to), subject=one_line(subject)[:255], body=body, kind=kind, person=person
    )
    for obj in about:
        if obj is not None:
            _about[type(obj)](obj, email)
    transaction.on_commit(lambda: _enqueue(email))
    return email


# A "send again" within this long of the same message to the same person is taken for a double submit.
AGAIN_GAP = datetime.timedelta(minutes=2)


def sent_a_moment_ago(emails) -> bool:
    """Whether any of these emails (a queryset: one kind, one person) was queued within AGAIN_GAP."""
    return emails.filter(queued_at__gte=timezone.now() - AGAIN_GAP).exists()


def deliver(email_id) -> str:
    """Send a due message once. Two workers, or a double click on "send again", never send it twice."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=Status.QUEUED, next_attempt_at__lte=now).update(
        status=Status.SENDING, last_attempt_at=now
    )
    if not claimed:
        return "not due"
    email = OutgoingEmail.objects.get(pk=email_id)
    email.attempts += 1
    try:
        send_mail(email.subject, email.body, None, [email.to])
    except Exception as error:  # whatever the mail server or the network did, the message waits for another try
        return _failed(email, error, now)
    # Kept as the record that it was sent; the body goes, since it may hold a personal link.
    email.status, email.sent_at, email.body, email.last_error = Status.SENT, timezone.now(), "", ""
    email.save()
    return "sent"


@task()
def deliver_email(email_id: str) -> str:
    return deliver(email_id)


def _failed(email: OutgoingEmail, error: Exception, now: datetime.datetime) -> str:
    delays = settings.EMAIL_RETRY_SECONDS
    email.last_error = one_line(f"{type(error).__name__}: {error}")[:500]
    if email.attempts > len(delays):
        email.status = Status.FAILED
        email.save()
        return "failed"
    email.status = Status.QUEUED
    email.next_attempt_at = now + datetime.timedelta(seconds=delays[email.attempts - 1])
    email.save()
    _enqueue(email)
    return "retrying"


def _what_is_sent_again(values) -> tuple[OutgoingEmail | None, list[object] | None]:
    """The email, looked up once for the entry's sentence and subjects, and what it was about if it is unnamed."""
    email = OutgoingEmail.objects.filter(pk=values["email_id"]).first()
    unnamed = _unnamed.get(email.kind) if email else None
    return email, (list(unnamed(email)) if unnamed else None)


def _sent_again(values) -> str:
    email, unnamed_about = values["before"]
    if not values["result"]:
        return ""
    if unnamed_about is not None:
        about = "".join(f", about {obj}" for obj in unnamed_about)
        return f"Sent again a “{label(email.kind)}” email{about}, to someone the log does not name"
    return f"Sent again the email “{email.subject}” to {email.to}"


def _sent_again_about(values) -> list[object]:
    email, unnamed_about = values["before"]
    return [email] if unnamed_about is None else unnamed_about


@audited(SENT_AGAIN, _sent_again, about=_sent_again_about, before=_what_is_sent_again)
def send_again(email_id, *, by=None) -> bool:
    """An officer's "send again": a fresh set of attempts, from now. False if the message is not waiting or failed."""
    now = timezone.now()
    waiting = Q(status__in=[Status.QUEUED, Status.FAILED]) | Q(
        status=Status.SENDING, last_attempt_at__lt=now - STALE_SENDING
    )
    again = OutgoingEmail.objects.filter(waiting, pk=email_id).update(
        status=Status.QUEUED, attempts=0, next_attempt_at=now, last_error=""
    )
    if again:
        transaction.on_commit(lambda: _enqueue(OutgoingEmail(pk=email_id, next_attempt_at=now)))
    return bool(again)


def _enqueue(email: OutgoingEmail) -> None:
    if default_task_backend.supports_defer and email.next_attempt_at > timezone.now():
        deliver_email.using(run_after=email.next_attempt_at).enqueue(str(email.pk))
    else:
        deliver_email.enqueue(str(email.pk))


def retry_delays() -> str:
    """The waits between tries, as the outbox says them: "1 minute, 10 minutes and 1 hour"."""
    words = [_duration(seconds) for seconds in settings.EMAIL_RETRY_SECONDS]
    if len(words) < 2:
        return "".join(words) or "no further tries"
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _duration(seconds: int) -> str:
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"
