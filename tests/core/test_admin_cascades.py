"""Deleting a record in data maintenance never deletes, or changes, a guarded one along with it: Django asks for the
right to delete only the models registered there, and most guarded ones are not (core/admin_site.py)."""

from django.contrib import admin

from core.admin_site import GuardsCascades, guarded_in_cascade


def _quad_with_a_meeting():
    from quads.models import Quad, QuadMeeting
    from tests.factories import VisitFactory

    quad = Quad.objects.create(name="Quad 3", cycle="2025–26")
    QuadMeeting.objects.create(quad=quad, visit=VisitFactory())
    return quad


def test_every_admin_refuses_a_deletion_that_reaches_a_guarded_model():
    assert all(isinstance(model_admin, GuardsCascades) for model_admin in admin.site._registry.values())


def test_the_cascade_of_a_quad_with_a_meeting_reaches_its_guarded_meeting(reference):
    """Quads are read-only here themselves now; the check still finds what a deletion would take with it."""
    from quads.models import QuadMeeting

    quad = _quad_with_a_meeting()

    assert QuadMeeting in guarded_in_cascade([quad], admin.site.guarded)


def test_deleting_an_organisation_with_nothing_guarded_still_works(client, reference):
    from authorities.models import Organisation
    from tests.factories import PersonFactory

    spare = Organisation.objects.create(name="A partner that closed", kind="partner")
    client.force_login(PersonFactory(is_superuser=True))

    response = client.post(f"/admin/authorities/organisation/{spare.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=spare.pk).exists()


def test_deleting_selected_people_one_of_them_sent_an_email_is_refused_and_says_why(client, reference):
    from authorities.models import Person
    from core.models import OutgoingEmail
    from tests.factories import PersonFactory

    written_to, other = PersonFactory(), PersonFactory()
    OutgoingEmail.objects.create(to=written_to.email, subject="Your place", person=written_to)
    client.force_login(PersonFactory(is_superuser=True))
    action = {"action": "delete_selected", "_selected_action": [written_to.pk, other.pk]}

    page = client.post("/admin/authorities/person/", action)
    post = client.post("/admin/authorities/person/", {**action, "post": "yes"})

    assert page.status_code == 200
    assert "permission to delete the following types of objects" in page.content.decode()
    assert "<li>outgoing emails</li>" in page.content.decode()
    assert post.status_code == 403
    assert Person.objects.filter(pk__in=[written_to.pk, other.pk]).count() == 2


def test_a_person_an_email_was_sent_to_cannot_be_deleted_here_either(client, reference):
    """Their emails' pointer would be emptied, not deleted: still a change to a guarded record (erasure is the door)."""
    from authorities.models import Person
    from core.models import OutgoingEmail
    from tests.factories import PersonFactory

    person = PersonFactory()
    email = OutgoingEmail.objects.create(to=person.email, subject="Your place", person=person)
    client.force_login(PersonFactory(is_superuser=True))

    post = client.post(f"/admin/authorities/person/{person.pk}/delete/", {"post": "yes"})

    assert post.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
    email.refresh_from_db()
    assert email.person_id == person.pk
