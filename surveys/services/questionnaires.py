"""The questionnaires' questions, loaded from surveys/data: the participant survey's (the stakeholder survey loads
its own through services.stakeholders)."""

import csv
from pathlib import Path

from django.db import transaction

from ..choices import QuestionKind
from ..models import Question, Questionnaire

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

CI_SURVEY_SOURCE = (
    "The statements are reconstructed from Table 1 of the programme's final report (ADES and Education Scotland, "
    "2025), which names the aspects participants were asked about but not the wording of the questions."
)

CI_SURVEY = {
    "slug": "ci-participant-survey",
    "name": "Collaborative Improvement participant survey",
    "introduction": "To what extent do you agree with the following statements?",
    "source": CI_SURVEY_SOURCE,
}


@transaction.atomic
def load_ci_questionnaire() -> Questionnaire:
    """The programme's participant survey, from its published aspects; safe to run again."""
    questionnaire, _ = Questionnaire.objects.get_or_create(
        slug=CI_SURVEY["slug"],
        defaults={"name": CI_SURVEY["name"], "introduction": CI_SURVEY["introduction"], "source": CI_SURVEY["source"]},
    )
    load_questions(questionnaire, "ci_participant_survey.csv", required=lambda kind: kind != QuestionKind.TEXT)
    return questionnaire


def load_questions(questionnaire: Questionnaire, filename: str, *, required) -> None:
    """A questionnaire's questions from data/<filename> (code, kind, text), in order; those there already stay."""
    with open(DATA_DIR / filename, newline="", encoding="utf-8") as handle:
        for position, row in enumerate(csv.DictReader(handle), start=1):
            kind = QuestionKind(row["kind"])
            Question.objects.get_or_create(
                questionnaire=questionnaire,
                code=row["code"],
                defaults={"position": position, "kind": kind, "text": row["text"], "required": required(kind)},
            )
