"""Every write to authorities, organisations and people, one module per process: reference (loading the reference
data), people (accounts), records (specialisms, regional roles), declared_links (a person's own), password_links.
The names most callers use are here too: `services.create_person(...)`."""

from .people import create_person
from .reference import DEFAULT_AUTHORITIES_FILE, SPECIALISMS_FILE, LoadResult, load_authorities, load_specialisms

__all__ = [
    "DEFAULT_AUTHORITIES_FILE",
    "SPECIALISMS_FILE",
    "LoadResult",
    "create_person",
    "load_authorities",
    "load_specialisms",
]
