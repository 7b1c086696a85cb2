"""The portal's form renderer writes a select list exactly as Django's templates do, only faster."""

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe

from core import form_renderer
from core.form_renderer import FormRenderer


class Example(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a", "A & B"), ("b", "<b>")], required=False)
    year = forms.TypedChoiceField(choices=[("", "Any year"), (2025, 2025), (2024, 2024)], coerce=int, required=False)
    grouped = forms.ChoiceField(
        choices=[("", "None"), ("North", [("n1", "Angus"), ("n2", "Moray")]), ("South", [("s1", "Fife")])],
        required=False,
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", mark_safe("<i>Y</i>"))], required=False)
    attributed = forms.ChoiceField(
        choices=[("1", "One"), ("2", 'Two "2"')],
        widget=forms.Select(attrs={"class": "ds_select", "data-x": 'a"b', "disabled": True, "hidden": False}),
    )


BOUND = {"plain": "a", "year": "2024", "grouped": "n2", "several": ["x", "y"], "attributed": "2"}


@pytest.mark.parametrize("data", [None, BOUND, {"plain": "<nope>", "year": "x"}])
@pytest.mark.parametrize("field", ["plain", "year", "grouped", "several", "attributed"])
def test_select_is_written_as_djangos_templates_write_it(field, data):
    ours = Example(data, renderer=FormRenderer())[field].as_widget()
    djangos = Example(data, renderer=DjangoTemplates())[field].as_widget()

    assert ours == djangos
    assert ours.startswith(f'<select name="{field}"')
    assert ours.endswith("</select>")


def test_the_select_is_written_in_python_and_other_widgets_by_the_templates(monkeypatch):
    written = []
    monkeypatch.setattr(form_renderer, "render_select", lambda widget: written.append(widget["name"]) or "<select>")
    form = Example(BOUND, renderer=FormRenderer())

    assert form["plain"].as_widget() == "<select>"
    assert written == ["plain"]
    text = form["plain"].as_widget(widget=forms.TextInput())
    assert text == '<input type="text" name="plain" value="a" id="id_plain">'
    assert written == ["plain"]


def test_the_portal_renders_forms_with_it():
    assert settings.FORM_RENDERER == "core.form_renderer.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
