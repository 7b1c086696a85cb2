"""Deleting a record in data maintenance never deletes, or changes, a guarded one along with it: Django asks for the
right to delete only the models registered there, and most guarded ones are not (core/admin_site.py)."""

from django.contrib import admin

from core.admin_site import GuardsCascades


def _quad_with_a_meeting():
    from quads.models import Quad, QuadMeeting
    from tests.factories import VisitFactory

    quad = Quad.objects.create(name="Quad 3", cycle="2025–26")
    QuadMeeting.objects.create(quad=quad, visit=VisitFactory())
    return quad


def test_every_admin_refuses_a_deletion_that_reaches_a_guarded_model():
    assert all(isinstance(model_admin, GuardsCascades) for model_admin in admin.site._registry.values())


def test_deleting_a_quad_that_has_a_meeting_is_refused_and_says_why(client, reference):
    from quads.models import Quad, QuadMeeting
    from tests.factories import PersonFactory

    quad = _quad_with_a_meeting()
    client.force_login(PersonFactory(is_superuser=True))

    page = client.get(f"/admin/quads/quad/{quad.pk}/delete/")
    post = client.post(f"/admin/quads/quad/{quad.pk}/delete/", {"post": "yes"})

    assert page.status_code == 200
    assert "doesn't have permission to delete the following types of objects" in page.content.decode()
    assert "<li>quad meetings</li></ul>" in page.content.decode()
    assert post.status_code == 403
    assert (Quad.objects.count(), QuadMeeting.objects.count()) == (1, 1)


def test_deleting_a_quad_with_nothing_guarded_still_works(client, reference):
    from quads.models import Quad
    from tests.factories import PersonFactory

    quad = Quad.objects.create(name="Quad 4", cycle="2025–26")
    client.force_login(PersonFactory(is_superuser=True))

    response = client.post(f"/admin/quads/quad/{quad.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Quad.objects.exists()


def test_deleting_selected_quads_one_of_them_with_a_meeting_is_refused(client, reference):
    from quads.models import Quad, QuadMeeting
    from tests.factories import PersonFactory

    met = _quad_with_a_meeting()
    other = Quad.objects.create(name="Quad 4", cycle="2025–26")
    client.force_login(PersonFactory(is_superuser=True))
    action = {"action": "delete_selected", "_selected_action": [met.pk, other.pk]}

    page = client.post("/admin/quads/quad/", action)
    post = client.post("/admin/quads/quad/", {**action, "post": "yes"})

    assert page.status_code == 200
    assert "permission to delete the following types of objects" in page.content.decode()
    assert "<li>quad meetings</li></ul>" in page.content.decode()
    assert post.status_code == 403
    assert (Quad.objects.count(), QuadMeeting.objects.count()) == (2, 1)


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
