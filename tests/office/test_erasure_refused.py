"""Nobody erases themselves, and an ADES officer cannot erase technical staff (a superuser) and so lock them out:
the erasure service refuses, so the person's page, its form and the command all do."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from authorities.models import Person
from core.models import ErasureRecord
from office.services import erasure
from tests.factories import PersonFactory, sign_in_freshly


@pytest.fixture
def technical(reference):
    return PersonFactory(full_name="Iona Tech", email="iona.tech@example.scot", is_superuser=True)


def test_an_officer_is_shown_why_a_superuser_cannot_be_erased_and_a_post_erases_nothing(
    client, ades_officer, technical
):
    sign_in_freshly(client, ades_officer)
    url = reverse("office:person-erase", kwargs={"pk": technical.pk})

    person_page = client.get(reverse("office:person", kwargs={"pk": technical.pk})).content.decode()
    erase_page = client.get(url).content.decode()
    post = client.post(url, follow=True)

    assert url not in person_page
    assert "Iona Tech is technical staff, who keep the portal running: the portal does not erase them." in person_page
    assert 'data-testid="erasure-refused"' in erase_page
    assert 'type="submit"' not in erase_page.split('id="main-content"')[-1]
    assert post.redirect_chain == [(reverse("office:person", kwargs={"pk": technical.pk}), 302)]
    assert "Technical staff can, with manage.py erase_person --superuser. Nothing was erased." in post.content.decode()
    assert Person.objects.get(pk=technical.pk).erased_at is None
    assert not ErasureRecord.objects.exists()


def test_an_officer_cannot_erase_themselves(client, ades_officer):
    sign_in_freshly(client, ades_officer)
    url = reverse("office:person-erase", kwargs={"pk": ades_officer.pk})

    page = client.get(url).content.decode()
    post = client.post(url, follow=True)

    assert "You cannot erase your own record. Ask another ADES officer to do it." in page
    assert "You cannot erase your own record. Ask another ADES officer to do it. Nothing was erased." in (
        post.content.decode()
    )
    assert Person.objects.get(pk=ades_officer.pk).erased_at is None


def test_the_service_refuses_whatever_calls_it(ades_officer, technical):
    with pytest.raises(erasure.ErasureRefused):
        erasure.erase(person=technical, by=ades_officer, via="the person's page")
    with pytest.raises(erasure.ErasureRefused):
        erasure.erase(person=ades_officer, by=ades_officer, via="the person's page")

    assert Person.objects.filter(erased_at__isnull=False).count() == 0


def test_the_command_erases_a_superuser_only_when_told_to(technical):
    with pytest.raises(CommandError, match="Iona Tech is technical staff \\(a superuser\\): add --superuser"):
        call_command("erase_person", technical.email, "--yes")
    assert Person.objects.get(pk=technical.pk).erased_at is None

    call_command("erase_person", technical.email, "--yes", "--superuser")

    assert Person.objects.get(pk=technical.pk).erased_at is not None
    assert ErasureRecord.objects.get().via == "manage.py erase_person"
