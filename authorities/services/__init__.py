"""Every write to authorities, organisations and people, one module per process: reference (loading the reference
data), people (accounts), records (specialisms, regional roles), declared_links (a person's own), password_links.
Callers import the process module: `from authorities.services import people`, then `people.create_person(...)`."""
