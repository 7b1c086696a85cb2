from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"

    def load_reference(self, **options):
        from .self_evaluation import load_starting_framework
        from .services import load_ci_questionnaire

        questionnaire = load_ci_questionnaire()
        yield f"{questionnaire.name}: {questionnaire.questions.count()} questions."
        framework = load_starting_framework()
        yield f"{framework.name}: {framework.questions.count()} quality indicators."
