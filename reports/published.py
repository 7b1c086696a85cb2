"""Published report PDFs, served by their content hash as immutable files, as cheaply as a static file.

Publication puts a public copy of each version's PDF at `published/<sha256>.pdf` in the file store (local disk or
S3), and withdrawal deletes it in the same transaction, so a withdrawn version stops being served at once by every
application server. `PublishedFileMiddleware` answers `/reports/files/<sha256>/<name>.pdf` early in the stack,
without a session, a user or a database query: if the public copy exists it is served; otherwise the request goes
on to `published_file`, which restores a missing copy for a version still published (one made before this
existed), or answers 404.
"""

import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified

from .models import EvaluationVersion, ReportVersion

PATTERN = re.compile(r"^/reports/files/(?P<sha256>[0-9a-f]{64})/(?P<name>[A-Za-z0-9._-]{1,150}\.pdf)$")
# A year, immutable: the bytes at a content hash never change. Private: no shared cache keeps a copy that a
# withdrawal could not reach; a browser that downloaded a version keeps it, as it would keep a saved file.
CACHE_CONTROL = "private, max-age=31536000, immutable"


def stored_path(sha256: str) -> str:
    return f"published/{sha256}.pdf"


def url_for(version) -> str:
    return version.file_url


def make_public(version) -> None:
    """Put the version's public copy in place (once; the same content has the same name)."""
    path = stored_path(version.pdf_sha256)
    if not default_storage.exists(path):
        with version.pdf.open("rb") as handle:
            default_storage.save(path, ContentFile(handle.read()))


def make_private(versions) -> None:
    """Remove the public copies: called inside withdrawal's transaction, so a failure leaves it undone."""
    for sha256 in {version.pdf_sha256 for version in versions if version.pdf_sha256}:
        default_storage.delete(stored_path(sha256))


def file_response(request, sha256: str, name: str):
    """The public copy, or None if there is none."""
    try:
        handle = default_storage.open(stored_path(sha256), "rb")  # one call: local disk and S3 both say if it is gone
    except FileNotFoundError:
        return None
    etag = f'"{sha256}"'
    if request.headers.get("If-None-Match") == etag:
        handle.close()
        response = HttpResponseNotModified()
    else:
        response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=name)
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


class PublishedFileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = PATTERN.match(request.path_info)
        if match and request.method in ("GET", "HEAD"):
            response = file_response(request, match["sha256"], match["name"])
            if response is not None:
                return response
        return self.get_response(request)


def published_file(request, sha256: str, name: str):
    """The slow path: a version still published whose public copy is missing gets it back, then is served."""
    version = None
    for model in (ReportVersion, EvaluationVersion):  # a visit report's, or a programme's evaluation report's
        version = version or model.objects.filter(pdf_sha256=sha256, withdrawn_at__isnull=True).exclude(pdf="").first()
    if version is None or name != version.filename:
        raise Http404
    make_public(version)
    return file_response(request, sha256, name)
