from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from core import todo

        from . import notifications  # noqa: F401  (registers the team emails' wording)
        from . import todo as mine

        todo.register(mine.for_planners)
        todo.register(mine.for_team_members)
        from core.sections import register

        from .personal_data import declare
        from .sections import authority_visits

        declare()
        register("authority", "reviews/_authority_visits.html", authority_visits)
        from core import mail

        from .models import Visit

        mail.register_about(Visit, lambda visit, email: visit.emails.add(email))

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
        from .induction import load_first_pack

        pack = load_first_pack()
        yield f"Induction pack: version {pack.number} shown to team members."
