import io
import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from authorities.choices import Role
from authorities.models import Person
from tests.factories import PASSWORD

SIGN_IN = reverse("accounts:sign-in")


def test_sign_in_with_the_right_password_signs_in_and_goes_home(client, glasgow_officer):
    response = client.post(SIGN_IN, {"username": glasgow_officer.email, "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, reverse("core:home"))
    assert client.session[SESSION_KEY] == str(glasgow_officer.pk)


def test_sign_in_ignores_the_case_of_the_email_address(client, glasgow_officer):
    response = client.post(SIGN_IN, {"username": glasgow_officer.email.upper(), "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(glasgow_officer.pk)


def test_sign_in_follows_a_safe_next_and_ignores_an_unsafe_one(client, glasgow_officer):
    safe = client.post(SIGN_IN, {"username": glasgow_officer.email, "password": PASSWORD, "next": "/authorities/"})
    client.logout()
    unsafe = client.post(
        SIGN_IN, {"username": glasgow_officer.email, "password": PASSWORD, "next": "https://elsewhere.example/"}
    )

    assert safe["Location"] == "/authorities/"
    assert unsafe["Location"] == reverse("core:home")


def test_sign_in_with_a_wrong_password_explains_and_keeps_the_email(client, glasgow_officer):
    response = client.post(SIGN_IN, {"username": glasgow_officer.email, "password": "wrong"})

    body = response.content.decode()
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert '<a href="#id_username">The email address or password is not right. Check them and try again.</a>' in body
    assert f'value="{glasgow_officer.email}"' in body
    assert "<title>Error: Sign in" in body


def test_sign_in_with_empty_fields_names_each_field(client, reference):
    response = client.post(SIGN_IN, {"username": "", "password": ""})

    assert response.context["form"].errors == {
        "username": ["Enter your email address."],
        "password": ["Enter your password."],
    }


@override_settings(AXES_FAILURE_LIMIT=3)
def test_sign_in_is_paused_after_repeated_failures_even_with_the_right_password(client, glasgow_officer):
    for _ in range(3):
        client.post(SIGN_IN, {"username": glasgow_officer.email, "password": "wrong"})

    response = client.post(SIGN_IN, {"username": glasgow_officer.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert SESSION_KEY not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failures_on_one_account_do_not_lock_another(client, glasgow_officer, ades_officer):
    for _ in range(3):
        client.post(SIGN_IN, {"username": glasgow_officer.email, "password": "wrong"})

    response = client.post(SIGN_IN, {"username": ades_officer.email, "password": PASSWORD})

    assert response.status_code == 302


def test_sign_out_is_a_post_and_ends_the_session(client, glasgow_officer):
    client.force_login(glasgow_officer)

    response = client.post(reverse("accounts:sign-out"))

    assert (response.status_code, response["Location"]) == (302, reverse("core:home"))
    assert SESSION_KEY not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(
    client, glasgow_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": glasgow_officer.email})

    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [glasgow_officer.email]
    assert message.subject == "Reset your password for the Collaborative Improvement Portal"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    new_password = "a new and long passphrase"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})

    assert done["Location"] == reverse("accounts:password-reset-complete")
    glasgow_officer.refresh_from_db()
    assert glasgow_officer.check_password(new_password)


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, reference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.scot"})

    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert mail.outbox == []


def test_password_reset_link_used_twice_is_refused(client, glasgow_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": glasgow_officer.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "first new passphrase", "new_password2": "first new passphrase"},
    )

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    assert "This link has been used already or has expired." in again.content.decode()


@pytest.mark.django_db
def test_person_email_is_unique_ignoring_case(reference, glasgow_officer):
    from django.core.exceptions import ValidationError

    duplicate = Person(email=glasgow_officer.email.upper(), full_name="Copy", organisation=glasgow_officer.organisation)

    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean(exclude=["password"])

    assert list(raised.value.message_dict) == ["__all__"]


def test_authority_officer_must_belong_to_a_council(reference):
    from django.core.exceptions import ValidationError

    from authorities.models import Organisation

    person = Person(
        email="x@example.scot",
        full_name="X",
        organisation=Organisation.objects.get(name="ADES"),
        role=Role.AUTHORITY_OFFICER,
    )

    with pytest.raises(ValidationError) as raised:
        person.full_clean(exclude=["password"])

    assert raised.value.message_dict == {"role": ["An authority officer must belong to a local authority."]}


@override_settings(DEBUG=True)
def test_create_demo_users_makes_one_account_per_role_once(reference):
    out = io.StringIO()

    call_command("create_demo_users", stdout=out)
    call_command("create_demo_users", stdout=out)

    people = Person.objects.order_by("role")
    assert [(p.role, p.organisation.name) for p in people] == [
        (Role.ADES_OFFICER, "ADES"),
        (Role.AUTHORITY_OFFICER, "Glasgow City Council"),
        (Role.TEAM_MEMBER, "Education Scotland"),
    ]
    printed = out.getvalue().splitlines()
    passwords = [line.split()[-1] for line in printed[1:4]]
    assert [p.check_password(pw) for p, pw in zip(people, passwords, strict=True)] == [True, True, True]
    assert printed[4] == (
        "The ADES programme officer sets up a second factor (an authenticator app or a passkey) at first sign-in, "
        "as every ADES officer must."
    )
    assert not Authenticator.objects.exists()  # the real journey: they set it up themselves
    assert printed[-1] == "Accounts exist already; no demo accounts were created."


def test_create_demo_users_refuses_outside_debug(reference):
    with pytest.raises(CommandError, match="only for a local run"):
        call_command("create_demo_users")

    assert Person.objects.count() == 0
