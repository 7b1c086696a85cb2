"""Cycles of the Quads, written as school years: "2024–25", running from August to July."""

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone

CYCLE_PATTERN = r"^[0-9]{4}[–-][0-9]{2}$"
cycle_validator = RegexValidator(CYCLE_PATTERN, "Write the cycle as years, for example 2024–25.")
_PARTS = re.compile(r"^(?P<start>[0-9]{4})[–-](?P<end>[0-9]{2})$")


def normalise(cycle: str) -> str:
    """The cycle with an en dash, however it was typed."""
    return cycle.strip().replace("-", "–")


def is_consecutive(cycle: str) -> bool:
    match = _PARTS.match(cycle.strip())
    return bool(match) and (int(match["start"]) + 1) % 100 == int(match["end"])


def cycle_of(day: datetime.date) -> str:
    start = day.year if day.month >= 8 else day.year - 1
    return _written(start)


def _written(start: int) -> str:
    return f"{start:04d}–{(start + 1) % 100:02d}"


def current_cycle() -> str:
    return cycle_of(timezone.localdate())


def to_slug(cycle: str) -> str:
    """The cycle as written in addresses: 2025-26."""
    return normalise(cycle).replace("–", "-")


def chosen(value: str | None) -> str:
    """The cycle a page is asked for (?cycle=2025-26), or the current one when none, or a malformed one, is given."""
    cycle = normalise(value or "")
    return cycle if is_consecutive(cycle) else current_cycle()


def options(known: Iterable[str], selected: str) -> list[tuple[str, str]]:
    """(cycle, its slug) for a cycle selector, newest first: the known cycles, the current one and the selected."""
    return [(cycle, to_slug(cycle)) for cycle in sorted({*known, current_cycle(), selected}, reverse=True)]


def following(cycle: str) -> str:
    return _written(int(normalise(cycle)[:4]) + 1)


# A cycle is started from five school years back to five ahead of the current one: nothing further is real work.
REACH_BACK, REACH_AHEAD = 5, 5


def reach() -> tuple[str, str]:
    """The first and last cycle that may be started now."""
    current = int(current_cycle()[:4])
    return _written(current - REACH_BACK), _written(current + REACH_AHEAD)


def validate_in_reach(cycle: str) -> str:
    """The cycle, with an en dash, if it is one school year within reach of today; refused otherwise."""
    cycle = normalise(cycle)
    if not is_consecutive(cycle):
        raise ValidationError("Choose a cycle of one school year, for example 2026–27.")
    first, last = reach()
    if not first <= cycle <= last:
        raise ValidationError(f"Choose a cycle from {first} to {last}: {cycle} is too far from today.")
    return cycle


def listed(first: str, *, ahead: int = 1) -> list[str]:
    """The cycles from the first to `ahead` past the current one, newest first: what a cycle is chosen from."""
    last, cycle, found = current_cycle(), normalise(first), []
    for _ in range(ahead):
        last = following(last)
    while cycle <= last:
        found.append(cycle)
        cycle = following(cycle)
    return found[::-1]


SCHOOL_YEARS_FORMAT = "Write the school years as the first year and the last year's two digits, for example 2021–24."


def validate_school_years(value: str) -> None:
    """A span of school years, as a programme runs over: "2021–24", or one cycle, "2026–27"."""
    match = _PARTS.match(value.strip())
    if not match:
        raise ValidationError(SCHOOL_YEARS_FORMAT)
    span = (int(match["end"]) - int(match["start"])) % 100
    if not 1 <= span <= 10:
        raise ValidationError("The last school year must come after the first, and within ten years of it.")


def cycles_of_span(value: str) -> list[str]:
    """The school years a span covers, each as a cycle: "2021–24" is 2021–22, 2022–23 and 2023–24; none for a span
    not written right."""
    match = _PARTS.match(value.strip())
    if not match:
        return []
    start = int(match["start"])
    span = (int(match["end"]) - start % 100) % 100
    return [_written(year) for year in range(start, start + span)]


# A CI programme's school years start from 2000 to ten years ahead of today: the first ran over 2021–24.
CI_FIRST_YEAR, CI_YEARS_AHEAD = 2000, 10


def validate_ci_school_years(value: str) -> str:
    """The span with an en dash if it is written right and its first year is within reach; refused otherwise."""
    validate_school_years(value)
    first = value.strip()[:4]
    latest_first = timezone.localdate().year + CI_YEARS_AHEAD
    if not CI_FIRST_YEAR <= int(first) <= latest_first:
        raise ValidationError(
            f"Choose school years starting from {CI_FIRST_YEAR} to {latest_first}: {first} is too far from today."
        )
    return normalise(value)


def latest(known: Iterable[str]) -> str | None:
    """The newest of the cycles given, ignoring any that are not a single school year."""
    found = sorted(normalise(cycle) for cycle in known if is_consecutive(cycle))
    return found[-1] if found else None
