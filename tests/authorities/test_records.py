"""Reference records kept in the portal's own pages: specialisms (slug from the name, delete after confirmation),
who holds them, and regional roles (one per area, held by someone of the right organisation), with history."""

import pytest
from django.urls import reverse

from authorities.choices import OrganisationKind
from authorities.models import RegionalRole, Specialism
from tests.factories import PersonFactory, organisation


@pytest.fixture
def ades(client, ades_officer):
    client.force_login(ades_officer)
    return ades_officer


def _post(client, url, data):
    return client.post(url, data, follow=True)


def test_specialism_created_with_slug_from_name_and_history(client, ades):
    response = _post(
        client, reverse("authorities:specialism-create"), {"name": "Youth Work", "keywords": "youth, , youth, cld"}
    )

    specialism = Specialism.objects.get()
    assert (specialism.name, specialism.slug, specialism.keywords) == ("Youth Work", "youth-work", "youth, cld")
    assert [(h.history_type, h.history_user) for h in specialism.history.all()] == [("+", ades)]
    assert "The specialism “Youth Work” is saved." in response.content.decode()


def test_specialism_with_a_name_making_a_taken_slug_is_refused_beside_the_name(client, ades):
    Specialism.objects.create(name="Youth work", slug="youth-work", keywords="youth")

    response = _post(client, reverse("authorities:specialism-create"), {"name": "Youth  Work!", "keywords": "x"})

    assert response.context["form"].errors == {"name": ["“Youth work” is a specialism already: choose another name."]}
    assert Specialism.objects.count() == 1


def test_specialism_edit_renames_and_follows_slug(client, ades):
    specialism = Specialism.objects.create(name="Data", slug="data", keywords="data")

    _post(
        client,
        reverse("authorities:specialism-edit", args=["data"]),
        {"name": "Data use", "keywords": "data, evidence"},
    )

    specialism.refresh_from_db()
    assert (specialism.name, specialism.slug, specialism.keywords) == ("Data use", "data-use", "data, evidence")


def test_specialism_delete_asks_first_saying_how_many_hold_it(client, ades):
    specialism = Specialism.objects.create(name="Data", slug="data", keywords="data")
    for _ in range(2):
        PersonFactory().specialisms.add(specialism)
    url = reverse("authorities:specialism-delete", args=["data"])

    asked = client.get(url)
    assert "2 people hold it." in " ".join(asked.content.decode().split())
    assert Specialism.objects.count() == 1

    done = _post(client, url, {})
    assert Specialism.objects.count() == 0
    assert "The specialism “Data” is deleted; 2 people held it." in done.content.decode()


def test_person_specialisms_set_from_the_person_page(client, ades):
    data = Specialism.objects.create(name="Data", slug="data", keywords="data")
    Specialism.objects.create(name="CLD", slug="cld", keywords="cld")
    person = PersonFactory(full_name="Ailsa Grant")

    page = client.get(reverse("office:person", args=[person.pk]))
    assert reverse("authorities:person-specialisms", args=[person.pk]) in page.content.decode()
    _post(client, reverse("authorities:person-specialisms", args=[person.pk]), {"specialisms": [data.pk]})

    assert list(person.specialisms.all()) == [data]


def test_regional_roles_page_says_not_recorded_and_names_holders(client, ades):
    adviser = PersonFactory(full_name="Sandy Adviser")
    RegionalRole.objects.create(
        person=adviser, kind="sra", collaborative=organisation(authority__name="Angus").authority.collaborative
    )

    body = " ".join(client.get(reverse("authorities:regional-roles")).content.decode().split())

    assert "Sandy Adviser, Education Scotland" in body
    assert body.count("Not recorded") == 5 + 32  # five other collaboratives, 32 authorities


def test_link_hmi_set_changed_and_cleared_with_history(client, ades):
    first = PersonFactory(full_name="Hamish First", organisation=organisation(kind=OrganisationKind.HMIE))
    second = PersonFactory(full_name="Heather Second")
    url = reverse("authorities:link-hmi-edit", args=["angus"])

    _post(client, url, {"person": first.pk})
    _post(client, url, {"person": second.pk})
    role = RegionalRole.objects.get()
    assert (role.kind, role.authority.name, role.person) == ("link_hmi", "Angus", second)
    page = " ".join(client.get(reverse("authorities:authority-detail", args=["angus"])).content.decode().split())
    assert "Heather Second" in page

    _post(client, url, {"person": ""})
    assert RegionalRole.objects.count() == 0
    assert [h.history_type for h in RegionalRole.history.order_by("history_id")] == ["+", "~", "-"]


def test_link_hmi_must_be_of_education_scotland_or_hmie(client, ades):
    council = PersonFactory(organisation=organisation(authority__name="Fife"))

    response = _post(client, reverse("authorities:link-hmi-edit", args=["angus"]), {"person": council.pk})

    assert response.context["form"].errors == {"person": ["Choose someone from the list."]}
    assert RegionalRole.objects.count() == 0


def test_service_refuses_an_sra_of_another_organisation(ades):
    from django.core.exceptions import ValidationError

    from authorities.services import records

    hmi = PersonFactory(full_name="Iain Hmi", organisation=organisation(kind=OrganisationKind.HMIE))
    with pytest.raises(ValidationError) as error:
        records.set_regional_role(
            kind=RegionalRole.Kind.SRA,
            person=hmi,
            by=ades,
            collaborative=organisation(authority__name="Fife").authority.collaborative,
        )
    assert error.value.message_dict == {
        "person": [
            "A Senior Regional Adviser works for Education Scotland; Iain Hmi is with HM Inspectorate of Education."
        ]
    }


def test_authority_page_hides_regional_names_from_the_public(client, reference):
    RegionalRole.objects.create(
        person=PersonFactory(full_name="Hidden Name"),
        kind="link_hmi",
        authority=organisation(authority__name="Angus").authority,
    )

    body = client.get(reverse("authorities:authority-detail", args=["angus"])).content.decode()

    assert "Hidden Name" not in body
    assert "Link HMI" not in body


def test_reference_index_links_every_kind_of_record(client, ades):
    body = client.get(reverse("authorities:reference-index")).content.decode()

    for name in (
        "authorities:specialism-list",
        "authorities:regional-roles",
        "reports:national-measure-list",
        "quads:framework-list",
    ):
        assert f'href="{reverse(name)}"' in body
    assert reverse("authorities:reference-index") in client.get(reverse("reviews:programme-list")).content.decode()
