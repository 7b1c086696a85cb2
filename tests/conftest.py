import pytest
from django.test.client import ClientMixin

from authorities.choices import OrganisationKind, Role
from authorities.services.reference import load_authorities
from tests import postgres
from tests.factories import PersonFactory, organisation, record_sign_in


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """Start a throwaway PostgreSQL server for this run and point Django at it."""
    from django.conf import settings

    server = postgres.start()
    settings.DATABASES["default"].update(
        {"HOST": "127.0.0.1", "PORT": str(server.port), "USER": "postgres", "PASSWORD": "", "NAME": "ci_portal"}
    )
    yield
    server.stop()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many accounts; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def force_login_records_both_steps(monkeypatch):
    """`client.force_login(person)` signs in as the real two steps at /accounts/sign-in/ would have: the password,
    then the second factor if the person holds one (tests.factories.record_sign_in). So an ADES officer or superuser
    (whom PersonFactory gives an authenticator app) is signed in with their second factor, and someone without one
    is signed in by password alone, which the portal then treats as it treats them. Tests of the sign-in itself go
    through the real pages (tests/authorities/test_second_factor.py)."""
    force_login = ClientMixin.force_login

    def force_login_in_two_steps(self, user, backend=None):
        force_login(self, user, backend)
        record_sign_in(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login_in_two_steps)


@pytest.fixture
def reference(db):
    """The real reference data: 32 authorities, their groups and collaboratives, and the national organisations."""
    return load_authorities()


@pytest.fixture
def ades_officer(reference):
    return PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES))


@pytest.fixture
def glasgow_officer(reference):
    return PersonFactory(role=Role.AUTHORITY_OFFICER, organisation=organisation(authority__slug="glasgow-city"))


@pytest.fixture
def team_member(reference):
    return PersonFactory(role=Role.TEAM_MEMBER, organisation=organisation(kind=OrganisationKind.EDUCATION_SCOTLAND))


def pytest_terminal_summary(terminalreporter):
    """What a test records as its "summary" (`record_property("summary", ...)`, e.g. how many function-level imports
    there are), shown after the run whether it passed or not, with or without xdist."""
    summaries = [
        f"{report.nodeid}: {value}"
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "summary"
    ]
    if summaries:
        terminalreporter.section("summaries")
        for line in summaries:
            terminalreporter.write_line(line)
