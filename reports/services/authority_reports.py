"""The authorities' own published reports of the 2021–24 visits: ADES officers attach the address (https) and,
optionally, the PDF itself, which is checked by its content and size and then served like a published version, by
its content hash. The archive lists them beside the portal's own reports and says which visits have none yet."""

import datetime
import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from authorities.models import Authority, Person
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


def parse_published(text: str) -> tuple[int | None, datetime.date | None]:
    """The year and, where given, the day of "2023", "2023-05-14" or "14/05/2023"; (None, None) for nothing.
    Anything else is refused in words both the hand form and the import show."""
    text = (text or "").strip()
    if not text:
        return None, None
    if text.isdigit() and len(text) == 4:
        return int(text), None
    for date_format in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
        return day.year, day
    raise ValidationError(f"Write the date published as a year (2023) or a day (2023-05-14), not “{text}”.")


def _check_published(visit: Visit, published_year: int | None, published_on: datetime.date | None) -> None:
    """Published after its visit and not after today: compared by the day where a day is given, else by year."""
    today = timezone.localdate()
    if (published_on and published_on > today) or (published_year or 0) > today.year:
        raise ValidationError({"published_year": "The date published is after today: give the date it was published."})
    if published_on and published_on < visit.starts_on:
        raise ValidationError(
            {
                "published_year": f"The visit took place in {visit.starts_on:%B %Y}: its report cannot be from "
                f"before then."
            }
        )
    year = visit.starts_on.year
    if published_year is not None and published_year < year:
        raise ValidationError(
            {"published_year": f"The visit took place in {year}: its report cannot be from before then."}
        )


def publisher(visit: Visit, published_by: Authority | None) -> Authority:
    """The host that published it: a single-host visit's host; for a joint visit, the one chosen, which must be one
    of its hosts."""
    hosts = list(visit.hosts.all())
    if len(hosts) == 1 and published_by in (None, hosts[0]):
        return hosts[0]
    if published_by is None or published_by not in hosts:
        names = ", ".join(host.name for host in hosts)
        raise ValidationError({"published_by": f"Choose which of the visit's hosts published it: {names}."})
    return published_by


def _check_visit(visit: Visit) -> None:
    """A report is published after its visit: never of a meeting, a cancelled visit or one still to take place."""
    if visit.meeting_of:
        raise ValidationError(f"The {visit.meeting_of} meeting is a group's meeting: it has no report.")
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError({"url": "The visit was cancelled: it has no report to record."})
    if visit.stage != VisitStage.AFTER or visit.starts_on > timezone.localdate():
        raise ValidationError(
            {"url": "The visit has not taken place yet: its authority publishes the report after it. Add it then."}
        )


@dataclass
class Published:
    """What the hand form and the import both record of a report: one fill, so the two never disagree."""

    url: str
    title: str = ""
    published_year: int | None = None
    published_on: datetime.date | None = None
    published_by: Authority | None = None


def check(visit: Visit, details: Published) -> Authority:
    """Every check of a report's record, as a ValidationError by field; the host that published it."""
    _check_visit(visit)
    _check_published(visit, details.published_year, details.published_on)
    return publisher(visit, details.published_by)


def fill(report: AuthorityReport, details: Published, *, added_by: Person) -> None:
    """Set the record from the details (checked), every field each time: a date left out clears the one held."""
    report.published_by = check(report.visit, details)
    report.url, report.title = details.url.strip(), details.title.strip()
    report.published_year, report.published_on = details.published_year, details.published_on
    report.added_by = added_by
    report.search_text = "\n".join(filter(None, [_search_text(report.visit), report.title]))
    report.full_clean()


@audit_trail.authority_report_attached
@transaction.atomic
def attach(
    *,
    visit: Visit,
    url: str,
    published_year: int | None,
    pdf: bytes | None,
    by: Person,
    published_on: datetime.date | None = None,
    title: str = "",
    published_by: Authority | None = None,
) -> AuthorityReport:
    """Record (or change) the visit's authority report; a new PDF replaces the one held, no PDF keeps it. Refused
    for a meeting, a cancelled visit, a visit not yet over, a date before the visit or after today, or a joint
    visit's report without which host published it."""
    details = Published(url, title, published_year, published_on, published_by)
    report = AuthorityReport.objects.filter(visit=visit).first() or AuthorityReport(visit=visit)
    fill(report, details, added_by=by)
    if pdf is not None:
        check_pdf(pdf)
        sha256 = hashlib.sha256(pdf).hexdigest()
        path = published.stored_path(sha256)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(pdf))
        report.pdf_sha256, report.pdf_size = sha256, len(pdf)
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
