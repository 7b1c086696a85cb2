"""An erased person stays erased whatever the door: data maintenance shows their emptied record read-only, and the
model refuses a change to their email, name, role or access from anywhere (a script, a form)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import ERASED_READ_ONLY, Person, Role
from office.services import erasure
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def erased(reference, ades_officer):
    person = PersonFactory(full_name="Ann Lee", email="ann.lee@example.scot")
    erasure.erase(person=person, by=ades_officer, via="test")
    return Person._base_manager.get(pk=person.pk)


def _fixed(person) -> tuple:
    return Person._base_manager.filter(pk=person.pk).values_list("email", "role", "is_active", "erased_at").get()


def test_data_maintenance_shows_an_erased_person_read_only_and_saves_nothing(client, erased):
    before = _fixed(erased)
    client.force_login(PersonFactory(is_superuser=True))
    url = f"/admin/authorities/person/{erased.pk}/change/"

    page = client.get(url)
    post = client.post(
        url,
        {
            "full_name": "Ann Lee",
            "email": "ann.lee@example.scot",
            "organisation": erased.organisation_id,
            "role": Role.ADES_OFFICER,
            "is_active": "on",
        },
    )
    delete = client.get(f"/admin/authorities/person/{erased.pk}/delete/")

    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    assert (post.status_code, delete.status_code) == (403, 403)
    assert _fixed(erased) == before


def test_data_maintenance_still_edits_a_person_not_erased(client, reference):
    person = PersonFactory(full_name="Ann Lee")
    client.force_login(PersonFactory(is_superuser=True))

    page = client.get(f"/admin/authorities/person/{person.pk}/change/")

    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "ann.lee@example.scot"), ("full_name", "Ann Lee"), ("role", Role.ADES_OFFICER), ("is_active", True)],
)
def test_the_model_refuses_to_give_an_erased_person_back_what_the_erasure_took(erased, field, value):
    before = _fixed(erased)
    setattr(erased, field, value)

    with pytest.raises(ValidationError) as refused:
        erased.full_clean()
    with pytest.raises(ValidationError, match="This person has been erased"):
        erased.save()

    assert refused.value.messages == [ERASED_READ_ONLY]
    assert _fixed(erased) == before


def test_the_model_still_saves_an_erased_person_unchanged_and_anyone_else_changed(erased, reference):
    erased.save()  # what the erasure fixed is the same: nothing refused
    other = PersonFactory(full_name="Ann Lee")
    other.role = Role.ADES_OFFICER
    other.save()

    assert Person.objects.get(pk=other.pk).role == Role.ADES_OFFICER


def test_saving_a_person_not_erased_costs_no_query_besides_its_update(reference, django_assert_num_queries):
    person = Person.objects.get(pk=PersonFactory(full_name="Ann Lee").pk)
    person.full_name = "Ann Leigh"

    with django_assert_num_queries(1):
        person.save()
    with django_assert_num_queries(1):
        person.save(update_fields=["last_login"])  # as signing in does

    assert Person.objects.get(pk=person.pk).full_name == "Ann Leigh"


def test_a_copy_loaded_before_the_erasure_cannot_undo_it(reference, ades_officer):
    person = PersonFactory(full_name="Ann Lee", email="ann.lee@example.scot")
    stale = Person.objects.get(pk=person.pk)
    erasure.erase(person=person, by=ades_officer, via="test")
    before = _fixed(person)
    stale.role = Role.ADES_OFFICER

    # Refused by the UPDATE, which rolls back what it is part of: here, its own savepoint.
    with pytest.raises(ValidationError, match="This person has been erased"), transaction.atomic():
        stale.save()
    stale.save(update_fields=["last_login"])  # names nothing the erasure fixed

    assert _fixed(person) == before
    assert Person._base_manager.get(pk=person.pk).full_name != "Ann Lee"
