"""A ListedModelChoiceField offers and accepts what a ModelChoiceField does, its choices read in one plain query."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.forms import ListedModelChoiceField
from reviews.models import Theme
from tests.factories import ThemeFactory


def field_pair():
    for name in ("Wellbeing", "Attainment", "Leadership & <Culture>"):
        ThemeFactory(name=name)
    queryset = Theme.objects.order_by("name")
    return (
        forms.ModelChoiceField(queryset=queryset, to_field_name="slug", required=False, empty_label="Any theme"),
        ListedModelChoiceField(queryset=queryset, to_field_name="slug", required=False, empty_label="Any theme"),
    )


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a page is served: where Django's cursor holds
def test_the_choices_are_djangos_read_in_one_plain_query():
    django_field, listed = field_pair()
    with CaptureQueriesContext(connection) as django_read:
        expected = [(str(value), label) for value, label in django_field.choices]
    with CaptureQueriesContext(connection) as listed_read:
        offered = [(str(value), label) for value, label in listed.choices]

    assert offered == expected
    assert offered[:2] == [("", "Any theme"), ("attainment", "Attainment")]
    assert len(offered) == Theme.objects.count() + 1 == 4
    assert [query["sql"].split()[0] for query in listed_read.captured_queries] == ["SELECT"]
    assert [query["sql"].split()[0] for query in django_read.captured_queries] == ["DECLARE"]


@pytest.mark.django_db
def test_it_cleans_a_slug_to_the_model_and_refuses_an_unknown_one():
    _, listed = field_pair()
    theme = Theme.objects.order_by("name").first()

    assert listed.clean(theme.slug) == theme
    with pytest.raises(forms.ValidationError):
        listed.clean("no-such-theme")
