"""Frameworks and self-evaluations: import, draft, submit, lock, reopen; and the Quad's side-by-side view."""

import html
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from authorities.choices import Role
from authorities.models import Authority
from quads import selectors
from quads.models import Grade, SelfEvaluation
from quads.services import quads
from quads.services import self_evaluation as services
from surveys.choices import Purpose
from surveys.models import Question, Questionnaire
from tests.factories import PersonFactory, organisation

NORTH = ["Aberdeen City", "Aberdeenshire", "Orkney Islands", "Shetland Islands"]
QMIE2_TITLES = [
    "What key outcomes have we achieved?",
    "How well do we meet the needs of our stakeholders?",
    "How good is our delivery of education processes?",
    "How good is our management?",
    "How good is our leadership?",
    "What is our capacity for improvement?",
]


def _officer_of(name):
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__name=name))


@pytest.fixture
def framework(reference):
    return services.load_starting_framework()


@pytest.fixture
def ades(reference):
    return PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind="ades"))


def test_the_starting_framework_is_qmie2_labelled_as_a_start_and_loads_once(framework):
    assert services.load_starting_framework() == framework
    assert framework.purpose == Purpose.FRAMEWORK
    assert framework.name == "QMIE2 high-level questions (a starting framework)"
    assert list(framework.questions.values_list("code", "text", "kind")) == [
        (str(n), title, "scale6") for n, title in enumerate(QMIE2_TITLES, start=1)
    ]
    assert selectors.current_framework() == framework


def _csv(text: str):
    upload = io.BytesIO(text.encode())
    upload.name = "framework.csv"
    return upload


def test_framework_import_lists_every_bad_row_and_writes_nothing(client, ades, framework):
    client.force_login(ades)
    long_title = "x" * 301
    response = client.post(
        reverse("quads:framework-import"),
        {
            "name": "HGIOEA 2026",
            "submission_key": "a",
            "file": _csv(
                "code,title,guidance\n1.1,Outcomes,\n,No code,\n1.1,Twice,\n1.4,,\n"
                f"bad code!,Title,\n1.6,{long_title},\n"
            ),
        },
    )
    assert response.context["problems"] == [
        "Row 3: the code is empty.",
        "Row 4: the code 1.1 is used on row 2 as well.",
        "Row 5: the title is empty.",
        "Row 6: the code “bad code!” may use only letters, digits, dots and hyphens (20 at most).",
        "Row 7: the title is 301 characters long; 300 at most.",
    ]
    assert response.context["form"].errors == {"file": ["The file has 5 problems; nothing was imported."]}
    assert Questionnaire.objects.filter(purpose=Purpose.FRAMEWORK).count() == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"name,text\n1,Outcomes\n",
            "The file needs a heading row with the columns code and title "
            "(guidance, illustrations and rubric are optional).",
        ),
        (b"code,title\n", "The file has no indicators: add a row for each under the heading row."),
    ],
)
def test_framework_files_that_cannot_be_read_are_refused(content, problem):
    with pytest.raises(services.ImportProblems) as refused:
        services.read_indicators(content)
    assert refused.value.problems == [problem]


def test_a_framework_file_that_is_not_utf8_is_refused_as_unreadable():
    with pytest.raises(ValidationError) as refused:  # shown next to the file field (tests/core/test_uploads.py)
        services.read_indicators("code,title\n1,Caf\u00e9\n".encode("latin-1"))
    assert refused.value.messages == [
        "The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and try again."
    ]


def test_an_imported_framework_is_used_for_self_evaluations_started_after_it(client, ades, framework):
    client.force_login(ades)
    response = client.post(
        reverse("quads:framework-import"),
        {
            "name": "HGIOEA 2026",
            "submission_key": "b",
            "file": _csv(
                "Code,Title,Guidance\n1.1,Improvement in outcomes,Attainment and achievement\n"
                "2.3,Leadership of change,\n"
            ),
        },
        follow=True,
    )
    imported = Questionnaire.objects.get(name="HGIOEA 2026")
    assert response.redirect_chain[-1][0] == f"/self-evaluation/frameworks/{imported.slug}/"
    assert list(imported.questions.values_list("position", "code", "text", "guidance")) == [
        (1, "1.1", "Improvement in outcomes", "Attainment and achievement"),
        (2, "2.3", "Leadership of change", ""),
    ]
    assert selectors.current_framework() == imported
    orkney = Authority.objects.get(name="Orkney Islands")
    evaluation = services.start_self_evaluation(authority=orkney, cycle="2025-26", by=ades)
    assert evaluation.framework == imported
    assert evaluation.cycle == "2025–26"
    assert evaluation.grades.count() == 2


def _form_data(evaluation, *, action, levels=None, evidence=None, key="k"):
    data = {"action": action, "submission_key": key}
    for number, grade in enumerate(evaluation.grades.order_by("indicator__position"), start=1):
        pk = grade.indicator_id
        if levels and levels.get(number) is not None:
            data[f"level_{pk}"] = str(levels[number])
        data[f"evidence_{pk}"] = (evidence or {}).get(number, "")
        data[f"next_steps_{pk}"] = ""
    return data


def test_draft_submit_lock_and_reopen(client, framework, ades):
    officer = _officer_of("Orkney Islands")
    client.force_login(officer)
    orkney_url = reverse("quads:self-evaluation", args=["orkney-islands", "2025-26"])
    client.post(reverse("quads:self-evaluation-start", args=["orkney-islands", "2025-26"]))
    evaluation = SelfEvaluation.objects.get(authority__name="Orkney Islands", cycle="2025–26")

    # A draft keeps whatever is given, gaps and all.
    response = client.post(
        orkney_url, _form_data(evaluation, action="save", levels={1: 4}, evidence={1: "Attainment data"}), follow=True
    )
    assert "The draft is saved." in response.content.decode()
    first = Grade.objects.get(self_evaluation=evaluation, indicator__code="1")
    assert (first.level, first.evidence) == (4, "Attainment data")
    assert SelfEvaluation.objects.get(pk=evaluation.pk).status == "draft"

    # Submitting needs a grade and evidence for every indicator; the errors sit beside each field.
    response = client.post(
        orkney_url, _form_data(evaluation, action="submit", levels={1: 4, 2: 5}, evidence={1: "Data"}, key="k2")
    )
    errors = response.context["form"].errors
    assert len(errors) == 9  # five grades and five evidence, less indicator 1's two and 2's grade
    assert errors[f"level_{Question.objects.get(questionnaire=framework, code='3').pk}"] == [
        "Choose a grade for 3 before submitting."
    ]
    assert SelfEvaluation.objects.get(pk=evaluation.pk).status == "draft"

    everything = {n: f"Evidence {n}" for n in range(1, 7)}
    response = client.post(
        orkney_url,
        _form_data(evaluation, action="submit", levels=dict.fromkeys(range(1, 7), 4), evidence=everything, key="k3"),
        follow=True,
    )
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted"
    assert evaluation.submitted_by == officer
    assert "The self-evaluation is submitted." in response.content.decode()

    # Locked: a later post changes nothing.
    client.post(orkney_url, _form_data(evaluation, action="save", levels={1: 1}, evidence=everything, key="k4"))
    assert Grade.objects.get(self_evaluation=evaluation, indicator__code="1").level == 4
    with pytest.raises(services.Locked):
        services.save_grades(self_evaluation=evaluation, grades={}, by=officer)

    # Reopening needs a reason and is recorded.
    reopen_url = reverse("quads:self-evaluation-reopen", args=["orkney-islands", "2025-26"])
    response = client.post(reopen_url, {"reason": ""})
    assert response.context["form"].errors == {"reason": ["Give the reason for reopening the self-evaluation."]}
    client.force_login(ades)
    client.post(reopen_url, {"reason": "Indicator 3 needs the new data."})
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.submitted_at) == ("draft", None)
    assert list(evaluation.events.values_list("step", "comment")) == [
        ("reopened", "Indicator 3 needs the new data."),
        ("submitted", ""),
        ("saved", ""),
    ]


def test_grades_come_only_from_the_six_point_scale(client, framework):
    client.force_login(_officer_of("Orkney Islands"))
    client.post(reverse("quads:self-evaluation-start", args=["orkney-islands", "2025-26"]))
    evaluation = SelfEvaluation.objects.get()
    data = _form_data(evaluation, action="save", levels={1: 7, 2: 0})
    response = client.post(reverse("quads:self-evaluation", args=["orkney-islands", "2025-26"]), data)
    first, second = (grade.indicator_id for grade in evaluation.grades.order_by("indicator__position")[:2])
    errors = response.context["form"].errors
    assert errors[f"level_{first}"] == ["Select a valid choice. 7 is not one of the available choices."]
    assert errors[f"level_{second}"] == ["Select a valid choice. 0 is not one of the available choices."]
    assert not Grade.objects.filter(level__isnull=False).exists()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Grade.objects.filter(pk=evaluation.grades.first().pk).update(level=7)


def test_only_the_authoritys_officers_write_and_others_get_404(client, framework, ades):
    url = reverse("quads:self-evaluation", args=["orkney-islands", "2025-26"])
    start = reverse("quads:self-evaluation-start", args=["orkney-islands", "2025-26"])
    client.force_login(_officer_of("Glasgow City"))
    assert client.get(url).status_code == 404
    assert client.post(start).status_code == 404
    client.force_login(ades)
    assert client.post(start).status_code == 404  # ADES officers read; the authority writes
    client.force_login(_officer_of("Orkney Islands"))
    assert client.post(start).status_code == 302
    client.force_login(ades)
    response = client.get(url)
    assert response.status_code == 200
    assert response.templates[0].name == "quads/self_evaluation_detail.html"  # read-only, no form


def _submitted(name, levels, cycle="2025–26", by=None):
    authority = Authority.objects.get(name=name)
    officer = by or _officer_of(name)
    evaluation = services.start_self_evaluation(authority=authority, cycle=cycle, by=officer)
    grades = {
        grade.indicator_id: {"level": level, "evidence": f"{name} evidence {n}", "next_steps": ""}
        for n, (grade, level) in enumerate(
            zip(evaluation.grades.order_by("indicator__position"), levels, strict=False), start=1
        )
    }
    return services.save_grades(self_evaluation=evaluation, grades=grades, by=officer, submit=True)


def test_quad_view_shows_submitted_grades_side_by_side_in_words(client, framework, ades):
    north = quads.save_quad(
        name="North", cycle="2025–26", members=list(Authority.objects.filter(name__in=NORTH)), by=None
    )
    _submitted("Aberdeen City", [5, 4, 4, 3, 5, 4])
    _submitted("Orkney Islands", [6, 5, 4, 4, 4, 2])
    services.start_self_evaluation(authority=Authority.objects.get(name="Shetland Islands"), cycle="2025–26", by=ades)
    client.force_login(ades)
    response = client.get(north.get_absolute_url())
    rows = response.context["rows"]
    assert [column.authority.name for column in response.context["columns"]] == NORTH
    assert [row.indicator.text for row in rows] == QMIE2_TITLES
    first = [(grade.level, grade.level_label) if grade else None for _, grade in rows[0].cells]
    assert first == [(5, "Very good"), None, (6, "Excellent"), None]
    body = response.content.decode()
    assert "5: Very good" in body
    assert "6: Excellent" in body
    assert body.count("in draft, not yet submitted") == 1
    assert response.context["columns"][3].self_evaluation.status == "draft"
    assert "Orkney Islands evidence 1" in body  # expandable evidence


def test_quad_view_query_count_does_not_grow_with_submissions(client, framework, ades):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    north = quads.save_quad(
        name="North", cycle="2025–26", members=list(Authority.objects.filter(name__in=NORTH)), by=None
    )
    client.force_login(ades)
    _submitted("Aberdeen City", [5] * 6)
    with CaptureQueriesContext(connection) as one:
        client.get(north.get_absolute_url())
    for name in NORTH[1:]:
        _submitted(name, [4] * 6)
    with CaptureQueriesContext(connection) as four:
        client.get(north.get_absolute_url())
    assert len(four) == len(one)


def test_quad_summary_pdf_reads_back_with_every_grade(client, framework, ades):
    north = quads.save_quad(
        name="North", cycle="2025–26", members=list(Authority.objects.filter(name__in=NORTH)), by=None
    )
    north.challenges = "Attendance in S3"
    north.save()
    _submitted("Aberdeen City", [5, 4, 4, 3, 5, 4])
    client.force_login(ades)
    response = client.get(reverse("quads:quad-pdf", args=[north.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="quad-north-2025-26.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Quad North, 2025–26: summary for the meeting" in text
    assert "Aberdeen City: 3, Satisfactory" in text
    assert "Attendance in S3" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def _graded(authority, cycle, by, levels: list[int | None], *, submit: bool):
    evaluation = services.start_self_evaluation(authority=authority, cycle=cycle, by=by)
    grades = {
        grade.indicator_id: {"level": level, "evidence": f"Evidence {cycle} {n}" if level else "", "next_steps": ""}
        for n, (grade, level) in enumerate(
            zip(evaluation.grades.order_by("indicator__position"), levels, strict=True), start=1
        )
    }
    return services.save_grades(self_evaluation=evaluation, grades=grades, by=by, submit=submit)


def test_the_next_cycle_shows_each_indicators_last_grade_and_its_movement(client, framework):
    fife = Authority.objects.get(name="Fife")
    officer = _officer_of("Fife")
    _graded(fife, "2024–25", officer, [3, 4, 4, 5, 5, 2], submit=True)
    _graded(fife, "2025–26", officer, [4, 4, 3, 3, None, 2], submit=False)
    client.force_login(officer)

    page = " ".join(html.unescape(client.get("/self-evaluation/fife/2025-26/").content.decode()).split())

    lines = re.findall(r'data-testid="last-cycle-(\S+)"> <div class="ds_inset-text__text"> <p> (.+?) </p>', page)
    assert lines == [
        ("1", "<strong>2024–25:</strong> 3: Satisfactory; up 1 since last cycle."),
        ("2", "<strong>2024–25:</strong> 4: Good; the same as last cycle."),
        ("3", "<strong>2024–25:</strong> 4: Good; down 1 since last cycle."),
        ("4", "<strong>2024–25:</strong> 5: Very good; down 2 since last cycle."),
        ("5", "<strong>2024–25:</strong> 5: Very good; not graded yet this cycle."),
        ("6", "<strong>2024–25:</strong> 2: Weak; the same as last cycle."),
    ]
    assert "Evidence then: Evidence 2024–25 1" in page


def test_a_draft_last_cycle_is_not_compared_with(client, framework):
    fife = Authority.objects.get(name="Fife")
    officer = _officer_of("Fife")
    _graded(fife, "2024–25", officer, [3, 3, 3, 3, 3, 3], submit=False)
    _graded(fife, "2025–26", officer, [4, 4, 4, 4, 4, 4], submit=False)
    client.force_login(officer)

    page = " ".join(client.get("/self-evaluation/fife/2025-26/").content.decode().split())

    assert page.count("no submitted self-evaluation to compare with") == 6
    assert selectors.previous_cycle("2025–26") == "2024–25"


def test_grades_and_a_framework_s_indicators_keep_no_direction_control(framework, ades):
    """Both are bulk written, which sends no signal; evidence of nothing but controls is no evidence."""
    officer = _officer_of("Fife")
    evaluation = services.start_self_evaluation(
        authority=Authority.objects.get(name="Fife"), cycle="2025-26", by=officer
    )
    indicators = list(evaluation.grades.order_by("indicator__position").values_list("indicator_id", flat=True))
    grades = {
        pk: {"level": 4, "evidence": f"\u202eEvidence {pk}", "next_steps": "\u2066Next\u2069"} for pk in indicators
    }
    services.save_grades(self_evaluation=evaluation, grades=grades, by=officer)
    with pytest.raises(ValueError, match=r"^Indicators without a grade or evidence: 1\.$"):
        services.save_grades(
            self_evaluation=evaluation,
            grades={**grades, indicators[0]: {**grades[indicators[0]], "evidence": "\u202e"}},
            by=officer,
            submit=True,
        )
    imported = services.create_framework(
        name="HGIOEA",
        rows=[services.IndicatorRow(2, "1.1", "\u202eOutcomes", "\u2066Guide\u2069", "\u200fגבוה")],
        by=ades,
    )

    assert sorted(Grade.objects.filter(self_evaluation=evaluation).values_list("evidence", "next_steps")) == sorted(
        (f"Evidence {pk}", "Next") for pk in indicators
    )
    assert list(imported.questions.values_list("text", "guidance", "rubric")) == [("Outcomes", "Guide", "\u200fגבוה")]
