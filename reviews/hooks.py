"""Where reviews plugs into the apps below it: the only module of the app that registers anything (apps.py imports
it): its emails, personal data, home-page lines, page sections, audit declarations, secret links, menu sections and
reference-data loader."""

from core import audit, freshness, mail, messages, personal_data, reference, scrub, todo
from core.context_processors import register_menu_section
from core.sections import Page, register

from . import emails
from . import personal_data as mine
from . import todo as lines
from .models import (
    FocusGroup,
    FocusProposal,
    Phase,
    ProgrammeDocument,
    TeamMembership,
    Visit,
    VisitDocument,
    WrittenView,
)
from .sections import authority_visits, reference_inspections, reference_themes
from .services.importing import ImportRefused, load_ci_programme
from .services.induction import load_first_pack


def load_reference(**options):
    """The 2021–24 programme of visits, and the first induction pack."""
    try:
        visits = load_ci_programme()
    except ImportRefused as error:
        raise reference.LoadRefused(f"The 2021–24 visits were not loaded. {error}") from error
    yield (
        f"Collaborative Improvement 2021–2024: {len(visits.created)} visits added, "
        f"{len(visits.already_there)} already there."
    )
    pack = load_first_pack()
    yield f"Induction pack: version {pack.number} shown to team members."


def _audit() -> None:
    """What the log files each reviews object under, and its filter by visit."""
    audit.register_label("visit.rescheduled", "Visit rescheduled")
    audit.register_label("visit.changed", "Visit changed")
    audit.register_filter(
        "visit",
        Visit,
        title=lambda visit: visit.title_in_sentence,
        link=lambda visit: f"{visit.title_in_sentence}, {visit.when}",
        after="(its survey rounds, team, documents and report too)",
    )
    audit.register_about(Visit, lambda visit: [visit.programme, visit.phase])
    audit.register_about(Phase, lambda phase: [phase.programme])
    audit.register_about(TeamMembership, lambda membership: [membership.visit, membership.person])
    audit.register_about(VisitDocument, lambda document: [document.visit])
    audit.register_about(FocusProposal, lambda proposal: [proposal.visit])
    audit.register_about(FocusGroup, lambda entry: [entry.visit])
    audit.register_about(WrittenView, lambda entry: [entry.visit])
    audit.register_about(ProgrammeDocument, lambda document: [document.programme])


freshness.watch_models_of("reviews")
messages.register(*emails.KINDS)
personal_data.register(*mine.sections())
todo.register(lines.for_planners)
todo.register(lines.for_team_members)
todo.register(lines.for_host_officers)
register(Page.AUTHORITY, "reviews/_authority_visits.html", authority_visits)
register(Page.REFERENCE, "reviews/_reference_themes.html", reference_themes)
register(Page.REFERENCE, "reviews/_reference_inspections.html", reference_inspections)
mail.register_about(Visit, lambda visit, email: visit.emails.add(email))
_audit()
scrub.register_secret_link(rf"/places/({scrub.SEGMENT})")  # a team member's signed place link
scrub.register_secret_link(rf"/calendar/({scrub.SEGMENT}?)(?=\.ics)")  # a person's calendar feed
register_menu_section("my-visits", "my-visits", namespace="reviews")
register_menu_section("network", "network", "theme-finder", namespace="reviews")
reference.register(load_reference)
