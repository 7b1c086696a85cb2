"""What the reviews services record in the audit log (core.audit): one decorator per kind of change, and what each
reviews object belongs to, so an entry about a team place or a phase is found under its visit or programme."""

from core.audit import audited, counted

from .choices import TeamRole


def visit_words(visit) -> str:
    """A visit inside a sentence: "the visit to Fife, 5 March 2030"."""
    return f"{visit.title_in_sentence}, {visit.when}"


def _role(role) -> str:
    """A team role as its choice is written ("HM Inspector"), in quotes inside a sentence."""
    return f"“{TeamRole(role).label}”"


def _place(membership) -> str:
    lead = " and team lead" if membership.is_lead else ""
    return f"{membership.person.full_name} as {_role(membership.role)}{lead}"


def _place_before(values) -> tuple:
    membership = values["membership"]
    return membership.role, membership.is_lead, membership.attendance_confirmed


def _place_changed(values) -> str:
    membership, (role, is_lead, confirmed) = values["result"], values["before"]
    changes = []
    if membership.role != role:
        changes.append(f"role from {_role(role)} to {_role(membership.role)}")
    if membership.is_lead != is_lead:
        changes.append("made team lead" if membership.is_lead else "no longer team lead")
    if membership.attendance_confirmed != confirmed:
        changes.append("attendance confirmed" if membership.attendance_confirmed else "attendance no longer confirmed")
    what = "; ".join(changes) or "nothing changed"
    return f"Changed the team place of {membership.person.full_name} on {visit_words(membership.visit)}: {what}"


def span(starts_on, ends_on, exact: bool = True) -> str:
    """A visit's dates, short: "5–7 March 2027", "30 March – 2 April 2027", "5 March 2027", "March 2027"."""
    if not exact:
        return f"{starts_on:%B %Y}"
    if starts_on == ends_on:
        return f"{starts_on.day} {starts_on:%B %Y}"
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{ends_on.day} {ends_on:%B %Y}"
    if starts_on.year == ends_on.year:
        return f"{starts_on.day} {starts_on:%B} – {ends_on.day} {ends_on:%B %Y}"
    return f"{starts_on.day} {starts_on:%B %Y} – {ends_on.day} {ends_on:%B %Y}"


def _dates(visit) -> tuple:
    return visit.starts_on, visit.ends_on, visit.has_exact_dates


def _rescheduled(values) -> bool:
    return _dates(values["result"]) != values["before"]


def _visit_changed(values) -> str:
    visit = values["result"]
    if _rescheduled(values):
        return f"Rescheduled {visit.title_in_sentence} from {span(*values['before'])} to {span(*_dates(visit))}"
    return f"Changed {visit_words(visit)}"


visit_scheduled = audited(
    "visit.scheduled", lambda v: f"Scheduled {visit_words(v['result'])}", label="Visit scheduled", about=["result"]
)
# A change of dates is a rescheduling: the team is told, and the log says so (the two kinds' labels: hooks.py).
visit_changed = audited(
    lambda v: "visit.rescheduled" if _rescheduled(v) else "visit.changed",
    _visit_changed,
    about=["result"],
    before=lambda v: _dates(v["visit"]),
)
visit_confirmed = audited(
    "visit.confirmed", lambda v: f"Confirmed {visit_words(v['visit'])}", label="Visit confirmed", about=["visit"]
)
visit_completed = audited(
    "visit.completed",
    lambda v: f"Marked {visit_words(v['visit'])} as completed",
    label="Visit completed",
    about=["visit"],
)
visit_cancelled = audited(
    "visit.cancelled", lambda v: f"Cancelled {visit_words(v['visit'])}", label="Visit cancelled", about=["visit"]
)
visits_imported = audited(
    "visit.imported",
    lambda v: (
        f"Imported {counted(len(v['result'].created), 'visit')} into {v['programme']}" if v["result"].created else ""
    ),
    label="Visits imported",
    about=lambda v: [v["programme"], *v["result"].created],
)
place_added = audited(
    "team.place.added",
    lambda v: f"Added {_place(v['result'])} to the team of {visit_words(v['visit'])}",
    label="Team place added",
    about=["result"],
)
place_changed = audited(
    "team.place.changed", _place_changed, label="Team place changed", about=["result"], before=_place_before
)
place_removed = audited(
    "team.place.removed",
    lambda v: f"Removed {v['membership'].person.full_name} from the team of {visit_words(v['membership'].visit)}",
    label="Team place removed",
    about=lambda v: [v["membership"].visit, v["membership"].person],
)
place_asked_again = audited(
    "team.place.asked_again",
    lambda v: (
        f"Asked {v['membership'].person.full_name} again to confirm their place on {visit_words(v['membership'].visit)}"
        if v["result"]
        else ""
    ),
    label="Team place asked again",
    about=["membership"],
)
places_requested = audited(
    "team.places.requested",
    lambda v: (
        f"Asked {v['result']} team member{'s' if v['result'] != 1 else ''} to confirm their place on "
        f"{visit_words(v['visit'])}"
        if v["result"]
        else ""
    ),
    label="Team places requested",
    about=["visit"],
)
document_attached = audited(
    "visit.document.attached",
    lambda v: f"Attached “{v['result'].title}” to {visit_words(v['visit'])}",
    label="Visit document attached",
    about=["result"],
)
document_removed = audited(
    "visit.document.removed",
    lambda v: f"Removed “{v['document'].title}” from {visit_words(v['document'].visit)}",
    label="Visit document removed",
    about=lambda v: [v["document"].visit],
)
focus_proposed = audited(
    "visit.focus.proposed",
    lambda v: f"Proposed a key question and focus for {visit_words(v['visit'])}",
    label="Focus proposed",
    about=["result"],
)
focus_agreed = audited(
    "visit.focus.agreed",
    lambda v: f"Agreed the key question and focus of {visit_words(v['result'].visit)}",
    label="Focus agreed",
    about=["result"],
)
focus_returned = audited(
    "visit.focus.returned",
    lambda v: f"Returned the proposed focus of {visit_words(v['result'].visit)} to the host",
    label="Focus returned",
    about=["result"],
)
focus_filled = audited(
    "visit.focus.filled",
    lambda v: (
        f"Filled the {v['visit'].focus_source_gave} of {visit_words(v['visit'])}: {v['source']}" if v["result"] else ""
    ),
    label="Focus filled from a source",
    about=["visit"],
)
induction_saved = audited(
    "induction.saved",
    "Saved version {result.number} of the induction pack, “{result.title}”",
    label="Induction pack saved",
)
programme_created = audited(
    "programme.created", "Created the programme {result}", label="Programme created", about=["result"]
)
programme_changed = audited(
    "programme.changed", "Changed the programme {result}", label="Programme changed", about=["result"]
)
phase_added = audited(
    "phase.added", "Added the phase {result} to {result.programme}", label="Phase added", about=["result"]
)
phase_changed = audited(
    "phase.changed", "Changed the phase {result} of {result.programme}", label="Phase changed", about=["result"]
)
phase_moved = audited(
    "phase.moved",
    "Moved the phase {result} of {result.programme} {direction}, to number {result.number}",
    label="Phase moved",
    about=["result"],
)
phase_removed = audited(
    "phase.removed",
    "Removed the phase {phase} from {phase.programme}",
    label="Phase removed",
    about=lambda v: [v["phase"].programme],
)
theme_created = audited("theme.created", "Created the theme {result}", label="Theme created", about=["result"])
theme_changed = audited("theme.changed", "Changed the theme {result}", label="Theme changed", about=["result"])
place_answered = audited(
    "team.place.answered",
    lambda v: (
        f"{'Confirmed' if v['confirmed'] else 'Declined'} their place on {visit_words(v['membership'].visit)}"
        if v["result"]
        else ""
    ),
    label="Team place answered",
    about=["membership"],
)
day_plan_started = audited(
    "visit.day_plan.started",
    lambda v: f"Started the day plan of {visit_words(v['visit'])} from the standard days" if v["result"] else "",
    label="Day plan started",
    about=["visit"],
)
day_plan_copied = audited(
    "visit.day_plan.copied",
    lambda v: f"Copied the day plan of {visit_words(v['earlier'])} to {visit_words(v['visit'])}" if v["result"] else "",
    label="Day plan copied",
    about=["visit"],
)
day_plan_saved = audited(
    "visit.day_plan.saved",
    lambda v: f"Saved the day plan of {visit_words(v['visit'])}",
    label="Day plan saved",
    about=["visit"],
)


def _entry_words(entry) -> str:
    """An evidence log entry, saying nothing of what it holds: the log is confidential to the team."""
    return "a focus group" if entry._meta.model_name == "focusgroup" else "a written view"


evidence_recorded = audited(
    "visit.evidence.recorded",
    lambda v: f"Recorded {_entry_words(v['result'])} in the evidence log of {visit_words(v['visit'])}",
    label="Evidence recorded",
    about=["result"],
)
evidence_changed = audited(
    "visit.evidence.changed",
    lambda v: f"Changed {_entry_words(v['entry'])} in the evidence log of {visit_words(v['entry'].visit)}",
    label="Evidence changed",
    about=["entry"],
)
evidence_removed = audited(
    "visit.evidence.removed",
    lambda v: f"Removed {_entry_words(v['entry'])} from the evidence log of {visit_words(v['entry'].visit)}",
    label="Evidence removed",
    about=lambda v: [v["entry"].visit],
)


programme_document_added = audited(
    "programme.document.added",
    "Added “{result.title}” to the documents of {result.programme}",
    label="Programme document added",
    about=["result"],
)
programme_document_changed = audited(
    "programme.document.changed",
    "Changed “{result.title}” in the documents of {result.programme}",
    label="Programme document changed",
    about=["result"],
)
programme_document_removed = audited(
    "programme.document.removed",
    "Removed “{document.title}” from the documents of {document.programme}",
    label="Programme document removed",
    about=lambda v: [v["document"].programme],
)


focus_establishment_added = audited(
    "visit.scope.added",
    lambda v: f"Added {v['result'].label} to the scope of {visit_words(v['visit'])}",
    label="Establishment or cluster added to a visit",
    about=["visit"],
)
focus_establishment_removed = audited(
    "visit.scope.removed",
    lambda v: f"Removed {v['place'].label} from the scope of {visit_words(v['place'].visit)}",
    label="Establishment or cluster removed from a visit",
    about=lambda v: [v["place"].visit],
)


# National thematic inspections (services/inspections.py).
inspection_recorded = audited(
    "inspection.recorded",
    "Recorded the national thematic inspection {result}",
    label="Inspection recorded",
    about=["result"],
)
inspection_changed = audited(
    "inspection.changed",
    "Changed the national thematic inspection {result}",
    label="Inspection changed",
    about=["result"],
)
inspection_deleted = audited(
    "inspection.deleted",
    "Deleted the national thematic inspection {inspection.title} ({inspection.when})",
    label="Inspection deleted",
)


def _inspections_imported(values) -> str:
    created = values["result"].created
    return f"Imported {counted(len(created), 'national thematic inspection')}" if created else ""


inspections_imported = audited(
    "inspections.imported",
    _inspections_imported,
    label="Inspections imported",
    about=lambda v: v["result"].created,
)
inspection_window_changed = audited(
    "inspection.window_changed",
    "Set the national thematic inspections' warning window to {months} months",
    label="Inspection window changed",
)
