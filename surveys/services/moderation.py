"""Moderating the comments of a released round: free text appears nowhere until an officer publishes it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Person
from core.audit import audited

from ..choices import Moderation
from ..models import TextAnswer


@audited(
    "survey.comment.moderated",
    lambda v: f"Marked a comment in the survey round {v['comment'].survey_round} as “{v['moderation'].label}”",
    label="Survey comment moderated",
    about=lambda v: [v["comment"].survey_round],
)
@transaction.atomic
def moderate_comment(*, comment: TextAnswer, moderation: Moderation, by: Person) -> TextAnswer:
    """Free text appears nowhere until an officer publishes it, and is read only once the results are released."""
    if comment.survey_round.released_at is None:
        raise ValidationError("Comments are read only once the round has closed with enough responses.")
    comment.moderation = moderation
    comment.save(update_fields=["moderation"])
    return comment
