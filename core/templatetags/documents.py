"""The print stylesheet of every document: written into the HTML that WeasyPrint renders, so a PDF needs nothing
fetched and its checksum changes with the stylesheet; linked from a preview shown in a browser, so the page needs
no inline style under the Content-Security-Policy."""

from functools import cache

from django import template
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()
STYLESHEET = "css/document.css"


@cache
def _stylesheet_text() -> str:
    path = finders.find(STYLESHEET) or staticfiles_storage.path(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@register.simple_tag(takes_context=True)
def document_stylesheet(context):
    if context.get("preview"):
        return format_html('<link rel="stylesheet" href="{}">', static(STYLESHEET))
    return format_html("<style>{}</style>", mark_safe(_stylesheet_text()))  # the portal's own file, not input
