"""A visit's missing key question and focus areas are filled from a published source through reviews' own service,
which keeps what the visit has and records what it filled."""

import pytest

from authorities.choices import Role
from core.models import AuditEntry
from reviews.services.sourced_focus import fill_missing_focus
from tests.factories import PersonFactory, VisitFactory, organisation

SOURCE = "From the final report, Appendix 2"


@pytest.mark.django_db
def test_a_visit_without_a_focus_takes_the_sources_and_the_log_says_so(reference):
    visit = VisitFactory(hosts=["Fife"], key_question="", focus_areas=[])

    changed = fill_missing_focus(
        visit=visit, key_question="How do we close the gap?", focus_areas=["Attendance"], source=SOURCE
    )

    visit.refresh_from_db()
    assert (changed, visit.key_question, visit.focus_areas) == (True, "How do we close the gap?", ["Attendance"])
    entry = AuditEntry.objects.get(kind="visit.focus.filled")
    assert (entry.by, entry.summary) == (
        None,
        f"Filled the key question and focus areas of the visit to Fife, 5 March to 7 March 2030: {SOURCE}",
    )


@pytest.mark.django_db
def test_what_a_visit_has_stays_and_nothing_is_recorded_when_nothing_changes(reference):
    visit = VisitFactory(hosts=["Fife"], key_question="Our own question?", focus_areas=["Ours"])

    changed = fill_missing_focus(visit=visit, key_question="Theirs?", focus_areas=["Theirs"], source=SOURCE)

    visit.refresh_from_db()
    assert (changed, visit.key_question, visit.focus_areas) == (False, "Our own question?", ["Ours"])
    assert not AuditEntry.objects.filter(kind="visit.focus.filled").exists()


@pytest.mark.django_db
def test_only_the_missing_part_is_filled(reference):
    visit = VisitFactory(hosts=["Fife"], key_question="Our own question?", focus_areas=[])

    assert fill_missing_focus(visit=visit, key_question="Theirs?", focus_areas=["Theirs"], source=SOURCE) is True

    visit.refresh_from_db()
    assert (visit.key_question, visit.focus_areas) == ("Our own question?", ["Theirs"])


@pytest.mark.django_db
def test_the_source_is_credited_with_only_the_part_it_gave(client, reference):
    """A visit whose key question is its own and whose focus areas came from the case study credits only those."""
    visit = VisitFactory(hosts=["Fife"], key_question="Our own question?", focus_areas=[])
    fill_missing_focus(visit=visit, key_question="Theirs?", focus_areas=["Theirs"], source=SOURCE)
    client.force_login(PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(name="ADES")))

    page = " ".join(client.get(visit.get_absolute_url()).content.decode().split())

    visit.refresh_from_db()
    assert (visit.focus_source, visit.focus_source_gave) == (SOURCE, "focus areas")
    assert (
        '<dt class="ds_summary-list__key">Focus areas recorded from</dt> <dd class="ds_summary-list__value" '
        f'data-testid="focus-source">{SOURCE}</dd>'
    ) in page
    assert AuditEntry.objects.get(kind="visit.focus.filled").summary.startswith("Filled the focus areas of the visit")


@pytest.mark.django_db
def test_a_visit_filled_from_one_source_takes_nothing_from_another(reference):
    visit = VisitFactory(hosts=["Fife"], key_question="", focus_areas=[])
    fill_missing_focus(visit=visit, key_question="", focus_areas=["Attendance"], source=SOURCE)

    changed = fill_missing_focus(visit=visit, key_question="Another's?", focus_areas=[], source="Another source")

    visit.refresh_from_db()
    assert (changed, visit.key_question, visit.focus_source, visit.focus_source_gave) == (
        False,
        "",
        SOURCE,
        "focus areas",
    )
