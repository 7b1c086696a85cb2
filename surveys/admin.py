from django.contrib import admin
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector

from .models import Question, Questionnaire, SurveyRound


def in_use(questionnaire: Questionnaire | None) -> bool:
    """Whether anything answered or graded against the questionnaire protects it (a round, a self-evaluation, ...).

    Its questions then keep the words people answered; a change is a new questionnaire or a new framework version.
    """
    if questionnaire is None or questionnaire.pk is None:
        return False
    try:
        Collector(using="default").collect([questionnaire])
    except (ProtectedError, RestrictedError):
        return True
    return False


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [("position", "code", "kind", "required"), "text", "help_text", "guidance", "rubric", "options"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not in_use(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not in_use(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not in_use(obj)


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["name", "purpose", "slug"]
    list_filter = ["purpose"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline]


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    """Rounds are opened from visit and programme pages; here only their dates and cohort are corrected."""

    list_display = ["__str__", "cohort", "opens_on", "closes_on", "closed_at"]
    fields = ["cohort", "opens_on", "closes_on", "closed_at"]
    list_select_related = ["questionnaire", "visit", "phase__programme"]
