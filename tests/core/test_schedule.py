"""The scheduled commands in deploy/ are the portal's own, the same in cron and systemd, and safe to run twice."""

import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command, get_commands

ROOT = Path(__file__).resolve().parents[2]
SCHEDULED = {"close_survey_rounds", "send_survey_reminders", "send_action_reminders", "apply_retention"}
NOTHING_DUE = {
    "close_survey_rounds": "0 survey rounds closed.\n",
    "send_survey_reminders": "0 reminders queued for sending.\n",
    "send_action_reminders": (
        "0 action reminders queued for sending.\n0 follow-up session reminders queued for sending.\n"
    ),
    "apply_retention": "Sign-in records older than the period, deleted: 0.\n"
    "Expired sessions, deleted: 0.\n"
    "Download records older than the period, deleted: 0.\n"
    "Records of emails sent older than the period, deleted: 0.\n"
    "Earlier values of records older than the period, deleted: 0.\n"
    "Audit log entries older than the history period, deleted: 0.\n"
    "Finished background tasks' records older than two weeks, deleted: 0.\n"
    "People with no activity for the period, proposed for erasure: 0.\n"
    "Expired cache entries, deleted: 0.\n"
    "Personal survey links of closed rounds, cleared: 0.\n"
    "Closed survey rounds' reminders and chasing records, forgotten: 0.\n",
}


def commands_in(text: str) -> set[str]:
    return set(re.findall(r"manage\.py (\w+)", text))


def test_cron_and_systemd_schedule_the_same_existing_commands():
    cron = commands_in((ROOT / "deploy" / "crontab").read_text(encoding="utf-8"))
    services = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "deploy" / "systemd").glob("*.service")}
    timers = sorted(path.stem for path in (ROOT / "deploy" / "systemd").glob("*.timer"))

    assert cron == SCHEDULED
    assert set().union(*(commands_in(text) for text in services.values())) == SCHEDULED
    assert timers == sorted(name.removesuffix(".service") for name in services)
    assert set(get_commands()) >= SCHEDULED


@pytest.mark.django_db
@pytest.mark.parametrize("command", sorted(SCHEDULED))
def test_each_scheduled_command_runs_as_scheduled(command, reference):
    """That a second run within a day sends nothing more is tested with reminders due, beside each command."""
    first, second = io.StringIO(), io.StringIO()

    call_command(command, stdout=first)
    sent = len(mail.outbox)
    call_command(command, stdout=second)

    assert (sent, len(mail.outbox)) == (0, 0)
    assert (first.getvalue(), second.getvalue()) == (NOTHING_DUE[command], NOTHING_DUE[command])
