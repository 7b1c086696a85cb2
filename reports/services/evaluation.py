"""A programme's evaluation report: ADES's text saved, the report published as a frozen version (the worker renders
its PDF), and withdrawn. Published versions are never edited: publishing again makes a new version."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.models import Person
from core import audit, freshness
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
    comparing it with a later version would give them back. A version frozen before versions recorded what they
    drew on is taken to have drawn on every report. The latest version left becomes the current one again. Part of
    withdraw_report; recorded in the audit log as the evaluation report's own withdrawal."""
    evaluation = EvaluationReport.objects.select_for_update().filter(programme_id=visit.programme_id).first()
    if evaluation is None:  # locked as publish locks it, so no version being published now is missed
        return
    versions = evaluation.versions.select_for_update().filter(withdrawn_at__isnull=True).order_by("-number")
    drew_on = [v for v in versions if "drew_on" not in v.content or visit.pk in v.content["drew_on"]]
    if not drew_on:
        return
    published.make_private(drew_on)
    evaluation.versions.filter(pk__in=[v.pk for v in drew_on]).update(
        withdrawn_at=timezone.now(), withdrawn_reason=DREW_ON_WITHDRAWN
    )
    remaining = evaluation.versions.filter(withdrawn_at__isnull=True).order_by("-number").first()
    if remaining is not None and not evaluation.versions.filter(withdrawn_at__isnull=True, superseded_at=None):
        evaluation.versions.filter(pk=remaining.pk).update(superseded_at=None)
    freshness.changed()
    numbers = ", ".join(str(v.number) for v in sorted(drew_on, key=lambda v: v.number))
    audit.record(
        by=by,
        kind="evaluation.withdrawn",
        summary=f"Withdrew version{'s' if len(drew_on) > 1 else ''} {numbers} of the evaluation report of "
        f"{evaluation.programme}: {DREW_ON_WITHDRAWN}",
        about=[evaluation.programme],
    )
