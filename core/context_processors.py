from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }


_sections: dict[str, str] = {}  # URL name prefix: the menu section it belongs to


def register_menu_section(section: str, *prefixes: str) -> None:
    """Pages whose URL names start with one of `prefixes` mark `section` in the main menu (an app's hooks.py says
    so for its own pages); any other page marks its URL namespace."""
    for prefix in prefixes:
        _sections[prefix] = section


def navigation(request):
    """Which part of the main menu the page belongs to, so the menu marks it."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"section": ""}
    for prefix, section in _sections.items():
        if (match.url_name or "").startswith(prefix):
            return {"section": section}
    return {"section": match.namespace}
