"""What the sign-in holds about a person (second factors, linked organisation accounts and their tokens) is listed by
the subject access export without a secret, and deleted when the person is erased."""

import io
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.core.management import call_command
from django.urls import reverse

from authorities.models import Person
from tests.authorities.test_reauthentication import with_totp
from tests.factories import sign_in_freshly
from tests.office.test_erasure import EMAIL, NAME, morag, tables_holding, world  # noqa: F401 (fixtures)

TOKEN = "access-token-only-the-provider-gave-9f3b"
TOKEN_SECRET = "token-secret-4e7a"
CREDENTIAL = "webauthn-credential-public-key-77c1"
SECOND_FACTORS = "Second factors (authenticator apps, passkeys and recovery codes), without their secrets"
LINKED = "Organisation accounts linked for signing in, without their tokens"


@pytest.fixture
def enrolled(morag):  # noqa: F811
    """Morag with an authenticator app, recovery codes, a security key and her council's account linked."""
    totp_secret = with_totp(morag)
    codes = RecoveryCodes.activate(morag)
    Authenticator.objects.create(
        user=morag, type=Authenticator.Type.WEBAUTHN, data={"name": "Blue key", "credential": CREDENTIAL}
    )
    account = SocialAccount.objects.create(
        user=morag,
        provider="fife-council",
        uid="oid-5c2d",
        extra_data={"id_token": {"email": EMAIL, "name": NAME, "amr": ["pwd", "mfa"]}},
    )
    SocialToken.objects.create(account=account, token=TOKEN, token_secret=TOKEN_SECRET)
    secrets = [totp_secret, codes.instance.data["seed"], *codes.get_unused_codes(), TOKEN, TOKEN_SECRET, CREDENTIAL]
    return {"person": morag, "secrets": secrets}


def test_the_export_lists_second_factors_and_linked_accounts_without_a_secret(client, world, enrolled):  # noqa: F811
    person = enrolled["person"]
    sign_in_freshly(client, world["people"]["ades"])

    body = client.get(reverse("office:person-export", kwargs={"pk": person.pk})).content.decode()
    page = client.get(reverse("office:person", kwargs={"pk": person.pk})).content.decode()
    printed = io.StringIO()
    call_command("export_person", EMAIL, stdout=printed)
    held = json.loads(body)

    assert sorted(row["kind"] for row in held[SECOND_FACTORS]) == ["recovery_codes", "totp", "webauthn"]
    assert all(set(row) == {"kind", "added", "last used"} and row["added"] for row in held[SECOND_FACTORS])
    assert [(row["organisation's provider"], row["account id at the provider"]) for row in held[LINKED]] == [
        ("fife-council", "oid-5c2d")
    ]
    assert set(held[LINKED][0]) == {
        "organisation's provider",
        "account id at the provider",
        "linked",
        "last signed in",
        "what the provider sent",
    }
    assert held[LINKED][0]["what the provider sent"] == {
        "id_token": {"email": EMAIL, "name": NAME, "amr": ["pwd", "mfa"]}
    }
    for secret in enrolled["secrets"]:
        assert (secret in body, secret in page, secret in printed.getvalue()) == (False, False, False), secret


def test_erasing_deletes_second_factors_linked_accounts_and_their_tokens(client, world, enrolled):  # noqa: F811
    person = enrolled["person"]
    ades = world["people"]["ades"]  # with the authenticator app every ADES officer has
    sign_in_freshly(client, ades, method="mfa", type="totp")

    response = client.post(reverse("office:person-erase", kwargs={"pk": person.pk}))

    assert (response.status_code, response["Location"]) == (302, reverse("office:people"))
    assert Person.objects.get(pk=person.pk).erased_at is not None
    assert list(Authenticator.objects.filter(user=person)) == []
    assert list(SocialAccount.objects.filter(user=person)) == []
    assert list(SocialToken.objects.all()) == []
    assert Authenticator.objects.filter(user=ades).count() == 1  # the officer's own stays
    assert tables_holding(NAME, EMAIL) == []
    assert tables_holding(TOKEN) == []
