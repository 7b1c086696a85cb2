"""A one-letter search says what it needs beside the box, and the list stays as it was before searching."""

import datetime

from django.urls import reverse

from reviews.models import Theme
from tests.factories import PersonFactory, VisitFactory

WHY = "Type at least 2 letters to search"


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_theme_finder_refuses_one_letter_and_lists_every_theme(client, reference):
    VisitFactory(hosts=["Angus"], status="confirmed", theme=Theme.objects.create(name="Numeracy", slug="numeracy"))
    VisitFactory(hosts=["Fife"], status="confirmed", theme=Theme.objects.create(name="Inclusion", slug="inclusion"))
    url = reverse("reviews:theme-finder")

    one_letter = client.get(url, {"q": "n"})
    two_letters = client.get(url, {"q": "nu"})

    assert [theme.name for theme in one_letter.context["themes"]] == ["Inclusion", "Numeracy"]
    assert f'<p class="ds_question__error-message" id="q-error">{WHY}</p>' in _text(one_letter)
    assert 'aria-describedby="q-hint q-error" aria-invalid="true"' in _text(one_letter)
    assert [theme.name for theme in two_letters.context["themes"]] == ["Numeracy"]
    assert WHY not in _text(two_letters)


def test_the_archive_refuses_one_letter_beside_the_box_and_lists_everything(client, reference):
    url = reverse("reports:archive")

    everything = _text(client.get(url))
    one_letter = _text(client.get(url, {"q": "a"}))

    assert f'<p class="ds_question__error-message" id="id_q-error"> {WHY} </p>' in one_letter
    assert WHY not in everything
    # The same lists as with no search at all (their headings say "found" of any search given).
    assert one_letter.split("</form>", 1)[1].replace(" found", "") == everything.split("</form>", 1)[1]


def test_finding_a_team_member_refuses_one_letter(client, reference, ades_officer):
    visit = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() + datetime.timedelta(days=30))
    PersonFactory(full_name="Anna Able")
    client.force_login(ades_officer)
    url = reverse("reviews:team-add", kwargs={"pk": visit.pk})

    one_letter = client.get(url, {"q": "a"})
    two_letters = client.get(url, {"q": "an"})

    assert one_letter.context["search"].errors == {"q": [WHY]}
    assert one_letter.context["people"] == []
    assert [person.full_name for person in two_letters.context["people"]] == ["Anna Able"]
