"""Every service that takes the acting person (`by`) records an entry in the audit log (core.audit): it is decorated
with `audited`, or calls `audit.record` itself, or is listed below with the reason it records nothing of its own.

The walk reads every module of the application (not views, migrations or tests) and finds each function with a
`by` parameter, so a new service taking `by` without recording fails here.
"""

import ast
import importlib
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("core", "authorities", "reviews", "surveys", "reports", "quads")

# function (module:qualified name) -> why it records nothing of its own
EXEMPT = {
    "core.audit:record": "it is the recording itself",
    "reports.services:_record": "private: the report's own list of events; its callers record the audit entry",
    "core.history:recorded_by": "a helper: marks who made a change for django-simple-history",
    "core.personal_data:erasure_refused": "only checks whether an erasure may be made; changes nothing",
    "reviews.services:_create_with_hosts": "private: its callers (schedule_visit, import_visits) record",
    "reviews.services:_set_status": "private: confirm, complete and cancel_visit record",
    "reviews.services:add_new_person_to_team": "adds the place through add_team_member, which records it",
    "reviews.services:import_visits_from_upload": "imports through import_visits, which records it",
    "reviews.programmes:add_cycle_phase": "adds the phase through add_phase, which records it",
    "reviews.team_building:add_pasted_people": "adds each place through add_team_member, which records it",
    "reports.actions:_held_session": "private: record_follow_up records the session",
    "quads.services:start_cycle": "creates the cycle's programme through create_programme, which records it",
}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if {"migrations", "views", "management", "templatetags"} & set(parts):
                continue
            yield ".".join(parts).removesuffix(".__init__"), path


def _takes_by(node) -> bool:
    arguments = node.args
    return any(a.arg == "by" for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs)


def _calls_record(node) -> bool:
    """Its body calls `audit.record(...)` (or `record(...)` imported from core.audit)."""
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == "record" and getattr(func.value, "id", "") == "audit":
                return True
    return False


def services_taking_by(modules=None) -> list[tuple[str, str, ast.AST]]:
    found = []
    for name, path in modules or _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and _takes_by(node):
                found.append((name, node.name, node))
            if isinstance(node, ast.ClassDef):
                for method in node.body:
                    if isinstance(method, ast.FunctionDef) and _takes_by(method):
                        found.append((name, f"{node.name}.{method.name}", method))
    return found


def unrecorded(found) -> list[str]:
    missing = []
    for module_name, qualname, node in found:
        key = f"{module_name}:{qualname}"
        if key in EXEMPT:
            continue
        function = importlib.import_module(module_name)
        for part in qualname.split("."):
            function = getattr(function, part)
        if not getattr(function, "audited", False) and not _calls_record(node):
            missing.append(key)
    return missing


def test_every_service_taking_by_records_an_audit_entry():
    found = services_taking_by()

    assert len(found) > 60  # the walk sees the services, not an empty tree
    assert unrecorded(found) == []


def test_every_exemption_names_a_function_that_exists():
    keys = {f"{module}:{qualname}" for module, qualname, _ in services_taking_by()}

    assert set(EXEMPT) - keys == set()


def test_a_new_service_taking_by_without_recording_fails_the_walk(tmp_path, monkeypatch):
    package = tmp_path / "audit_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "services.py").write_text(
        "from core.audit import audited\n\n\n"
        "def forgets(*, thing, by):\n    thing.save()\n\n\n"
        "@audited('probe.done', 'Did {thing}')\n"
        "def remembers(*, thing, by):\n    thing.save()\n\n\n"
        "def records(*, thing, by):\n    from core import audit\n\n"
        "    audit.record(by=by, kind='probe.done', summary='Did it')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    found = services_taking_by([("audit_probe.services", package / "services.py")])

    assert [qualname for _, qualname, _ in found] == ["forgets", "remembers", "records"]
    assert unrecorded(found) == ["audit_probe.services:forgets"]


@pytest.mark.parametrize("key", sorted(EXEMPT))
def test_an_exemption_says_why(key):
    assert len(EXEMPT[key]) > 20
