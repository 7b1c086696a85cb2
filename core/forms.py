"""Form helpers shared by the apps."""

from django.core.exceptions import ValidationError


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: beside each field it names that the form has, else above it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
