"""Parsing and checking the authorities reference file, before anything is written."""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from core.text import without_direction_controls

from .choices import FAMILY_GROUP_NUMBERS

EXPECTED_COLUMNS = [
    "name",
    "gss_code",
    "council_name",
    "lgbf_people_family",
    "lgbf_other_family",
    "ric",
    "former_gss_codes",
    "name_variants",
]
AUTHORITY_COUNT = 32
FAMILY_GROUP_SIZE = 8
COLLABORATIVE_COUNT = 6
GSS_CODE = re.compile(r"^S12[0-9]{6}$")


class ReferenceDataError(Exception):
    """The reference file is wrong; the message names the row and what is wrong with it."""


@dataclass(frozen=True)
class AuthorityRow:
    line: int
    name: str
    gss_code: str
    council_name: str
    people_family: int
    other_family: int
    collaborative: str
    former_gss_codes: tuple[str, ...] = field(default=())
    name_variants: tuple[str, ...] = field(default=())

    @property
    def slug(self) -> str:
        return slugify(self.name)


def read_authorities(path: Path) -> list[AuthorityRow]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(io.StringIO(without_direction_controls(handle.read()), newline=""))
        if reader.fieldnames != EXPECTED_COLUMNS:
            raise ReferenceDataError(
                f"{path.name}: the header must be {','.join(EXPECTED_COLUMNS)}; "
                f"it is {','.join(reader.fieldnames or [])}."
            )
        rows = [_parse_row(raw, line=reader.line_num) for raw in reader]
    _check_whole_file(rows)
    return rows


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(";") if part.strip())


def _family(raw: dict, column: str, where: str) -> int:
    value = (raw.get(column) or "").strip()
    if value not in {str(number) for number in FAMILY_GROUP_NUMBERS}:
        raise ReferenceDataError(f"{where}: {column} must be a family group from 1 to 4, not {value!r}.")
    return int(value)


def _parse_row(raw: dict, *, line: int) -> AuthorityRow:
    name = (raw.get("name") or "").strip()
    where = f"Row {line} ({name or 'no name'})"
    if None in raw:
        raise ReferenceDataError(f"{where}: the row has more columns than the header.")
    if not name:
        raise ReferenceDataError(f"{where}: the name is missing.")
    gss_code = (raw.get("gss_code") or "").strip()
    if not gss_code:
        raise ReferenceDataError(f"{where}: the GSS code is missing.")
    if not GSS_CODE.match(gss_code):
        raise ReferenceDataError(f"{where}: {gss_code!r} is not a council GSS code (S12 followed by six digits).")
    council_name = (raw.get("council_name") or "").strip()
    if not council_name:
        raise ReferenceDataError(f"{where}: the council name is missing.")
    collaborative = (raw.get("ric") or "").strip()
    if not collaborative:
        raise ReferenceDataError(f"{where}: the Regional Improvement Collaborative is missing.")
    former = _split(raw.get("former_gss_codes", ""))
    for code in former:
        if not GSS_CODE.match(code):
            raise ReferenceDataError(f"{where}: former GSS code {code!r} is not a council GSS code.")
    return AuthorityRow(
        line=line,
        name=name,
        gss_code=gss_code,
        council_name=council_name,
        people_family=_family(raw, "lgbf_people_family", where),
        other_family=_family(raw, "lgbf_other_family", where),
        collaborative=collaborative,
        former_gss_codes=former,
        name_variants=_split(raw.get("name_variants", "")),
    )


def _first_repeat(rows: list[AuthorityRow], key) -> tuple[AuthorityRow, str] | None:
    seen = set()
    for row in rows:
        for value in key(row):
            folded = value.casefold()
            if folded in seen:
                return row, value
            seen.add(folded)
    return None


def _check_whole_file(rows: list[AuthorityRow]) -> None:
    for label, key in (
        ("GSS code", lambda row: [row.gss_code]),
        ("name", lambda row: [row.name]),
        ("former GSS code", lambda row: [*row.former_gss_codes, row.gss_code]),
        ("name variant", lambda row: [v for v in row.name_variants if v.casefold() != row.name.casefold()]),
    ):
        repeat = _first_repeat(rows, key)
        if repeat:
            row, value = repeat
            raise ReferenceDataError(f"Row {row.line} ({row.name}): the {label} {value!r} is used by an earlier row.")
    if len(rows) != AUTHORITY_COUNT:
        raise ReferenceDataError(f"The file lists {len(rows)} authorities; Scotland has {AUTHORITY_COUNT}.")
    for label, attribute in (("children's", "people_family"), ("other", "other_family")):
        sizes = Counter(getattr(row, attribute) for row in rows)
        uneven = {
            number: sizes.get(number, 0) for number in FAMILY_GROUP_NUMBERS if sizes.get(number, 0) != FAMILY_GROUP_SIZE
        }
        if uneven:
            detail = ", ".join(f"group {number} has {count}" for number, count in uneven.items())
            raise ReferenceDataError(
                f"The {label} family groups must be 4 groups of {FAMILY_GROUP_SIZE} authorities: {detail}."
            )
    collaboratives = {row.collaborative for row in rows}
    if len(collaboratives) != COLLABORATIVE_COUNT:
        raise ReferenceDataError(
            f"The file names {len(collaboratives)} collaboratives; Scotland has {COLLABORATIVE_COUNT}: "
            f"{', '.join(sorted(collaboratives))}."
        )
