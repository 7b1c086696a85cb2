from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from core import mail, todo
        from core.sections import register

        from . import notifications  # noqa: F401  (registers the team emails' wording)
        from . import todo as mine
        from .models import Visit
        from .personal_data import declare
        from .sections import authority_visits, reference_themes

        declare()
        todo.register(mine.for_planners)
        todo.register(mine.for_team_members)
        todo.register(mine.for_host_officers)
        register("authority", "reviews/_authority_visits.html", authority_visits)
        register("reference", "reviews/_reference_themes.html", reference_themes)
        mail.register_about(Visit, lambda visit, email: visit.emails.add(email))
        from . import audit_trail

        audit_trail.declare()
        from core.scrub import SEGMENT, register_secret_link

        register_secret_link(rf"/places/({SEGMENT})")  # a team member's signed place link
        register_secret_link(rf"/calendar/({SEGMENT}?)(?=\.ics)")  # a person's calendar feed

    def load_reference(self, **options):
        from core.reference import LoadRefused

        from .services import ImportRefused, load_ci_programme

        try:
            visits = load_ci_programme()
        except ImportRefused as error:
            raise LoadRefused(f"The 2021–24 visits were not loaded. {error}") from error
        yield (
            f"Collaborative Improvement 2021–2024: {len(visits.created)} visits added, "
            f"{len(visits.already_there)} already there."
        )
        from .services.induction import load_first_pack

        pack = load_first_pack()
        yield f"Induction pack: version {pack.number} shown to team members."
