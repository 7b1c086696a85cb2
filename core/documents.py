"""Documents as PDFs: one entry point, `pdf_response`, for every app's printable page.

Each document is rendered from its template (which carries the shared print stylesheet, static/css/document.css,
through core/templatetags/documents.py) and kept in storage under the checksum of its HTML, so a download renders
only when the content has changed. Rendering is slow, so it never happens in the request: the HTML is stored, a task
renders it (`render_document`), and until then the download answers 202 with a page that says the PDF is
being prepared. Published report versions keep their own stored files (reports.tasks).
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django_tasks import task

from .pdf import render_pdf

# A document queued this long ago and still not rendered is queued again when someone asks for it.
REQUEUE_AFTER = datetime.timedelta(minutes=5)
DIRECTORY = "documents"  # an erasure deletes everything here: each is rendered again


def _paths(checksum: str) -> tuple[str, str]:
    return f"{DIRECTORY}/{checksum}.html", f"{DIRECTORY}/{checksum}.pdf"


def render_stored(checksum: str) -> str:
    """Render a queued document's stored HTML to its PDF (the task's work); safe to run twice."""
    html_path, pdf_path = _paths(checksum)
    if default_storage.exists(pdf_path):
        return "already rendered"
    try:
        with default_storage.open(html_path, "rb") as handle:
            html = handle.read().decode()
    except FileNotFoundError:  # deleted by an erasure since it was queued: the next request queues it again
        return "gone"
    pdf = render_pdf(html)
    if not default_storage.exists(pdf_path):  # a second task may have finished first
        default_storage.save(pdf_path, ContentFile(pdf))
    default_storage.delete(html_path)
    return "rendered"


@task()
def render_document(checksum: str) -> str:
    return render_stored(checksum)


def _queue(checksum: str, html: str) -> None:
    html_path, _ = _paths(checksum)
    if default_storage.exists(html_path):
        if timezone.now() - default_storage.get_modified_time(html_path) < REQUEUE_AFTER:
            return  # already queued
        default_storage.delete(html_path)
    default_storage.save(html_path, ContentFile(html.encode()))
    render_document.enqueue(checksum)


def pdf_response(request, template: str, context: dict, *, filename: str):
    """The document as a PDF download with its checksum as the ETag; or, while it is rendered, a page saying so."""
    html = render_to_string(template, context)
    checksum = hashlib.sha256(html.encode()).hexdigest()
    _, pdf_path = _paths(checksum)
    if not default_storage.exists(pdf_path):
        _queue(checksum, html)
    if not default_storage.exists(pdf_path):  # with the immediate task backend (development) it is there already
        response = render(request, "core/document_preparing.html", {"filename": filename}, status=202)
        response["Retry-After"] = "5"
        return response
    with default_storage.open(pdf_path, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["ETag"] = f'"{checksum}"'
    return response
