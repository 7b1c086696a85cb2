"""The authorities' own published reports of the 2021–24 visits: ADES officers attach the address (https) and,
optionally, the PDF itself, which is checked by its content and size and then served like a published version, by
its content hash. The archive lists them beside the portal's own reports and says which visits have none yet."""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from authorities.models import Person
from reviews.choices import VisitStage, VisitStatus
from reviews.models import Visit

from .. import audit_trail, published
from ..models import AuthorityReport, ReportVersion

MAX_PDF_BYTES = 20 * 1024 * 1024


def check_pdf(data: bytes) -> None:
    """Refuse anything that is not a readable PDF of a sensible size, whatever its name says."""
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError(f"The file is {len(data) / 1048576:.1f} MB; the most it can be is 20 MB.")
    if not data.startswith(b"%PDF-"):
        raise ValidationError("The file is not a PDF: choose the report's PDF file.")
    # deferred (heavy library): pypdf takes a moment to import, and only an uploaded report's check needs it
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, OSError):
        pages = 0
    if not pages:
        raise ValidationError("The PDF cannot be read: it may be damaged. Save it again from the original.")


def _search_text(visit: Visit) -> str:
    return "\n".join(
        [visit.theme.name, *(host.name for host in visit.hosts.all()), visit.key_question, *visit.focus_areas]
    )


def _check_visit(visit: Visit, published_year: int | None) -> None:
    """A report is published after its visit: never of a meeting, a cancelled visit or one still to take place."""
    if visit.meeting_of:
        raise ValidationError(f"The {visit.meeting_of} meeting is a group's meeting: it has no report.")
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError({"url": "The visit was cancelled: it has no report to record."})
    if visit.stage != VisitStage.AFTER or visit.starts_on > timezone.localdate():
        raise ValidationError(
            {"url": "The visit has not taken place yet: its authority publishes the report after it. Add it then."}
        )
    year = visit.starts_on.year
    if published_year is not None and published_year < year:
        raise ValidationError(
            {"published_year": f"The visit took place in {year}: its report cannot be from before then."}
        )


@audit_trail.authority_report_attached
@transaction.atomic
def attach(*, visit: Visit, url: str, published_year: int | None, pdf: bytes | None, by: Person) -> AuthorityReport:
    """Record (or change) the visit's authority report; a new PDF replaces the one held, no PDF keeps it. Refused
    for a meeting, a cancelled visit, or a visit not yet over (a report published before its visit is impossible)."""
    _check_visit(visit, published_year)
    report = AuthorityReport.objects.filter(visit=visit).first() or AuthorityReport(visit=visit)
    report.url, report.published_year, report.added_by = url.strip(), published_year, by
    report.search_text = _search_text(visit)
    if pdf is not None:
        check_pdf(pdf)
        sha256 = hashlib.sha256(pdf).hexdigest()
        path = published.stored_path(sha256)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(pdf))
        report.pdf_sha256, report.pdf_size = sha256, len(pdf)
    report.full_clean()
    report.save()
    return report


@audit_trail.authority_report_removed
@transaction.atomic
def remove(*, report: AuthorityReport, by: Person) -> None:
    """Remove the record; the held PDF goes too unless a published version has the same bytes."""
    sha256 = report.pdf_sha256
    report.delete()
    still_used = (
        ReportVersion.objects.filter(pdf_sha256=sha256).exists()
        or AuthorityReport.objects.filter(pdf_sha256=sha256).exists()
    )
    if sha256 and not still_used:
        default_storage.delete(published.stored_path(sha256))
