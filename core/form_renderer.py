"""The portal's form renderer: Django's, with a select list written out in Python.

Django renders a select list with one template include per option, which made the filter forms the larger part of
the archive's and the programme page's rebuild time. This writes the same markup, character for character, as
Django's select.html and select_option.html (tests/core/test_form_renderer.py compares the two); any other widget,
and a select whose options use another template, is rendered by Django's templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
_CONTEXT = Context(autoescape=True)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it was marked safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return str(value) if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    label = render_value_in_context(option["label"], _CONTEXT)
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{label}</option>\n'


def render_select(widget: dict) -> str:
    """django/forms/widgets/select.html, stripped as the renderer strips it."""
    parts = [f'<select name="{render_value_in_context(widget["name"], _CONTEXT)}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, _CONTEXT)}">')
        parts.extend("\n  " + _option(option) for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts).strip()


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if template_name == SELECT and widget and _plain_options(widget):
            return render_select(widget)
        return super().render(template_name, context, request)


def _plain_options(widget: dict) -> bool:
    return all(option["template_name"] == OPTION for _, options, _ in widget["optgroups"] for option in options)
