"""What the authorities services record in the audit log (core.audit)."""

from core.audit import audited

from .second_factor import next_step


def _names(specialisms) -> str:
    return ", ".join(specialism.name for specialism in specialisms) or "none"


def _role(values) -> str:
    area = values["collaborative"] or values["authority"]
    label = values["kind"].label
    if values["person"] is None:
        return f"Recorded that nobody holds the role of {label} for {area}"
    return f"Recorded {values['person'].full_name} as {label} for {area}"


password_link_sent = audited(
    "person.password_link.sent",
    lambda v: f"Sent {v['person'].full_name} a link to set their password" if v["result"] else "",
    label="Password link sent",
    about=["person"],
)
specialism_saved = audited(
    "specialism.saved", "Saved the specialism {result}", label="Specialism saved", about=["result"]
)
specialism_deleted = audited(
    "specialism.deleted", "Deleted the specialism {specialism.name}", label="Specialism deleted"
)
specialisms_set = audited(
    "person.specialisms.set",
    lambda v: f"Recorded the specialisms of {v['person'].full_name}: {_names(v['result'])}",
    label="Specialisms recorded",
    about=["person"],
)
regional_role_set = audited(
    "regional_role.set",
    _role,
    label="Regional role recorded",
    about=lambda v: [v["person"], v["authority"]],
)
link_declared = audited(
    "person.link.declared",
    lambda v: f"{v['person'].full_name} declared a link: {v['result']}",
    label="Link to an authority declared",
    about=lambda v: [v["person"], v["authority"]],
)
link_removed = audited(
    "person.link.removed",
    "{link.person.full_name} removed their declared link to {link.authority}",
    label="Declared link removed",
    about=lambda v: [v["link"].person, v["link"].authority],
)
second_factor_reset = audited(
    "person.second_factor.reset",
    lambda v: (
        f"{v['by'].full_name} reset the second factor of {v['person'].full_name} "
        f"({' and '.join(v['result'])} removed): {next_step(v['person'])}"
    ),
    label="Second factor reset",
    about=["person"],
)
identity_provider_saved = audited(
    "identity_provider.saved",
    lambda v: (
        f"{'Changed' if v['provider'] else 'Added'} the organisation sign-in {v['result'].name} "
        f"({v['result'].slug}, for {v['result'].email_domains})"
        if v["result"] is not None
        else ""
    ),
    label="Organisation sign-in saved",
    about=lambda v: [v["result"], v["result"].organisation],
)
identity_provider_deactivated = audited(
    "identity_provider.deactivated",
    "Turned off the organisation sign-in {provider.name}",
    label="Organisation sign-in turned off",
    about=lambda v: [v["provider"], v["provider"].organisation],
)
