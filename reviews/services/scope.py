"""Reviews below authority level: the establishments or the cluster of a host authority a visit focuses on, added and
removed by those who set up the visit (ADES officers and the host's officers). A visit with none is authority-wide."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import audit_trail
from ..models import FocusEstablishment, Visit


@audit_trail.focus_establishment_added
@transaction.atomic
def add_focus(*, visit: Visit, kind: str, name: str, seed_code: str = "", host=None, by) -> FocusEstablishment:
    """An establishment or cluster on the visit; `host` is required when the visit has several host authorities and
    must be one of them. Raises ValidationError, naming the field, on bad input; nothing is then saved."""
    hosts = list(visit.hosts.all())
    if host is None and len(hosts) == 1:
        host = hosts[0]
    if host is None:
        raise ValidationError({"host": "Choose which host authority it belongs to."})
    if host not in hosts:
        raise ValidationError({"host": "Choose one of the visit's host authorities."})
    if seed_code and visit.focus_establishments.filter(seed_code=seed_code).exists():
        raise ValidationError({"seed_code": f"SEED code {seed_code} is already on this visit."})
    name = name.strip()
    if visit.focus_establishments.filter(kind=kind, name__iexact=name).exists():
        raise ValidationError({"name": f"{name} is already on this visit."})
    place = FocusEstablishment(visit=visit, kind=kind, name=name, seed_code=seed_code, host=host)
    place.full_clean()
    place.save()
    return place


@audit_trail.focus_establishment_removed
@transaction.atomic
def remove_focus(*, place: FocusEstablishment, by) -> None:
    place.delete()
