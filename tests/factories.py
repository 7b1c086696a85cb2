import factory

from authorities.choices import OrganisationKind, Role
from authorities.models import Organisation, Person

PASSWORD = "correct horse battery staple"


def organisation(**lookup) -> Organisation:
    """One of the organisations the reference data loads (a council, ADES, Education Scotland, HMIE)."""
    return Organisation.objects.get(**lookup)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.scot")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.LazyFunction(lambda: organisation(kind=OrganisationKind.EDUCATION_SCOTLAND))
    role = Role.TEAM_MEMBER
    password = factory.django.Password(PASSWORD)
