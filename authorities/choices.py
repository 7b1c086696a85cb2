from django.db import models

FAMILY_GROUP_NUMBERS = (1, 2, 3, 4)


class AliasKind(models.TextChoices):
    NAME = "name", "Other name"
    FORMER_GSS_CODE = "former_gss_code", "Former GSS code"


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    ADES = "ades", "ADES"
    EDUCATION_SCOTLAND = "education_scotland", "Education Scotland"
    HMIE = "hmie", "HM Inspectorate of Education"
    PARTNER = "partner", "Partner body"


class Role(models.TextChoices):
    ADES_OFFICER = "ades_officer", "ADES programme officer"
    AUTHORITY_OFFICER = "authority_officer", "Authority officer"
    TEAM_MEMBER = "team_member", "Team member"
