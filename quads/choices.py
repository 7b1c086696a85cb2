from django.db import models


class SelfEvaluationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class SelfEvaluationStep(models.TextChoices):
    SAVED = "saved", "Saved as a draft"
    SUBMITTED = "submitted", "Submitted"
    REOPENED = "reopened", "Reopened"
