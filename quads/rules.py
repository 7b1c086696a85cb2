"""Who may read and write self-evaluations and frameworks."""

import rules

from authorities.rules import is_ades_officer, is_authority_officer, is_officer_of_authority


@rules.predicate
def is_officer_of_evaluated_authority(user, self_evaluation):
    """Asked of a self-evaluation, or of the authority before it has one."""
    return is_officer_of_authority(user, getattr(self_evaluation, "authority", self_evaluation))


# Self-evaluations: the authority's own officers write them; ADES officers read them and may reopen them.
# Officers of the rest of a Quad read submitted ones only through the Quad's page.
rules.add_perm("quads.view_self_evaluation", is_ades_officer | is_officer_of_evaluated_authority)
rules.add_perm("quads.view_all_self_evaluations", is_ades_officer)
rules.add_perm("quads.write_self_evaluation", is_officer_of_evaluated_authority)
rules.add_perm("quads.reopen_self_evaluation", is_ades_officer | is_officer_of_evaluated_authority)
rules.add_perm("quads.view_frameworks", is_ades_officer | is_authority_officer)
rules.add_perm("quads.manage_frameworks", is_ades_officer)


@rules.predicate
def is_officer_in_quad(user, quad):
    return (
        is_authority_officer(user)
        and quad is not None
        and any(member.pk == user.organisation.authority_id for member in quad.members.all())
    )


# Quad membership is entered by officers and is not published.
rules.add_perm("quads.view_quads_of_authority", is_ades_officer | is_officer_of_authority)
rules.add_perm("quads.see_quad", is_ades_officer | is_officer_in_quad)
rules.add_perm("quads.write_quad_agreements", is_ades_officer | is_officer_in_quad)
rules.add_perm("quads.plan_quads", is_ades_officer)
rules.add_perm("quads.list_quads", is_ades_officer | is_authority_officer)

# The Quads guidance is for everyone signed in (Quad members, ADES officers and those who support them); ADES
# officers write its versions and read the earlier ones.
rules.add_perm("quads.read_guidance", rules.is_authenticated)
rules.add_perm("quads.write_guidance", is_ades_officer)
