"""gunicorn's access log (the Procfile's `web` line), without query strings, link secrets or health probes.

Every line leaves out the query string (a search can hold a name) from the request line, the path and the
referrer, and writes the secret of any link that is its own key (registered with core/scrub.py) as `[link]`.
A survey link's line has no address either: a logged `POST /s/<key>/` beside an address would tie an answer to a
network, which the survey pages promise is not kept. `/healthz` and `/healthz/tasks` write no line: a monitor
probing every few seconds would bury the requests people make.

gunicorn's own error log ("Error handling request /s/<key>/?q=…") goes through the same cleaning, message and
arguments alike, so a worker's crash writes no query string or link secret either.
"""

from gunicorn.glogging import Logger

from .probes import PATHS as PROBES
from .scrub import is_survey_link, without_keys, without_query

URL_ATOMS = ("r", "U", "f")


def _clean(value):
    return without_keys(without_query(value)) if isinstance(value, str) else value


class PortalLogger(Logger):
    def _log(self, level: str, msg, *args, **kwargs):
        text = str(msg) % args if args else str(msg)
        getattr(super(), level)(_clean(text), **kwargs)  # no arguments left, so no second formatting

    def critical(self, msg, *args, **kwargs):
        self._log("critical", msg, *args, **kwargs)

    def error(self, msg, *args, **kwargs):
        self._log("error", msg, *args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        self._log("warning", msg, *args, **kwargs)

    def info(self, msg, *args, **kwargs):
        self._log("info", msg, *args, **kwargs)

    def exception(self, msg, *args, **kwargs):
        self._log("exception", msg, *args, **kwargs)

    def access(self, resp, req, environ, request_time):
        if (environ.get("PATH_INFO") or "").rstrip("/") in PROBES:
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in URL_ATOMS:
            atoms[name] = _clean(atoms.get(name))
        atoms["q"] = "-"
        for name in [name for name in atoms if name.startswith("{") and name[-2:] in ("}i", "}e")]:
            atoms[name] = _clean(atoms[name])  # request headers (the referrer) and the environment (RAW_URI)
        if is_survey_link(environ.get("PATH_INFO") or ""):
            atoms["h"] = "-"
        return atoms
