"""Background work: a published version's PDF is rendered once, here, and stored; downloads never re-render."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from core.pdf import render_pdf

from . import published
from .models import EvaluationVersion, ReportVersion


def document_html(content: dict, *, preview: bool = False) -> str:
    return render_to_string("reports/report_document.html", {"doc": content, "preview": preview})


@task()
def render_version_pdf(version_id: int) -> str:
    version = ReportVersion.objects.get(pk=version_id)
    if version.pdf:
        return version.pdf_sha256  # rendered already: a published file never changes
    pdf = render_pdf(document_html(version.content))
    version.pdf.save(version.filename, ContentFile(pdf), save=False)
    version.pdf_size = len(pdf)
    version.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    version.save(update_fields=["pdf", "pdf_size", "pdf_sha256"])
    with transaction.atomic():  # the row lock orders this with a withdrawal: a withdrawn version is never made public
        if ReportVersion.objects.select_for_update().filter(pk=version.pk, withdrawn_at__isnull=True).exists():
            published.make_public(version)
    return version.pdf_sha256


def evaluation_html(content: dict, *, preview: bool = False) -> str:
    return render_to_string("reports/evaluation_document.html", {"doc": content, "preview": preview})


@task()
def render_evaluation_pdf(version_id: int) -> str:
    """A programme's evaluation report, as published: rendered once and made public unless withdrawn meanwhile."""
    version = EvaluationVersion.objects.get(pk=version_id)
    if version.pdf:
        return version.pdf_sha256
    pdf = render_pdf(evaluation_html(version.content))
    version.pdf.save(version.filename, ContentFile(pdf), save=False)
    version.pdf_size = len(pdf)
    version.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    version.save(update_fields=["pdf", "pdf_size", "pdf_sha256"])
    with transaction.atomic():
        if EvaluationVersion.objects.select_for_update().filter(pk=version.pk, withdrawn_at__isnull=True).exists():
            published.make_public(version)
    return version.pdf_sha256
