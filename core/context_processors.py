from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }


_sections: dict[tuple[str, str], str] = {}  # (URL namespace, URL name prefix): the menu section it belongs to


def register_menu_section(section: str, *prefixes: str, namespace: str) -> None:
    """An app's pages (URL `namespace`) whose URL names start with one of `prefixes` mark `section` in the main menu
    (its hooks.py says so; "" claims every page of the namespace); any other page marks its URL namespace."""
    for prefix in prefixes:
        _sections[namespace, prefix] = section


def navigation(request):
    """Which part of the main menu the page belongs to, so the menu marks it."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"section": ""}
    for (namespace, prefix), section in _sections.items():
        if match.namespace == namespace and (match.url_name or "").startswith(prefix):
            return {"section": section}
    return {"section": match.namespace}
