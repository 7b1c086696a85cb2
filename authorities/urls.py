from django.urls import path

from . import views

app_name = "authorities"

urlpatterns = [
    path("", views.authority_list, name="authority-list"),
    path("<slug:slug>/", views.authority_detail, name="authority-detail"),
]
