from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"

    def ready(self):
        from core.sections import register

        from . import messages  # noqa: F401  (registers the survey emails' wording)
        from .views import rounds
        from .views.stakeholders import pack_section, visit_section

        register("visit", "surveys/_visit_rounds.html", rounds.visit_section)
        register("visit", "surveys/_visit_stakeholders.html", visit_section)
        register("visit-pack", "surveys/_pack_stakeholders.html", pack_section)
        from core import todo

        from . import todo as mine

        todo.register(mine.for_runners)
        todo.register(mine.for_respondents)
        todo.register(mine.for_hosts)
        register("my-visits", "surveys/_my_waiting_surveys.html", mine.my_visits_section)
        from .personal_data import declare

        declare()
        from core import mail

        from .models import Invitation
        from .services import release
        from .services.links import AGAIN, AGAIN_LABEL, CHASING, rounds_of

        mail.register_about(Invitation, lambda invitation, email: invitation.emails.add(email))
        mail.register_label(AGAIN, AGAIN_LABEL)
        mail.register_unnamed(CHASING, rounds_of)  # the log never says who was chased
        mail.register_before_reading(release.close_past_rounds)
        from core import audit

        from .models import SurveyRound

        audit.register_about(SurveyRound, lambda survey_round: [survey_round.visit, survey_round.phase])
        from core.scrub import SEGMENT, register_secret_link

        register_secret_link(rf"/s/({SEGMENT})", anonymous=True)  # a personal survey link
        register_secret_link(rf"/v/({SEGMENT})", anonymous=True)  # a stakeholder round's open link

    def load_reference(self, **options):
        from .services.questionnaires import load_ci_questionnaire

        questionnaire = load_ci_questionnaire()
        yield f"{questionnaire.name}: {questionnaire.questions.count()} questions."
        from .services.stakeholders import load_questionnaire

        stakeholder = load_questionnaire()
        yield f"{stakeholder.name}: {stakeholder.questions.count()} questions."
