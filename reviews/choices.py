from django.db import models


class ProgrammeKind(models.TextChoices):
    COLLABORATIVE_IMPROVEMENT = "ci", "Collaborative Improvement"
    QUADS = "quads", "Quads"


class VisitStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# Visits the public may see: agreed ones, never proposals or cancellations.
PUBLIC_STATUSES = (VisitStatus.CONFIRMED, VisitStatus.COMPLETED)


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact dates"
    MONTH = "month", "Month only"


class TeamRole(models.TextChoices):
    ADES_OFFICER = "ades_officer", "ADES officer"
    EDUCATION_SCOTLAND_OFFICER = "education_scotland_officer", "Education Scotland officer"
    SENIOR_REGIONAL_ADVISER = "senior_regional_adviser", "Senior Regional Adviser"
    HMI = "hmi", "HM Inspector"
    HOST_OFFICER = "host_officer", "Host authority officer"
    PEER_REVIEWER = "peer_reviewer", "Peer reviewer from another authority"
    QIO = "qio", "Quality Improvement Officer"
    PARTNER_ASN = "partner_asn", "Partner: additional support needs"
    PARTNER_CLD = "partner_cld", "Partner: community learning and development"
    PARTNER_SOCIAL_WORK = "partner_social_work", "Partner: social work"
    PARTNER_OTHER = "partner_other", "Partner: other"


EDUCATION_SCOTLAND_ROLES = (
    TeamRole.EDUCATION_SCOTLAND_OFFICER,
    TeamRole.SENIOR_REGIONAL_ADVISER,
    TeamRole.HMI,
)
INCLUSION_PARTNER_ROLES = (TeamRole.PARTNER_ASN, TeamRole.PARTNER_CLD)


class PlaceAnswer(models.TextChoices):
    """A team member's answer to their place on a team: asked in the email that tells them, and on My visits."""

    AWAITING = "awaiting", "Awaiting reply"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"


class VisitStage(models.TextChoices):
    """Where a visit stands today: what the visit page offers follows from it (Visit.stage)."""

    BEFORE = "before", "Before the visit"
    DURING = "during", "During the visit"
    AFTER = "after", "After the visit"


class FocusDecision(models.TextChoices):
    """What became of the host's proposed key question and focus areas."""

    WAITING = "waiting", "Waiting for an ADES officer"
    AGREED = "agreed", "Agreed"
    RETURNED = "returned", "Returned"
    REPLACED = "replaced", "Replaced by a later proposal"


class FocusGroupKind(models.TextChoices):
    """Who a focus group met: the groups a visit's day plan usually meets."""

    HEADTEACHERS = "headteachers", "Headteachers"
    DEPUTES = "deputes", "Depute and principal teachers"
    PRACTITIONERS = "practitioners", "Practitioners"
    LEARNERS = "learners", "Pupils and learners"
    PARENTS = "parents", "Parents and carers"
    PARTNERS = "partners", "Partners"
    CENTRAL_OFFICERS = "central_officers", "Central officers"
    OTHER = "other", "Other"


class HostStaffPresent(models.TextChoices):
    """Whether host authority staff were in the room: "having LA representatives in the room while focus groups were
    conducted may have impacted on the honesty of responses" (the CI final report, 2025)."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_RECORDED = "not_recorded", "Not recorded"


class EvidenceReaders(models.TextChoices):
    """Who may read an entry of a visit's evidence log; the person who recorded it always may."""

    TEAM = "team", "The whole team"
    LEADS = "leads", "The team lead and ADES officers"


class FocusKind(models.TextChoices):
    """What a visit below authority level looks at: named establishments, or a cluster of the host authority."""

    ESTABLISHMENT = "establishment", "Establishment"
    CLUSTER = "cluster", "Cluster"


class SessionMode(models.TextChoices):
    """How a day-plan session is held; an online or hybrid one has a meeting link only the team sees."""

    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person and online)"
