"""Where authorities plugs into core: the only module of the app that registers anything (apps.py imports it)."""

from pathlib import Path

from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_added, authenticator_removed

from core import freshness, mail, personal_data, reference, scrub
from core.sections import Page, register

from . import emails
from . import personal_data as mine
from .reauthentication import sign_in_counts_as_confirming
from .reference import ReferenceDataError
from .second_factor import record_first_factor_set_up
from .sections import home_places, person_access, person_second_factor, person_specialisms
from .services.authenticators import on_authenticator_added, on_authenticator_removed
from .services.reference import DEFAULT_AUTHORITIES_FILE, load_authorities, load_specialisms


def add_arguments(parser) -> None:
    parser.add_argument("--authorities", type=Path, default=None, help="CSV of authorities to load.")


def load_reference(*, authorities=None, **options):
    """The authorities (from `--authorities`, or the file that comes with the portal) and the specialisms."""
    try:
        result = load_authorities(path=authorities or DEFAULT_AUTHORITIES_FILE)
    except (ReferenceDataError, OSError) as error:
        raise reference.LoadRefused(f"Nothing was loaded. {error}") from error
    yield f"Authorities: {result.created} added, {result.updated} updated, {result.unchanged} unchanged."
    yield f"Specialisms for building teams: {load_specialisms()}."


freshness.watch_models_of("authorities")
personal_data.register(*mine.sections())
mail.register_label(emails.PASSWORD_LINK, emails.PASSWORD_LINK_LABEL)
scrub.register_secret_link(rf"/accounts/reset/(?!done/)({scrub.SEGMENT}/{scrub.SEGMENT})")  # a password-set link
register(Page.PERSON, "authorities/_person_specialisms.html", person_specialisms)
register(Page.PERSON, "authorities/_person_access.html", person_access)
register(Page.PERSON, "authorities/_person_second_factor.html", person_second_factor)
register(Page.HOME_PLACES, "authorities/_home_places.html", home_places)
reference.register(load_reference, arguments=add_arguments)

# Setting up one's first authenticator counts as this session's second factor (second_factor.py).
authenticator_added.connect(record_first_factor_set_up, dispatch_uid="authorities.first_factor_set_up")
# A sign-in just made counts as confirming it is you (reauthentication.py): setting up a second factor right after
# signing in does not ask for the password again.
user_logged_in.connect(sign_in_counts_as_confirming, dispatch_uid="authorities.sign_in_counts_as_confirming")
# Adding or removing an authenticator is recorded in the audit log (services/authenticators.py).
authenticator_added.connect(on_authenticator_added, dispatch_uid="authorities.authenticator_added_recorded")
authenticator_removed.connect(on_authenticator_removed, dispatch_uid="authorities.authenticator_removed_recorded")
