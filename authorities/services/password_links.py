"""A link to set a password, sent to one person by an ADES officer from the person's page (a first invitation to
the portal, or again when the first went astray); the same email and link as "Forgotten your password?"."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.mail import queue_email, sent_a_moment_ago
from core.models import OutgoingEmail

from .. import audit_trail
from ..emails import PASSWORD_LINK
from ..models import Person


def email_password_link(person: Person, *, subject_template: str, body_template: str, context: dict) -> None:
    """Queue the email with a link to set a password, recorded as such (for the form and for officers alike)."""
    queue_email(
        to=person.email,
        subject=render_to_string(subject_template, context),
        body=render_to_string(body_template, context),
        kind=PASSWORD_LINK,
        person=person,
    )


@audit_trail.password_link_sent
@transaction.atomic
def send_password_link(*, person: Person, by: Person) -> bool:
    """Email the person a link to set their password. False (nothing sent) when one went a moment ago."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not locked.is_active or locked.erased_at is not None:
        raise ValidationError("This person's account is closed, so no link was sent.")
    if sent_a_moment_ago(OutgoingEmail.objects.filter(kind=PASSWORD_LINK, person=locked)):
        return False
    protocol, _, domain = settings.SITE_URL.partition("://")
    context = {
        "user": locked,
        "uid": urlsafe_base64_encode(force_bytes(locked.pk)),
        "token": default_token_generator.make_token(locked),
        "protocol": protocol,
        "domain": domain,
        "sent_by": by,
    }
    email_password_link(
        locked,
        subject_template="registration/password_set_subject.txt",
        body_template="registration/password_set_email.txt",
        context=context,
    )
    return True
