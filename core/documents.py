"""Documents as PDFs: one entry point, `pdf_response`, for every app's printable page.

Each document is rendered from its template (which carries the shared print stylesheet, static/css/document.css,
through core/templatetags/documents.py) and kept in storage under the checksum of its HTML, so a download renders
only when the content has changed. Published report versions keep their own stored files (reports.tasks).
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string

from .pdf import render_pdf


def pdf_for(template: str, context: dict) -> tuple[bytes, str]:
    """The PDF of a document and its checksum; rendered once per distinct content."""
    html = render_to_string(template, context)
    checksum = hashlib.sha256(html.encode()).hexdigest()
    path = f"documents/{checksum}.pdf"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as handle:
            return handle.read(), checksum
    pdf = render_pdf(html)
    default_storage.save(path, ContentFile(pdf))
    return pdf, checksum


def pdf_response(template: str, context: dict, *, filename: str) -> HttpResponse:
    """The document as a PDF download, with its checksum as the ETag."""
    pdf, checksum = pdf_for(template, context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = f'"{checksum}"'
    return response
