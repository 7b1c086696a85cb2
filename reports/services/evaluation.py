"""A programme's evaluation report: ADES's text saved, the report published as a frozen version (the worker renders
its PDF), and withdrawn. Published versions are never edited: publishing again makes a new version."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.models import Person
from core import freshness
from core.text import without_direction_controls
from reviews.models import Programme

from .. import audit_trail, published
from ..evaluation_content import build, searchable_text
from ..models import EvaluationReport, EvaluationVersion
from ..tasks import render_evaluation_pdf

# What differs between two freezes of the same data: not a change worth a new version.
STAMPS = ("version", "published_on")


def _locked(programme: Programme) -> EvaluationReport:
    """The programme's evaluation report, made on first use, locked for this transaction."""
    EvaluationReport.objects.get_or_create(programme=programme)
    return EvaluationReport.objects.select_for_update().get(programme=programme)


@audit_trail.evaluation_saved
@transaction.atomic
def save_text(*, programme: Programme, key_messages: str, recommendations: str, by: Person) -> EvaluationReport:
    """Keep ADES's key messages and recommendations as typed (saving the same text twice changes nothing)."""
    evaluation = _locked(programme)
    evaluation.key_messages, evaluation.recommendations = key_messages.strip(), recommendations.strip()
    evaluation.updated_by = by
    evaluation.save(update_fields=["key_messages", "recommendations", "updated_by", "updated_at"])
    return evaluation


def _unstamped(content: dict) -> dict:
    """The content as stored (through JSON, so tuples are lists), without what only dates a freeze."""
    return {key: value for key, value in json.loads(json.dumps(content)).items() if key not in STAMPS}


@audit_trail.evaluation_published
@transaction.atomic
def publish(*, programme: Programme, by: Person) -> EvaluationVersion:
    """Freeze the report as it now stands into a new version, supersede the last, and have the worker render its
    PDF. Refused when nothing has changed since the current version (so a second click publishes nothing)."""
    evaluation = _locked(programme)
    programme.evaluation = evaluation
    latest = evaluation.versions.order_by("-number").first()
    number = (latest.number if latest else 0) + 1
    content = build(programme, version=number)
    if latest is not None and latest.withdrawn_at is None and _unstamped(latest.content) == _unstamped(content):
        raise ValidationError(f"Nothing has changed since version {latest.number}, so it stays the one published.")
    evaluation.versions.filter(superseded_at__isnull=True).update(superseded_at=timezone.now())
    freshness.changed()  # updates send no signals
    version = EvaluationVersion.objects.create(
        evaluation=evaluation, number=number, content=content, published_by=by, search_text=searchable_text(content)
    )
    transaction.on_commit(lambda: render_evaluation_pdf.enqueue(version.pk))
    return version


@audit_trail.evaluation_withdrawn
@transaction.atomic
def withdraw(*, programme: Programme, reason: str, by: Person) -> EvaluationReport:
    """Withdraw every published version: kept in the record with the reason, their files no longer served."""
    reason = without_direction_controls(reason)  # written with update(), which sends no signal
    evaluation = _locked(programme)
    withdrawn = evaluation.versions.filter(withdrawn_at__isnull=True)
    if not withdrawn.exists():
        raise ValidationError("Only a published evaluation report can be withdrawn.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the evaluation report is withdrawn."})
    published.make_private(list(withdrawn.select_for_update()))  # first: if the store fails, nothing is withdrawn
    withdrawn.update(withdrawn_at=timezone.now(), withdrawn_reason=reason.strip())
    freshness.changed()
    return evaluation


DREW_ON_WITHDRAWN = "It drew on a visit report since withdrawn."


def withdraw_drawing_on(*, visit, by: Person) -> None:
    """Withdraw each published version of the programme's evaluation report that drew on the visit's report, which
    is being withdrawn: its figures (the survey round, the evidence counts) would otherwise stay public there, and
    comparing it with a later version would give them back. Part of withdraw_report, which records it (`by`)."""
    versions = EvaluationVersion.objects.select_for_update().filter(
        evaluation__programme_id=visit.programme_id, withdrawn_at__isnull=True
    )
    drew_on = [version for version in versions if visit.pk in version.content.get("drew_on", [])]
    if drew_on:
        published.make_private(drew_on)
        EvaluationVersion.objects.filter(pk__in=[v.pk for v in drew_on]).update(
            withdrawn_at=timezone.now(), withdrawn_reason=DREW_ON_WITHDRAWN
        )
