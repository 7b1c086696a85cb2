"""A visit team's make-up, as its page sums it up: who comes from the host authorities, who from other authorities
(the peers), and who from national bodies and partners; and, among the authorities' people, the Quality Improvement
Officers ("Recognising the key role of QIOs in the RIC", the West Partnership evaluation).

A QIO from another authority reviews as a peer: counted with the peers here, and held to the same conflict-of-interest
checks (reviews.warnings). A QIO of a host authority counts with the host's own people."""

from dataclasses import dataclass

from .choices import PlaceAnswer, TeamRole


@dataclass(frozen=True)
class Composition:
    from_hosts: int
    from_other_authorities: int
    from_elsewhere: int
    qios_from_hosts: int
    qios_from_other_authorities: int

    @property
    def qios(self) -> int:
        return self.qios_from_hosts + self.qios_from_other_authorities


def is_peer_qio(membership, host_ids: set[int]) -> bool:
    """A Quality Improvement Officer of an authority that is not a host: on the team as a peer."""
    authority_id = membership.person.organisation.authority_id
    return membership.role == TeamRole.QIO and authority_id is not None and authority_id not in host_ids


def composition_of(hosts, team) -> Composition:
    """The make-up of those who may come (declined places left out, as the checks do); `team` as the visit page has
    it prefetched, with each person's organisation."""
    host_ids = {host.pk for host in hosts}
    members = [m for m in team if m.place != PlaceAnswer.DECLINED]
    authority = {m.pk: m.person.organisation.authority_id for m in members}
    from_hosts = [m for m in members if authority[m.pk] in host_ids]
    others = [m for m in members if authority[m.pk] is not None and authority[m.pk] not in host_ids]
    return Composition(
        from_hosts=len(from_hosts),
        from_other_authorities=len(others),
        from_elsewhere=len(members) - len(from_hosts) - len(others),
        qios_from_hosts=sum(m.role == TeamRole.QIO for m in from_hosts),
        qios_from_other_authorities=sum(is_peer_qio(m, host_ids) for m in others),
    )
