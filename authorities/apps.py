from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Authorities, organisations and people"

    def ready(self):
        from core import mail
        from core.sections import register

        from .personal_data import declare
        from .services.password_links import KIND, LABEL
        from .views.password_links import person_section

        declare()
        mail.register_label(KIND, LABEL)
        from core.scrub import SEGMENT, register_secret_link

        register_secret_link(rf"/accounts/reset/(?!done/)({SEGMENT}/{SEGMENT})")  # a password-set link
        register("person", "authorities/_person_specialisms.html", _person_specialisms)
        register("person", "authorities/_person_access.html", person_section)

    def load_reference(self, *, authorities=None, **options):
        from core.reference import LoadRefused

        from .reference import ReferenceDataError
        from .services import DEFAULT_AUTHORITIES_FILE, load_authorities

        try:
            result = load_authorities(path=authorities or DEFAULT_AUTHORITIES_FILE)
        except (ReferenceDataError, OSError) as error:
            raise LoadRefused(f"Nothing was loaded. {error}") from error
        yield f"Authorities: {result.created} added, {result.updated} updated, {result.unchanged} unchanged."
        from .services import load_specialisms

        yield f"Specialisms for building teams: {load_specialisms()}."


def _person_specialisms(request, person) -> dict | None:
    """On an ADES officer's page of a person: what they bring to a team, and a link to change it."""
    if not request.user.has_perm("authorities.manage_reference"):
        return None
    return {"person": person, "specialisms": [s.name for s in person.specialisms.all()]}
