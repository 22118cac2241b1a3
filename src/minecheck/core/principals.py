"""What an allowed_signers principals field names: someone, no one, or everyone; and which
principals read alike. Pure judgement: the callers say what it means (`cli/trust.py`).

A field is an OpenSSH pattern list (`signers.match_pattern_list`): names and patterns with `*`
and `?`, an element starting with `!` an exclusion. A signer's name is lowercase ASCII,
`name@domain` (`keyring.valid_principal`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

# what a `*` is tried as (a `?` as each one-character piece): none, letters and digits, the
# parts of a name around its `@`, a dot
_WITNESS_FILLS = ("", "a", "z9", "@", "a@", "@a", "a@a", "b.c", "q", ".", "-", "0")
_WITNESS_BUDGET = 400_000  # (about a second of matching at most)
# what a name's characters may be written with, on both sides of its `@`, in the order tried
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789-."
_LONGEST_PART = 190  # (of a name: 64 before its `@`, 190 after)
# names of unlike shapes, at unlike domains: a field that admits them all admits anyone
_UNLIKE_NAMES = ("a@b", "q9.z-x+0@0.y-z", "zhao_1@ab.example")


def names_someone(principals: str) -> bool:
    """Whether the allowed_signers principals field PRINCIPALS can match a signer: some name a
    document's signer can hold (lowercase ASCII, name@domain: `keyring.valid_principal`) that
    the field admits, as `match_pattern_list` judges it, exclusions and all. Each pattern not an
    exclusion is tried with its wildcards filled from a few pieces (`_WITNESS_FILLS`); one
    whose names so made are all excluded is tried again with names no exclusion can tell
    apart from the one it admits (`_unexcluded_witnesses`). All within `_WITNESS_BUDGET`
    (tries times exclusions, each star in one counted as one more: a piece found); a field not
    settled within it is given the benefit of the doubt.
    `!x` alone, `a!b@x`, `x?` (no name@domain has two characters), `*,!*`, `*@X.ORG` (case
    matches as written) name no one."""
    from minecheck.core.keyring import valid_principal
    from minecheck.core.signers import match_pattern_list

    parts = principals.split(",")
    excluded = ",".join(dict.fromkeys(p[1:] for p in parts if p.startswith("!")))
    # a try: the name's shape, then each exclusion, each of its stars one more (a piece found)
    cost = excluded.count(",") + 2 + excluded.count("*")
    work = 0
    defeated: dict[str, None] = {}  # patterns that made a signer's name, and it was excluded
    for pattern in dict.fromkeys(p for p in parts if p and not p.startswith("!")):
        for witness in _witnesses(pattern):  # (each matches its pattern as made)
            work += cost
            if work > _WITNESS_BUDGET:
                return True
            if not valid_principal(witness):
                continue
            if not (excluded and match_pattern_list(witness, excluded)):
                return match_pattern_list(witness, principals)  # (a part too long: no one)
            defeated[pattern] = None
    if not defeated:
        return False
    fresh = _absent_character(excluded.split(","))
    if fresh is None:  # every character a name may hold is in some exclusion: not settled
        return True
    most = max(p.count("?") for p in excluded.split(","))
    longest = min(most + 1, _LONGEST_PART)  # (a longer run makes no signer's name)
    runs = tuple(fresh * n for n in range(longest + 1))  # (made once: thousands of patterns)
    for pattern in defeated:
        for witness in _unexcluded_witnesses(pattern, runs):
            work += cost
            if work > _WITNESS_BUDGET:
                return True
            if valid_principal(witness) and not match_pattern_list(witness, excluded):
                return match_pattern_list(witness, principals)
    return False


def _witnesses(pattern: str) -> Iterator[str]:
    """PATTERN with each `*` and `?` filled from `_WITNESS_FILLS`, every way, the last
    wildcard varied first."""
    pieces = re.split(r"([*?])", pattern)
    choices = [
        (piece,)
        if piece not in ("*", "?")
        else _WITNESS_FILLS
        if piece == "*"
        else tuple(f for f in _WITNESS_FILLS if len(f) == 1)
        for piece in pieces
    ]
    return ("".join(parts) for parts in itertools.product(*choices))


def _absent_character(texts: Iterable[str]) -> str | None:
    """The first character a name may hold on either side of its `@` that none of TEXTS
    holds, if there is one."""
    held = set("".join(texts))
    return next((c for c in _NAME_CHARACTERS if c not in held), None)


def _unexcluded_witnesses(pattern: str, runs: tuple[str, ...]) -> Iterator[str]:
    """PATTERN with each wildcard filled with one of RUNS, the runs of a character no
    exclusion holds (FRESH), none to LONGEST long, and the `@` put in where the pattern has
    none (at each wildcard in turn: a `*` takes two runs around it, a `?` the `@` alone).
    Made one at a time: nothing is built before the first is tried, which the budget counts.

    These find a name the field admits if it admits any: take such a name and write each
    character a wildcard took in it, but the `@`, as FRESH. An exclusion that matched the name
    so written would match the name itself (its `*` and `?` take FRESH where they took that
    character, and none of its own characters is FRESH). A run of FRESH longer than the most
    `?` in any exclusion can be cut to one more than that and stay unmatched (a `*` of the
    exclusion would otherwise take the part cut): so LONGEST."""
    pieces = re.split(r"([*?])", pattern)
    fills = {"*": runs, "?": runs[1:2]}
    choices = [fills.get(piece, (piece,)) for piece in pieces]
    if "@" in pattern:
        yield from ("".join(parts) for parts in itertools.product(*choices))
        return
    for at, piece in enumerate(pieces):
        if piece not in fills:
            continue
        around = ((left, right) for left in runs for right in runs) if piece == "*" else [("", "")]
        for left, right in around:
            placed = [*choices[:at], (f"{left}@{right}",), *choices[at + 1 :]]
            yield from ("".join(parts) for parts in itertools.product(*placed))


def admits_anyone(principals: str) -> bool:
    """Whether the field PRINCIPALS, its exclusions set aside, admits every signer's name
    (`*`, `*@*`, `?*`, `*,!q*`): it admits names of unlike shapes at unlike domains
    (`_UNLIKE_NAMES`). Exclusions do not make it less: the key still signs as every name they
    do not name, signers trusted for other keys among them."""
    from minecheck.core.signers import match_pattern_list

    admitting = ",".join(p for p in principals.split(",") if not p.startswith("!"))
    return all(match_pattern_list(name, admitting) for name in _UNLIKE_NAMES)


def reads_alike(new: str, old: str) -> bool:
    """Whether principals NEW and OLD, each a name or a pattern, are taken one for the other:
    two names, or two patterns, that read the same (`sanitize.principal_reads_as`: rn/m,
    vv/w, cl/d, 1/l, 0/o) and are not the same; a name that a pattern matches as it reads
    (`zhao@examp1e.org` and `*@example.org`) and not as it is written. A name a pattern
    already matches as written is not a look-alike of it (`wang@hlj.example`, `*@hlj.example`)."""
    from minecheck.core.sanitize import principal_reads_as
    from minecheck.core.signers import match_pattern_list

    if new == old:
        return False
    if is_pattern(new) == is_pattern(old):
        return principal_reads_as(new) == principal_reads_as(old)
    name, pattern = (old, new) if is_pattern(new) else (new, old)
    return match_pattern_list(
        principal_reads_as(name), principal_reads_as(pattern)
    ) and not match_pattern_list(name, pattern)


def is_pattern(principal: str) -> bool:
    """Whether PRINCIPAL holds a wildcard (`*` or `?`)."""
    return any(c in principal for c in "*?")
