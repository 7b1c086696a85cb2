"""The load scenario bench/load.py drives: the public, survey respondents with personal links, and ADES officers.

Reads the seeded data from the JSON file named by CI_PORTAL_LOAD_DATA (written by bench/load.py).
"""

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path

from locust import HttpUser, between, task

DATA = json.loads(Path(os.environ["CI_PORTAL_LOAD_DATA"]).read_text(encoding="utf-8"))
_lock = threading.Lock()
_tokens = iter(DATA["tokens"])
_reports = iter(DATA["submitted_visits"])
_days = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]+)"')
SCALE = re.compile(r'name="(q_[a-z0-9_]+)"\s+value="(\d)"')


def _next(iterator):
    with _lock:
        return next(iterator, None)


def post_expecting(client, url: str, fields: dict, *, name: str, lands_on: str) -> None:
    """A form post that counts as an error unless the portal redirects where a successful submission goes."""
    with client.post(url, fields, name=name, catch_response=True) as response:
        if not response.history or lands_on not in response.url:
            response.failure(f"not accepted: ended at {response.url} with {response.status_code}")


def form_fields(html: str) -> dict:
    fields = {"csrfmiddlewaretoken": CSRF.search(html).group(1)}
    if key := KEY.search(html):
        fields["submission_key"] = key.group(1)
    return fields


class Public(HttpUser):
    """Someone browsing the archive and the timetable, and downloading reports."""

    weight = 6
    wait_time = between(1, 3)

    @task(3)
    def archive(self):
        self.client.get("/reports/", name="archive")
        self.client.get(f"/reports/?q={random.choice(DATA['words'])}", name="archive search")

    @task(3)
    def report_and_pdf(self):
        report = random.choice(DATA["reports"])
        self.client.get(report["page"], name="report page")
        self.client.get(report["pdf"], name="report PDF")

    @task(2)
    def programme_and_authority(self):
        self.client.get(DATA["programme"], name="programme page")
        self.client.get(random.choice(DATA["authorities"]), name="authority page")

    @task(1)
    def open_data(self):
        self.client.get("/reports/index.json", name="archive index.json")
        self.client.get("/authorities/", name="authorities")


class Respondent(HttpUser):
    """A team member answering the survey from the personal link in their email, once."""

    weight = 2
    wait_time = between(2, 5)

    def on_start(self):
        self.token = _next(_tokens)

    @task
    def answer(self):
        if self.token is None:
            self.client.get(DATA["programme"], name="programme page")
            return
        url = f"/s/{self.token}/"
        page = self.client.get(url, name="survey form")
        answers = dict(SCALE.findall(page.text))  # one of each question's values (the last in the page)
        fields = {**form_fields(page.text), **answers}
        post_expecting(self.client, url, fields, name="survey answer", lands_on="/thank-you/")
        self.token = _next(_tokens)


class Officer(HttpUser):
    """An ADES officer, signed in, looking at the programme, scheduling visits and publishing approved reports."""

    weight = 1
    wait_time = between(2, 6)

    def on_start(self):
        page = self.client.get("/accounts/sign-in/", name="sign-in form")
        fields = {**form_fields(page.text), "username": DATA["officer"], "password": DATA["password"]}
        post_expecting(self.client, "/accounts/sign-in/", fields, name="sign in", lands_on="/")

    @task(3)
    def look(self):
        self.client.get("/", name="home, signed in")
        self.client.get(DATA["programme"], name="programme page, signed in")
        self.client.get(random.choice(DATA["visits"]), name="visit page, signed in")

    @task(1)
    def schedule(self):
        url = f"{DATA['programme']}visits/new/"
        page = self.client.get(url, name="schedule form")
        day = 1 + next(_days) % 27
        fields = {
            **form_fields(page.text),
            "host_1": random.choice(DATA["authority_ids"]),
            "phase": DATA["phase_id"],
            "theme": DATA["theme_id"],
            "key_question": "How well do we support transitions?",
            "starts_on": f"{day:02d}/03/2027",
        }
        post_expecting(self.client, url, fields, name="schedule a visit", lands_on="/visits/")

    @task(1)
    def publish(self):
        visit = _next(_reports)
        if visit is None:
            return
        page = self.client.get(f"/visits/{visit}/report/approve/", name="report approval page")
        post_expecting(
            self.client,
            f"/visits/{visit}/report/approve/",
            form_fields(page.text),
            name="publish a report",
            lands_on=f"/visits/{visit}/report/",
        )
