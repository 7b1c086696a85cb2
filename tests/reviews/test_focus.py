"""The host chooses the focus: its officer proposes the key question and focus areas, an ADES officer agrees them
or returns them with a comment, and the visit page says who did each."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from authorities.choices import Role
from core.todo import lines_for
from reviews import selectors
from reviews.models import FocusProposal
from reviews.services import focus
from tests.factories import MembershipFactory, PersonFactory, VisitFactory, organisation

FUTURE = datetime.date.today() + datetime.timedelta(days=40)
QUESTION = "How well do our schools support attendance after the pandemic?"


@pytest.fixture
def host(reference):
    return PersonFactory(
        full_name="Hana Host", role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Angus")
    )


@pytest.fixture
def ades(reference):
    return PersonFactory(full_name="Ada Officer", role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))


@pytest.fixture
def visit(reference):
    return VisitFactory(hosts=["Angus"], starts_on=FUTURE)


def _propose_url(visit):
    return reverse("reviews:focus-propose", kwargs={"pk": visit.pk})


def _decide_url(visit):
    return reverse("reviews:focus-decide", kwargs={"pk": visit.pk})


def _page(client, visit) -> str:
    return " ".join(client.get(visit.get_absolute_url()).content.decode().split())


def _todo(person) -> list[str]:
    request = RequestFactory().get("/")
    request.user = person
    return [line.text for line in lines_for(request)]


def _focus_todo(person) -> list[str]:
    return [text for text in _todo(person) if "focus" in text]


def test_the_host_proposes_and_the_visit_keeps_its_text_until_an_ades_officer_agrees(client, host, ades, visit):
    client.force_login(host)
    response = client.post(_propose_url(visit), {"key_question": QUESTION, "focus_areas": "Attendance\nPartnerships"})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.key_question, visit.focus_areas) == ("", [])
    proposal = FocusProposal.objects.get()
    assert (proposal.key_question, proposal.focus_areas, proposal.decision) == (
        QUESTION,
        ["Attendance", "Partnerships"],
        "waiting",
    )
    today = f"{datetime.date.today():%-d %B %Y}"
    assert f"Proposed by Hana Host on {today}: waiting for an ADES officer to agree it." in _page(client, visit)

    client.force_login(ades)
    assert client.post(_decide_url(visit), {"decision": "agree"}).status_code == 302
    visit.refresh_from_db()
    assert (visit.key_question, visit.focus_areas) == (QUESTION, ["Attendance", "Partnerships"])
    assert visit.history.first().history_user == ades
    page = _page(client, visit)
    assert f"Proposed by Hana Host on {today}; agreed by Ada Officer on {today}." in page
    assert "Written by an ADES officer" not in page


def test_returning_needs_a_comment_next_to_the_field_and_changes_nothing_without_one(client, host, ades, visit):
    proposal = focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=[], by=host)
    client.force_login(ades)

    response = client.post(_decide_url(visit), {"decision": "return", "comment": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "comment": ["Say why the focus is returned, so the host can propose it again."]
    }
    proposal.refresh_from_db()
    assert proposal.decision == "waiting"


def test_a_returned_focus_shows_its_comment_to_the_host_who_proposes_again(client, host, ades, visit):
    first = focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=[], by=host)
    client.force_login(ades)
    client.post(_decide_url(visit), {"decision": "return", "comment": "Narrow it to secondary schools."})
    assert _focus_todo(host) == [f"The focus of your visit, {visit.when}, was returned: propose it again"]

    client.force_login(host)
    page = _page(client, visit)
    assert "returned by Ada Officer on" in page
    assert "with the comment “Narrow it to secondary schools.”" in page
    assert "Propose the focus again" in page
    client.post(_propose_url(visit), {"key_question": QUESTION + " In secondary schools?", "focus_areas": ""})

    assert list(visit.focus_proposals.values_list("key_question", "decision")) == [
        (QUESTION + " In secondary schools?", "waiting"),
        (first.key_question, "returned"),
    ]
    assert _focus_todo(host) == []
    assert _focus_todo(ades) == [f"Agree the focus of the visit to Angus, {visit.when}"]


def test_the_team_reads_the_state_but_not_the_returning_comment(client, host, ades, visit):
    from tests.factories import MembershipFactory

    member = MembershipFactory(visit=visit).person
    proposal = focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=[], by=host)
    focus.return_focus(proposal=proposal, comment="Too broad.", by=ades)
    client.force_login(member)

    page = _page(client, visit)

    assert "returned by Ada Officer on" in page
    assert "Too broad." not in page
    assert "Propose the focus" not in page


@pytest.mark.parametrize(
    ("question", "areas", "errors"),
    [
        ("", "", {"key_question": ["Write the key question the visit will answer."]}),
        ("Why?", "", {"key_question": ["Write the key question in 10 to 500 characters (it has 4)."]}),
        (QUESTION, "Data\n\ndata", {"focus_areas": ["Write each focus area once."]}),
        (QUESTION, "Data\ndata", {"focus_areas": ["Write each focus area once."]}),
        (QUESTION, "\n".join("abcdefg"), {"focus_areas": ["Choose at most 6 focus areas (there are 7)."]}),
    ],
)
def test_a_proposal_that_will_not_do_says_why_next_to_the_field(client, host, visit, question, areas, errors):
    client.force_login(host)

    response = client.post(_propose_url(visit), {"key_question": question, "focus_areas": areas})

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert FocusProposal.objects.count() == 0


def test_proposing_again_while_one_waits_replaces_it_and_keeps_it(host, visit):
    first = focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=["A"], by=host)
    second = focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=["B"], by=host)

    first.refresh_from_db()
    assert (first.decision, second.decision) == ("replaced", "waiting")
    assert selectors.focus_state(visit).latest == second


def test_a_decided_proposal_cannot_be_decided_twice(host, ades, visit):
    proposal = focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=[], by=host)
    focus.agree_focus(proposal=proposal, by=ades)

    with pytest.raises(ValidationError) as refused:
        focus.return_focus(proposal=proposal, comment="Late", by=ades)

    assert refused.value.messages == ["This proposal has been decided or replaced already: nothing was changed."]
    proposal.refresh_from_db()
    assert (proposal.decision, proposal.comment) == ("agreed", "")


@pytest.mark.parametrize("who", ["other_officer", "member", "ades"])
def test_only_the_hosts_officers_may_propose(client, visit, ades, who):
    from tests.factories import MembershipFactory

    people = {
        "other_officer": PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name="Fife")),
        "member": MembershipFactory(visit=visit).person,
        "ades": ades,
    }
    client.force_login(people[who])

    response = client.post(_propose_url(visit), {"key_question": QUESTION, "focus_areas": ""})

    assert response.status_code == 404
    assert FocusProposal.objects.count() == 0


def test_the_host_may_not_decide_its_own_proposal(client, host, visit):
    focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=[], by=host)
    client.force_login(host)

    assert client.post(_decide_url(visit), {"decision": "agree"}).status_code == 404
    assert FocusProposal.objects.get().decision == "waiting"


def test_a_finished_visit_takes_no_proposal_and_says_why(client, host, reference):
    past = VisitFactory(hosts=["Angus"], starts_on=datetime.date.today() - datetime.timedelta(days=10))
    client.force_login(host)

    response = client.post(_propose_url(past), {"key_question": QUESTION, "focus_areas": ""}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "The visit is over: its focus can no longer be proposed or agreed."
    ]
    assert FocusProposal.objects.count() == 0
    assert "Propose the focus" not in _page(client, past)


def test_a_key_question_not_proposed_here_says_where_it_comes_from(client, ades, reference):
    historic = VisitFactory(hosts=["Angus"], key_question=QUESTION, source="The final report, Appendix 1")
    written = VisitFactory(hosts=["Fife"], starts_on=FUTURE, key_question=QUESTION)
    client.force_login(ades)

    assert "Recorded from the published source: The final report, Appendix 1." in _page(client, historic)
    assert "Written by an ADES officer in the details of the visit." in _page(client, written)
    assert "Proposed by" not in _page(client, written)


def test_the_host_is_asked_to_propose_only_while_nothing_is_proposed_or_agreed(host, ades, visit):
    assert _focus_todo(host) == [f"Propose the focus of your visit, {visit.when}"]

    proposal = focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=[], by=host)
    assert _focus_todo(host) == []
    focus.agree_focus(proposal=proposal, by=ades)
    assert _focus_todo(host) == []
    assert _focus_todo(ades) == []


def test_a_blank_line_between_focus_areas_is_no_area(reference):
    assert focus.check_focus(QUESTION, ["Data", "", "  ", "Data use"]) == (QUESTION, ["Data", "Data use"])


def test_after_a_new_proposal_the_page_still_says_who_agreed_the_text_shown(client, host, ades, visit):
    member = MembershipFactory(visit=visit).person
    agreed = focus.propose_focus(visit=visit, key_question=QUESTION, focus_areas=["Attendance"], by=host)
    focus.agree_focus(proposal=agreed, by=ades)
    focus.propose_focus(visit=visit, key_question="How well do we include every learner?", focus_areas=[], by=host)
    visit.refresh_from_db()
    today = f"{datetime.date.today():%-d %B %Y}"
    said = (
        f"The key question and focus areas shown were proposed by {host.full_name} on {today}; "
        f"agreed by {ades.full_name} on {today}."
    )

    client.force_login(ades)
    officer = _page(client, visit)
    client.force_login(member)
    team = _page(client, visit)

    assert visit.key_question == QUESTION
    assert f"{said} A newer proposal follows." in officer
    assert "waiting for an ADES officer to agree it" in officer
    assert "Proposed key question: “How well do we include every learner?”" in officer
    assert said in team
    assert "How well do we include every learner?" not in team
