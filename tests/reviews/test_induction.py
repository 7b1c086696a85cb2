"""The induction pack: maintained by ADES in versions, shown to team members, read or not in the team list."""

import datetime

import pytest
from django.urls import reverse

from reviews import selectors
from reviews.models import InductionPack
from reviews.services import induction
from tests.factories import MembershipFactory, PersonFactory, VisitFactory


@pytest.fixture
def pack(db):
    return induction.load_first_pack()


def test_the_starting_pack_loads_once_with_the_terms_first_timers_asked_for(pack):
    again = induction.load_first_pack()

    assert (again.pk, InductionPack.objects.count(), pack.number) == (pack.pk, 1, 1)
    assert pack.title == "Induction pack for Collaborative Improvement visit teams"
    for term in ("QMIE 2: Quality Management in Education 2", "SRA: a Senior Regional Adviser", "LGBF family group"):
        assert term in pack.body


def test_a_member_reads_the_pack_and_the_team_list_says_so_until_a_new_version(client, reference, pack, ades_officer):
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=30))
    reader = MembershipFactory(visit=visit, person=PersonFactory(full_name="Ruth Reader")).person
    MembershipFactory(visit=visit, person=PersonFactory(full_name="Una Unread"))
    client.force_login(reader)
    before = client.get(visit.get_absolute_url()).content.decode()
    client.post(reverse("reviews:induction"))
    client.post(reverse("reviews:induction"))  # twice: still one record
    client.force_login(ades_officer)
    read = " ".join(client.get(visit.get_absolute_url()).content.decode().split())
    client.post(reverse("reviews:induction-edit"), {"title": "Induction pack", "body": "## New\n\nNew text."})
    after = " ".join(client.get(visit.get_absolute_url()).content.decode().split())

    assert 'data-testid="induction-to-read"' in before
    assert pack.reads.count() == 1
    assert "Ruth Reader" in read.split("Read </td>")[0].rsplit("<tr>", 1)[1]
    assert "Una Unread" in read.split("Not yet read </td>")[0].rsplit("<tr>", 1)[1]
    assert (after.count("Not yet read"), InductionPack.objects.count()) == (2, 2)


def test_the_pack_is_rendered_as_headings_and_paragraphs_and_typed_markup_never_runs(client, reference, ades_officer):
    client.force_login(ades_officer)
    client.post(
        reverse("reviews:induction-edit"),
        {"title": "Pack", "body": "## Key <terms>\n\nA <script>x()</script>\nline two"},
    )

    page = client.get(reverse("reviews:induction")).content.decode()

    assert "<h2>Key &lt;terms&gt;</h2>\n<p>A &lt;script&gt;x()&lt;/script&gt;<br>line two</p>" in page


def test_an_empty_version_is_refused_beside_its_fields_and_nothing_is_saved(client, reference, pack, ades_officer):
    client.force_login(ades_officer)

    response = client.post(reverse("reviews:induction-edit"), {"title": "", "body": ""})

    assert response.context["form"].errors == {"title": ["Enter the pack's title."], "body": ["Enter the pack's text."]}
    assert InductionPack.objects.count() == 1


def test_only_ades_officers_write_versions(client, reference, pack, glasgow_officer, team_member):
    for person in (glasgow_officer, team_member):
        client.force_login(person)
        assert client.post(reverse("reviews:induction-edit"), {"title": "x", "body": "y"}).status_code == 404
    assert InductionPack.objects.count() == 1


def test_a_member_on_their_first_visit_is_flagged(client, reference, pack, ades_officer):
    veteran = PersonFactory(full_name="Vera Veteran")
    MembershipFactory(visit=VisitFactory(hosts=["Fife"], starts_on=datetime.date(2025, 3, 4)), person=veteran)
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date(2026, 3, 3))
    MembershipFactory(visit=visit, person=veteran)
    newcomer = MembershipFactory(visit=visit, person=PersonFactory(full_name="Nina Newcomer")).person

    assert selectors.first_timers(visit) == {newcomer.pk}
    client.force_login(ades_officer)
    page = " ".join(client.get(visit.get_absolute_url()).content.decode().split())
    assert 'Nina Newcomer <strong class="ds_tag ds_tag--green">First visit</strong>' in page
    assert 'Vera Veteran <strong class="ds_tag ds_tag--green">First visit</strong>' not in page
