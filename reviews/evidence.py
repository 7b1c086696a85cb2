"""Reading a visit's evidence log: the entries a person may read (reviews.rules.evidence_readable_by), and the one
thing of it that may be published, how many focus groups and written views were recorded (evidence_counts)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper

from .models import FocusGroup, Visit, WrittenView
from .rules import evidence_changeable_by, evidence_readable_by


@dataclass(frozen=True)
class EvidenceLog:
    focus_groups: list[FocusGroup]
    written_views: list[WrittenView]

    @property
    def is_empty(self) -> bool:
        return not self.focus_groups and not self.written_views


def readable_entries(model, user, visit: Visit):
    """The entries of one kind this person may read, with who recorded each and whether they may change it."""
    changeable = ExpressionWrapper(evidence_changeable_by(user, visit), output_field=BooleanField())
    return (
        model.objects.filter(evidence_readable_by(user, visit))
        .select_related("recorded_by")
        .annotate(can_change=changeable)
    )


def evidence_log(user, visit: Visit) -> EvidenceLog:
    return EvidenceLog(
        focus_groups=list(readable_entries(FocusGroup, user, visit)),
        written_views=list(readable_entries(WrittenView, user, visit)),
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class EvidenceCounts:
    """How many focus groups and written views a visit's team recorded: all that may be published of the log."""

    focus_groups: int
    written_views: int

    @property
    def sentence(self) -> str:
        """ "3 focus groups and 1 written view were recorded"; a kind with none recorded is left out."""
        parts = [
            _plural(count, word)
            for count, word in ((self.focus_groups, "focus group"), (self.written_views, "written view"))
            if count
        ]
        verb = "was" if self.focus_groups + self.written_views == 1 else "were"
        return f"{' and '.join(parts)} {verb} recorded"

    def as_dict(self) -> dict:
        return {"focus_groups": self.focus_groups, "written_views": self.written_views}


def evidence_counts_for(visits: Iterable[Visit | int]) -> dict[int, EvidenceCounts]:
    """Each visit's counts, in two queries however many visits; a visit whose team recorded nothing is absent (its
    counts are not recorded, never zero)."""
    ids = [getattr(visit, "pk", visit) for visit in visits]
    tallies = {}
    for model in (FocusGroup, WrittenView):
        rows = model.objects.filter(visit__in=ids).values_list("visit").annotate(n=Count("pk")).order_by()
        tallies[model] = dict(rows)
    recorded = set(tallies[FocusGroup]) | set(tallies[WrittenView])
    return {
        pk: EvidenceCounts(tallies[FocusGroup].get(pk, 0), tallies[WrittenView].get(pk, 0)) for pk in sorted(recorded)
    }


def evidence_counts(visit: Visit) -> EvidenceCounts | None:
    """How many focus groups and written views the visit's team recorded, or None when it recorded nothing ("not
    recorded"). Public-safe: a count, never what an entry says, who recorded it or who may read it."""
    return evidence_counts_for([visit]).get(visit.pk)
