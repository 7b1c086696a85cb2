"""Data maintenance (Django's admin) as the portal runs it, for technical staff (superusers) only: one site, whose
every list filters only on what its filters offer, and where a model whose writes a service guards is read-only.

Django lets a list page take a lookup on any column of its model in the address (`?password__startswith=pbkdf2`,
`?open_token__gte=F`), and says how many rows match: enough to read a password hash or a survey's open link a
character at a time. Every model registered here, by any app, gets `FiltersOnly`, so a lookup that no filter of the
page offers is refused (Django answers 400, as for any lookup it does not allow).
"""

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import redirect
from django.urls import reverse

from .admin_changes import describe
from .audit import record

# Read-only models: those whose writes a service guards (a visit's dates send the team a message and move their
# calendars; a released survey round is final; a published report is a snapshot). Each app declares its own with
# `site.guard(...)` in its admin.py; a repair goes through the service, never around it. tests/core/test_admin.py
# walks the registry and fails if one of them can be added, changed or deleted here, by anyone.


class FiltersOnly:
    def lookup_allowed(self, lookup, value, request=None):
        filters = [spec for spec in self.list_filter if not isinstance(spec, type)]  # a SimpleListFilter reads its own
        offered = [spec if isinstance(spec, str) else spec[0] for spec in filters]
        if self.date_hierarchy:
            offered.append(self.date_hierarchy)
        if not any(lookup == path or lookup.startswith(path + LOOKUP_SEP) for path in offered):
            return False
        return super().lookup_allowed(lookup, value, request)


class GuardsCascades:
    """Deleting a record here never deletes, or empties a pointer of, a guarded one: Django asks for the right to
    delete only the models registered here, so deleting a Quad would take its meetings with it, or a person their
    survey invitations. The confirmation (of one record or of "delete selected") names what cannot go, as for a
    model one has no right to delete, and a post is refused."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        guarded = guarded_in_cascade(objs, self.admin_site.guarded)
        return to_delete, model_count, set(perms_needed) | {m._meta.verbose_name_plural for m in guarded}, protected


def guarded_in_cascade(objs, guarded: set[type]) -> set[type]:
    """The guarded models whose rows deleting `objs` would delete or change (a pointer emptied)."""
    objs = list(objs)
    if not objs:
        return set()
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model))
    collector.collect(objs)
    touched = {model for model, found in collector.model_objs.items() if found}
    touched |= {field.model for (field, _), updates in collector.field_updates.items() if any(updates)}
    return {model._meta.concrete_model for model in touched} & guarded


class Audited:
    """Every add, change and delete saved here is in the audit log too (core.audit), in the same transaction, with
    what changed (core.admin_changes): Django builds its change message from the form just before logging it."""

    def construct_change_message(self, request, form, formsets, add=False):
        request._audit_changes = describe(form, formsets, add)
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        _record(request, "added", "Added", obj, getattr(request, "_audit_changes", ""))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        _record(request, "changed", "Changed", obj, getattr(request, "_audit_changes", ""))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            _record(request, "deleted", "Deleted", obj)
        return super().log_deletions(request, queryset)


def _record(request, kind: str, verb: str, obj, changes: str = "") -> None:
    request._audit_changes = ""  # said once: a list page's next row has its own form
    what = f"{obj._meta.verbose_name} “{obj}”"
    summary = f"{verb} the {what} in data maintenance{changes}"
    record(by=request.user, kind=f"maintenance.{kind}", summary=summary, about=[obj])


class ReadOnly:
    """Shown, never added, changed or deleted: every field read-only, for a superuser too. For a ModelAdmin or an
    inline."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = self.model._meta.get_fields()  # its own: not another model's many-to-many pointing here
        return [field.name for field in fields if not field.auto_created and (field.concrete or field.many_to_many)]

    # Whatever view gets this far (a history's "revert", an action on a list), nothing is saved or deleted.
    def save_model(self, request, obj, form, change):
        raise PermissionDenied

    def save_related(self, request, form, formsets, change):
        raise PermissionDenied

    def delete_model(self, request, obj):
        raise PermissionDenied

    def delete_queryset(self, request, queryset):
        raise PermissionDenied


def _read_only(admin_class: type) -> type:
    if issubclass(admin_class, ReadOnly):
        return admin_class
    return type(admin_class.__name__, (ReadOnly, admin_class), {"__module__": admin_class.__module__})


class DataMaintenanceSite(admin.AdminSite):
    site_header = "CI Portal data maintenance"
    site_title = "CI Portal admin"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guarded: set[type] = set()

    def login(self, request, extra_context=None):
        """One sign-in page for the whole portal: the portal's own (with its limits on failed tries). Someone signed
        in who is not technical staff is told so, not offered a second sign-in form."""
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied("Data maintenance is for technical staff.")
        if request.user.is_authenticated:
            return redirect("admin:index")
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"))

    def guard(self, *models) -> None:
        """These models' writes go through services: registered here, they are read-only, and so are their inlines."""
        self.guarded.update(models)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        for mixin in (Audited, GuardsCascades, FiltersOnly):
            if not issubclass(admin_class, mixin):
                admin_class = type(admin_class.__name__, (mixin, admin_class), {"__module__": admin_class.__module__})
        models = model_or_iterable if isinstance(model_or_iterable, (list, tuple, set)) else [model_or_iterable]
        if any(model in self.guarded for model in models):
            admin_class = _read_only(admin_class)
        inlines = [_read_only(inline) if inline.model in self.guarded else inline for inline in admin_class.inlines]
        if inlines != list(admin_class.inlines):
            admin_class = type(admin_class.__name__, (admin_class,), {"inlines": inlines})
        super().register(model_or_iterable, admin_class, **options)
