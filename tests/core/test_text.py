"""Typed text loses Unicode's direction controls before it is saved (core/text.py): every save of the portal's own
models, the bulk writes of text (checked here from the source), uploaded tables as they are read; LRM and RLM stay,
and other apps' models are left as they are."""

import ast
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.exports import csv_safe, is_formula_like
from core.models import MessageTemplate
from core.text import TEXT_FIELDS, without_direction_controls
from core.uploads import read_csv
from reports.models import CaseStudy
from reviews.models import Theme, Visit
from tests.factories import PersonFactory, ThemeFactory, VisitFactory
from tests.tree import LAYERS, ROOT, modules

CONTROLS = {
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
}


@pytest.mark.parametrize("name", CONTROLS)
def test_each_embedding_override_and_isolate_is_removed(name):
    assert without_direction_controls(f"Report {CONTROLS[name]}title{CONTROLS[name]}") == "Report title"


def test_marks_and_everything_else_are_kept():
    text = "\u200fنور\u200e (Nour), line one\nline two\tend \u061c\u200b"  # RLM, LRM, ALM, a zero-width space

    assert without_direction_controls(text) == text


def test_the_trojan_source_line_reads_as_it_is():
    assert without_direction_controls('if role != "user\u202e \u2066// admin only\u2069 \u2066"') == (
        'if role != "user // admin only "'
    )


# Every save of the portal's own models


def test_a_saved_name_keeps_no_direction_control_in_the_row_or_its_history(reference):
    theme = ThemeFactory(name="\u202eevil", slug="evil")
    person = PersonFactory(full_name="\u2067Layla\u2069 \u200fحداد")

    assert Theme.objects.values_list("name", flat=True).get(pk=theme.pk) == "evil"
    assert theme.name == "evil"
    assert type(person).objects.values_list("full_name", flat=True).get(pk=person.pk) == "Layla \u200fحداد"
    assert list(theme.history.values_list("name", flat=True)) == ["evil"]  # django-simple-history's copy too


def test_a_core_model_saved_through_update_or_create_is_plain(db):
    MessageTemplate.objects.update_or_create(
        key="x", defaults={"subject": "Visit \u202eon Tuesday", "body": "Line\u2066 one\u2069"}
    )

    assert MessageTemplate.objects.values_list("subject", "body").get() == ("Visit on Tuesday", "Line one")


def test_strings_inside_a_json_field_are_plain_and_its_keys_and_numbers_untouched(reference):
    visit = VisitFactory(focus_areas=["\u202eLiteracy", "Numeracy\u2069", "\u200fקריאה"])
    case_study = CaseStudy.objects.create(
        slug="case",
        visit=visit,
        source="\u2066Final report\u2069",
        source_year=2025,
        account=[{"paragraph": "\u202eWe met"}, {"bullets": ["\u2067one", "two"]}],
        impact=[{"measure": "Destinations", "baseline_value": "94.1", "rank": 3, "kept": None, "\u202ekey": "x"}],
    )

    assert Visit.objects.values_list("focus_areas", flat=True).get(pk=visit.pk) == [
        "Literacy",
        "Numeracy",
        "\u200fקריאה",
    ]
    assert CaseStudy.objects.values_list("source", "account", "impact").get(pk=case_study.pk) == (
        "Final report",
        [{"paragraph": "We met"}, {"bullets": ["one", "two"]}],
        [{"measure": "Destinations", "baseline_value": "94.1", "rank": 3, "kept": None, "\u202ekey": "x"}],
    )
    assert visit.history.values_list("focus_areas", flat=True).first() == ["Literacy", "Numeracy", "\u200fקריאה"]


def test_another_apps_model_keeps_the_text_as_given(db):
    """Django's, allauth's and axes' own models look rows up by the text they were given: theirs are left alone."""
    group = Group.objects.create(name="\u202eadmins")

    assert Group.objects.values_list("name", flat=True).get(pk=group.pk) == "\u202eadmins"


def test_a_field_that_was_not_loaded_is_not_read_to_be_made_plain(db):
    MessageTemplate.objects.create(key="y", subject="Subject", body="Body")
    template = MessageTemplate.objects.only("pk", "key", "subject").get()
    template.subject = "\u202eChanged"

    with CaptureQueriesContext(connection) as queries:
        template.save()

    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["UPDATE"]
    assert MessageTemplate.objects.values_list("subject", "body").get() == ("Changed", "Body")


# Checks see what is stored; uploaded tables are read plain


def test_a_form_checks_the_text_that_will_be_stored_so_a_copy_behind_an_override_is_told_beside_its_field(
    client, ades_officer
):
    """Without the middleware the form would pass "\u202eInclusion" as a new name and the save, making it plain,
    would meet the unique name: a 500 instead of a message."""
    ThemeFactory(name="Inclusion")
    client.force_login(ades_officer)

    copy = client.post(reverse("reviews:theme-create"), {"name": "\u202eInclusion\u202c", "submission_key": "a"})
    blank = client.post(reverse("reviews:theme-create"), {"name": "\u2066\u2069", "submission_key": "b"})

    assert copy.context["form"].errors == {"name": ["There is a theme called Inclusion already."]}
    assert blank.context["form"].errors == {"name": ["Enter the theme's name."]}
    assert list(Theme.objects.values_list("name", flat=True)) == ["Inclusion"]


def test_a_multipart_forms_text_arrives_plain_and_its_file_whole(rf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.middleware import PlainTypedTextMiddleware

    upload = SimpleUploadedFile("a.csv", "title\n\u202ekept in the file\n".encode())
    request = rf.post("/", {"note": ["\u202eone", "two\u2069"], "file": upload})
    seen = {}
    PlainTypedTextMiddleware(lambda request: seen.update(post=request.POST, file=request.FILES["file"].read()))(request)

    assert seen["post"].getlist("note") == ["one", "two"]
    assert seen["file"] == "title\n\u202ekept in the file\n".encode()  # the import reads it plain (core/uploads.py)


def test_a_formula_behind_a_direction_control_is_still_a_formula():
    assert (is_formula_like("\u202e=HYPERLINK(1)"), is_formula_like("\u2066Fife")) == (True, False)
    assert csv_safe("\u2066@SUM(A1)") == "'\u2066@SUM(A1)"


def test_an_uploaded_csv_is_read_without_direction_controls():
    header, rows = read_csv("ti\u202etle,theme\n\u2066Curriculum\u2069 design,\u200fAttendance\n".encode())

    assert (header, rows) == (["title", "theme"], [(2, {"title": "Curriculum design", "theme": "\u200fAttendance"})])


def test_no_data_file_the_portal_loads_holds_a_direction_control():
    """The reference loaders compare a file's text with what they stored: a file with a control would seem changed
    at every load."""
    holding = []
    for app in LAYERS:
        for path in sorted((ROOT / app / "data").rglob("*")):
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                if path.suffix == ".json":
                    text = json.dumps(json.loads(text), ensure_ascii=False)
                if without_direction_controls(text) != text:
                    holding.append(str(path.relative_to(ROOT)))

    assert holding == []


def test_the_portal_s_own_apps_are_the_layers():
    assert settings.PORTAL_APPS == LAYERS
    assert [label for label in settings.PORTAL_APPS if not apps.is_installed(label)] == []


# Bulk writes send no signal: one of text is made plain by its service


CLEANERS = {"remove_direction_controls", "without_direction_controls"}
MANAGERS = {"objects", "_base_manager", "_default_manager"}
# Text fields a bulk write may carry as they are: the portal writes them, nobody types them.
NOBODY_TYPES = {
    "core.AuditSubject.object_id": "the key of a row an audit entry is about",
    "surveys.Invitation.token": "a random token, or none once it is cleared",
    "surveys.AnswerCounter.respondent_kind": "one of the kinds of respondent the round counts",
    "surveys.RespondentCounter.respondent_kind": "one of the kinds of respondent the round counts",
}


def _typed(model) -> set[str]:
    return {
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT_FIELDS) and not f.primary_key and not f.choices
        if f"{model._meta.label}.{f.name}" not in NOBODY_TYPES
    }


def _models(call: ast.Call) -> list:
    """The portal's models a bulk write's manager (`Model.objects`, `Model._base_manager`) is on; every one of them
    when the manager is not read so plainly."""
    manager = call.func.value
    plainly = isinstance(manager, ast.Attribute) and manager.attr in MANAGERS and isinstance(manager.value, ast.Name)
    portal = [model for model in apps.get_models() if model._meta.app_label in settings.PORTAL_APPS]
    return [model for model in portal if plainly and model.__name__ == manager.value.id] or portal


def _written(call: ast.Call, names: set[str]) -> set[str] | None:
    """The fields a bulk write sets: bulk_update's list, or the keywords of the objects bulk_create is given when
    they are made in the call (None when that cannot be read: a list made elsewhere, a `**row`)."""
    if call.func.attr == "bulk_update":
        fields = (
            call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "fields"), None)
        )
        if isinstance(fields, ast.List | ast.Tuple) and all(isinstance(e, ast.Constant) for e in fields.elts):
            return {e.value for e in fields.elts}
        return None
    made = [
        node
        for node in ast.walk(call.args[0])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
    ]
    keywords = [keyword.arg for node in made for keyword in node.keywords]
    return set(keywords) if made and None not in keywords else None


def bulk_writes_of_unplain_text(root: Path = ROOT) -> list[str]:
    found = []
    for _, relative, tree in modules(root, LAYERS):
        for call in ast.walk(tree):
            if not (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr in {"bulk_create", "bulk_update"}
                and call.args
            ):
                continue
            models = _models(call)
            typed = set().union(*(_typed(model) for model in models))
            written = _written(call, {model.__name__ for model in models})
            cleaned = any(isinstance(n, ast.Name) and n.id in CLEANERS for n in ast.walk(call.args[0]))
            if typed & (typed if written is None else written) and not cleaned:
                found.append(f"{relative}:{call.lineno}: {ast.unparse(call.func)}")
    return found


def test_every_bulk_write_of_typed_text_makes_it_plain():
    assert bulk_writes_of_unplain_text() == []


def test_each_field_nobody_types_is_a_text_field_of_the_portal():
    fields = [apps.get_model(label)._meta.get_field(name) for label, name in (k.rsplit(".", 1) for k in NOBODY_TYPES)]

    assert [f for f in fields if not isinstance(f, TEXT_FIELDS) or f.model._meta.app_label not in LAYERS] == []


def test_the_bulk_write_check_finds_text_written_as_typed(tmp_path):
    (tmp_path / "reports" / "services").mkdir(parents=True)
    (tmp_path / "reports" / "services" / "x.py").write_text(
        "Finding.objects.bulk_create([Finding(visit=v, kind=k, position=1, text=t) for t in items])\n"
        "Finding.objects.bulk_create(remove_direction_controls(Finding(text=t)) for t in items)\n"
        "FollowUp.objects.bulk_create([FollowUp(visit=v, status=s, planned_on=d)])\n"
        "Grade.objects.bulk_update(grades, ['evidence', 'updated_at'])\n"
        "Grade.objects.bulk_update(grades, ['level'])\n"
        "Invitation.objects.bulk_update(cleared, ['token'])\n"
        "DaySession.objects.bulk_create(sessions)\n"
        "model._base_manager.bulk_update(changed, ['count'])\n"
        "model._base_manager.bulk_create(rows)\n"
    )

    assert bulk_writes_of_unplain_text(root=tmp_path) == [
        "reports/services/x.py:1: Finding.objects.bulk_create",
        "reports/services/x.py:4: Grade.objects.bulk_update",
        "reports/services/x.py:7: DaySession.objects.bulk_create",
        "reports/services/x.py:9: model._base_manager.bulk_create",
    ]


def test_a_password_is_left_exactly_as_typed_and_the_csrf_check_still_holds(rf, client, reference):
    """A password is compared, not shown or stored as typed; and the form the middleware rewrites still carries the
    token the CSRF check reads."""
    from django.test import Client

    from core.middleware import PlainTypedTextMiddleware

    request = rf.post("/", {"password": "\u202epass", "oldpassword": "a\u2066b", "name": "\u202en"})
    seen = {}
    PlainTypedTextMiddleware(lambda request: seen.update(post=request.POST))(request)
    guarded = Client(enforce_csrf_checks=True)
    page = guarded.get("/accounts/sign-in/")
    token = page.cookies["csrftoken"].value
    signed = guarded.post(
        "/accounts/sign-in/", {"username": "\u202enobody@example.scot", "password": "x", "csrfmiddlewaretoken": token}
    )

    assert (seen["post"]["password"], seen["post"]["oldpassword"], seen["post"]["name"]) == (
        "\u202epass",
        "a\u2066b",
        "n",
    )
    assert signed.status_code == 200  # the form answered (a wrong password), not refused by the CSRF check (403)
    assert "The email address or password is not right. Check them and try again." in signed.content.decode()
    assert 'value="nobody@example.scot"' in signed.content.decode()  # the address kept, plain


def test_a_filter_shown_back_on_a_public_page_carries_no_direction_control(client, reference):
    page = client.get("/reports/", {"q": "\u202eabc\u2066", "authority": "\u202enowhere"})

    body = page.content.decode()
    assert ("\u202e" in body, "\u2066" in body) == (False, False)
    assert page.context["form"].data["q"] == "abc"
