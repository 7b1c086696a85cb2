"""The SocialAccountAdapter behind organisation sign-in: its apps come from the ready IdentityProvider records; a
sign-in is matched by email within the provider's domains to an existing, active person and linked to them, never
making one, never touching their password; the provider's second factor (amr) is the sign-in's second factor."""

import pytest
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import Login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.base.internal.flows import delete_and_cleanup
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.signals import authenticator_added
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from authorities.allauth_adapters import AuthenticateStage, SocialAccountAdapter
from authorities.choices import Role
from authorities.models import IdentityProvider, Person
from core.models import AuditEntry
from tests.factories import PASSWORD, PersonFactory, organisation

pytestmark = pytest.mark.django_db
ISSUER = "https://login.microsoftonline.com/8d2d3a5e-0000-4000-8000-000000000001/v2.0"


@pytest.fixture
def west_lothian(reference, monkeypatch):
    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", "s3cret")
    return IdentityProvider.objects.create(
        organisation=organisation(name="West Lothian Council"),
        name="West Lothian Council",
        slug="west-lothian",
        issuer=ISSUER,
        client_id="portal-client",
        email_domains="westlothian.gov.uk",
        vouches_for_domain_emails=True,
    )


@pytest.fixture
def jo(reference):
    return PersonFactory(
        full_name="Jo Smith",
        email="jo.smith@westlothian.gov.uk",
        role=Role.AUTHORITY_OFFICER,
        organisation=organisation(name="West Lothian Council"),
    )


def a_request():
    request = RequestFactory().get("/accounts/oidc/west-lothian/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    return request


def sociallogin(email, *, uid="sub-1", verified=None, amr=("pwd",), provider="west-lothian") -> SocialLogin:
    userinfo = {"sub": uid, "email": email}
    if verified is not None:
        userinfo["email_verified"] = verified
    account = SocialAccount(
        provider=provider, uid=uid, extra_data={"userinfo": userinfo, "id_token": {"sub": uid, "amr": list(amr)}}
    )
    return SocialLogin(account=account, email_addresses=[])


def refusal(login, request=None) -> tuple[int, str]:
    with pytest.raises(ImmediateHttpResponse) as refused:
        SocialAccountAdapter().pre_social_login(request or a_request(), login)
    page = " ".join(refused.value.response.content.decode().split())
    return refused.value.response.status_code, page.split('data-testid="refusal">', 1)[1].split("</p>", 1)[0]


def test_its_apps_are_the_active_providers_whose_secret_is_set(west_lothian, monkeypatch):
    IdentityProvider.objects.create(
        organisation=organisation(name="Fife Council"),
        name="Fife Council",
        slug="fife",
        issuer="https://login.example.scot/fife",
        client_id="fife-client",
        email_domains="fife.gov.uk",
    )  # no CI_PORTAL_OIDC_SECRET_FIFE: not ready
    IdentityProvider.objects.create(
        organisation=organisation(name="Angus Council"),
        name="Angus Council",
        slug="angus",
        issuer="https://login.example.scot/angus",
        client_id="angus-client",
        email_domains="angus.gov.uk",
        is_active=False,
    )
    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_ANGUS", "set-but-turned-off")
    adapter = SocialAccountAdapter()

    apps = adapter.list_apps(None)

    assert [(a.provider, a.provider_id, a.name, a.client_id, a.secret, a.settings, a.pk) for a in apps] == [
        (
            "openid_connect",
            "west-lothian",
            "West Lothian Council",
            "portal-client",
            "s3cret",
            {"server_url": ISSUER, "oauth_pkce_enabled": True},
            None,
        )
    ]
    assert adapter.get_app(None, provider="west-lothian").client_id == "portal-client"
    assert adapter.list_apps(None, provider="fife") == []
    assert adapter.list_apps(None, provider="west-lothian", client_id="other") == []
    assert adapter.get_provider(None, "west-lothian").name == "West Lothian Council"


def test_a_known_address_is_linked_to_the_person_and_their_password_kept(west_lothian, jo):
    people = Person.objects.count()
    login = sociallogin("Jo.Smith@WestLothian.GOV.uk")

    SocialAccountAdapter().pre_social_login(a_request(), login)

    jo.refresh_from_db()
    assert login.is_existing
    assert login.user == jo
    assert list(SocialAccount.objects.values_list("user", "provider", "uid")) == [(jo.pk, "west-lothian", "sub-1")]
    assert Person.objects.count() == people
    assert jo.check_password(PASSWORD)


def test_an_address_outside_the_providers_domains_is_refused(west_lothian, jo):
    assert refusal(sociallogin("jo.smith@westlothian.gov.uk.example.com")) == (
        403,
        "West Lothian Council sent jo.smith@westlothian.gov.uk.example.com, which is not an address it signs in for.",
    )
    assert refusal(sociallogin("")) == (
        403,
        "West Lothian Council sent no email address, which is not an address it signs in for.",
    )
    assert SocialAccount.objects.count() == 0


def test_an_unknown_address_is_refused_and_nobody_is_created(west_lothian, jo):
    people = Person.objects.count()

    status, message = refusal(sociallogin("someone.new@westlothian.gov.uk"))

    assert (status, message) == (403, "The portal has no account for someone.new@westlothian.gov.uk.")
    assert (Person.objects.count(), SocialAccount.objects.count()) == (people, 0)
    assert SocialAccountAdapter().is_open_for_signup(None, None) is False
    assert SocialAccountAdapter().is_auto_signup_allowed(None, None) is False


def test_an_unverified_address_counts_only_where_the_provider_vouches_for_its_domains(west_lothian, jo):
    west_lothian.vouches_for_domain_emails = False
    west_lothian.save()

    assert refusal(sociallogin(jo.email)) == (403, f"West Lothian Council has not confirmed that {jo.email} is yours.")
    assert refusal(sociallogin(jo.email, verified="false")) == (
        403,
        f"West Lothian Council has not confirmed that {jo.email} is yours.",
    )
    for said in (True, "true", 1):
        SocialAccount.objects.all().delete()
        login = sociallogin(jo.email, verified=said)
        SocialAccountAdapter().pre_social_login(a_request(), login)
        assert login.user == jo


@pytest.mark.parametrize("claim", ["email_verified", "xms_edov"])
def test_an_address_the_provider_says_is_not_verified_is_refused_even_where_it_vouches(west_lothian, jo, claim):
    login = sociallogin(jo.email)
    login.account.extra_data["id_token"][claim] = False

    assert refusal(login)[1] == f"West Lothian Council has not confirmed that {jo.email} is yours."


@pytest.mark.parametrize("change", [{"is_active": False}, {"erased_at": timezone.now()}])
def test_a_closed_or_erased_person_is_not_found(west_lothian, jo, change):
    Person.objects.filter(pk=jo.pk).update(**change)

    assert refusal(sociallogin(jo.email))[1] == f"The portal has no account for {jo.email}."
    assert SocialAccount.objects.count() == 0


def test_a_linked_account_whose_person_left_the_domain_is_refused(west_lothian, jo):
    SocialAccount.objects.create(user=jo, provider="west-lothian", uid="sub-1")
    Person.objects.filter(pk=jo.pk).update(email="jo.smith@fife.gov.uk")
    login = sociallogin("jo.smith@westlothian.gov.uk")
    login.lookup()

    assert refusal(login)[1] == "Your West Lothian Council account no longer signs you in to the portal."


def test_a_linked_account_signs_in_again_without_a_second_link(west_lothian, jo):
    SocialAccount.objects.create(user=jo, provider="west-lothian", uid="sub-1")
    login = sociallogin(jo.email)
    login.lookup()

    SocialAccountAdapter().pre_social_login(a_request(), login)

    assert login.user == jo
    assert SocialAccount.objects.count() == 1


def test_a_second_account_at_the_same_provider_is_not_linked_to_the_person(west_lothian, jo):
    SocialAccount.objects.create(user=jo, provider="west-lothian", uid="sub-1")

    assert refusal(sociallogin(jo.email, uid="sub-2")) == (
        403,
        "Your portal account is linked to another West Lothian Council account.",
    )
    assert list(SocialAccount.objects.values_list("uid", flat=True)) == ["sub-1"]


def test_a_turned_off_provider_refuses(west_lothian, jo):
    west_lothian.is_active = False
    west_lothian.save()

    assert refusal(sociallogin(jo.email))[1] == "This organisation sign-in is no longer offered."


def stage_for(request, person, login):
    """The portal's second-factor stage of a sign-in by `login` (None: a password sign-in)."""
    stage = AuthenticateStage.__new__(AuthenticateStage)
    stage.request = request
    stage.login = Login(user=person, signal_kwargs={"sociallogin": login} if login else None)
    stage.state = {}
    return stage


@pytest.mark.parametrize(("amr", "asked"), [(["pwd", "mfa"], False), (["hwk", "pin"], False), (["pwd"], True)])
def test_the_providers_second_factor_spares_the_portals_and_is_recorded(west_lothian, ades_officer, amr, asked):
    request = a_request()  # the officer has the authenticator app every ADES officer has (the fixture's)

    response, carry_on = stage_for(request, ades_officer, sociallogin(ades_officer.email, amr=amr)).handle()

    records = [r for r in get_authentication_records(request, ades_officer) if r["method"] == "mfa"]
    assert carry_on is True
    assert (response is not None) is asked
    if asked:
        assert response.url == reverse("mfa_authenticate")
        assert records == []
    else:
        assert [(r["type"], r["provider"], r["amr"]) for r in records] == [("provider", "west-lothian", amr)]


def test_a_password_sign_in_is_asked_the_portals_factor(west_lothian, ades_officer):
    response, _ = stage_for(a_request(), ades_officer, None).handle()

    assert response.url == reverse("mfa_authenticate")


def test_the_sign_in_page_lets_its_forms_reach_the_providers_origin(client, west_lothian):
    response = client.get(reverse("accounts:sign-in"))

    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["form-action"] == "'self' https://login.microsoftonline.com"
    page = response.content.decode()
    assert 'action="/accounts/oidc/west-lothian/login/"' in page
    assert "Sign in with West Lothian Council</button>" in page


def test_a_person_of_another_organisation_is_refused_though_the_provider_covers_their_address(west_lothian, reference):
    ades = PersonFactory(
        email="officer@westlothian.gov.uk", role=Role.ADES_OFFICER, organisation=organisation(kind="ades")
    )

    assert refusal(sociallogin(ades.email, amr=("mfa",))) == (
        403,
        "West Lothian Council signs in only the people of West Lothian Council.",
    )
    assert (SocialAccount.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_a_linked_person_who_moved_to_another_organisation_is_refused(west_lothian, jo):
    SocialAccount.objects.create(user=jo, provider="west-lothian", uid="sub-1")
    Person.objects.filter(pk=jo.pk).update(organisation=organisation(name="Fife Council"))
    login = sociallogin(jo.email)
    login.lookup()

    assert refusal(login)[1] == "West Lothian Council signs in only the people of West Lothian Council."


@pytest.mark.parametrize("linked", [False, True])
def test_a_superuser_never_signs_in_through_an_organisations_provider(west_lothian, jo, linked):
    Person.objects.filter(pk=jo.pk).update(is_superuser=True)
    if linked:
        SocialAccount.objects.create(user=jo, provider="west-lothian", uid="sub-1")
    login = sociallogin(jo.email, amr=("mfa",))
    login.lookup()

    with pytest.raises(ImmediateHttpResponse) as refused:
        SocialAccountAdapter().pre_social_login(a_request(), login)

    page = " ".join(refused.value.response.content.decode().split())
    assert refused.value.response.status_code == 403
    assert "A superuser cannot sign in with West Lothian Council." in page
    assert "Sign in with your email address, password and second factor." in page
    assert SocialAccount.objects.count() == int(linked)


def test_linking_an_organisation_account_is_recorded(west_lothian, jo):
    SocialAccountAdapter().pre_social_login(a_request(), sociallogin(jo.email))

    entry = AuditEntry.objects.get()
    assert (entry.by, entry.kind, entry.summary) == (
        jo,
        "person.organisation_account.linked",
        "Jo Smith linked their West Lothian Council account",
    )


def test_adding_and_removing_an_authenticator_is_recorded_without_a_secret(jo):
    request = a_request()
    request.user = SimpleLazyObject(lambda: Person.objects.get(pk=jo.pk))  # as allauth's pages send it
    totp = TOTP.activate(jo, "JBSWY3DPEHPK3PXP").instance
    authenticator_added.send(sender=Authenticator, request=request, user=request.user, authenticator=totp)
    RecoveryCodes.activate(jo)

    delete_and_cleanup(request, totp)  # the last factor: its recovery codes go too

    assert [(e.by, e.summary) for e in AuditEntry.objects.order_by("pk")] == [
        (jo, "Jo Smith added an authenticator app"),
        (jo, "Jo Smith removed an authenticator app"),
        (jo, "Jo Smith removed recovery codes"),
    ]
    assert "JBSWY3DPEHPK3PXP" not in str(list(AuditEntry.objects.values()))
