"""Organisations' own sign-ins (IdentityProvider): a single tenant's issuer, email domains checked and covered by one
provider only, the secret only in the environment, ADES officers' pages and the release's command, all audited."""

import io

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from authorities.models import IdentityProvider
from authorities.oidc import SINGLE_TENANT_ONLY, is_multi_factor
from authorities.services.identity_providers import deactivate_identity_provider, save_identity_provider
from core.models import AuditEntry
from tests.factories import PersonFactory, organisation, sign_in_freshly

pytestmark = pytest.mark.django_db
TENANT = "https://login.microsoftonline.com/8d2d3a5e-0000-4000-8000-000000000001/v2.0"


def values(**changes) -> dict:
    return {
        "organisation": organisation(name="West Lothian Council"),
        "name": "West Lothian Council",
        "slug": "west-lothian",
        "issuer": TENANT,
        "client_id": "portal-client",
        "email_domains": "westlothian.gov.uk",
        "vouches_for_domain_emails": True,
        **changes,
    }


def form_data(**changes) -> dict:
    data = values(**changes)
    data["organisation"] = data["organisation"].pk
    if not data["vouches_for_domain_emails"]:
        del data["vouches_for_domain_emails"]
    return data


def log() -> list[tuple]:
    return [(entry.by, entry.via, entry.summary) for entry in AuditEntry.objects.order_by("at", "pk")]


def sign_in_page() -> str:
    """The sign-in page as someone not signed in sees it."""
    response = Client().get(reverse("accounts:sign-in"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def ades(client, ades_officer):
    client.force_login(ades_officer)
    return ades_officer


@pytest.mark.parametrize(
    "issuer",
    [
        "https://login.microsoftonline.com/common/v2.0",
        "https://login.microsoftonline.com/organizations/v2.0",
        "https://login.microsoftonline.com/Common/v2.0/",
        "https://login.microsoftonline.com/consumers/v2.0",
        "https://login.microsoftonline.com/%63ommon/v2.0",  # /common, written otherwise
        "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0",  # personal accounts' tenant
    ],
)
def test_an_issuer_shared_by_every_tenant_is_refused_with_the_reason(reference, ades_officer, issuer):
    with pytest.raises(ValidationError) as refused:
        save_identity_provider(**values(issuer=issuer), by=ades_officer)

    assert refused.value.message_dict == {"issuer": [SINGLE_TENANT_ONLY]}
    assert (IdentityProvider.objects.count(), log()) == (0, [])


def test_an_issuer_over_plain_http_is_refused_except_on_this_machine(reference, ades_officer):
    with pytest.raises(ValidationError) as refused:
        save_identity_provider(**values(issuer="http://login.example.scot/tenant"), by=ades_officer)
    local = save_identity_provider(**values(issuer="http://localhost:9999"), by=ades_officer)

    assert refused.value.message_dict == {"issuer": ["The issuer's address starts with https://."]}
    assert local.issuer == "http://localhost:9999"


def test_email_domains_are_kept_lower_case_each_once_and_checked(reference, ades_officer):
    provider = save_identity_provider(
        **values(email_domains="WestLothian.gov.uk, @wlc.example.scot\nwestlothian.GOV.uk"), by=ades_officer
    )
    with pytest.raises(ValidationError) as refused:
        save_identity_provider(**values(slug="other", email_domains="not a domain"), by=ades_officer)

    assert provider.email_domains == "westlothian.gov.uk, wlc.example.scot"
    assert provider.covers("Jo.Smith@WLC.example.scot")
    assert not provider.covers("jo@westlothian.gov.uk.evil.com")
    assert refused.value.message_dict["email_domains"][0].startswith("Write each email domain as it follows the @")


@pytest.mark.parametrize("domain", ["gmail.com", "Outlook.com", "hotmail.co.uk"])
def test_an_email_service_anyone_can_sign_up_to_is_refused(reference, ades_officer, domain):
    with pytest.raises(ValidationError) as refused:
        save_identity_provider(**values(email_domains=f"westlothian.gov.uk, {domain}"), by=ades_officer)

    assert refused.value.message_dict == {
        "email_domains": [
            f"{domain.lower()} is an email service anyone can sign up to: an organisation's sign-in covers only the "
            "domains the organisation owns, e.g. westlothian.gov.uk."
        ]
    }
    assert IdentityProvider.objects.count() == 0


def test_a_domain_another_provider_covers_is_refused(reference, ades_officer):
    save_identity_provider(**values(), by=ades_officer)

    with pytest.raises(ValidationError) as refused:
        save_identity_provider(
            **values(slug="fife", name="Fife Council", email_domains="fife.gov.uk, WESTLOTHIAN.gov.uk"), by=ades_officer
        )

    assert refused.value.message_dict == {
        "email_domains": ["West Lothian Council already covers westlothian.gov.uk: remove it there first."]
    }


def test_the_secret_is_read_from_the_variable_named_after_the_slug(reference, ades_officer, monkeypatch):
    provider = save_identity_provider(**values(), by=ades_officer)
    monkeypatch.delenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", raising=False)
    assert (provider.secret_variable, provider.is_ready) == ("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", False)

    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", " s3cret ")

    assert (provider.secret, provider.is_ready) == ("s3cret", True)
    assert "s3cret" not in str(IdentityProvider.objects.values().get())


def test_saving_and_turning_off_are_audited_and_kept_in_history(reference, ades_officer):
    provider = save_identity_provider(**values(), by=ades_officer)
    unchanged = save_identity_provider(provider=provider, **values(), by=ades_officer)
    save_identity_provider(provider=provider, **values(client_id="new-client"), by=ades_officer)
    deactivate_identity_provider(provider=provider, by=ades_officer)

    assert unchanged is None
    what = "the organisation sign-in West Lothian Council"
    assert log() == [
        (
            ades_officer,
            "",
            f"Added {what} (west-lothian): issuer {TENANT}, for westlothian.gov.uk, trusting its domains' addresses",
        ),
        (ades_officer, "", f"Changed {what} (west-lothian): client ID from portal-client to new-client"),
        (ades_officer, "", f"Turned off {what}"),
    ]
    assert [h.history_user for h in provider.history.all()] == [ades_officer] * 3
    assert IdentityProvider.objects.get().is_active is False


def test_a_change_is_recorded_field_by_field(reference, ades_officer):
    provider = save_identity_provider(**values(), by=ades_officer)

    save_identity_provider(
        provider=provider,
        **values(name="WLC", email_domains="westlothian.gov.uk, wlc.example.scot", vouches_for_domain_emails=False),
        by=ades_officer,
    )

    assert log()[-1][2] == (
        "Changed the organisation sign-in WLC (west-lothian): name from West Lothian Council to WLC; email domains "
        "from westlothian.gov.uk to westlothian.gov.uk, wlc.example.scot; now trusting only addresses it marks verified"
    )


NEW_TENANT = "https://login.microsoftonline.com/8d2d3a5e-0000-4000-8000-000000000002/v2.0"


def test_a_new_issuer_removes_the_accounts_linked_through_the_provider(reference, ades_officer):
    provider = save_identity_provider(**values(), by=ades_officer)
    people = PersonFactory.create_batch(2)
    for number, person in enumerate(people):
        account = SocialAccount.objects.create(user=person, provider="west-lothian", uid=f"sub-{number}")
        SocialToken.objects.create(account=account, token=f"token-{number}")
    elsewhere = SocialAccount.objects.create(user=people[0], provider="fife", uid="sub-0")
    save_identity_provider(provider=provider, **values(client_id="new-client"), by=ades_officer)
    assert SocialAccount.objects.filter(provider="west-lothian").count() == 2  # a client id alone keeps them

    save_identity_provider(provider=provider, **values(issuer=NEW_TENANT, client_id="new-client"), by=ades_officer)

    assert list(SocialAccount.objects.all()) == [elsewhere]
    assert SocialToken.objects.count() == 0
    assert log()[-1][2] == (
        f"Changed the organisation sign-in West Lothian Council (west-lothian): issuer from {TENANT} to {NEW_TENANT}. "
        "Removed its 2 linked accounts: they link again at their next sign-in"
    )


def test_the_short_name_cannot_be_changed_once_saved(reference, ades_officer):
    provider = save_identity_provider(**values(), by=ades_officer)
    SocialAccount.objects.create(user=PersonFactory(), provider="west-lothian", uid="sub-1")

    with pytest.raises(ValidationError) as refused:
        save_identity_provider(provider=provider, **values(slug="west-lothian-2"), by=ades_officer)

    assert refused.value.message_dict["slug"][0].startswith("The short name cannot be changed once saved")
    assert IdentityProvider.objects.get().slug == "west-lothian"
    assert SocialAccount.objects.get().provider == "west-lothian"
    assert len(log()) == 1


def test_the_edit_form_shows_the_short_name_but_keeps_it(client, ades):
    sign_in_freshly(client, ades)
    save_identity_provider(**values(), by=ades)
    url = reverse("authorities:identity-provider-edit", args=["west-lothian"])

    shown = client.get(url).content.decode()
    client.post(url, form_data(slug="taken-over", client_id="new-client"))

    assert 'name="slug" value="west-lothian"' in shown
    assert "disabled" in shown.split('name="slug"', 1)[1].split(">", 1)[0]
    assert list(IdentityProvider.objects.values_list("slug", "client_id")) == [("west-lothian", "new-client")]


@pytest.mark.parametrize(
    ("amr", "multi"),
    [
        (["pwd", "mfa"], True),
        (["MFA"], True),
        (["hwk", "pin"], True),
        (["swk", "fpt"], True),
        (["pwd", "otp"], True),
        (["fido", "face"], True),
        (["pwd"], False),
        (["otp"], False),
        (["hwk", "swk"], False),
        ([], False),
        (None, False),
        ("mfa", False),  # not a list: a malformed claim counts for nothing
    ],
)
def test_a_second_factor_is_mfa_or_something_held_with_something_known_or_inherent(amr, multi):
    assert is_multi_factor(amr) is multi


def test_an_ades_officer_adds_one_and_sees_it_is_not_ready_until_its_secret_is_set(client, ades, monkeypatch):
    monkeypatch.delenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", raising=False)

    response = client.post(reverse("authorities:identity-provider-create"), form_data(), follow=True)

    page = response.content.decode()
    assert "The organisation sign-in West Lothian Council is saved." in page
    assert "Not ready: set <code>CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN</code>" in page
    assert "Sign in with West Lothian Council" not in sign_in_page()
    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", "s3cret")
    listed = " ".join(client.get(reverse("authorities:identity-provider-list")).content.decode().split())
    assert '<td data-testid="state-west-lothian"> Ready </td>' in listed
    assert "Sign in with West Lothian Council</button>" in sign_in_page()


def test_the_form_shows_the_single_tenant_reason_beside_the_issuer(client, ades):
    response = client.post(
        reverse("authorities:identity-provider-create"),
        form_data(issuer="https://login.microsoftonline.com/common/v2.0"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"issuer": [SINGLE_TENANT_ONLY]}


def test_an_ades_officer_changes_one_then_turns_it_off_after_confirming(client, ades, monkeypatch):
    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", "s3cret")
    save_identity_provider(**values(), by=ades)
    assert "Sign in with West Lothian Council</button>" in sign_in_page()

    client.post(
        reverse("authorities:identity-provider-edit", args=["west-lothian"]),
        form_data(email_domains="westlothian.gov.uk, wlc.example.scot", vouches_for_domain_emails=False),
    )
    confirm = client.get(reverse("authorities:identity-provider-deactivate", args=["west-lothian"]))
    assert IdentityProvider.objects.get().is_active is True
    client.post(reverse("authorities:identity-provider-deactivate", args=["west-lothian"]))

    provider = IdentityProvider.objects.get()
    assert "Turn off the organisation sign-in West Lothian Council?" in confirm.content.decode()
    assert (provider.email_domains, provider.vouches_for_domain_emails, provider.is_active) == (
        "westlothian.gov.uk, wlc.example.scot",
        False,
        False,
    )
    assert "Sign in with West Lothian Council" not in sign_in_page()


@pytest.mark.parametrize("visitor", ["glasgow_officer", "team_member"])
def test_only_ades_officers_reach_the_pages(client, reference, request, visitor):
    client.force_login(request.getfixturevalue(visitor))

    assert client.get(reverse("authorities:identity-provider-list")).status_code == 404
    assert client.post(reverse("authorities:identity-provider-create"), form_data()).status_code == 404
    assert IdentityProvider.objects.count() == 0


@pytest.fixture
def environment(settings):
    settings.FIRST_IDENTITY_PROVIDER = {
        "slug": "west-lothian",
        "name": "West Lothian Council",
        "organisation": "West Lothian Council",
        "issuer": TENANT,
        "client_id": "portal-client",
        "email_domains": "WestLothian.gov.uk",
    }
    return settings.FIRST_IDENTITY_PROVIDER


def run() -> str:
    out = io.StringIO()
    call_command("identity_provider_from_env", stdout=out)
    return out.getvalue()


def test_the_release_adds_the_first_provider_from_the_environment_once(reference, environment, monkeypatch):
    monkeypatch.delenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", raising=False)

    first = run()
    monkeypatch.setenv("CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN", "s3cret")
    second = run()

    provider = IdentityProvider.objects.get()
    assert first == (
        "Organisation sign-in West Lothian Council (west-lothian): added, not ready: set "
        "CI_PORTAL_OIDC_SECRET_WEST_LOTHIAN.\n"
    )
    assert second == "Organisation sign-in West Lothian Council (west-lothian): unchanged, ready.\n"
    assert (provider.organisation.name, provider.email_domains, provider.vouches_for_domain_emails) == (
        "West Lothian Council",
        "westlothian.gov.uk",
        True,
    )
    assert log() == [
        (
            None,
            "manage.py identity_provider_from_env",
            f"Added the organisation sign-in West Lothian Council (west-lothian): issuer {TENANT}, for "
            "westlothian.gov.uk, trusting its domains' addresses",
        )
    ]


def test_the_release_updates_it_but_keeps_an_officers_turning_it_off(reference, environment, ades_officer):
    run()
    deactivate_identity_provider(provider=IdentityProvider.objects.get(), by=ades_officer)
    environment["client_id"] = "rotated-client"

    assert run().startswith("Organisation sign-in West Lothian Council (west-lothian): updated")
    provider = IdentityProvider.objects.get()
    assert (provider.client_id, provider.is_active) == ("rotated-client", False)


def test_the_release_puts_the_environments_values_back_but_keeps_the_trust_setting(
    reference, environment, ades_officer
):
    run()
    save_identity_provider(
        provider=IdentityProvider.objects.get(),
        **values(name="WLC", email_domains="westlothian.gov.uk, wlc.example.scot", vouches_for_domain_emails=False),
        by=ades_officer,
    )

    assert run().startswith("Organisation sign-in West Lothian Council (west-lothian): updated")
    provider = IdentityProvider.objects.get()
    assert (provider.name, provider.email_domains, provider.vouches_for_domain_emails) == (
        "West Lothian Council",
        "westlothian.gov.uk",
        False,
    )


def test_the_release_does_nothing_without_a_slug_and_refuses_a_half_configuration(reference, environment):
    environment["slug"] = ""
    assert run() == "No organisation sign-in in the environment (CI_PORTAL_OIDC_SLUG is not set).\n"
    environment.update(slug="west-lothian", issuer="", client_id="")
    with pytest.raises(CommandError, match="Set CI_PORTAL_OIDC_ISSUER, CI_PORTAL_OIDC_CLIENT_ID too"):
        run()
    environment.update(issuer="https://login.microsoftonline.com/common/v2.0", client_id="x", organisation="Nowhere")
    with pytest.raises(CommandError, match="not the exact name of an organisation"):
        run()
    environment["organisation"] = "West Lothian Council"
    with pytest.raises(CommandError, match="The organisation sign-in was not saved: Use the issuer of your"):
        run()
    assert IdentityProvider.objects.count() == 0
