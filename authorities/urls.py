from django.urls import path

from . import password_links, views

app_name = "authorities"

urlpatterns = [
    path("", views.authority_list, name="authority-list"),
    path("<slug:slug>/", views.authority_detail, name="authority-detail"),
    path("people/<int:pk>/password-link/", password_links.person_password_link, name="person-password-link"),
]
