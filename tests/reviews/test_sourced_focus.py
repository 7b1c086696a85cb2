"""A visit's missing key question and focus areas are filled from a published source through reviews' own service,
which keeps what the visit has and records what it filled."""

import pytest

from core.models import AuditEntry
from reviews.services.sourced_focus import fill_missing_focus
from tests.factories import VisitFactory

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
        f"Filled the key question and focus of the visit to Fife, 5 March to 7 March 2030: {SOURCE}",
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
