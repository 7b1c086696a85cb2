"""What a save in data maintenance changed, in words for the audit log (core/admin_site.py's Audited).

The names of the fields changed, and for the few that grant or take away access (role, superuser status, active,
organisation) their old and new values, so a privilege given in data maintenance can be seen. Never any other
value: a password hash, an email's body or a comment would then sit in the log for years.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist

SECURITY_FIELDS = ("role", "is_superuser", "is_active", "organisation")


def _label(form, name: str) -> str:
    try:
        return str(form._meta.model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a form field of its own, not a model field
        return str(form.fields[name].label or name.replace("_", " "))


def _shown(field: forms.Field, value) -> str:
    """A value as the form offered it: a choice's label as written, an object's name, yes or no."""
    if value in (None, ""):
        return "none"
    if isinstance(field, forms.ModelChoiceField):
        value = value if hasattr(value, "pk") else field.queryset.filter(pk=value).first()
        return str(value) if value is not None else "none"
    if isinstance(field, forms.BooleanField) or isinstance(value, bool):
        return "yes" if value else "no"
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, value))


def _values(form, names) -> list[str]:
    """Each security field among `names` as "role ADES programme officer" (an addition's values)."""
    return [f"{_label(form, n)} {_shown(form.fields[n], form.cleaned_data.get(n))}" for n in names]


def describe(form, formsets, add: bool) -> str:
    """What follows "Changed the person “…” in data maintenance": ": role from Team member to ADES programme
    officer; also full name", or "" when the form shows nothing changed."""
    if form is None or not hasattr(form, "cleaned_data"):
        return ""
    security = [name for name in SECURITY_FIELDS if name in form.fields]
    if add:
        parts = _values(form, security)
    else:
        changed = [name for name in form.changed_data if name in form.fields]
        parts = [
            f"{_label(form, n)} from {_shown(form.fields[n], form.initial.get(n))} to "
            f"{_shown(form.fields[n], form.cleaned_data.get(n))}"
            for n in changed
            if n in security
        ]
        others = [_label(form, n) for n in changed if n not in security]
        if others:
            parts.append(("also " if parts else "") + ", ".join(others))
    related = sorted({str(f.model._meta.verbose_name_plural) for f in formsets or () if f.has_changed()})
    if related:
        parts.append("and its " + ", ".join(related))
    if not parts and not add:
        return ": nothing changed"
    return ": " + "; ".join(parts) if parts else ""
