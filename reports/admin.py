from django.contrib import admin

from .models import (
    Action,
    ActionReminder,
    AuthorityReport,
    CaseStudy,
    Finding,
    FollowUp,
    ImpactMeasure,
    MeasureFigure,
    NationalMeasure,
    Progress,
    Report,
    ReportEvent,
    ReportVersion,
    SignOff,
)

# Reports and their versions, record and sign-offs, the findings a report names; actions, follow-ups and progress:
# written only through the services (core/admin_site.py). Case studies are a published source's words. National
# measures and their figures have their pages (reports/services/national_records.py: a figure's year, source and
# once per year) besides the import.
admin.site.guard(
    NationalMeasure,
    MeasureFigure,
    Report,
    ReportVersion,
    ReportEvent,
    SignOff,
    Finding,
    ImpactMeasure,
    AuthorityReport,
    CaseStudy,
    Action,
    FollowUp,
    Progress,
    ActionReminder,
)


class ImpactMeasureInline(admin.TabularInline):
    model = ImpactMeasure
    extra = 0


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports change through their workflow; here officers can read them and their record."""

    list_display = ["__str__", "status", "updated_at"]
    list_filter = ["status"]
    readonly_fields = ["visit", "status", "return_comment"]
    inlines = [ImpactMeasureInline]


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "published_at", "superseded_at", "withdrawn_at", "pdf_size"]
    readonly_fields = [f.name for f in ReportVersion._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "action", "by", "at"]
    readonly_fields = ["report", "action", "by", "at", "comment"]


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    """A published source's words: read here, never edited, so the portal cannot drift from the source."""

    list_display = ["__str__", "source_year", "stated_when"]
    readonly_fields = [f.name for f in CaseStudy._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeasureFigureInline(admin.TabularInline):
    """A figure entered by hand: for an authority, or a family group's median; always with its source."""

    model = MeasureFigure
    extra = 1
    fields = ["year", "authority", "family_group", "value", "source"]
    autocomplete_fields = ["authority"]


@admin.register(NationalMeasure)
class NationalMeasureAdmin(admin.ModelAdmin):
    """National measures and their figures, read here: imported from CSV at /national-figures/import/, or entered at
    /national-measures/."""

    list_display = ["__str__", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "group", "stage", "organiser"]
    inlines = [MeasureFigureInline]
