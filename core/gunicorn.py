"""gunicorn's access log (the Procfile's `web` line), without what would tie a survey answer to a person.

A personal survey link's key names one invitation, so a logged `POST /s/<key>/` would say when that person
answered; a logged address beside `POST /v/<key>/` would keep the network address the stakeholder page promises is
not kept. For the survey links' paths the log keeps the method, status and time, with the key and the address left
out (and the key left out of the referrer on any line).
"""

from gunicorn.glogging import Logger

from .scrub import is_survey_link
from .scrub import without_keys as _without_keys


class PortalLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if is_survey_link(environ.get("PATH_INFO") or ""):
            atoms.update(h="-", r=_without_keys(atoms["r"]), U=_without_keys(atoms["U"]))
        atoms["f"] = _without_keys(atoms["f"])
        for name in [name for name in atoms if name.startswith("{") and name.endswith("}i")]:
            atoms[name] = _without_keys(atoms[name])  # request headers, such as the referrer
        return atoms
