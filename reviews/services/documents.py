"""The team's pre-reading: documents attached to a visit, checked to be what their names say."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Person

from .. import audit_trail
from ..models import Visit, VisitDocument

ALLOWED_DOCUMENTS = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv",
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
SIGNATURES = {".pdf": b"%PDF-", ".docx": _ZIP, ".xlsx": _ZIP, ".odt": _ZIP, ".ods": _ZIP, ".doc": _OLE, ".xls": _OLE}


def _content_matches(extension: str, upload) -> bool:
    """The file's first bytes agree with its name: a renamed program is not a PDF."""
    head = upload.read(2048)
    upload.seek(0)
    if extension == ".csv":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in head
    return head.startswith(SIGNATURES[extension])


@audit_trail.document_attached
@transaction.atomic
def attach_document(*, visit: Visit, title: str, upload, by: Person) -> VisitDocument:
    """Pre-reading for the team: PDF, Word, spreadsheets, up to 20 MB."""
    extension = Path(upload.name).suffix.lower()
    if extension not in ALLOWED_DOCUMENTS:
        raise ValidationError({"file": "Choose a PDF, Word document or spreadsheet."})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": "The file must be smaller than 20 MB."})
    if not _content_matches(extension, upload):
        raise ValidationError({"file": f"The file is not really a {extension[1:].upper()} file. Check it opens."})
    document = VisitDocument(
        visit=visit,
        title=title.strip() or Path(upload.name).stem,
        file=upload,
        content_type=ALLOWED_DOCUMENTS[extension],
        size=upload.size,
        uploaded_by=by,
    )
    document.save()
    return document


@audit_trail.document_removed
@transaction.atomic
def remove_document(*, document: VisitDocument, by: Person) -> None:
    document.file.delete(save=False)
    document.delete()
