"""PDF rendering for every app: the only module that imports WeasyPrint, and only inside the function that renders."""

from django.conf import settings


def render_pdf(html: str) -> bytes:
    """An accessible PDF (PDF/UA-1: tagged, titled, language set, fonts embedded) from the document's HTML."""
    # deferred (heavy library): WeasyPrint takes a second to import, and only the task that renders needs it
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
