"""The crispy-forms template pack renders the design system's form markup."""

from django import forms
from django.template import Context, Template


class ExampleForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="As it appears on your staff badge.")
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("la", "Local authority"), ("es", "Education Scotland")],
        widget=forms.RadioSelect,
    )
    region = forms.ChoiceField(label="Region", choices=[("", "Choose"), ("n", "North")], required=False)
    agree = forms.BooleanField(label="I agree")
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def render(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def squash(html: str) -> str:
    return " ".join(html.split())


def test_text_field_has_label_hint_and_described_input():
    html = squash(render(ExampleForm()))

    assert '<label class="ds_label" for="id_name"> Your name </label>' in html
    assert '<div class="ds_hint-text" id="id_name-hint">As it appears on your staff badge.</div>' in html
    assert 'class="ds_input" aria-describedby="id_name-hint"' in html
    assert "ds_error-summary" not in html


def test_radio_group_is_a_fieldset_with_a_legend():
    html = squash(render(ExampleForm()))

    assert "<fieldset > <legend> Kind of organisation </legend>" in html
    assert (
        '<div class="ds_radio ds_radio--small ds_checkbox--small"> <input class="ds_radio__input" type="radio" '
        'id="id_kind_0" name="kind" value="la" > <label class="ds_radio__label" for="id_kind_0">Local authority</label>'
    ) in html


def test_optional_select_is_wrapped_and_marked_optional():
    html = squash(render(ExampleForm()))

    assert '<label class="ds_label" for="id_region"> Region (optional) </label>' in html
    assert '<div class="ds_select-wrapper"> <select name="region" class="ds_select" id="id_region">' in html


def test_checkbox_and_hidden_fields():
    html = squash(render(ExampleForm()))

    assert '<input type="checkbox" name="agree" class="ds_checkbox__input" required id="id_agree">' in html
    assert '<label class="ds_checkbox__label" for="id_agree">I agree</label>' in html
    assert '<input type="hidden" name="token" id="id_token">' in html


def test_errors_are_summarised_at_the_top_and_shown_beside_each_field():
    form = ExampleForm(data={"name": "", "kind": "", "agree": ""})
    form.is_valid()

    html = squash(render(form))

    summary = html[html.index('<div class="ds_error-summary"') : html.index("</div>") + 6]
    assert summary.split("<li>")[1:] == [
        ' <a href="#id_name">This field is required.</a> </li> ',
        ' <a href="#id_kind_0">This field is required.</a> </li> ',
        ' <a href="#id_agree">This field is required.</a> </li> </ul> </div>',
    ]
    assert html.index("ds_error-summary") < html.index('for="id_name"')
    assert '<div class="ds_question ds_question--error"> <label class="ds_label" for="id_name">' in html
    assert '<p class="ds_question__error-message" id="id_name-error"> This field is required. </p>' in html
    assert 'class="ds_input ds_input--error" aria-describedby="id_name-hint id_name-error" aria-invalid="true"' in html
    assert '<fieldset aria-describedby="id_kind-error">' in html
