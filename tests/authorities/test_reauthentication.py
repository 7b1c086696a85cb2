"""Sensitive actions ask the person to confirm it is them when their last second factor is older than
ACCOUNT_REAUTHENTICATION_TIMEOUT: with their second factor (every ADES officer has one), never the password alone.
SENSITIVE is the one list of them; the first test checks it against the URLs, so a view made sensitive cannot go
unlisted."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from authorities.models import IdentityProvider, Person
from core.models import MessageTemplate
from reports.services import drafting
from tests.factories import (
    PASSWORD,
    PersonFactory,
    VisitFactory,
    ready_identity_provider,
    sign_in_freshly,
    totp_code,
    totp_secret,
    with_totp,
)
from tests.reports.test_workflow import DRAFT

REAUTHENTICATE = "/accounts/reauthenticate/"
MFA_REAUTHENTICATE = "/accounts/2fa/reauthenticate/"


def _erase(world):
    return reverse("office:person-erase", kwargs={"pk": world["target"].pk})


# name: (method, the URL in the world, what a fresh officer gets back, where they return after confirming)
SENSITIVE = {
    "office:person-erase": ("post", _erase, 302, _erase),
    "office:person-export": (
        "get",
        lambda w: reverse("office:person-export", kwargs={"pk": w["target"].pk}),
        200,
        lambda w: reverse("office:person", kwargs={"pk": w["target"].pk}),
    ),
    "office:message-edit": (
        "post",
        lambda w: reverse("office:message-edit", kwargs={"key": "team_added"}),
        200,  # an empty form, shown again with what is missing
        lambda w: reverse("office:message-edit", kwargs={"key": "team_added"}),
    ),
    "reports:report-approve": (
        "post",
        lambda w: reverse("reports:report-approve", kwargs={"visit_pk": w["submitted"].visit_id}),
        302,  # published, back to the report
        lambda w: reverse("reports:report-approve", kwargs={"visit_pk": w["submitted"].visit_id}),
    ),
    "reports:report-withdraw": (
        "post",
        lambda w: reverse("reports:report-withdraw", kwargs={"visit_pk": w["published"].visit_id}),
        200,  # no reason given
        lambda w: reverse("reports:report-withdraw", kwargs={"visit_pk": w["published"].visit_id}),
    ),
    "reports:evaluation-publish": (
        "post",
        lambda w: reverse("reports:evaluation-publish", kwargs={"slug": w["published"].visit.programme.slug}),
        302,  # published, back to the draft
        lambda w: reverse("reports:evaluation-publish", kwargs={"slug": w["published"].visit.programme.slug}),
    ),
    "reports:evaluation-withdraw": (
        "post",
        lambda w: reverse("reports:evaluation-withdraw", kwargs={"slug": w["published"].visit.programme.slug}),
        200,  # no reason given
        lambda w: reverse("reports:evaluation-withdraw", kwargs={"slug": w["published"].visit.programme.slug}),
    ),
    "authorities:person-second-factor-reset": (
        "post",
        lambda w: reverse("authorities:person-second-factor-reset", kwargs={"pk": w["target"].pk}),
        302,  # back, with "has no second factor to reset"
        lambda w: reverse("authorities:person-second-factor-reset", kwargs={"pk": w["target"].pk}),
    ),
    "authorities:identity-provider-create": (
        "post",
        lambda w: reverse("authorities:identity-provider-create"),
        200,  # an empty form, shown again with what is missing
        lambda w: reverse("authorities:identity-provider-create"),
    ),
    "authorities:identity-provider-edit": (
        "post",
        lambda w: reverse("authorities:identity-provider-edit", args=[w["provider"].slug]),
        200,  # an empty form, shown again with what is missing
        lambda w: reverse("authorities:identity-provider-edit", args=[w["provider"].slug]),
    ),
    "authorities:identity-provider-deactivate": (
        "post",
        lambda w: reverse("authorities:identity-provider-deactivate", args=[w["provider"].slug]),
        302,  # turned off, back to the list
        lambda w: reverse("authorities:identity-provider-deactivate", args=[w["provider"].slug]),
    ),
}
STALE = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1


def _sensitive_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _sensitive_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "sensitive", False):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


@pytest.fixture
def world(reference, ades_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    submitted, published = (drafting.start_report(visit=VisitFactory(), by=ades_officer) for _ in range(2))
    for report in (submitted, published):
        drafting.save_draft(report=report, by=ades_officer, **DRAFT)
        drafting.submit_report(report=report, by=ades_officer)
    drafting.publish_report(report=published, by=ades_officer)
    target = PersonFactory(full_name="Morag Target")
    provider = IdentityProvider.objects.create(
        organisation=target.organisation,
        name="Fife Council",
        slug="fife",
        issuer="https://login.example.scot/fife",
        client_id="fife-client",
        email_domains="fife.gov.uk",
    )
    world = {"officer": ades_officer, "target": target, "submitted": submitted, "published": published}
    return world | {"provider": provider}


def a_code(person) -> dict:
    return {"code": totp_code(totp_secret(person))}


def test_the_sensitive_views_are_exactly_the_listed_ones():
    assert sorted(_sensitive_names(get_resolver().url_patterns)) == sorted(SENSITIVE)


@pytest.mark.parametrize("name", list(SENSITIVE))
def test_a_sign_in_older_than_the_setting_is_asked_to_confirm(client, world, name):
    method, url, _, back = SENSITIVE[name]
    sign_in_freshly(client, world["officer"], seconds_ago=STALE)

    response = getattr(client, method)(url(world))

    assert (response.status_code, _asked(response)) == (302, (MFA_REAUTHENTICATE, back(world)))
    assert Person.objects.get(pk=world["target"].pk).erased_at is None


@pytest.mark.parametrize("name", list(SENSITIVE))
def test_a_fresh_sign_in_goes_through(client, world, name):
    method, url, status, _ = SENSITIVE[name]
    sign_in_freshly(client, world["officer"], seconds_ago=settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 30)

    response = getattr(client, method)(url(world))

    assert response.status_code == status
    assert not response.get("Location", "").startswith((REAUTHENTICATE, MFA_REAUTHENTICATE))


def test_the_setting_is_the_window(client, world, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 30
    sign_in_freshly(client, world["officer"], seconds_ago=60)

    response = client.post(_erase(world))

    assert response["Location"].startswith(MFA_REAUTHENTICATE)


def test_the_confirmation_pages_are_shown_without_asking(client, world):
    sign_in_freshly(client, world["officer"], seconds_ago=STALE)

    pages = [client.get(_erase(world)), client.get(SENSITIVE["office:message-edit"][1](world))]

    assert [page.status_code for page in pages] == [200, 200]


def test_someone_who_may_not_act_is_refused_as_before_not_asked_to_confirm(client, world, glasgow_officer):
    with_totp(glasgow_officer)  # with a second factor of their own, so that office pages open to them at all
    sign_in_freshly(client, glasgow_officer, seconds_ago=STALE)

    answers = [getattr(client, method)(url(world)).status_code for method, url, _, _ in SENSITIVE.values()]

    assert answers == [404] * len(SENSITIVE)


def test_after_the_second_factor_the_erasure_sent_is_carried_out_and_the_officer_lands_on_the_people(client, world):
    sign_in_freshly(client, world["officer"], seconds_ago=STALE)
    asked = client.post(_erase(world))

    confirmed = client.post(asked["Location"], a_code(world["officer"]))

    assert (confirmed.status_code, confirmed["Location"]) == (302, reverse("office:people"))
    assert Person.objects.get(pk=world["target"].pk).erased_at is not None


def test_after_the_second_factor_the_wording_sent_is_saved(client, world):
    sign_in_freshly(client, world["officer"], seconds_ago=STALE)
    url = SENSITIVE["office:message-edit"][1](world)
    asked = client.post(url, {"subject": "Welcome, {name}", "body": "You are on the team for {what}."})

    confirmed = client.post(asked["Location"], a_code(world["officer"]))

    assert (confirmed.status_code, confirmed["Location"]) == (302, reverse("office:messages"))
    assert MessageTemplate.objects.get(key="team_added").subject == "Welcome, {name}"


def test_a_wrong_code_or_the_password_carries_out_nothing(client, world):
    sign_in_freshly(client, world["officer"], seconds_ago=STALE)
    asked = client.post(_erase(world))
    right = a_code(world["officer"])["code"]

    refused = client.post(asked["Location"], {"code": "000000" if right != "000000" else "111111"})
    by_password = client.post(REAUTHENTICATE + "?next=" + _erase(world), {"password": PASSWORD})

    assert by_password.status_code == 302
    assert by_password["Location"].startswith(MFA_REAUTHENTICATE)

    assert refused.status_code == 200
    assert Person.objects.get(pk=world["target"].pk).erased_at is None


def test_a_session_that_never_gave_the_second_factor_gives_it_before_anything(client, world):
    sign_in_freshly(client, world["officer"], method="password")  # a fresh password, but no second factor given

    asked = client.post(_erase(world))

    assert _asked(asked) == (MFA_REAUTHENTICATE, _erase(world))
    assert Person.objects.get(pk=world["target"].pk).erased_at is None


def test_a_second_factor_given_at_sign_in_counts_until_the_setting_says(client, world):
    sign_in_freshly(client, world["officer"], method="mfa", type="totp", seconds_ago=STALE)
    stale = client.post(_erase(world))
    sign_in_freshly(client, world["officer"], method="mfa", type="totp", seconds_ago=10)

    fresh = client.post(_erase(world))

    assert stale["Location"].startswith(MFA_REAUTHENTICATE)
    assert (fresh.status_code, fresh["Location"]) == (302, reverse("office:people"))


def test_an_organisations_second_factor_alone_is_asked_for_a_portal_one_even_when_just_given(
    client, world, monkeypatch
):
    """A provider's single sign-on answers again at once with the same claims, so it cannot confirm anything."""
    ready_identity_provider(monkeypatch, world["officer"].organisation)
    Authenticator.objects.filter(user=world["officer"]).delete()
    sign_in_freshly(client, world["officer"], method="mfa", type="provider", provider="ades", seconds_ago=10)

    response = client.post(_erase(world))
    page = " ".join(response.content.decode().split())

    assert response.status_code == 200
    assert "This action needs the portal's own second factor, given in the last 5 minutes." in page
    assert "What you sent has not been carried out." in page
    assert f'<a href="{reverse("mfa_index")}">Add an authenticator app or a passkey</a>' in page
    assert Person.objects.get(pk=world["target"].pk).erased_at is None


def test_asking_only_for_a_download_is_challenged_too(client, world):
    sign_in_freshly(client, world["officer"], seconds_ago=STALE)
    url = SENSITIVE["office:person-export"][1](world)

    answers = [(r.status_code, _asked(r)[0]) for r in (client.head(url), client.get(url))]

    assert answers == [(302, MFA_REAUTHENTICATE), (302, MFA_REAUTHENTICATE)]


def test_a_real_sign_in_with_a_code_confirms_until_the_setting_says(client, world, settings):
    """Through the real pages (not a test's record of them): the code given at sign-in counts, then goes stale."""
    officer = world["officer"]
    client.post(reverse("accounts:sign-in"), {"username": officer.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret(officer))})
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # what was given at sign-in is now stale
    stale = client.post(_erase(world))
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300

    fresh = client.post(_erase(world))

    assert _asked(stale) == (MFA_REAUTHENTICATE, _erase(world))
    assert (fresh.status_code, fresh["Location"]) == (302, reverse("office:people"))
    assert Person.objects.get(pk=world["target"].pk).erased_at is not None


def _asked(response) -> tuple[str, str]:
    """Where the person is sent to confirm, and where they go back to after."""
    location = urlsplit(response["Location"])
    return location.path, parse_qs(location.query)["next"][0]
