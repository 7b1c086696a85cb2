"""A second factor: required of ADES officers and superusers at every sign-in, and of anyone on an office page or in
data maintenance. These tests sign in for real, through /accounts/sign-in/ and allauth's second step, with a code
computed by pyotp."""

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from cryptography.fernet import InvalidToken
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse
from django.urls import include, path, reverse

from authorities.choices import OrganisationKind, Role
from authorities.models import IdentityProvider
from tests.factories import PASSWORD, PersonFactory, organisation, ready_identity_provider, totp_code, with_totp

SIGN_IN = reverse("accounts:sign-in")
SECOND_STEP = reverse("mfa_authenticate")
ENROL = reverse("mfa_index")


def sign_in_with_password(client, person, next_url=None):
    data = {"username": person.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(SIGN_IN, data)


@pytest.fixture
def new_ades_officer(reference):
    return PersonFactory(
        role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES), second_factor=False
    )


@pytest.fixture
def new_superuser(reference):
    return PersonFactory(is_superuser=True, second_factor=False)


@pytest.mark.parametrize("who", ["new_ades_officer", "new_superuser"])
def test_a_password_alone_sends_an_ades_officer_or_superuser_to_set_up_a_second_factor(client, request, who):
    person = request.getfixturevalue(who)

    signed_in = sign_in_with_password(client, person)
    home = client.get(reverse("core:home"))
    enrol = client.get(home["Location"])

    assert signed_in["Location"] == reverse("core:home")  # signed in by the password: nothing else to give yet
    assert (home.status_code, home["Location"]) == (302, ENROL)
    assert enrol.status_code == 200
    assert "Your role in the portal needs a second factor: set up an authenticator app or a passkey" in (
        enrol.content.decode()
    )
    assert client.get(reverse("reviews:programme-list"))["Location"] == ENROL  # whichever page they ask for


@pytest.mark.django_db(transaction=True)  # allauth tells of a new authenticator once it is committed, as live
def test_set_up_straight_after_the_password_counts_as_the_sessions_second_factor(client, new_ades_officer):
    sign_in_with_password(client, new_ades_officer)
    # The password just given counts as confirming: allauth does not ask for it again before the change.
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret

    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert done.status_code == 302
    stored = {a.type: a.data for a in Authenticator.objects.filter(user=new_ades_officer)}
    assert secret not in json.dumps(stored)  # kept encrypted: the database cannot make codes on its own
    assert decrypt(stored[Authenticator.Type.TOTP]["secret"]) == secret
    assert stored[Authenticator.Type.RECOVERY_CODES]["seed"].startswith("gAAAA")  # a Fernet token, not the seed
    assert client.get(reverse("office:people")).status_code == 200


def test_an_enrolled_ades_officer_is_asked_for_a_code_after_the_password(client, ades_officer):
    first = sign_in_with_password(client, ades_officer, next_url=reverse("office:people"))

    assert (first.status_code, first["Location"]) == (302, SECOND_STEP)
    assert SESSION_KEY not in client.session  # not signed in until the code is given
    assert client.get(reverse("office:people"))["Location"].startswith(SIGN_IN)

    second = client.post(SECOND_STEP, {"code": totp_code(ades_officer.totp_secret)})

    assert (second.status_code, second["Location"]) == (302, reverse("office:people"))
    assert client.get(reverse("office:people")).status_code == 200


def test_a_wrong_code_does_not_sign_in(client, ades_officer):
    sign_in_with_password(client, ades_officer)

    response = client.post(SECOND_STEP, {"code": totp_code(ades_officer.totp_secret, windows_on=10)})

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_the_eleventh_code_in_five_minutes_is_refused_even_when_right(client, ades_officer):
    sign_in_with_password(client, ades_officer)
    for _ in range(10):
        wrong = client.post(SECOND_STEP, {"code": totp_code(ades_officer.totp_secret, windows_on=10)})
        assert wrong.status_code == 200

    right = client.post(SECOND_STEP, {"code": totp_code(ades_officer.totp_secret)})

    assert right.status_code == 200
    assert SESSION_KEY not in client.session
    assert "Too many attempts to sign in. Wait a few minutes and try again." in right.content.decode()


@pytest.mark.parametrize("who", ["team_member", "glasgow_officer"])
def test_a_team_member_or_authority_officer_needs_no_second_factor_outside_the_office(client, request, who):
    person = request.getfixturevalue(who)

    sign_in_with_password(client, person)

    assert client.get(reverse("reviews:my-visits")).status_code == 200
    assert client.get(ENROL).status_code == 200  # offered one, all the same


def test_a_team_member_who_set_up_a_second_factor_gives_it_at_each_sign_in(client, team_member):
    secret = with_totp(team_member)

    first = sign_in_with_password(client, team_member)
    second = client.post(SECOND_STEP, {"code": totp_code(secret)})

    assert first["Location"] == SECOND_STEP
    assert second["Location"] == reverse("core:home")


def test_an_officer_holding_a_factor_whose_session_never_gave_it_is_asked_for_it_and_nothing_else(client, ades_officer):
    """A session signed in some way that skipped the second step (none is known; this is the rule should one
    appear): holding an authenticator is not enough, and managing one's factors is closed until it is given."""
    client.force_login(ades_officer)
    session = client.session
    session["account_authentication_methods"] = [
        step for step in session["account_authentication_methods"] if step["method"] != "mfa"
    ]
    session.save()

    people = client.get(reverse("office:people"))
    remove = client.get(reverse("mfa_deactivate_totp"))
    given = client.post(f"{reverse('mfa_reauthenticate')}?next=/people/", {"code": totp_code(ades_officer.totp_secret)})

    assert people["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fpeople%2F"
    assert remove["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Fdeactivate%2F"
    assert given["Location"] == "/people/"
    assert client.get("/people/").status_code == 200


@pytest.fixture
def entra(reference, monkeypatch):
    """An ADES organisation sign-in, ready (its secret set)."""
    return ready_identity_provider(monkeypatch, organisation(kind=OrganisationKind.ADES), slug="entra")


def test_an_organisations_vouched_second_factor_counts_while_its_provider_is_offered(client, entra):
    """Organisation sign-in records the provider's own second factor as a "mfa" step of type "provider"."""
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=entra.organisation, second_factor=False)
    client.force_login(officer)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "socialaccount", "at": 0, "provider": "entra"},
        {"method": "mfa", "at": 0, "type": "provider", "provider": "entra", "amr": ["pwd", "mfa"]},
    ]
    session.save()
    offered = client.get(reverse("office:people")).status_code
    IdentityProvider.objects.filter(pk=entra.pk).update(is_active=False)

    turned_off = client.get(reverse("office:people"))

    assert (offered, turned_off.status_code, turned_off["Location"]) == (200, 302, reverse("mfa_index"))


def test_data_maintenance_refuses_a_superuser_without_a_second_factor(client, new_superuser):
    """Django's admin sign-in sends to the portal's; a superuser signed in by password alone is sent to set one up."""
    login = client.get("/admin/login/?next=/admin/")
    sign_in_with_password(client, new_superuser, next_url="/admin/")

    assert login["Location"].startswith(SIGN_IN)
    assert client.get("/admin/")["Location"] == ENROL
    assert client.get("/admin/authorities/person/")["Location"] == ENROL


def planted(request):
    return HttpResponse("A page nobody guarded by hand.")


# A new office page, added as any would be: in the office namespace, with no check of its own.
urlpatterns = [
    path("planted/", include(([path("", planted, name="planted")], "office"))),
    path("", include("ci_portal.urls")),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("who", ["anonymous", "team_member", "glasgow_officer", "new_ades_officer", "new_superuser"])
def test_a_new_office_page_answers_no_one_without_a_second_factor(client, request, reference, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get("/planted/")

    expected = f"{SIGN_IN}?next=/planted/" if who == "anonymous" else ENROL
    assert (response.status_code, response["Location"]) == (302, expected)


@pytest.mark.urls(__name__)
def test_a_new_office_page_opens_with_a_second_factor(client, ades_officer):
    client.force_login(ades_officer)

    assert client.get("/planted/").content == b"A page nobody guarded by hand."


def test_a_secret_sealed_under_an_earlier_key_still_opens_after_the_key_is_rotated(settings, reference):
    officer = PersonFactory(role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES))
    sealed = Authenticator.objects.get(user=officer).data["secret"]

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "the next key", [settings.SECRET_KEY]
    opened = decrypt(sealed)
    settings.SECRET_KEY_FALLBACKS = []

    assert opened == officer.totp_secret
    with pytest.raises(InvalidToken):
        decrypt(sealed)


def test_a_stale_sign_in_asks_for_the_password_before_setting_one_up(client, new_ades_officer, settings):
    sign_in_with_password(client, new_ades_officer)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0

    asked = client.get(reverse("mfa_activate_totp"))

    assert asked["Location"] == f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
