"""Whether someone answered is known while their round is open, to remind them; once it has closed, no export of a
person's data (the page or the command) says it, whether they answered or not."""

import io
import json

from django.core.management import call_command
from django.urls import reverse

from core import personal_data
from surveys import selectors
from surveys.personal_data import NOT_SHOWN
from surveys.services import release
from tests.factories import sign_in_freshly, survey_round_for
from tests.office.test_erasure import EMAIL, morag, world  # noqa: F401 (fixtures)
from tests.surveys.test_anonymity import answer


def _answered(held) -> list:
    return [row["answered"] for row in held["Survey invitations"]]


def test_once_the_round_closes_the_export_does_not_say_who_answered(client, world, morag):  # noqa: F811
    ades, visit = world["people"]["ades"], world["visit"]
    survey_round = survey_round_for(visit, by=ades)
    answer(survey_round, morag)
    silent = survey_round.invitations.exclude(person=morag).first().person
    assert (_answered(personal_data.export(morag)), _answered(personal_data.export(silent))) == ([True], [False])

    release.close_round(survey_round=survey_round, by=ades)
    sign_in_freshly(client, ades)
    page = json.loads(client.get(reverse("office:person-export", kwargs={"pk": morag.pk})).content)
    printed = io.StringIO()
    call_command("export_person", EMAIL, stdout=printed)

    assert _answered(page) == _answered(json.loads(printed.getvalue())) == [NOT_SHOWN]
    assert _answered(personal_data.export(silent)) == [NOT_SHOWN]
    assert '"answered": true' not in json.dumps(personal_data.export(morag), default=str)


def test_a_round_past_its_closing_date_counts_as_closed_before_anything_records_it(world, morag):  # noqa: F811
    import datetime

    ades, visit = world["people"]["ades"], world["visit"]
    today = datetime.date.today()
    survey_round_for(
        visit, by=ades, opens_on=today - datetime.timedelta(days=10), closes_on=today - datetime.timedelta(days=1)
    )

    assert [invitation.answered for invitation in selectors.invitations_of(morag)] == [None]
