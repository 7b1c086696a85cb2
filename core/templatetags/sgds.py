"""Template helpers for the Scottish Government Design System markup."""

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from core.once import FIELD, new_key

register = template.Library()


@register.simple_tag
def sgds_widget(field, css_class, error_class=""):
    """Render a field's widget with the design system's classes and the ARIA links to its hint and error."""
    classes = [css_class, field.field.widget.attrs.get("class", "")]
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        classes.append(error_class)
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(name for name in classes if name)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def widget_type(field):
    return field.field.widget.__class__.__name__


@register.filter
def anchor_id(field):
    """The id an error summary links to: the field's input, or the first option of a radio or checkbox group."""
    return field.id_for_label or f"{field.auto_id}_0"


@register.simple_tag(takes_context=True)
def submission_key(context):
    """A one-time key that makes a form's submission count once (core.once)."""
    request = context.get("request")
    key = request.POST.get(FIELD) if request is not None and request.method == "POST" else None
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key or new_key())


@register.filter
def paragraphs(text: str):
    """Text people typed as paragraphs (a blank line apart) and headings (a line starting "## "), escaped."""
    blocks = [block.strip() for block in str(text).replace("\r\n", "\n").split("\n\n") if block.strip()]
    parts = []
    for block in blocks:
        if block.startswith("## ") and "\n" not in block:
            parts.append(("h2", escape(block[3:].strip())))
        else:
            parts.append(("p", mark_safe("<br>".join(escape(line) for line in block.split("\n")))))
    return format_html_join("\n", "<{0}>{1}</{0}>", parts)
