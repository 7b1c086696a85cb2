from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "core"

    def ready(self):
        # deferred (app loading): hooks.py imports core's models, which exist only once the registry is ready
        from . import checks, hooks  # noqa: F401 (checks registers itself; hooks registers core's own entries)


class DataMaintenanceConfig(admin_apps.AdminConfig):
    """Django's admin, on the portal's own site (core/admin_site.py); named in INSTALLED_APPS in its place."""

    default = False
    default_site = "core.admin_site.DataMaintenanceSite"
