from django.urls import path

from . import views

app_name = "quads"

urlpatterns = [
    path("", views.quad_list, name="quad-list"),
    path("new/", views.quad_create, name="quad-create"),
    path("suggest/", views.quad_suggest, name="quad-suggest"),
    path("<int:pk>/", views.quad_detail, name="quad-detail"),
    path("<int:pk>/edit/", views.quad_edit, name="quad-edit"),
    path("<int:pk>/agreements/", views.quad_agreements, name="quad-agreements"),
    path("<int:pk>/summary.pdf", views.quad_pdf, name="quad-pdf"),
]
