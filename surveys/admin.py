from django.apps import apps
from django.contrib import admin
from django.db import models

from .models import Question, Questionnaire, SurveyRound

# Everything but the questionnaires (rounds, invitations, reminders and everything answered) is written only through
# the services: read-only in data maintenance (core/admin_site.py). Not named one by one: only surveys/results.py and
# the modules that store answers name those (tests/surveys/test_one_door.py).
admin.site.guard(
    *(model for model in apps.get_app_config("surveys").get_models() if model not in (Questionnaire, Question))
)


def in_use(questionnaire: Questionnaire | None) -> bool:
    """Whether anything protects the questionnaire or one of its questions from deletion (a survey round, an
    answer, a self-evaluation, a grade, ...): one EXISTS query per such relation, read through Django's own
    relations so this app needs to know none of the apps above it. Its questions then keep the words people
    answered; a change is a new questionnaire or a new framework version."""
    if questionnaire is None or questionnaire.pk is None:
        return False
    if not hasattr(questionnaire, "_in_use"):
        questionnaire._in_use = any(
            relation.related_model._base_manager.filter(**{relation.field.name + path: questionnaire}).exists()
            for model, path in ((Questionnaire, ""), (Question, "__questionnaire"))
            for relation in model._meta.related_objects
            if relation.on_delete is models.PROTECT
        )
    return questionnaire._in_use


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
    """Read-only: rounds are opened, closed and reopened from their pages, through the services that keep their
    rules (a released round is final; nothing shows a round's figures but surveys/results.py). Nobody, a superuser
    included, adds, changes or deletes one here."""

    list_display = ["__str__", "cohort", "opens_on", "closes_on", "closed_at", "released_at"]
    fields = ["questionnaire", "cohort", "opens_on", "closes_on", "closed_at", "released_at"]
    readonly_fields = fields
    list_select_related = ["questionnaire", "visit", "phase__programme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
