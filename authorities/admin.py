from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

from .models import (
    Authority,
    AuthorityAlias,
    Collaborative,
    DeclaredLink,
    Organisation,
    Person,
    RegionalRole,
    Specialism,
)

# django-allauth registers its records here; none stays. Authenticators (an app's secret, passkeys' keys), tokens and
# an organisation provider's client secret are secrets; email addresses and linked accounts follow the person's record
# and the portal's own pages (a second factor is set up by its holder and reset by an ADES officer, audited), which
# data maintenance would go around.
for model in (EmailAddress, EmailConfirmation, Authenticator, SocialApp, SocialToken, SocialAccount):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

# Specialisms and regional roles have their pages (authorities/records.py keeps their rules: a specialism's slug
# follows its name, a role's holder works where the role is held): read-only in data maintenance.
admin.site.guard(Specialism, RegionalRole)


class AuthorityAliasInline(admin.TabularInline):
    model = AuthorityAlias
    extra = 0


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code", "people_family", "other_family", "collaborative"]
    list_filter = ["people_family", "other_family", "collaborative"]
    search_fields = ["name", "gss_code", "council_name", "aliases__value"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["collaborative"]
    inlines = [AuthorityAliasInline]


@admin.register(AuthorityAlias)
class AuthorityAliasAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "authority"]
    list_filter = ["kind"]
    search_fields = ["value", "authority__name"]
    list_select_related = ["authority"]


@admin.register(Collaborative)
class CollaborativeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "authority"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["authority"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "organisation", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["full_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    # Passwords are set by their owners through password reset; privileges are not granted here.
    fields = ["full_name", "email", "organisation", "role", "is_active", "last_login", "date_joined"]
    readonly_fields = ["last_login", "date_joined"]
    autocomplete_fields = ["organisation"]

    def has_change_permission(self, request, obj=None):
        """An erased person is shown, never changed: the erasure's emptied record is what others' places point at
        (the model refuses the change too: Person.save)."""
        return (obj is None or obj.erased_at is None) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.erased_at is None) and super().has_delete_permission(request, obj)


@admin.register(Specialism)
class SpecialismAdmin(admin.ModelAdmin):
    list_display = ["name", "keywords"]
    search_fields = ["name", "keywords"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RegionalRole)
class RegionalRoleAdmin(admin.ModelAdmin):
    """Education Scotland's SRA and the link HMI of each collaborative or authority: suggested first for its visits."""

    list_display = ["person", "kind", "collaborative", "authority"]
    list_filter = ["kind", "collaborative"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "collaborative", "authority"]


@admin.register(DeclaredLink)
class DeclaredLinkAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "authority"]
    list_filter = ["kind", "authority"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "authority"]
