"""The health probes' paths, named once: core.middleware answers them first, and gunicorn's access log (core.gunicorn)
leaves them out. No Django import, so gunicorn's logger can read them before Django is set up."""

DATABASE = "/healthz"
TASKS = "/healthz/tasks"
PATHS = (DATABASE, TASKS)
