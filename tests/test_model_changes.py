"""A change to a model comes with its migration, in the model's own app: `makemigrations --check` finds nothing to
write, so a new report field (or any field) without its migration fails here."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = io.StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # exits 1, failing the test, on a change

    assert out.getvalue() == "No changes detected\n"
