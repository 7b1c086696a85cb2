"""Settings for the CI Portal, read from the environment.

Safe defaults make a local run work with no configuration (SQLite, console
email); production sets DJANGO_DEBUG off and supplies the secrets.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.log import DEFAULT_LOGGING

from core import sentry
from core.env import env_bool, env_int, env_list, env_str
from core.faults import admins

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for a local run).")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"
# Earlier keys, kept while anything signed or sealed with them may still be read (sessions, signed links, survey
# comments sealed until their round is released): rotate by moving the old key here.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The portal's own apps, lowest layer first (pyproject.toml's import-linter layers): the text typed into their models
# loses Unicode's direction controls before it is saved (core/text.py); other apps' models are left as they are.
PORTAL_APPS = ["core", "authorities", "reviews", "surveys", "reports", "quads", "office"]

INSTALLED_APPS = [
    "core.apps.DataMaintenanceConfig",  # django.contrib.admin, on the portal's own site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # allauth's list of passkeys says when each was last used
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    # Sign-in (issue 27): allauth's account flow, so a second factor and organisation sign-in can join it.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    *PORTAL_APPS,
]

MIDDLEWARE = [
    # A HEAD gets no body (gunicorn would log each one it has to drop), the probes' included.
    "core.middleware.NoBodyForHeadMiddleware",
    "core.middleware.HealthCheckMiddleware",
    # One JSON line per request, with its id (core/request_log.py); after the probes, which write none.
    "core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Published report PDFs by content hash, early: no session, user or database query; security headers still set.
    "reports.published.PublishedFileMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A form's text without Unicode's direction controls, before any form checks it (core/text.py).
    "core.middleware.PlainTypedTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # allauth's sign-in stages and re-authentication redirects.
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # ADES officers and superusers must have a second factor; office pages and data maintenance need one for anyone.
    "authorities.second_factor.SecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy: everything from the portal's own origin, no inline script or style at all, nothing
# framed, no plugins, forms sent only back to the portal. (A page that ever needs an inline script would add
# csp.constants.NONCE here and mark its script with request.csp_nonce.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "ci_portal.urls"
WSGI_APPLICATION = "ci_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts and wait their turn, instead of failing mid-way with
    # "database is locked" when two people answer at once.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "authorities.Person"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out person is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Email and password on the sign-in page (allauth's flow); ModelBackend for everything else (force_login, admin).
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Signing in runs through django-allauth's account flow (issue 27): email and password only, never a sign-up (an
# ADES officer adds people), no "remember me", no email confirmation of its own (people's addresses are set by
# officers and proved by the link that sets the password). django-axes keeps counting failed sign-ins.
ACCOUNT_ADAPTER = "authorities.allauth_adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True  # no "remember me" box: a session lasts SESSION_COOKIE_AGE, as before
ACCOUNT_LOGOUT_ON_GET = False
# allauth's count of failed sign-ins stays on, above django-axes' (which answers first, with its own page): allauth
# also counts second-factor codes under it (10 tries a person in 5 minutes), and turning it off would leave those
# uncounted.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,10/300s/key"}
ACCOUNT_FORMS = {"login": "authorities.forms.SignInForm"}
# Sensitive actions (authorities.reauthentication) ask for the second factor again, or the password of someone
# without one, when the last was given longer ago than this: at least a minute, or the action carried out just after
# confirming would itself find the confirmation too old and ask again, for ever.
ACCOUNT_REAUTHENTICATION_TIMEOUT = max(60, env_int("CI_PORTAL_REAUTHENTICATION_SECONDS", default=300))
# A second factor: an authenticator app, passkeys or security keys, and recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "CI Portal"
# An authenticator app's secret and the recovery codes' seed are kept encrypted under the secret key (and its
# fallbacks), as survey responses are sealed, and refused codes are explained in the portal's words
# (authorities/allauth_adapters.py).
MFA_ADAPTER = "authorities.allauth_adapters.MFAAdapter"
# Organisation accounts (OpenID Connect, e.g. a council's Microsoft Entra ID): the providers are records ADES officers
# keep (authorities.IdentityProvider), each secret in CI_PORTAL_OIDC_SECRET_<SLUG>. A person signing in with one is
# matched by email to the record an officer made, never created (authorities.allauth_adapters.SocialAccountAdapter);
# allauth's own matching by email stays off, since it would make unusable the password of anyone without a verified
# allauth EmailAddress row (every person today).
SOCIALACCOUNT_ADAPTER = "authorities.allauth_adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False  # the portal calls none of the provider's services
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button POSTs; a link followed from elsewhere asks first
# The first provider, for a fresh install before any ADES officer can add one: `manage.py identity_provider_from_env`
# (the release step) adds or updates its record from these.
FIRST_IDENTITY_PROVIDER = {
    "slug": env_str("CI_PORTAL_OIDC_SLUG", default=""),
    "name": env_str("CI_PORTAL_OIDC_NAME", default=""),
    "organisation": env_str("CI_PORTAL_OIDC_ORGANISATION", default=""),
    "issuer": env_str("CI_PORTAL_OIDC_ISSUER", default=""),
    "client_id": env_str("CI_PORTAL_OIDC_CLIENT_ID", default=""),
    "email_domains": ", ".join(env_list("CI_PORTAL_OIDC_DOMAINS", default=[])),
}

# Repeated failed sign-ins: django-axes keeps its record in the database, so
# the limit holds across every application server.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# allauth's form has a `login` field and passes `email=` to the backends: core.access reads either.
AXES_USERNAME_CALLABLE = "core.access.sign_in_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Sign-in throttling and the stakeholder link's limit count by the address the front server saw (core/access.py).
AXES_CLIENT_IP_CALLABLE = "core.access.client_address"

# Nothing is kept in the process: sessions and cache live in the database, shared by every server.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The cache is Django's database cache with a write in one statement (core/database_cache.py).
CACHES = {"default": {"BACKEND": "core.database_cache.DatabaseCache", "LOCATION": "ci_portal_cache"}}
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Django sends these two with its defaults already; they are named here so that they are decided, not inherited.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
BEHIND_HTTPS_PROXY = env_bool("DJANGO_BEHIND_HTTPS_PROXY", default=False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))  # collectstatic's output
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The design system comes from npm (package.json); it is never copied into the repository.
    ("sgds", BASE_DIR / "node_modules" / "@scottish-government" / "design-system" / "dist"),
    ("accessible-autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
# Uploaded and generated files: on local disk (MEDIA_ROOT), or, when a bucket is named, in S3-compatible storage
# that several application servers share. Files stay private: the portal serves each one after its own checks.
# Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the instance's role), read by boto3.
S3_BUCKET = env_str("CI_PORTAL_S3_BUCKET", default="")
S3_STORAGE = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("CI_PORTAL_S3_ENDPOINT_URL", default="") or None,
        "region_name": env_str("CI_PORTAL_S3_REGION", default="") or None,
        "location": env_str("CI_PORTAL_S3_PREFIX", default=""),
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    },
}
STORAGES = {
    "default": S3_STORAGE if S3_BUCKET else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "DJANGO_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("DJANGO_STATIC_FINDERS", default=DEBUG)
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# Django's form rendering, with select lists written out in Python (the same markup; core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = ["sgds"]
CRISPY_TEMPLATE_PACK = "sgds"
CRISPY_FAIL_SILENTLY = not DEBUG

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
# A mail server that does not answer is given up on after this many seconds, and the message tried again later.
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", default=20)
# Seconds to wait before each further attempt at an email that failed; after the last, it waits in the outbox.
EMAIL_RETRY_SECONDS = [int(s) for s in env_list("CI_PORTAL_EMAIL_RETRY_SECONDS", default=["60", "600", "3600"])]
EMAIL_FILE_PATH = env_str("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-email"))
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="CI Portal <noreply@ci-portal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SERVICE_NAME = "Collaborative Improvement Portal"
# The address people reach the portal at, for links in emails and calendar files.
SITE_URL = env_str("CI_PORTAL_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SERVICE_PHASE = env_str("CI_PORTAL_PHASE", default="Beta")
FEEDBACK_EMAIL = env_str("CI_PORTAL_FEEDBACK_EMAIL", default="ci-portal@ades.scot")

# Personal data: who controls it, where requests go, and how long each kind of record is kept. The privacy notice
# shows these same values, and `manage.py apply_retention` applies them.
DATA_CONTROLLER = env_str(
    "CI_PORTAL_DATA_CONTROLLER", default="the Association of Directors of Education in Scotland (ADES)"
)
DATA_PROTECTION_EMAIL = env_str("CI_PORTAL_DATA_PROTECTION_EMAIL", default=FEEDBACK_EMAIL)
# The erasure ledger (README, "Backups"): a file, outside the media folder and every restore, where each erasure
# appends two lines (the date and a keyed hash of the email, and of the record), and the key of those hashes (kept like
# the secret key).
ERASURE_LEDGER = env_str("CI_PORTAL_ERASURE_LEDGER", default="")
ERASURE_KEY = env_str("CI_PORTAL_ERASURE_KEY", default="")
RETENTION = {
    "sign_in_days": env_int("CI_PORTAL_RETAIN_SIGN_INS_DAYS", default=90),
    "downloads_days": env_int("CI_PORTAL_RETAIN_DOWNLOADS_DAYS", default=365),
    "messages_days": env_int("CI_PORTAL_RETAIN_MESSAGES_DAYS", default=365),
    "history_years": env_int("CI_PORTAL_RETAIN_HISTORY_YEARS", default=6),
    "inactive_person_years": env_int("CI_PORTAL_RETAIN_INACTIVE_PEOPLE_YEARS", default=3),
}

# Where faults go. Server errors and failed tasks are queued as an email to each of DJANGO_ADMINS ("Name
# <address>", comma-separated), once per error per five minutes (core/faults.py), and sent to Sentry when SENTRY_DSN
# is set (core/sentry.py). Both leave out personal data and survey links' keys. Every request but the health probes
# writes one JSON line to stdout (core/request_log.py).
ADMINS = admins(env_list("DJANGO_ADMINS", default=[]))
SENTRY_DSN = env_str("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry.start(SENTRY_DSN)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "without_secrets": {"()": "core.request_log.WithoutSecrets"},
    },
    "formatters": {
        "line": {"format": "%(message)s"},
        "django.server": DEFAULT_LOGGING["formatters"]["django.server"],
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["without_secrets"]},
        "requests": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"},
        "error_reports": {
            "class": "core.faults.QueuedErrorReport",
            "level": "ERROR",
            "filters": ["require_debug_false", "without_secrets"],
        },
        "django.server": DEFAULT_LOGGING["handlers"]["django.server"],
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Django's own mail handler is replaced: errors are reported once, through the mail queue.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": DEFAULT_LOGGING["loggers"]["django.server"],
        "django.request": {"handlers": ["error_reports"], "level": "INFO"},
        "django_tasks": {"handlers": ["error_reports"]},
        # An erasure whose ledger line could not be written (office/erasure_ledger.py).
        "ci_portal.erasure": {"handlers": ["error_reports"]},
        "ci_portal.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
    },
}

# Survey results for a group smaller than this are not shown, nor anything that would reveal them.
SURVEY_MIN_GROUP = env_int("CI_PORTAL_SURVEY_MIN_GROUP", default=5)

# Background tasks (PDF rendering). With debug off they are stored in the database and run by the worker
# (`manage.py db_worker`, the Procfile's worker); with debug on, at once, in the request that enqueues them.
# /healthz/tasks answers 503 once a task ready to run has waited longer than this for the worker (core/task_health.py).
TASK_MAX_WAIT_SECONDS = env_int("CI_PORTAL_TASK_MAX_WAIT_SECONDS", default=300)
TASKS = {
    "default": {
        "BACKEND": env_str(
            "DJANGO_TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend",
        )
    }
}
