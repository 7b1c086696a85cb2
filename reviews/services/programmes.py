"""Every write to programmes, their phases and the themes: what an ADES officer plans in the portal's own pages.

A slug is made from the name when the record is created and kept when it is renamed, so links already shared (a
programme's timetable, a theme's page) keep working.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from authorities.models import Person
from core import cycles
from core.cycles import normalise
from core.history import recorded_by

from .. import audit_trail
from ..choices import ProgrammeKind
from ..models import Phase, Programme, Theme

# Words the programmes' and themes' addresses use for their own pages ("programmes/new/"), never a slug.
RESERVED_SLUGS = frozenset({"new"})
UP, DOWN = "up", "down"


def _unique_slug(model, name: str, fallback: str) -> str:
    base = slugify(name.replace("–", "-").replace("—", "-"))[:90] or fallback
    slug, number = base, 2
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _unique_theme_slug(name: str) -> str:
    return _unique_slug(Theme, name, "theme")


def theme_named(name: str) -> Theme:
    """The theme of this name (in any case), made if there is none: for imports, which name themes as text."""
    theme = Theme.objects.filter(name__iexact=name.strip()).first()
    if theme is None:
        theme = Theme.objects.create(name=name.strip(), slug=_unique_theme_slug(name))
    return theme


def _programme_fields(programme: Programme, *, name: str, kind, school_years: str, description: str, months) -> None:
    name = " ".join(name.split())
    if existing := Programme.objects.filter(name__iexact=name).exclude(pk=programme.pk).first():
        raise ValidationError({"name": f"There is a programme called {existing.name} already."})
    if programme.pk and kind != programme.kind and programme.visits.exists():
        raise ValidationError({"kind": "The programme has visits already, so its kind stays as it is."})
    school_years = normalise(school_years) if school_years.strip() else ""
    if kind == ProgrammeKind.QUADS:
        _check_quads_cycle(programme, school_years)
    elif school_years:
        try:
            cycles.validate_ci_school_years(school_years)
        except ValidationError as refused:
            raise ValidationError({"school_years": refused.messages}) from refused
    programme.name, programme.kind, programme.description = name, kind, description.strip()
    programme.school_years = school_years
    programme.follow_up_months = list(months)


def _check_quads_cycle(programme: Programme, school_years: str) -> None:
    """A Quads programme is one cycle: one school year, within reach of today, and the only one of that year."""
    unchanged = programme.pk and programme.kind == ProgrammeKind.QUADS and programme.school_years == school_years
    if unchanged:
        return
    if not cycles.is_consecutive(school_years):
        raise ValidationError(
            {"school_years": "A Quads cycle runs over one school year: write it as, for example, 2026–27."}
        )
    try:
        cycles.validate_in_reach(school_years)
    except ValidationError as refused:
        raise ValidationError({"school_years": refused.messages}) from refused
    other = Programme.objects.filter(kind=ProgrammeKind.QUADS, school_years=school_years).exclude(pk=programme.pk)
    if started := other.first():
        raise ValidationError({"school_years": f"Quads {school_years} is already started, as {started.name}."})


@audit_trail.programme_created
@transaction.atomic
def create_programme(
    *,
    name: str,
    kind: ProgrammeKind,
    school_years: str = "",
    description: str = "",
    follow_up_months: list[int] | None = None,
    dates_note: str = "",
    by: Person,
) -> Programme:
    """A new programme; its slug comes from its name."""
    programme = Programme(dates_note=dates_note.strip())
    months = [6, 12] if follow_up_months is None else follow_up_months
    _programme_fields(
        programme, name=name, kind=kind, school_years=school_years, description=description, months=months
    )
    programme.slug = _unique_slug(Programme, programme.name, "programme")
    programme.full_clean()
    recorded_by(programme, by).save()
    if programme.kind == ProgrammeKind.QUADS:
        add_cycle_phase(programme=programme, by=by)
    return programme


def add_cycle_phase(*, programme: Programme, by: Person) -> Phase:
    """A Quads programme's one phase: its cycle's school year, from 1 August to 31 July, where its meetings are
    scheduled."""
    first, last = school_years_span(programme.school_years)
    return add_phase(programme=programme, name=f"Cycle {programme.school_years}", starts_on=first, ends_on=last, by=by)


@audit_trail.programme_changed
@transaction.atomic
def update_programme(
    *,
    programme: Programme,
    name: str,
    kind: ProgrammeKind,
    school_years: str,
    description: str,
    follow_up_months: list[int],
    dates_note: str | None = None,
    by: Person,
) -> Programme:
    """Change a programme's details; its kind only while it has no visits, its address never. A programme made a
    Quads one with no phase gets its cycle's. The note on its dates stays as it is unless one is given."""
    if dates_note is not None:
        programme.dates_note = dates_note.strip()
    _programme_fields(
        programme, name=name, kind=kind, school_years=school_years, description=description, months=follow_up_months
    )
    programme.full_clean()
    recorded_by(programme, by).save()
    if programme.kind == ProgrammeKind.QUADS and programme.school_years and not programme.phases.exists():
        add_cycle_phase(programme=programme, by=by)
    return programme


def _phase_fields(phase: Phase, *, name: str, starts_on, ends_on) -> None:
    name = " ".join(name.split())
    existing = Phase.objects.filter(programme=phase.programme, name__iexact=name).exclude(pk=phase.pk).first()
    if existing:
        raise ValidationError({"name": f"This programme has a phase called {existing.name} already."})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "The last day must be the same as or after the first day."})
    _check_within_school_years(phase.programme, starts_on=starts_on, ends_on=ends_on)
    phase.name, phase.starts_on, phase.ends_on = name, starts_on, ends_on


@audit_trail.phase_added
@transaction.atomic
def add_phase(
    *,
    programme: Programme,
    name: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    by: Person,
) -> Phase:
    """A new phase, after the programme's others."""
    last = programme.phases.aggregate(last=Max("number"))["last"] or 0
    phase = Phase(programme=programme, number=last + 1)
    _phase_fields(phase, name=name, starts_on=starts_on, ends_on=ends_on)
    phase.full_clean()
    recorded_by(phase, by).save()
    return phase


@audit_trail.phase_changed
@transaction.atomic
def update_phase(
    *, phase: Phase, name: str, starts_on: datetime.date | None, ends_on: datetime.date | None, by: Person
) -> Phase:
    _phase_fields(phase, name=name, starts_on=starts_on, ends_on=ends_on)
    phase.full_clean()
    recorded_by(phase, by).save()
    return phase


@audit_trail.phase_moved
@transaction.atomic
def move_phase(*, phase: Phase, direction: str, by: Person) -> Phase:
    """Swap the phase with the one before (up) or after (down) it; the first cannot go up, nor the last down."""
    siblings = Phase.objects.select_for_update().filter(programme_id=phase.programme_id)
    if direction == UP:
        other = siblings.filter(number__lt=phase.number).order_by("-number").first()
    else:
        other = siblings.filter(number__gt=phase.number).order_by("number").first()
    if other is None:
        where = "first" if direction == UP else "last"
        raise ValidationError(f"{phase.name} is the {where} phase already.")
    mine, theirs = phase.number, other.number
    # The numbers are unique in a programme: park this phase on 0 (never a real number) while they swap.
    Phase.objects.filter(pk=phase.pk).update(number=0)
    other.number, phase.number = mine, theirs
    recorded_by(other, by).save(update_fields=["number", "updated_at"])
    recorded_by(phase, by).save(update_fields=["number", "updated_at"])
    return phase


@audit_trail.phase_removed
@transaction.atomic
def remove_phase(*, phase: Phase, by: Person) -> None:
    """Delete a phase no visit is in; the phases after it move up a number, so the numbers stay 1, 2, 3…"""
    count = phase.visits.count()
    if count:
        raise ValidationError(
            f"{phase.name} cannot be removed: {count} visit{'s are' if count > 1 else ' is'} in it. "
            "Move or cancel them first; a cancelled visit stays on the record, in its phase."
        )
    programme_id, number = phase.programme_id, phase.number
    recorded_by(phase, by).delete()
    for later in Phase.objects.filter(programme_id=programme_id, number__gt=number).order_by("number"):
        later.number -= 1
        recorded_by(later, by).save(update_fields=["number", "updated_at"])


def _check_within_school_years(programme: Programme, *, starts_on, ends_on) -> None:
    """A phase's days fall in its programme's school years, where those are recorded: 1 August of the first year to
    31 July of the last."""
    first, last = school_years_span(programme.school_years)
    if first is None:
        return
    span = f"{first:%-d %B %Y} to {last:%-d %B %Y}"
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day and not first <= day <= last:
            raise ValidationError(
                {field: f"The programme runs over {programme.school_years}: choose a day from {span}."}
            )


def school_years_span(school_years: str) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day of the school years "2021–24", or (None, None) when they are not recorded."""
    match = re.match(r"^([0-9]{4})–([0-9]{2})$", school_years)
    if not match:
        return None, None
    start = int(match[1])
    end = start + (int(match[2]) - start) % 100
    if not (start >= datetime.MINYEAR and end <= datetime.MAXYEAR):
        return None, None
    return datetime.date(start, 8, 1), datetime.date(end, 7, 31)


def _theme_fields(theme: Theme, *, name: str, broader: Theme | None) -> None:
    name = " ".join(name.split())
    if existing := Theme.objects.filter(name__iexact=name).exclude(pk=theme.pk).first():
        raise ValidationError({"name": f"There is a theme called {existing.name} already."})
    if broader is not None:
        if theme.pk and broader.pk == theme.pk:
            raise ValidationError({"broader": "A theme cannot be part of itself. Choose another broader theme."})
        if broader.broader_id is not None:
            raise ValidationError(
                {"broader": f"{broader.name} is itself part of {broader.broader.name}: choose a broad theme."}
            )
        if theme.pk and theme.narrower.exists():
            narrower = ", ".join(theme.narrower.order_by("name").values_list("name", flat=True))
            raise ValidationError(
                {"broader": f"{name} is the broad theme of {narrower}, so it cannot be part of another theme."}
            )
    theme.name, theme.broader = name, broader


@audit_trail.theme_created
@transaction.atomic
def create_theme(*, name: str, broader: Theme | None = None, by: Person) -> Theme:
    """A new theme, broad or part of a broad one (the taxonomy has two levels)."""
    theme = Theme()
    _theme_fields(theme, name=name, broader=broader)
    theme.slug = _unique_theme_slug(theme.name)
    theme.full_clean()
    recorded_by(theme, by).save()
    return theme


@audit_trail.theme_changed
@transaction.atomic
def update_theme(*, theme: Theme, name: str, broader: Theme | None, by: Person) -> Theme:
    _theme_fields(theme, name=name, broader=broader)
    theme.full_clean()
    recorded_by(theme, by).save()
    return theme
