"""Data maintenance (Django's admin) as the portal runs it: one site, whose every list filters only on what its
filters offer.

Django lets a list page take a lookup on any column of its model in the address (`?password__startswith=pbkdf2`,
`?open_token__gte=F`), and says how many rows match: enough to read a password hash or a survey's open link a
character at a time. Every model registered here, by any app, gets `FiltersOnly`, so a lookup that no filter of the
page offers is refused (Django answers 400, as for any lookup it does not allow).
"""

from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP


class FiltersOnly:
    def lookup_allowed(self, lookup, value, request=None):
        filters = [spec for spec in self.list_filter if not isinstance(spec, type)]  # a SimpleListFilter reads its own
        offered = [spec if isinstance(spec, str) else spec[0] for spec in filters]
        if self.date_hierarchy:
            offered.append(self.date_hierarchy)
        if not any(lookup == path or lookup.startswith(path + LOOKUP_SEP) for path in offered):
            return False
        return super().lookup_allowed(lookup, value, request)


class DataMaintenanceSite(admin.AdminSite):
    site_header = "CI Portal data maintenance"
    site_title = "CI Portal admin"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, FiltersOnly):
            admin_class = type(admin_class.__name__, (FiltersOnly, admin_class), {"__module__": admin_class.__module__})
        super().register(model_or_iterable, admin_class, **options)
