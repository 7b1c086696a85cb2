from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Authorities, organisations and people"

    def ready(self):
        from .personal_data import declare

        declare()
        from core import mail
        from core.sections import register

        from .password_links import KIND, LABEL, person_section

        mail.register_label(KIND, LABEL)
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
