"""What an allowed_signers principals field names: someone, no one, or everyone; and which
principals read alike. Pure judgement: the callers say what it means (`cli/trust.py`).

A field is an OpenSSH pattern list (`signers.match_pattern_list`): names and patterns with `*`
and `?`, an element starting with `!` an exclusion. A signer's name is lowercase ASCII,
`name@domain` (`keyring.valid_principal`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

# what a `*` is tried as (a `?` as each one-character piece): none, letters and digits, the
# parts of a name around its `@`, a dot
_WITNESS_FILLS = ("", "a", "z9", "@", "a@", "@a", "a@a", "b.c", "q", ".", "-", "0")
_WITNESS_BUDGET = 400_000  # (about a second of matching at most)
# names of unlike shapes, at unlike domains: a field that admits them all admits anyone
_UNLIKE_NAMES = ("a@b", "q9.z-x+0@0.y-z", "zhao_1@ab.example")


def names_someone(principals: str) -> bool:
    """Whether the allowed_signers principals field PRINCIPALS can match a signer: some name a
    document's signer can hold (lowercase ASCII, name@domain: `keyring.valid_principal`) that
    the field admits, as `match_pattern_list` judges it, exclusions and all. Each pattern not an
    exclusion is tried with its wildcards filled from a few pieces (`_WITNESS_FILLS`), within
    `_WITNESS_BUDGET` (tries times exclusions); a field not settled within it is given the
    benefit of the doubt.
    `!x` alone, `a!b@x`, `x?` (no name@domain has two characters), `*,!*`, `*@X.ORG` (case
    matches as written) name no one."""
    from minecheck.core.keyring import valid_principal
    from minecheck.core.signers import match_pattern_list

    parts = principals.split(",")
    excluded = ",".join(dict.fromkeys(p[1:] for p in parts if p.startswith("!")))
    cost = excluded.count(",") + 2  # a try: the name's shape, then each exclusion
    work = 0
    for pattern in dict.fromkeys(p for p in parts if p and not p.startswith("!")):
        for witness in _witnesses(pattern):  # (each matches its pattern as made)
            work += cost
            if work > _WITNESS_BUDGET:
                return True
            if valid_principal(witness) and not (
                excluded and match_pattern_list(witness, excluded)
            ):
                return match_pattern_list(witness, principals)  # (a part too long: no one)
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


def admits_anyone(principals: str) -> bool:
    """Whether the field PRINCIPALS matches every signer's name (`*`, `*@*`, `?*`): it admits
    names of unlike shapes at unlike domains (`_UNLIKE_NAMES`)."""
    from minecheck.core.signers import match_pattern_list

    return all(match_pattern_list(name, principals) for name in _UNLIKE_NAMES)


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
