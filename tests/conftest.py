import pytest

from authorities.choices import OrganisationKind, Role
from authorities.services import load_authorities
from tests import postgres
from tests.factories import PersonFactory, organisation


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
