"""Where quads plugs into the apps below it: the only module of the app that registers anything (apps.py imports
it): its home-page lines and card, personal data, audit declarations, page sections, menu sections and reference-data
loader."""

from core import audit, freshness, personal_data, reference, todo
from core.context_processors import register_menu_section
from core.sections import Page, register

from . import personal_data as mine
from . import todo as lines
from .models import Quad, QuadMeeting
from .sections import authority_quads, home_quads, programme_quads, reference_frameworks, visit_quad
from .services.guidance import load_first_guidance
from .services.self_evaluation import load_starting_framework


def load_reference(**options):
    """The starting framework of quality indicators, and the first Quads guidance."""
    framework = load_starting_framework()
    yield f"{framework.name}: {framework.questions.count()} quality indicators."
    guidance = load_first_guidance()
    yield f"Quads guidance: version {guidance.number} shown."


freshness.watch_models_of("quads")
todo.register(lines.for_authority_officers)
personal_data.register(*mine.sections())
audit.register_label("quad.made", "Quad made")
audit.register_label("quad.changed", "Quad changed")
audit.register_about(Quad, lambda quad: [link.visit for link in quad.meeting_links.all()])
audit.register_about(QuadMeeting, lambda meeting: [meeting.quad, meeting.visit])
register(Page.VISIT, "quads/_visit_quad.html", visit_quad)
register(Page.PROGRAMME, "quads/_programme_quads.html", programme_quads)
register(Page.AUTHORITY, "quads/_authority_quads.html", authority_quads)
register(Page.REFERENCE, "quads/_reference_frameworks.html", reference_frameworks)
register(Page.HOME_PLACES, "quads/_home_quads.html", home_quads)
register_menu_section("self-evaluation", "self-evaluation", "framework", namespace="quads")
reference.register(load_reference)
