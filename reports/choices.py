from django.db import models


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for approval"
    RETURNED = "returned", "Returned with comments"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportAction(models.TextChoices):
    STARTED = "started", "Draft started"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with comments"
    PUBLISHED = "published", "Published"
    CORRECTION_STARTED = "correction_started", "Correction started"
    WITHDRAWN = "withdrawn", "Withdrawn"


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
    NEXT_STEP = "next_step", "Next step"


class FollowUpStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed: the host to confirm or move"
    CONFIRMED = "confirmed", "Confirmed: the team invited"
    HELD = "held", "Held"


class SignOffAnswer(models.TextChoices):
    AWAITING = "awaiting", "Not yet answered"
    CONFIRMED = "confirmed", "Confirmed it reflects what the team found"
    COMMENTED = "commented", "Commented"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
