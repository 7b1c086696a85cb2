"""What surveys adds to the pages of apps below it (core.links; its page sections are in views/)."""

from django.urls import reverse

from reviews.models import Phase, Programme, Visit


def survey_teams(objects) -> dict:
    """{pk: (text, url)}: the link to survey the team of a visit, or every team of a phase or a programme."""
    url = reverse("surveys:round-create")
    found = {}
    for obj in objects:
        if isinstance(obj, Visit):
            found[obj.pk] = ("Survey the team", f"{url}?visit={obj.pk}")
        elif isinstance(obj, Phase):
            found[obj.pk] = (f"Survey every team in {obj.name}", f"{url}?phase={obj.pk}")
        elif isinstance(obj, Programme):
            found[obj.pk] = ("Survey every team", f"{url}?programme={obj.pk}")
    return found
