from django.db import models

TEXT_ANSWER_LIMIT = 5000  # characters in one free-text answer


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


class Purpose(models.TextChoices):
    SURVEY = "survey", "Participant survey"
    FRAMEWORK = "framework", "Self-evaluation framework"
    STAKEHOLDER = "stakeholder", "Pre-visit stakeholder survey"


class StakeholderRole(models.TextChoices):
    """Who answers a visit's open stakeholder link, as they say themselves: the results break down by it."""

    HEAD_TEACHER = "head_teacher", "Head teacher"
    SCHOOL_STAFF = "school_staff", "School staff"
    PARTNER = "partner", "Partner organisation"
    PUPILS = "pupils_group", "A pupils' group"
    PARENTS = "parents_group", "A parents' group"
    OTHER_STAKEHOLDER = "other_stakeholder", "Other"


# The six-point scale's descriptors, as published with it (reference/evaluation_scale.csv).
EVALUATION_DESCRIPTORS = {
    6: "outstanding and sector-leading",
    5: "major strengths",
    4: "important strengths, with some aspects requiring improvement",
    3: "strengths just outweigh weaknesses",
    2: "important weaknesses",
    1: "major weaknesses requiring immediate remedial action",
}
