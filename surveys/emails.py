"""The survey emails' wording, which ADES officers may change (core.messages; registered from hooks.py)."""

from core import messages

# A survey link sent again by an ADES officer (services' links): the invitation's wording, under a kind of its own.
AGAIN = "survey_link_again"
AGAIN_LABEL = "Survey link, sent again"
# The emails that chase one person who has not answered: the log never says who was chased (hooks.py).
CHASING = ("survey_reminder", AGAIN)

PLACEHOLDERS = {
    "name": "the person's full name",
    "questionnaire": "the questionnaire's name",
    "introduction": "the questionnaire's introduction",
    "about": "what the survey is about, for example “visit to Angus, 3 to 5 March 2026”",
    "link": "their own link to answer (it works once)",
    "closes_on": "the day the survey closes",
}

KINDS = (
    messages.Kind(
        key="survey_invitation",
        label="Survey invitation",
        subject="Your views on Collaborative Improvement: {questionnaire}",
        body="""Hello {name},

{introduction}

Please tell us about the {about}. It takes a few minutes. Your answers are anonymous: they are stored
without your name, and results are only shown for groups of five or more.

Your personal link (please do not share it; it works once):
{link}

The survey closes on {closes_on}.
""",
        placeholders=PLACEHOLDERS,
    ),
    messages.Kind(
        key="survey_reminder",
        label="Survey reminder",
        subject="Reminder: {questionnaire} closes on {closes_on}",
        body="""Hello {name},

A reminder: the survey about the {about} closes on {closes_on}. If you have a few minutes, your views help
improve the programme.

Your personal link:
{link}

If you have answered in the last few minutes, thank you, and please ignore this email.
""",
        placeholders=PLACEHOLDERS,
    ),
)
