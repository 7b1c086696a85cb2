from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CalendarFeed,
    DaySession,
    FocusEstablishment,
    InductionPack,
    InductionRead,
    Phase,
    Programme,
    TeamMembership,
    TeamOrganisation,
    Theme,
    Visit,
    VisitDocument,
)

# Written only through the services (programmes, phases and themes with their rules; scheduling, the team, places,
# documents, day plans, induction): read-only in data maintenance (core/admin_site.py).
admin.site.guard(
    Programme,
    Phase,
    Theme,
    Visit,
    TeamMembership,
    TeamOrganisation,
    VisitDocument,
    CalendarFeed,
    DaySession,
    FocusEstablishment,
    InductionPack,
    InductionRead,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "number", "starts_on", "ends_on"]
    list_filter = ["programme"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "broader"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["broader"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "programme", "phase", "status", "starts_on"]
    list_filter = ["programme", "phase", "status", "theme"]
    search_fields = ["hosts__name", "theme__name", "key_question"]
    filter_horizontal = ["hosts"]
    list_select_related = ["programme", "phase", "theme"]
    inlines = [TeamMembershipInline]


@admin.register(TeamMembership)
class TeamMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "visit", "role", "is_lead", "attendance_confirmed"]
    list_filter = ["role", "visit__programme"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "visit__theme"]


@admin.register(VisitDocument)
class VisitDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "visit", "size", "uploaded_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at"]
    readonly_fields = ["token"]
