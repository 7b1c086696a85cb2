from django import forms


class DatePickerInput(forms.DateInput):
    """A date in dd/mm/yyyy, enhanced by the design system's date picker."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "ds_input--fixed-10", "autocomplete": "off", **(attrs or {})}, format="%d/%m/%Y"
        )


class AutocompleteSelect(forms.Select):
    """A select that accessible-autocomplete turns into a type-ahead; without JavaScript it stays a select."""

    # The empty choice has words, as HTML requires; the type-ahead leaves options without a value out.
    EMPTY_LABEL = "None chosen"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"data-autocomplete": "true", **(attrs or {})}, choices=choices)

    def create_option(self, name, value, label, *args, **kwargs):
        if value == "" and not label:
            label = self.EMPTY_LABEL
        return super().create_option(name, value, label, *args, **kwargs)


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
