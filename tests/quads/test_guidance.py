"""The Quads guidance: brief, maintained by ADES in versions, read by everyone signed in, linked from the Quads pages
and a Quad member's home page."""

import pytest
from django.urls import reverse

from authorities.choices import Role
from authorities.models import Authority
from core import cycles
from core.models import AuditEntry
from quads.models import QuadsGuidance
from quads.services import guidance, quads
from quads.services.self_evaluation import load_starting_framework
from tests.factories import PersonFactory, organisation

CYCLE = "2025–26"


@pytest.fixture
def first(db):
    return guidance.load_first_guidance()


def _officer_of(name):
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name=name))


def _north():
    members = Authority.objects.filter(
        name__in=["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]
    )
    return quads.save_quad(name="North", cycle=CYCLE, members=list(members), by=None)


def test_the_starting_guidance_loads_once_brief_and_citing_the_final_report(first):
    again = guidance.load_first_guidance()

    assert (again.pk, QuadsGuidance.objects.count(), first.number, first.created_by) == (first.pk, 1, 1, None)
    assert first.title == "Quads guidance"
    assert '"Quads guidance should be similarly brief and supportive"' in first.body
    assert "bound by affinity through the Local Government Benchmarking families" in first.body
    assert first.body.count("final report") >= 5  # each statement says where it comes from
    assert len(first.body.split()) < 600  # brief


def test_an_ades_officer_saves_a_new_version_and_the_earlier_one_is_kept_as_it_was(client, first, ades_officer):
    client.force_login(ades_officer)
    body = first.body

    response = client.post(
        reverse("quads:guidance-edit"), {"title": "Quads guidance", "body": "## New\n\nShorter.", "submission_key": "a"}
    )

    assert response.status_code == 302
    assert response.url == reverse("quads:guidance")
    assert list(QuadsGuidance.objects.values_list("number", "created_by")) == [(2, ades_officer.pk), (1, None)]
    first.refresh_from_db()
    assert first.body == body
    shown = client.get(reverse("quads:guidance")).content.decode()
    assert "Quads guidance, version 2" in shown
    assert "Shorter." in shown
    assert "Self-evaluation first" not in shown
    assert AuditEntry.objects.get(kind="quads.guidance.saved", by=ades_officer).summary == (
        "Saved version 2 of the Quads guidance, “Quads guidance”"
    )
    earlier = client.get(reverse("quads:guidance-version", kwargs={"number": 1})).content.decode()
    assert "Self-evaluation first" in earlier
    assert "This is version 1, saved on" in earlier
    assert "by the portal (its starting guidance)" in earlier
    edit = client.get(reverse("quads:guidance-edit")).content.decode()
    assert ades_officer.full_name in edit
    assert "The portal's starting guidance" in edit


def test_an_empty_version_is_refused_beside_its_fields_and_nothing_is_saved(client, first, ades_officer):
    client.force_login(ades_officer)

    response = client.post(reverse("quads:guidance-edit"), {"title": " ", "body": "", "submission_key": "b"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": ["Enter the guidance's title."],
        "body": ["Enter the guidance's text."],
    }
    assert QuadsGuidance.objects.count() == 1


def test_everyone_signed_in_reads_it_and_only_ades_officers_write_or_open_earlier_versions(
    client, reference, first, team_member
):
    assert client.get(reverse("quads:guidance")).status_code == 302  # the public: sign in first
    for person in (team_member, _officer_of("Fife")):
        client.force_login(person)
        page = client.get(reverse("quads:guidance")).content.decode()
        assert "Self-evaluation first" in page
        assert "Write a new version" not in page
        assert "Saved on" not in page
        assert client.post(reverse("quads:guidance-edit"), {"title": "x", "body": "y"}).status_code == 404
        assert client.get(reverse("quads:guidance-version", kwargs={"number": 1})).status_code == 404
    assert QuadsGuidance.objects.count() == 1


def test_typed_markup_is_shown_as_text_in_headings_and_paragraphs(client, first, ades_officer):
    client.force_login(ades_officer)
    client.post(
        reverse("quads:guidance-edit"),
        {"title": "<b>Guide</b>", "body": "## Key <terms>\n\nA <script>x()</script>\nline two", "submission_key": "c"},
    )

    page = client.get(reverse("quads:guidance")).content.decode()

    assert "<h2>Key &lt;terms&gt;</h2>\n<p>A &lt;script&gt;x()&lt;/script&gt;<br>line two</p>" in page
    assert "&lt;b&gt;Guide&lt;/b&gt;" in page
    assert "<b>Guide</b>" not in page


def test_the_edit_pages_queries_do_not_grow_with_versions(client, first, ades_officer, django_assert_max_num_queries):
    client.force_login(ades_officer)
    with django_assert_max_num_queries(100) as few:
        client.get(reverse("quads:guidance-edit"))
    for number in range(5):
        guidance.save_version(title=f"Version {number}", body="Text.", by=ades_officer)
    with django_assert_max_num_queries(100) as many:
        client.get(reverse("quads:guidance-edit"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_quads_and_self_evaluation_pages_link_to_it(client, first, ades_officer):
    load_starting_framework()
    quad = _north()
    slug = cycles.to_slug(CYCLE)
    client.force_login(ades_officer)
    for url in (
        reverse("quads:quad-list") + f"?cycle={slug}",
        quad.get_absolute_url(),
        reverse("quads:quad-suggest") + f"?cycle={slug}",
        reverse("quads:self-evaluation-index"),
        reverse("quads:self-evaluation", kwargs={"slug": "aberdeen-city", "cycle": slug}),
    ):
        page = client.get(url).content.decode()
        assert f'<a href="{reverse("quads:guidance")}">Read the Quads guidance</a>' in page, url
    officer = _officer_of("Orkney Islands")
    client.force_login(officer)
    client.post(reverse("quads:self-evaluation-start", kwargs={"slug": "orkney-islands", "cycle": slug}))
    for url in (
        reverse("quads:self-evaluation-index"),
        reverse("quads:self-evaluation", kwargs={"slug": "orkney-islands", "cycle": slug}),
    ):
        assert 'data-testid="quads-guidance-link"' in client.get(url).content.decode(), url


def test_a_quad_members_home_page_links_their_quad_and_the_guidance_with_its_version(client, first, ades_officer):
    quad = _north()
    client.force_login(_officer_of("Orkney Islands"))
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{quad.get_absolute_url()}">Your Quad: Quad North, 2025–26</a>' in home
    assert f'href="{reverse("quads:guidance")}">Quads guidance</a>' in home
    assert "Brief guidance for Quads: version 1," in home

    client.force_login(_officer_of("Fife"))  # in no Quad: the guidance, no Quad
    home = client.get(reverse("core:home")).content.decode()
    assert "Your Quad" not in home
    assert 'data-testid="home-quads-guidance"' in home

    client.force_login(ades_officer)
    assert 'data-testid="home-quads-guidance"' in client.get(reverse("core:home")).content.decode()
    client.logout()
    assert 'data-testid="home-quads-guidance"' not in client.get(reverse("core:home")).content.decode()


def test_saving_the_guidance_unchanged_is_refused_and_makes_no_version(client, first, ades_officer):
    client.force_login(ades_officer)

    response = client.post(
        reverse("quads:guidance-edit"), {"title": first.title, "body": first.body, "submission_key": "c"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["Nothing has changed: change the title or the guidance before saving a new version."]
    }
    assert QuadsGuidance.objects.count() == 1
