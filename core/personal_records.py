"""What core, and the packages it runs on, hold about a person: its sections of personal data (core.personal_data),
registered from core/hooks.py.

Sign-in records, sessions and the emails sent to a person are deleted on erasure; the wording they saved, the files
they downloaded, the erasures they carried out and their changes in data maintenance are kept.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import Q

from . import mail
from .models import DownloadRecord, ErasureRecord, MessageTemplate, OutgoingEmail
from .personal_data import Section, simple


def _by_email(model, field: str):
    def queryset(person):
        return model._base_manager.filter(**{f"{field}__iexact": person.email})

    return queryset


def _sign_ins(person) -> list[dict]:
    rows = []
    for kind, model in (("failed attempts", AccessAttempt), ("failures", AccessFailureLog), ("sign-ins", AccessLog)):
        for row in _by_email(model, "username")(person).values("attempt_time", "ip_address", "user_agent"):
            rows.append(
                {"kind": kind, "when": row["attempt_time"], "from": row["ip_address"], "browser": row["user_agent"]}
            )
    return rows


def _delete_sign_ins(person) -> int:
    return sum(
        _by_email(model, "username")(person).delete()[0] for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def _their_sessions(person):
    return [s for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") == str(person.pk)]


def end_sessions(person) -> int:
    """Sign the person out everywhere (their sessions deleted); how many there were."""
    sessions = _their_sessions(person)
    for session in sessions:
        session.delete()
    return len(sessions)


def _their_emails(person):
    mail.before_reading()
    return (
        OutgoingEmail.objects.filter(Q(person=person) | Q(to__iexact=person.email))
        if person.email
        else (OutgoingEmail.objects.filter(person=person))
    )


def _delete_their_emails(person) -> int:
    return _their_emails(person).delete()[0]


def _deleted_sections() -> list[Section]:
    """Records matched by the person's email or session: deleted on erasure."""
    return [
        Section("Sign-in records", AccessLog, "", _sign_ins, "Deleted.", erase=_delete_sign_ins),
        Section(
            "Sessions",
            Session,
            "",
            lambda person: [{"expires": s.expire_date} for s in _their_sessions(person)],
            "Deleted: the person is signed out everywhere.",
            erase=end_sessions,
            touches_text=False,  # session data is signed and encoded: no name or email is found in it
        ),
        Section(
            "Emails sent or waiting to be sent to them",
            OutgoingEmail,
            "person",
            lambda person: list(
                _their_emails(person).order_by("queued_at").values("kind", "subject", "status", "queued_at", "sent_at")
            ),
            "Deleted, with any not yet sent.",
            erase=_delete_their_emails,
        ),
    ]


def core_sections() -> list[Section]:
    """Core's own records of a person (registered from core/hooks.py)."""
    return [
        *_deleted_sections(),
        simple(
            "Email wording they saved",
            MessageTemplate,
            "updated_by",
            {"message": "key", "saved": "updated_at"},
            "Kept.",
        ),
        simple(
            "Files they downloaded",
            DownloadRecord,
            "person",
            {"what": "what", "when": "at"},
            "Kept for the retention period, with the person's record in place of their name.",
        ),
        simple("Erasures they carried out", ErasureRecord, "by", {"when": "at", "how": "via"}, "Kept."),
        simple(
            "Changes they made in data maintenance",
            LogEntry,
            "user",
            {"when": "action_time", "what": "object_repr", "change": "change_message"},
            "Kept, with the person's record in place of their name.",
        ),
    ]
