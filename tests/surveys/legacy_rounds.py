"""Survey rounds stored as they were before answers became counters (a response row per respondent, an answer row
per question), written through whatever models `get_model` gives: the migration test uses the models as they were.

Round "final" (Angus) and round "interim" (Fife) are closed with enough responses; "small" (Moray) closed with
three; "open" (Angus) is still collecting. Their figures, as the portal showed them before the move, are kept in
tests/surveys/data/figures_before_counters.json.
"""

import datetime

STATEMENTS = ["enjoyed", "benefit", "continue"]
OPTIONS = ["Yes", "No", "Not sure"]
# (kind, answers to the three statements (None: skipped), choice index (None: skipped), comment)
FINAL = [
    ("local_authority", (4, 4, 3), 0, "The focus groups were the most useful part."),
    ("local_authority", (4, 3, 3), 0, ""),
    ("local_authority", (3, 3, None), 1, "More time with the head teachers."),
    ("local_authority", (2, 1, 2), 2, ""),
    ("local_authority", (4, 4, 4), None, "Clear key question."),
    ("education_scotland", (3, 2, 4), 0, ""),
    ("education_scotland", (1, 2, 1), 1, "Too much paperwork before the visit."),
]
INTERIM = [
    ("local_authority", (4, 3, 4), 0, ""),
    ("local_authority", (3, 3, 3), 0, "Good pace."),
    ("local_authority", (3, 2, 3), 2, ""),
    ("ades", (4, 4, 4), 0, ""),
    ("education_scotland", (2, 2, 1), 1, ""),
    ("other", (4, 3, 3), 0, ""),
]
SMALL = [("local_authority", (1, 1, 1), 1, "Only three of us answered.")] * 3
OPEN = [("local_authority", (4, 4, 4), 0, "Still collecting.")] * 2


def seed(get_model, *, by_email: str) -> dict[str, int]:
    """The four rounds and their answers; returns each round's pk by name."""
    Person, Organisation, Authority = (get_model("authorities", n) for n in ("Person", "Organisation", "Authority"))
    Programme, Phase, Theme, Visit = (get_model("reviews", n) for n in ("Programme", "Phase", "Theme", "Visit"))
    Questionnaire, Question, SurveyRound, Invitation, Completion, Response, Answer = (
        get_model("surveys", n)
        for n in ("Questionnaire", "Question", "SurveyRound", "Invitation", "Completion", "Response", "Answer")
    )
    officer = Person.objects.get(email=by_email)
    programme = Programme.objects.create(name="Legacy", slug="legacy", kind="ci")
    phase = Phase.objects.create(programme=programme, number=1, name="Phase 1")
    theme = Theme.objects.create(name="Legacy theme", slug="legacy-theme")
    questionnaire = Questionnaire.objects.create(
        name="Legacy survey", slug="legacy-survey", introduction="To what extent do you agree?"
    )
    questions = {}
    for position, code in enumerate(STATEMENTS, start=1):
        questions[code] = Question.objects.create(
            questionnaire=questionnaire, position=position, code=code, kind="likert4", text=f"Statement {code}."
        )
    questions["choice"] = Question.objects.create(
        questionnaire=questionnaire,
        position=4,
        code="choice",
        kind="choice",
        text="Would you go again?",
        options=OPTIONS,
        required=False,
    )
    questions["comment"] = Question.objects.create(
        questionnaire=questionnaire, position=5, code="comment", kind="text", text="Anything else?", required=False
    )
    today = datetime.date.today()
    rounds = {}
    for name, host, cohort, rows, still_open in (
        ("final", "Angus", "final", FINAL, False),
        ("interim", "Fife", "interim", INTERIM, False),
        ("small", "Moray", "final", SMALL, False),
        ("open", "Angus", "final", OPEN, True),
    ):
        visit = Visit.objects.create(
            programme=programme,
            phase=phase,
            theme=theme,
            starts_on=datetime.date(2025, 9, 2),
            ends_on=datetime.date(2025, 9, 4),
            status="completed",
        )
        visit.hosts.add(Authority.objects.get(name=host))
        survey_round = SurveyRound.objects.create(
            questionnaire=questionnaire,
            visit=visit,
            cohort=cohort,
            created_by=officer,
            opens_on=today - datetime.timedelta(days=20),
            closes_on=today + datetime.timedelta(days=5) if still_open else today - datetime.timedelta(days=3),
        )
        organisation = Organisation.objects.get(authority__name=host)
        for n, (kind, values, choice, comment) in enumerate(rows):
            person = Person.objects.create(
                email=f"{name}-{n}@legacy.example", full_name=f"{name} {n}", organisation=organisation
            )
            invitation = Invitation.objects.create(survey_round=survey_round, person=person, token=f"{name}-{n}")
            Completion.objects.create(invitation=invitation)
            response = Response.objects.create(survey_round=survey_round, respondent_kind=kind)
            for code, value in zip(STATEMENTS, values, strict=True):
                if value is not None:
                    Answer.objects.create(
                        response=response, question=questions[code], value=value, moderation="published"
                    )
            if choice is not None:
                Answer.objects.create(
                    response=response, question=questions["choice"], text=OPTIONS[choice], moderation="published"
                )
            if comment:
                Answer.objects.create(
                    response=response,
                    question=questions["comment"],
                    text=comment,
                    moderation="published" if n % 2 == 0 else "pending",
                )
        not_answered = Person.objects.create(
            email=f"{name}-waiting@legacy.example", full_name=f"{name} waiting", organisation=organisation
        )
        Invitation.objects.create(survey_round=survey_round, person=not_answered, token=f"{name}-waiting")
        rounds[name] = survey_round.pk
    return rounds


def figures(context) -> dict:
    """What the results page shows of a round, as plain data."""
    if context.get("why_not"):
        return {"why_not": context["why_not"], "responses": context["responses"]}

    def cells(comparison):
        return {
            "groups": list(comparison.groups),
            "respondents": [cell.shown for cell in comparison.respondents],
            "rows": [[text, [cell.shown for cell in row]] for text, row in comparison.rows],
        }

    return {
        "responses": context["responses"],
        "invited": context["invited"],
        "statements": [
            [s.code, s.n, s.agreeing_percent, s.suppressed, [[lv.label, lv.count, lv.percent] for lv in s.levels]]
            for s in context["statements"]
        ],
        "choices": [
            [c.text, c.n, c.suppressed, [[o.label, o.count, o.percent] for o in c.options]] for c in context["choices"]
        ],
        "by_kind": cells(context["by_kind"]),
        "by_cohort": cells(context["by_cohort"]),
        "comments": sorted(comment.text for comment in context["comments"]),
    }
