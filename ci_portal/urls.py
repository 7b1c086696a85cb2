from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("authorities/", include("authorities.urls")),
    path("accounts/", include("authorities.account_urls")),
    path("", include("quads.urls")),
    path("", include("reviews.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
    path("", include("office.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "core.views.server_error"
