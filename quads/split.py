"""How a family group's free authorities are split into Quads: pure functions over the authorities, no database.

The Quads "have the potential to develop new partnership structures, bound by affinity through the Local Government
Benchmarking families rather than geographical proximity" (CI programme final report, 2025). So each family group is
split into fours that, in this order of importance:

1. put together again as few pairs of authorities as possible who shared a Quad in the cycle before;
2. put together as few pairs as possible from one regional improvement collaborative (the neighbours who already
   work together);
3. of the splits left, have as few Quads as possible with any two members from one collaborative.

Every split is tried (a family group has eight authorities; up to twelve are tried in full, about six thousand
splits), so what cannot be avoided is said to be unavoidable. Ties go to the first split in the order of the
authorities' names, so the same authorities always give the same suggestion. When the free authorities do not divide
into fours, the remainder (one to three) is left over for officers to place by hand, chosen by the same order.
Beyond twelve, the split is improved by swapping pairs of authorities until no swap helps, and its reasons say "the
fewest found" rather than "unavoidable".
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

QUAD_SIZE = 4
TRIED_IN_FULL = 12
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def words(number: int) -> str:
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)


@dataclass(frozen=True)
class Split:
    quads: tuple[tuple, ...]  # each a tuple of four authorities, in the order of their names
    left_over: tuple
    score: tuple[int, int, int]  # (pairs from the cycle before, pairs from one collaborative, Quads sharing one)
    fewest_repeats: int  # the fewest pairs from the cycle before that any split has
    fewest_shared: int  # the fewest pairs from one collaborative that any split has, whatever the cycle before
    tried_in_full: bool


def pairs_in(group: Sequence) -> Iterator[tuple]:
    return combinations(group, 2)


def shared_pairs(group: Sequence) -> list[tuple]:
    """Pairs of the group who belong to one collaborative."""
    return [(a, b) for a, b in pairs_in(group) if a.collaborative_id == b.collaborative_id]


def repeated_pairs(group: Sequence, earlier: dict[frozenset, str]) -> list[tuple]:
    """Pairs of the group who were in one Quad of the cycle before (``earlier`` maps a pair of pks to that Quad)."""
    return [(a, b) for a, b in pairs_in(group) if frozenset((a.pk, b.pk)) in earlier]


def score(quads: Sequence[Sequence], earlier: dict[frozenset, str]) -> tuple[int, int, int]:
    repeats = sum(len(repeated_pairs(quad, earlier)) for quad in quads)
    shared = [len(shared_pairs(quad)) for quad in quads]
    return (repeats, sum(shared), sum(1 for count in shared if count))


def _partitions(people: Sequence) -> Iterator[tuple]:
    """Every way of dividing ``people`` (a multiple of four) into fours, the first person always in the first four."""
    if not people:
        yield ()
        return
    first, rest = people[0], people[1:]
    for others in combinations(rest, QUAD_SIZE - 1):
        remaining = [person for person in rest if person not in others]
        for tail in _partitions(remaining):
            yield ((first, *others), *tail)


def _candidates(people: Sequence) -> Iterator[tuple[tuple, tuple]]:
    """(quads, left over) for every split; the left over taken from the end of the list of names first."""
    spare = len(people) % QUAD_SIZE
    for left in combinations(reversed(people), spare):
        placed = [person for person in people if person not in left]
        for quads in _partitions(placed):
            yield quads, tuple(sorted(left, key=lambda a: a.name))


def best_split(authorities: Sequence, earlier: dict[frozenset, str]) -> Split:
    """The split of one family group's free authorities that best mixes collaboratives and new partners."""
    people = sorted(authorities, key=lambda a: (a.name, a.pk))
    if len(people) > TRIED_IN_FULL:
        return _improved(people, earlier)
    best, fewest_repeats, fewest_shared = None, None, None
    for quads, left in _candidates(people):
        scored = score(quads, earlier)
        if best is None or scored < best[0]:
            best = (scored, quads, left)
        fewest_repeats = scored[0] if fewest_repeats is None else min(fewest_repeats, scored[0])
        fewest_shared = scored[1] if fewest_shared is None else min(fewest_shared, scored[1])
    scored, quads, left = best
    return Split(quads, left, scored, fewest_repeats, fewest_shared, tried_in_full=True)


def _improved(people: list, earlier: dict[frozenset, str]) -> Split:
    """Too many to try every split: start from fours in the order of names and swap two authorities of different
    fours (or one left over) while a swap lowers the score; the first best swap each time, so always the same."""
    whole = len(people) - len(people) % QUAD_SIZE
    groups = [list(people[start : start + QUAD_SIZE]) for start in range(0, whole, QUAD_SIZE)]
    groups.append(list(people[whole:]))  # the left over, possibly empty
    current = score(groups[:-1], earlier)
    while True:
        best = None
        for first, second in combinations(range(len(groups)), 2):
            for i in range(len(groups[first])):
                for j in range(len(groups[second])):
                    trial = [list(group) for group in groups]
                    trial[first][i], trial[second][j] = groups[second][j], groups[first][i]
                    scored = score(trial[:-1], earlier)
                    if scored < current and (best is None or scored < best[0]):
                        best = (scored, trial)
        if best is None:
            break
        current, groups = best
    quads = tuple(tuple(sorted(group, key=lambda a: a.name)) for group in groups[:-1])
    left = tuple(sorted(groups[-1], key=lambda a: a.name))
    return Split(quads, left, current, current[0], current[1], tried_in_full=False)


def _listed(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def reasons(quad: Sequence, family: int, split: Split, earlier: dict[frozenset, str], *, before: str) -> list[str]:
    """Why a suggested Quad is made of these four, in sentences: its family group, its collaboratives and its members'
    partners in the cycle ``before``; where a wish could not be met, which and why."""
    said = [f"Family group {family} of the children's set."]
    said.extend(_collaborative_reasons(quad, family, split, before=before))
    said.extend(_earlier_reasons(quad, family, split, earlier, before=before))
    return said


def _collaborative_reasons(quad: Sequence, family: int, split: Split, *, before: str) -> list[str]:
    by_collaborative: dict[str, list[str]] = {}
    for member in quad:
        by_collaborative.setdefault(member.collaborative.name, []).append(member.name)
    count = f"{words(len(by_collaborative)).capitalize()} collaborative{'s' if len(by_collaborative) > 1 else ''}"
    if len(by_collaborative) == len(quad):
        return [f"{count}: {_listed(sorted(by_collaborative))}."]
    shared = [
        f"{_listed(names)} are {'both' if len(names) == 2 else 'all'} in {name}"
        for name, names in sorted(by_collaborative.items())
        if len(names) > 1
    ]
    said = [f"{count}: {'; '.join(shared)}."]
    pairs = _pairs(split.score[1])
    if not split.tried_in_full:
        said.append(f"The fewest found: family group {family}'s Quads have {pairs} from one collaborative.")
    elif split.score[1] == split.fewest_shared:
        said.append(
            f"Unavoidable: every split of family group {family} puts at least {pairs} from one collaborative "
            "in a Quad together."
        )
    else:
        said.append(
            f"Family group {family}'s Quads have {pairs} from one collaborative where there could be "
            f"{_pairs(split.fewest_shared)}, so as to keep apart authorities who were in a Quad together in {before}."
        )
    return said


def _pairs(number: int) -> str:
    return f"{words(number)} pair{'' if number == 1 else 's'}"


def _earlier_reasons(quad: Sequence, family: int, split: Split, earlier: dict, *, before: str) -> list[str]:
    if not earlier:
        return [f"No Quads are recorded for {before}, so there are no earlier partners to keep apart."]
    repeated = repeated_pairs(quad, earlier)
    if not repeated:
        return [f"No two of the four were in a Quad together in {before}."]
    said = [
        f"{a.name} and {b.name} were together in {earlier[frozenset((a.pk, b.pk))]} in {before}." for a, b in repeated
    ]
    pairs = _pairs(split.score[0])
    if split.tried_in_full and split.score[0] == split.fewest_repeats:
        said.append(
            f"Unavoidable: every split of family group {family} puts at least {pairs} from {before}'s Quads "
            "together again."
        )
    else:
        said.append(f"The fewest found: family group {family}'s Quads have {pairs} from {before}'s Quads.")
    return said
