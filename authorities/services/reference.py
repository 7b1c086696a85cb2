"""Loading the reference data: the authorities, their councils, the national organisations and specialisms."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from core import freshness
from core.text import remove_direction_controls

from ..choices import AliasKind, OrganisationKind
from ..models import Authority, AuthorityAlias, Collaborative, Organisation, Specialism
from ..reference import AuthorityRow, read_authorities

DEFAULT_AUTHORITIES_FILE = Path(__file__).resolve().parents[1] / "data" / "authorities.csv"

NATIONAL_ORGANISATIONS = (
    ("ADES", OrganisationKind.ADES),
    ("Education Scotland", OrganisationKind.EDUCATION_SCOTLAND),
    ("HM Inspectorate of Education", OrganisationKind.HMIE),
)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def _save_if_changed(model, lookup: dict, values: dict, result: LoadResult):
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        result.count("created")
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=[*changed, "updated_at"])
        result.count("updated")
    else:
        result.count("unchanged")
    return instance


def _sync_aliases(authority: Authority, row: AuthorityRow) -> None:
    wanted = {(AliasKind.NAME.value, value) for value in row.name_variants if value.casefold() != row.name.casefold()}
    wanted |= {(AliasKind.FORMER_GSS_CODE.value, code) for code in row.former_gss_codes}
    existing = {(alias.kind, alias.value): alias for alias in authority.aliases.all()}
    for key, alias in existing.items():
        if key not in wanted:
            alias.delete()
    AuthorityAlias.objects.bulk_create(
        remove_direction_controls(AuthorityAlias(authority=authority, kind=kind, value=value))
        for kind, value in sorted(wanted - existing.keys())
    )
    freshness.changed()  # bulk writes send no signals


def load_authorities(*, path: Path = DEFAULT_AUTHORITIES_FILE) -> LoadResult:
    """Load the 32 authorities, their groups and collaboratives; all rows are checked before any is written."""
    rows = read_authorities(path)
    result = LoadResult()
    with transaction.atomic():
        collaboratives = {
            name: _save_if_changed(Collaborative, {"name": name}, {"slug": slugify(name)}, LoadResult())
            for name in sorted({row.collaborative for row in rows})
        }
        for row in rows:
            authority = _save_if_changed(
                Authority,
                {"gss_code": row.gss_code},
                {
                    "name": row.name,
                    "slug": row.slug,
                    "council_name": row.council_name,
                    "people_family": row.people_family,
                    "other_family": row.other_family,
                    "collaborative": collaboratives[row.collaborative],
                },
                result,
            )
            _sync_aliases(authority, row)
            _save_if_changed(
                Organisation,
                {"authority": authority},
                {"name": row.council_name, "kind": OrganisationKind.LOCAL_AUTHORITY},
                LoadResult(),
            )
        for name, kind in NATIONAL_ORGANISATIONS:
            _save_if_changed(Organisation, {"name": name}, {"kind": kind}, LoadResult())
    return result


SPECIALISMS_FILE = Path(__file__).resolve().parents[1] / "data" / "specialisms.csv"


@transaction.atomic
def load_specialisms(*, path: Path = SPECIALISMS_FILE) -> int:
    """The specialisms teams are built from, with the words that call for each; returns how many there are."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # saved only where changed, so loading again adds nothing to their history
        _save_if_changed(
            Specialism,
            {"slug": slugify(row["name"])},
            {"name": row["name"].strip(), "keywords": row["keywords"].strip()},
            LoadResult(),
        )
    return len(rows)
