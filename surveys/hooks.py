"""Where surveys plugs into the apps below it: the only module of the app that registers anything (apps.py imports
it): its emails, page sections, home-page lines, personal data, audit declarations, secret links and reference-data
loader."""

from core import audit, freshness, links, mail, messages, personal_data, reference, retention, scrub, todo
from core.sections import Page, register

from . import emails
from . import personal_data as mine
from . import todo as lines
from .models import Invitation, SurveyRound
from .sections import my_waiting_surveys, pack_stakeholders, survey_teams, visit_rounds, visit_stakeholders
from .selectors import rounds_of
from .services import release
from .services.links import forget_closed_rounds_chasing
from .services.questionnaires import load_ci_questionnaire
from .services.stakeholders import load_questionnaire


def load_reference(**options):
    """The participant survey's questionnaire and the stakeholders' one."""
    questionnaire = load_ci_questionnaire()
    yield f"{questionnaire.name}: {questionnaire.questions.count()} questions."
    stakeholder = load_questionnaire()
    yield f"{stakeholder.name}: {stakeholder.questions.count()} questions."


freshness.watch_models_of("surveys")
messages.register(*emails.KINDS)
register(Page.VISIT, "surveys/_visit_rounds.html", visit_rounds)
register(Page.VISIT, "surveys/_visit_stakeholders.html", visit_stakeholders)
links.register(links.LinkKind.SURVEY_TEAMS, survey_teams)
register(Page.VISIT_PACK, "surveys/_pack_stakeholders.html", pack_stakeholders)
todo.register(lines.for_runners)
todo.register(lines.for_respondents)
todo.register(lines.for_hosts)
register(Page.MY_VISITS, "surveys/_my_waiting_surveys.html", my_waiting_surveys)
retention.register("Personal survey links of closed rounds, cleared", mine.clear_closed_links)
retention.register("Closed survey rounds' reminders and chasing records, forgotten", forget_closed_rounds_chasing)
personal_data.keep_unchanged(SurveyRound)  # a released round is final; a cohort label names a group, not a person
personal_data.register(*mine.sections())
mail.register_about(Invitation, lambda invitation, email: invitation.emails.add(email))
mail.register_label(emails.AGAIN, emails.AGAIN_LABEL)
mail.register_unnamed(emails.CHASING, rounds_of)  # the log never says who was chased
mail.register_before_reading(release.close_past_rounds)
audit.register_about(SurveyRound, lambda survey_round: [survey_round.visit, survey_round.phase])
scrub.register_secret_link(rf"/s/({scrub.SEGMENT})", anonymous=True)  # a personal survey link
scrub.register_secret_link(rf"/v/({scrub.SEGMENT})", anonymous=True)  # a stakeholder round's open link
reference.register(load_reference)
