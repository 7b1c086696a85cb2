from django.contrib import admin

from .forms import QuadForm
from .models import Grade, IndicatorAgreement, Quad, QuadMeeting, QuadsGuidance, SelfEvaluation, SelfEvaluationEvent

# Self-evaluations and their grades and record, what a Quad meeting agreed, and the Quads themselves (their pages
# keep a Quad's cycle and members once its meetings are scheduled), and the Quads guidance's versions: written only
# through the services.
admin.site.guard(Quad, SelfEvaluation, Grade, SelfEvaluationEvent, QuadMeeting, IndicatorAgreement, QuadsGuidance)


@admin.register(Quad)
class QuadAdmin(admin.ModelAdmin):
    form = QuadForm
    list_display = ["name", "cycle"]
    list_filter = ["cycle"]
    filter_horizontal = ["members"]
