"""The stages and organisers an ACEL measure can have, as the published tables name them: one list, used by the
measure form, by the service that saves a measure and by the CSV import. Other kinds of measure have neither."""

from .models import NationalMeasure

STAGES = ("P1", "P4", "P7", "S3", "P1, P4 and P7 combined")
ORGANISERS = ("Reading", "Writing", "Listening and talking", "Literacy", "Numeracy")


def _key(text: str) -> str:
    return " ".join(text.replace("&", "and").split()).casefold()


def _spoken(values) -> str:
    quoted = [f"“{value}”" if "," in value else value for value in values]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


STAGE_HELP = f"For ACEL only: {_spoken(STAGES)}."
ORGANISER_HELP = f"For ACEL only: {_spoken([o.lower() for o in ORGANISERS])}."


def checked(kind: str, stage: str, organiser: str) -> tuple[str, str, dict[str, str]]:
    """The stage and organiser as the list writes them, and a message for each field that is wrong: an ACEL
    measure needs one of each from the list; any other kind has neither."""
    stage, organiser = " ".join(stage.split()), " ".join(organiser.split())
    if kind != "acel":
        problems = {
            field: f"Leave the {field} empty: only ACEL measures have one."
            for field, value in (("stage", stage), ("organiser", organiser))
            if value
        }
        return stage, organiser, problems
    stages = {_key(s): s for s in STAGES}
    organisers = {_key(o): o for o in ORGANISERS}
    problems = {}
    if _key(stage) not in stages:
        problems["stage"] = f"Enter the stage of an ACEL measure: {_spoken(STAGES)}."
    if _key(organiser) not in organisers:
        problems["organiser"] = f"Enter the organiser of an ACEL measure: {_spoken([o.lower() for o in ORGANISERS])}."
    return stages.get(_key(stage), stage), organisers.get(_key(organiser), organiser), problems


def same_name(name: str) -> str:
    """A measure's name as compared for sameness: case and spacing do not make a different measure."""
    return " ".join(name.split()).casefold()


def held_already(*, kind: str, name: str, stage: str, organiser: str, group: str, but=None):
    """The measure held already under the same name, read without regard to case or spacing, for the same kind,
    stage, organiser and group of pupils; None if there is none. `but`: the measure being edited."""
    candidates = NationalMeasure.objects.filter(kind=kind, stage__iexact=stage, organiser__iexact=organiser)
    if but is not None and but.pk:
        candidates = candidates.exclude(pk=but.pk)
    return next(
        (
            measure
            for measure in candidates
            if same_name(measure.name) == same_name(name) and same_name(measure.group) == same_name(group)
        ),
        None,
    )
