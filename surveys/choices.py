from django.db import models


class QuestionKind(models.TextChoices):
    AGREEMENT = "likert4", "Agreement (four-point)"
    EVALUATION = "scale6", "Evaluation (six-point)"
    TEXT = "text", "Free text"
    CHOICE = "choice", "Single choice"


AGREEMENT_SCALE = [(4, "Strongly agree"), (3, "Agree"), (2, "Disagree"), (1, "Strongly disagree")]
AGREEING = (4, 3)
EVALUATION_SCALE = [
    (6, "Excellent"),
    (5, "Very good"),
    (4, "Good"),
    (3, "Satisfactory"),
    (2, "Weak"),
    (1, "Unsatisfactory"),
]
SCALES = {QuestionKind.AGREEMENT: AGREEMENT_SCALE, QuestionKind.EVALUATION: EVALUATION_SCALE}


class RespondentKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    EDUCATION_SCOTLAND = "education_scotland", "Education Scotland"
    ADES = "ades", "ADES"
    OTHER = "other", "Other"


class Moderation(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"
