"""Who may do what with authorities, organisations and people."""

import rules

from .choices import Role


@rules.predicate
def is_ades_officer(user):
    return user.is_authenticated and user.is_active and user.role == Role.ADES_OFFICER


@rules.predicate
def is_authority_officer(user):
    return user.is_authenticated and user.is_active and user.role == Role.AUTHORITY_OFFICER


@rules.predicate
def is_officer_of_authority(user, authority):
    return is_authority_officer(user) and authority is not None and user.organisation.authority_id == authority.pk


# Emails still waiting to be sent or that could not be sent: they name people, so only ADES officers see them.
rules.add_perm("core.manage_outbox", is_ades_officer)

# The audit log: who changed what, and when, across the portal.
rules.add_perm("core.read_audit_log", is_ades_officer)

# Personal data: finding a person, exporting and erasing what is held about them, and who downloaded what.
rules.add_perm("core.manage_personal_data", is_ades_officer)

# Data maintenance (Django's admin): technical staff's, for repairs and reference data without a page of its own.
rules.add_perm("core.maintain_data", rules.is_superuser & rules.is_active)

# The wording of the portal's emails.
rules.add_perm("core.manage_messages", is_ades_officer)

# The reference records kept in the portal's own pages: specialisms and who holds them, regional roles, and the
# index of every kind of reference record.
rules.add_perm("authorities.manage_reference", is_ades_officer)

# Resetting another person's second factor (they enrol again at their next sign-in). The service also asks that the
# officer has a second factor of their own, and never resets their own.
rules.add_perm("authorities.reset_second_factor", is_ades_officer)
# The organisations' own sign-ins (OpenID Connect identity providers): adding, changing and turning them off.
rules.add_perm("authorities.manage_identity_providers", is_ades_officer)
