"""Form helpers shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: beside each field it names that the form has, else above it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


SEARCH_MIN_LETTERS = 2
TOO_SHORT_TO_SEARCH = f"Type at least {SEARCH_MIN_LETTERS} letters to search"


def search_words(value: str) -> str:
    """A search box's text, stripped; one letter would match nearly everything, so it is refused with a reason."""
    value = value.strip()
    if 0 < len(value) < SEARCH_MIN_LETTERS:
        raise ValidationError(TOO_SHORT_TO_SEARCH)
    return value


class _ListedChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for choice in self.queryset.all():  # one plain query, where Django's `iterator()` is a server-side cursor
            yield self.choice(choice)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose choices are read in one plain query as they are rendered. Django's reads them through
    a server-side cursor, three round trips to PostgreSQL (declare, fetch, close) instead of one: worth it for a long
    list, not for a filter's few dozen choices."""

    iterator = _ListedChoices
