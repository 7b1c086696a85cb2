from django.contrib import admin

from .forms import QuadForm
from .models import Quad


@admin.register(Quad)
class QuadAdmin(admin.ModelAdmin):
    form = QuadForm
    list_display = ["name", "cycle"]
    list_filter = ["cycle"]
    filter_horizontal = ["members"]
