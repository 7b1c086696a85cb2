from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.env import env_str
from core.models import TimeStampedModel

from .choices import AliasKind, OrganisationKind, Role
from .oidc import email_domains_from, issuer_error

GSS_COUNCIL_CODE = RegexValidator(
    r"^S12[0-9]{6}$", "A council's GSS code is S12 followed by six digits, for example S12000049."
)


class Collaborative(TimeStampedModel):
    """A Regional Improvement Collaborative."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('authorities:authority-list')}?ric={self.slug}"


class Authority(TimeStampedModel):
    """One of Scotland's 32 local authorities, keyed by its GSS code."""

    gss_code = models.CharField("GSS code", max_length=9, unique=True, validators=[GSS_COUNCIL_CODE])
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    council_name = models.CharField(max_length=150)
    people_family = models.PositiveSmallIntegerField(
        "family group (children, social work and housing)",
        help_text="LGBF family group for children's, social work and housing indicators, grouped by deprivation.",
    )
    other_family = models.PositiveSmallIntegerField(
        "family group (other indicators)",
        help_text="LGBF family group for the other indicators, grouped by rurality.",
    )
    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="authorities")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.CheckConstraint(condition=Q(gss_code__regex=r"^S12[0-9]{6}$"), name="authority_gss_code_format"),
            models.CheckConstraint(
                condition=Q(people_family__gte=1, people_family__lte=4), name="authority_people_family_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(other_family__gte=1, other_family__lte=4), name="authority_other_family_1_to_4"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authorities:authority-detail", kwargs={"slug": self.slug})


class AuthorityAlias(TimeStampedModel):
    """Another name or a former GSS code, kept so imported names and codes can be matched."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=20, choices=AliasKind.choices)
    value = models.CharField(max_length=150)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name_plural = "authority aliases"
        constraints = [
            models.UniqueConstraint(Lower("value"), "kind", name="authority_alias_unique_per_kind"),
        ]

    def __str__(self):
        return f"{self.value} ({self.get_kind_display().lower()} of {self.authority})"


class Organisation(TimeStampedModel):
    """Where a person works: a council, ADES, Education Scotland, HMIE or a partner body."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    authority = models.OneToOneField(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="organisation"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=OrganisationKind.LOCAL_AUTHORITY) & Q(authority__isnull=False))
                | (~Q(kind=OrganisationKind.LOCAL_AUTHORITY) & Q(authority__isnull=True)),
                name="organisation_council_has_authority",
                violation_error_message="A local authority organisation names its authority; no other kind does.",
            ),
        ]

    def __str__(self):
        return self.name


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra):
        person = self.model(email=self.normalize_email(email), **extra)
        person.set_password(password)
        person.full_clean(exclude=["password"])
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADES_OFFICER)
        return self.create_user(email, password, **extra)


_UNKNOWN = object()  # a Person's erased_at as loaded, when it was not loaded
ERASED_READ_ONLY = (
    "This person has been erased: their email, name, role and access cannot be given back. Add a new person if they "
    "return."
)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who uses the portal or serves on a team; signs in with an email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.TEAM_MEMBER)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Erased: the record stays for the places others rely on, with no name or email (core.personal_data).
    erased_at = models.DateTimeField(null=True, blank=True)
    # No activity for the retention period: proposed to an ADES officer for erasure, never erased silently.
    erasure_proposed_at = models.DateTimeField(null=True, blank=True)
    specialisms = models.ManyToManyField("Specialism", blank=True, related_name="people")

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "organisation"]

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="person_email_unique_ignoring_case"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.organisation})"

    @property
    def is_staff(self):
        # Data maintenance (the admin) is technical staff's: superusers. Officers' work has the portal's own pages.
        return self.is_active and self.is_superuser

    def get_full_name(self):
        return self.full_name

    # What an erasure fixed for good: no door (a page, data maintenance, a script) may put them back.
    FIXED_ONCE_ERASED = ("email", "full_name", "role", "is_active", "is_superuser", "erased_at")

    def _undoes_erasure(self) -> bool:
        """Whether this changes what the erasure of a stored, erased record fixed."""
        if self.pk is None:
            return False
        erased = Person._base_manager.filter(pk=self.pk, erased_at__isnull=False)
        stored = erased.values(*self.FIXED_ONCE_ERASED).first()
        return bool(stored) and any(stored[name] != getattr(self, name) for name in self.FIXED_ONCE_ERASED)

    @classmethod
    def from_db(cls, db, field_names, values):
        person = super().from_db(db, field_names, values)
        person._erased_as_loaded = person.__dict__.get("erased_at", _UNKNOWN)  # unknown when deferred
        return person

    def save(self, *args, **kwargs):
        """Refuse to undo an erasure at no extra query for the usual save: one naming none of the fixed fields (a
        sign-in's `last_login`) needs no check; one of a record loaded not erased is checked by its UPDATE, which
        touches the row only while it is still not erased (an erasure since, and only then, costs the full check)."""
        fields = kwargs.get("update_fields")
        guarded = fields is None or not set(fields).isdisjoint(self.FIXED_ONCE_ERASED)
        self._checked_in_update = guarded and getattr(self, "_erased_as_loaded", _UNKNOWN) is None
        if guarded and not self._checked_in_update and self._undoes_erasure():
            raise ValidationError(ERASED_READ_ONLY)
        super().save(*args, **kwargs)
        self._erased_as_loaded = self.erased_at

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        if not getattr(self, "_checked_in_update", False):
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        self._checked_in_update = False
        still_not_erased = base_qs.filter(erased_at__isnull=True)
        if super()._do_update(still_not_erased, using, pk_val, values, update_fields, forced_update):
            return True
        if self._undoes_erasure():  # erased since this copy was loaded
            raise ValidationError(ERASED_READ_ONLY)
        return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)

    def get_short_name(self):
        return self.full_name.split(" ")[0]

    def clean(self):
        super().clean()
        if self._undoes_erasure():
            raise ValidationError(ERASED_READ_ONLY)
        if (
            self.role == Role.AUTHORITY_OFFICER
            and self.organisation_id
            and self.organisation.kind != OrganisationKind.LOCAL_AUTHORITY
        ):
            raise ValidationError({"role": "An authority officer must belong to a local authority."})


class Specialism(TimeStampedModel):
    """What someone brings to a team (CLD, ASN, data and analysis, ...); its keywords say which visits need it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    keywords = models.CharField(
        max_length=500,
        help_text="Words, comma-separated, that in a visit's theme, focus areas or key question call for it.",
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip().casefold() for word in self.keywords.split(",") if word.strip()]


class RegionalRole(TimeStampedModel):
    """The Senior Regional Adviser or link HMI of a collaborative or an authority, as ADES records them."""

    class Kind(models.TextChoices):
        SRA = "sra", "Senior Regional Adviser"
        LINK_HMI = "link_hmi", "Link HMI"

    person = models.ForeignKey("Person", on_delete=models.CASCADE, related_name="regional_roles")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, null=True, blank=True, related_name="regional_roles"
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, null=True, blank=True, related_name="regional_roles"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(collaborative__isnull=True, authority__isnull=False)
                | Q(collaborative__isnull=False, authority__isnull=True),
                name="regional_role_for_one_area",
                violation_error_message="Choose a collaborative or an authority, not both.",
            ),
            models.UniqueConstraint("kind", "collaborative", name="regional_role_once_per_collaborative"),
            models.UniqueConstraint("kind", "authority", name="regional_role_once_per_authority"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.collaborative or self.authority}"


class DeclaredLink(TimeStampedModel):
    """A link a person declares to an authority, which the team's conflict checks use as they use employment."""

    class Kind(models.TextChoices):
        EMPLOYED = "employed", "Employed by"
        SECONDED = "seconded", "Seconded to"
        PARTNER = "partner", "Works in partnership with"

    person = models.ForeignKey("Person", on_delete=models.CASCADE, related_name="declared_links")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="declared_links")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["authority__name"]
        constraints = [models.UniqueConstraint("person", "authority", name="declared_link_once_per_authority")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.authority}"


class IdentityProvider(TimeStampedModel):
    """An organisation's own sign-in (OpenID Connect, e.g. its Microsoft Entra ID tenant): its people sign in with
    their organisation account, matched to the record an ADES officer made for them by their email address, within
    the email domains it covers. Its client secret is never stored: it is read from `secret_variable`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="identity_providers")
    name = models.CharField(max_length=100, help_text="Shown on the button: “Sign in with West Lothian Council”.")
    slug = models.SlugField(
        max_length=50,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9]+(-[a-z0-9]+)*$", "Use lower-case letters, digits and single hyphens.")],
        help_text="In the sign-in address registered with the provider: /accounts/oidc/<slug>/login/callback/.",
    )
    issuer = models.URLField(max_length=300, help_text="Its issuer, e.g. https://login.microsoftonline.com/<id>/v2.0")
    client_id = models.CharField("client ID", max_length=200)
    email_domains = models.CharField(max_length=500, help_text="Comma-separated, e.g. westlothian.gov.uk.")
    vouches_for_domain_emails = models.BooleanField(
        "trusts its email addresses",
        default=False,
        help_text="The organisation owns these domains and its provider gives them only to its own people (a "
        "single-tenant Entra ID with verified domains sends no email_verified claim). Otherwise each sign-in's "
        "email must be marked verified by the provider.",
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def domain_list(self) -> list[str]:
        return email_domains_from(self.email_domains)

    def covers(self, email: str) -> bool:
        return email.rpartition("@")[2].lower() in self.domain_list

    @property
    def secret_variable(self) -> str:
        return "CI_PORTAL_OIDC_SECRET_" + self.slug.upper().replace("-", "_")

    @property
    def secret(self) -> str:
        return env_str(self.secret_variable, default="").strip()

    @property
    def is_ready(self) -> bool:
        return bool(self.secret)

    def clean(self):
        super().clean()
        errors = {}
        if message := issuer_error(self.issuer or ""):
            errors["issuer"] = message
        try:
            domains = email_domains_from(self.email_domains or "")
        except ValidationError as error:
            errors["email_domains"] = error.messages
        else:
            self.email_domains = ", ".join(domains)
            if not domains:
                errors["email_domains"] = "Give at least one email domain, e.g. westlothian.gov.uk."
            others = IdentityProvider.objects.exclude(pk=self.pk) if self.pk else IdentityProvider.objects.all()
            for other in others:
                if taken := sorted(set(domains) & set(other.domain_list)):
                    errors["email_domains"] = f"{other.name} already covers {', '.join(taken)}: remove it there first."
        if errors:
            raise ValidationError(errors)
