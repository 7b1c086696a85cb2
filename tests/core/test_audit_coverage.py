"""Every service that changes something takes the acting person (`by`), and every service taking `by` records an
entry in the audit log (core.audit): it is decorated with `audited`, or calls `audit.record` itself, or is listed
below with the reason it records nothing of its own.

The walk reads every module of the application (not views, management commands, migrations, template tags, tasks or
tests) and finds each function with a `by` parameter, so a new service taking `by` without recording fails here; and
each public function that writes (decorated with `transaction.atomic`, or calling `.save(`, `.create(`, `.delete(`,
`.update(`, `bulk_create` and the like) without taking `by`, so a new service changing something on someone's behalf
without saying who fails too, unless SYSTEM_JOBS says why it is the portal's own work.
"""

import ast
import importlib
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("core", "authorities", "reviews", "surveys", "reports", "quads", "office")

# function (module:qualified name) -> why it records nothing of its own
EXEMPT = {
    "core.audit:record": "it is the recording itself",
    "core.downloads:record_download": "it is a record itself: the downloads list ADES officers read, not a change",
    "reports.services.drafting:_record": "private: the report's own list of events; its callers record the audit entry",
    "core.history:recorded_by": "a helper: marks who made a change for django-simple-history",
    "office.services.erasure:erasure_refused": "only checks whether an erasure may be made; changes nothing",
    "reviews.services.visits:_create_with_hosts": "private: its callers (schedule_visit, import_visits) record",
    "reviews.services.visits:_set_status": "private: confirm, complete and cancel_visit record",
    "reviews.services.teams:add_new_person_to_team": "adds the place through add_team_member, which records it",
    "reviews.services.importing:import_visits_from_upload": "imports through import_visits, which records it",
    "reviews.services.programmes:add_cycle_phase": "adds the phase through add_phase, which records it",
    "reviews.services.team_building:add_pasted_people": "adds each place through add_team_member, which records it",
    "reports.services.actions:_held_session": "private: record_follow_up records the session",
    "quads.services.cycles:start_cycle": "creates the cycle's programme through create_programme, which records it",
    "quads.services.quads:accept_suggestion": "stores each Quad through save_quad, which records it",
    "quads.services.meetings:schedule_meeting": "schedules through reviews' schedule_visit and links through "
    "link_meeting, which record",
}

# a public function that writes without taking `by` -> why it is the portal's own work, not a person's change
SYSTEM_JOBS = {
    "core.personal_records:end_sessions": "part of an erasure or a second factor's reset, each of which records itself",
    "core.audit:forget": "part of closing a survey round (its chasing emails and entries go), which records the close",
    "core.documents:render_stored": "a rendering task: stores a rendered document, the same for anyone",
    "office.erasure_files:rename_files": "erasure's own internals: erase_person records the erasure",
    "office.erasure_files:undo_on_failure": "erasure's own internals: puts files back when the erasure fails",
    "office.erasure_files:forget_rendered_documents": "erasure's own internals: drops renders that may hold the name",
    "office.erasure_review:remove_where_no_page_edits": "erasure internals: names alone where no page edits, if asked",
    "core.freshness:fragment": "a cache of rendered page parts; changes no record",
    "core.mail:queue_email": "queues an email for a change its caller records; the email is its own record",
    "core.mail:deliver": "the worker sending queued email; the email keeps its own delivery record",
    "office.erasure_text:replace_everywhere": "erasure's own internals: erase_person records the erasure",
    "authorities.personal_data:sections": "declares personal data at start-up; the erase hooks run inside erasure",
    "authorities.services.reference:load_specialisms": "loads reference data at release",
    "reviews.services.induction:mark_read": "a person's own read receipt: it records who read which pack, and when",
    "reviews.services.programmes:theme_named": "finds or makes a theme for an import its caller records",
    "reviews.services.importing:load_ci_programme": "loads reference data at release",
    "reviews.services.visits:calendar_feed_for": "makes a person's private calendar feed key on first look; no change",
    "surveys.services.links:forget_chasing_emails": "a survey round's release forgets who was chased: never audited",
    "surveys.personal_data:clear_closed_links": "retention: clears closed rounds' links on schedule",
    "surveys.personal_data:clear_links": "erasure's own internals: erase_person records the erasure",
    "surveys.services.release:count_released": "a task counting a closed round's anonymous answers",
    "surveys.services.questionnaires:load_ci_questionnaire": "loads reference data at release",
    "surveys.services.questionnaires:load_questions": "loads reference data at release",
    "surveys.services.responses:submit_response": "survey answers are anonymous: submitting one is never audited",
    "surveys.services.responses:create_counters": "the anonymous answer counters of a round; part of its release",
    "surveys.services.responses:redact_sealed": "erasure's own internals: erase_person records the erasure",
    "surveys.services.stakeholders:load_questionnaire": "loads reference data at release",
    "reports.services.actions:send_action_reminders": "scheduled reminders; each email keeps its own record",
    "reports.services.follow_ups:propose": "part of publish_report, which records the publication",
    "reports.services.follow_ups:send_reminders": "scheduled reminders; each email keeps its own record",
    "reports.services.national:replace_impact": "part of save_draft, which records the draft saved",
    "reports.published:make_public": "part of publishing (the publish task), which publish_report records",
    "reports.published:make_private": "part of withdraw_report, which records the withdrawal",
    "reports.services.case_studies:load_case_studies": "loads reference data at release",
    "reports.services.national:load_first_example": "loads reference data at release",
    "reports.services.sign_off:ask": "part of submit_report, which records the submission",
}


WRITES = {
    "save",
    "create",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "update_or_create",
    "get_or_create",
    "set",
}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if {"migrations", "views", "management", "templatetags", "tasks"} & set(parts):
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


def _writes(node) -> bool:
    """Decorated with `transaction.atomic`, or calls a method that writes (`.save(`, `.create(`, `bulk_create`...)."""
    if any("atomic" in ast.unparse(decorator) for decorator in node.decorator_list):
        return True
    calls = (call for call in ast.walk(node) if isinstance(call, ast.Call))
    return any(isinstance(call.func, ast.Attribute) and call.func.attr in WRITES for call in calls)


def _is_view(node) -> bool:
    arguments = node.args.posonlyargs + node.args.args
    return bool(arguments) and arguments[0].arg == "request"


def writers_without_by(modules=None) -> list[str]:
    """Public module-level functions that write and take no `by` (a function taking the request first is a view,
    wherever it is written)."""
    found = []
    for name, path in modules or _modules():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or _is_view(node):
                continue
            if not _takes_by(node) and _writes(node):
                found.append(f"{name}:{node.name}")
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


def test_every_service_that_writes_takes_by_or_is_a_system_job():
    found = writers_without_by()

    assert len(found) > 20  # the walk sees the writers, not an empty tree
    assert sorted(set(found) - set(SYSTEM_JOBS)) == []


def test_every_system_job_names_a_writer_without_by():
    assert sorted(set(SYSTEM_JOBS) - set(writers_without_by())) == []


def test_a_new_service_writing_without_by_fails_the_walk(tmp_path):
    path = tmp_path / "services.py"
    path.write_text(
        "from django.db import transaction\n\n\n"
        "@transaction.atomic\ndef quietly(*, thing):\n    thing.name = 'x'\n\n\n"
        "def saves(thing):\n    thing.save()\n\n\n"
        "def deletes(things):\n    things.all().delete()\n\n\n"
        "def says_who(*, thing, by):\n    thing.save()\n\n\n"
        "def reads(thing):\n    return thing.name\n\n\n"
        "def _private(thing):\n    thing.save()\n\n\n"
        "def a_view(request, pk):\n    request.session.save()\n"
    )

    found = writers_without_by([("probe.services", path)])

    assert found == ["probe.services:quietly", "probe.services:saves", "probe.services:deletes"]


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


@pytest.mark.parametrize("key", sorted(SYSTEM_JOBS))
def test_a_system_job_says_why(key):
    assert len(SYSTEM_JOBS[key]) > 20


def test_submitting_a_survey_answer_never_says_who():
    from surveys.services import responses

    found = services_taking_by([("surveys.services.responses", ROOT / "surveys" / "services" / "responses.py")])

    assert "submit_response" not in [qualname for _, qualname, _ in found]
    assert not getattr(responses.submit_response, "audited", False)
