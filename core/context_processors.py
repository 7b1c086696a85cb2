from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }


SECTIONS = {
    "self-evaluation": "self-evaluation",
    "framework": "self-evaluation",
    "my-visits": "my-visits",
    "network": "network",
    "theme-finder": "network",
    "dashboard": "actions",
    "action": "actions",
    "follow-up": "actions",
    # Running the portal and the pages it leads to.
    "running": "running",
    "outbox": "running",
    "messages": "running",
    "message-edit": "running",
    "people": "running",
    "person": "running",
    "downloads": "running",
}


def navigation(request):
    """Which part of the main menu the page belongs to, so the menu marks it."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"section": ""}
    for prefix, section in SECTIONS.items():
        if (match.url_name or "").startswith(prefix):
            return {"section": section}
    return {"section": match.namespace}
