"""An ADES officer resets another person's second factor (a lost phone or key): only with a second factor of their
own, never their own, recorded in the audit log without any secret; the person enrols again at their next sign-in."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from authorities.choices import OrganisationKind, Role
from authorities.services.second_factor import reset_second_factor
from core.models import AuditEntry
from tests.factories import PersonFactory, organisation, ready_identity_provider, sign_in_freshly, with_totp


@pytest.fixture
def ailsa(reference):
    """An officer who lost her phone: an authenticator app, a security key and recovery codes."""
    person = PersonFactory(full_name="Ailsa Lost")
    secret = with_totp(person)
    RecoveryCodes.activate(person)
    Authenticator.objects.create(user=person, type=Authenticator.Type.WEBAUTHN, data={"name": "Blue key"})
    person.planted_secret = secret
    return person


@pytest.fixture
def officer(ades_officer):
    """An ADES officer, with the authenticator app every one of them has (PersonFactory)."""
    return ades_officer


@pytest.fixture
def officer_without_one(reference):
    """An ADES officer who has not set one up (the portal would send them to do so before anything else)."""
    return PersonFactory(
        role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES), second_factor=False
    )


def test_the_reset_deletes_every_authenticator_and_says_so_in_the_audit_log(officer, ailsa):
    removed = reset_second_factor(person=ailsa, by=officer)

    entry = AuditEntry.objects.get(kind="person.second_factor.reset")
    assert removed == ["an authenticator app", "passkeys or security keys", "recovery codes"]
    assert list(Authenticator.objects.filter(user=ailsa)) == []
    assert Authenticator.objects.filter(user=officer).count() == 1
    assert (entry.by, entry.summary) == (
        officer,
        f"{officer.full_name} reset the second factor of Ailsa Lost (an authenticator app and passkeys or "
        "security keys and recovery codes removed): they may set one up again from Sign-in and security",
    )
    assert ailsa.planted_secret not in entry.summary


def test_an_officer_without_a_second_factor_of_their_own_is_refused(officer_without_one, ailsa):
    with pytest.raises(ValidationError) as refused:
        reset_second_factor(person=ailsa, by=officer_without_one)

    assert refused.value.messages == [
        "Only an officer with a second factor of their own can reset someone else's. "
        "Add an authenticator app or a passkey to your account first."
    ]
    assert Authenticator.objects.filter(user=ailsa).count() == 3
    assert not AuditEntry.objects.filter(kind="person.second_factor.reset").exists()


def test_recovery_codes_alone_are_not_a_second_factor_of_ones_own(officer_without_one, ailsa):
    RecoveryCodes.activate(officer_without_one)

    with pytest.raises(ValidationError):
        reset_second_factor(person=ailsa, by=officer_without_one)

    assert Authenticator.objects.filter(user=ailsa).count() == 3


def test_nobody_resets_their_own(officer):
    with pytest.raises(ValidationError) as refused:
        reset_second_factor(person=officer, by=officer)

    assert refused.value.messages == [
        "You cannot reset your own second factor. Use a recovery code, or ask another ADES officer."
    ]
    assert Authenticator.objects.filter(user=officer).count() == 1


def test_someone_with_nothing_to_reset_is_said_so(officer, reference):
    nobody = PersonFactory(full_name="Never Enrolled")

    with pytest.raises(ValidationError) as refused:
        reset_second_factor(person=nobody, by=officer)

    assert refused.value.messages == ["Never Enrolled has no second factor to reset."]
    assert not AuditEntry.objects.exists()


def test_the_person_page_offers_the_reset_and_the_confirmed_post_does_it(client, officer, ailsa):
    sign_in_freshly(client, officer, method="mfa", type="totp")
    person_page = reverse("office:person", kwargs={"pk": ailsa.pk})
    reset = reverse("authorities:person-second-factor-reset", kwargs={"pk": ailsa.pk})

    page = client.get(person_page).content.decode()
    confirm = client.get(reset, {"next": person_page}).content.decode()
    done = client.post(reset, {"next": person_page}, follow=True)

    assert "Ailsa Lost has an authenticator app and passkeys or security keys and recovery codes." in page
    assert f'href="{reset}?next={person_page}"' in page
    assert "They have an authenticator app and passkeys or security keys and recovery codes." in confirm
    assert done.redirect_chain == [(person_page, 302)]
    assert (
        "The second factor of Ailsa Lost is reset (an authenticator app and passkeys or security keys and "
        "recovery codes removed): they may set one up again from Sign-in and security." in done.content.decode()
    )
    assert "Ailsa Lost has no second factor set up." in done.content.decode()
    assert list(Authenticator.objects.filter(user=ailsa)) == []
    assert ailsa.planted_secret not in page + confirm + done.content.decode()


def test_an_officer_sees_no_reset_on_their_own_page(client, officer):
    sign_in_freshly(client, officer, method="mfa", type="totp")

    page = client.get(reverse("office:person", kwargs={"pk": officer.pk})).content.decode()

    assert f"{officer.full_name} has an authenticator app." in page
    assert 'data-testid="reset-second-factor-link"' not in page


def test_an_officer_with_only_their_organisations_second_factor_is_asked_for_a_portal_one(
    client, officer_without_one, ailsa, monkeypatch
):
    ready_identity_provider(monkeypatch, officer_without_one.organisation)
    sign_in_freshly(client, officer_without_one, method="mfa", type="provider", provider="ades")

    done = client.post(reverse("authorities:person-second-factor-reset", kwargs={"pk": ailsa.pk}))

    assert done.status_code == 200
    assert "This action needs the portal's own second factor" in done.content.decode()
    assert Authenticator.objects.filter(user=ailsa).count() == 3


def test_the_reset_asks_the_officer_for_their_second_factor_first(client, officer, ailsa):
    sign_in_freshly(client, officer, method="mfa", type="totp", seconds_ago=3600)

    asked = client.post(reverse("authorities:person-second-factor-reset", kwargs={"pk": ailsa.pk}))

    assert asked["Location"].startswith("/accounts/2fa/reauthenticate/?next=")
    assert Authenticator.objects.filter(user=ailsa).count() == 3


def test_an_unsafe_next_goes_home(client, officer, ailsa):
    sign_in_freshly(client, officer, method="mfa", type="totp")

    done = client.post(
        reverse("authorities:person-second-factor-reset", kwargs={"pk": ailsa.pk}), {"next": "https://evil.example"}
    )

    assert done["Location"] == "/"


def test_an_officer_reset_sets_one_up_again_at_their_next_sign_in(officer, reference):
    other = PersonFactory(
        full_name="Other Officer", role=Role.ADES_OFFICER, organisation=organisation(kind=OrganisationKind.ADES)
    )

    reset_second_factor(person=other, by=officer)

    assert AuditEntry.objects.get(kind="person.second_factor.reset").summary == (
        f"{officer.full_name} reset the second factor of Other Officer (an authenticator app removed): "
        "they set one up again at their next sign-in"
    )


def test_only_a_superuser_resets_a_superusers(officer, reference):
    root = PersonFactory(full_name="Root User", is_superuser=True)

    with pytest.raises(ValidationError) as refused:
        reset_second_factor(person=root, by=officer)

    assert refused.value.messages == ["Only a superuser can reset a superuser's second factor. Ask one of them."]
    assert Authenticator.objects.filter(user=root).count() == 1


def test_the_reset_signs_the_person_out_everywhere(officer, ailsa):
    theirs = Client()
    theirs.force_login(ailsa)
    assert theirs.get(reverse("core:home")).wsgi_request.user == ailsa

    reset_second_factor(person=ailsa, by=officer)

    assert theirs.get(reverse("core:home")).wsgi_request.user.is_anonymous
