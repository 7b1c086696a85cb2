"""Programme documents as PDFs: the timetable of a programme and a survey round's results.

Each is rendered from the same stylesheet as the reports and kept in storage under the checksum of its
HTML, so a download renders only when the content has changed.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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
