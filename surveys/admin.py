from django.contrib import admin

from .models import Question, Questionnaire, SurveyRound


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [("position", "code", "kind", "required"), "text", "help_text", "guidance", "options"]


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
