from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from authorities.reference import ReferenceDataError
from authorities.services import DEFAULT_AUTHORITIES_FILE, load_authorities
from reports.services import load_case_studies
from reviews.services import ImportRefused, load_ci_programme
from surveys.self_evaluation import load_starting_framework
from surveys.services import load_ci_questionnaire


class Command(BaseCommand):
    help = (
        "Load the reference data: the 32 authorities, their family groups and collaboratives, and the 2021–24 "
        "programme of visits. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--authorities", type=Path, default=DEFAULT_AUTHORITIES_FILE, help="CSV of authorities to load."
        )

    def handle(self, *args, **options):
        try:
            result = load_authorities(path=options["authorities"])
        except (ReferenceDataError, OSError) as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(
            f"Authorities: {result.created} added, {result.updated} updated, {result.unchanged} unchanged."
        )
        try:
            visits = load_ci_programme()
        except ImportRefused as error:
            raise CommandError(f"The 2021–24 visits were not loaded. {error}") from error
        self.stdout.write(
            f"Collaborative Improvement 2021–2024: {len(visits.created)} visits added, "
            f"{len(visits.already_there)} already there."
        )
        questionnaire = load_ci_questionnaire()
        self.stdout.write(f"{questionnaire.name}: {questionnaire.questions.count()} questions.")
        framework = load_starting_framework()
        self.stdout.write(f"{framework.name}: {framework.questions.count()} quality indicators.")
        self.stdout.write(f"Case studies from the final report: {load_case_studies()} loaded.")
