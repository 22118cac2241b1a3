"""allowed_signers files written from their grammar, odd spellings weighted: what the trust
differential target (tests/test_fuzz_differential.py) hands to minecheck and to ssh-keygen."""

from __future__ import annotations

from hypothesis import strategies as st

PRINCIPALS = ("wang.wei@hlj.example", "li.na@hlj.example", "WANG.WEI@hlj.example")
NAMESPACES = ("minecheck-findings-v1", "minecheck-merged-v1")
# Around the times the check is made at (tests: 2026-11-29T08:15:00Z).
TIMES = ("20261129", "20261129081500", "20261129081459", "20261129081501", "202611290815",
         "20261130", "20200101", "20300101", "19700101", "19700101000001", "20261129081500",
         "2026112908150", "20260230", "20261129240000", "20261301")  # fmt: skip

_PATTERN = st.one_of(
    st.sampled_from(PRINCIPALS),
    st.sampled_from(
        [
            "*",
            "?",
            "*@hlj.example",
            "wang.*",
            "wang.wei@*",
            "*.example",
            "w?ng.wei@*",
            "*wei*",
            "",
            "wang.wei@hlj.example ",
            "li.na",
            "**",
            "*@*",
        ]
    ),
).map(lambda p: p)


@st.composite
def pattern_list(draw: st.DrawFn, names: st.SearchStrategy[str]) -> str:
    parts = draw(st.lists(st.tuples(st.booleans(), names), min_size=1, max_size=3))
    return ",".join(("!" if negated and draw(st.integers(0, 2)) == 0 else "") + p
                    for negated, p in parts)  # fmt: skip


_NS_NAME = st.one_of(
    st.sampled_from(NAMESPACES),
    st.sampled_from(
        ["minecheck-*", "*", "file", "minecheck-findings-v?", "*-v1", "", "Minecheck-findings-v1"]
    ),
)


@st.composite
def option(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["namespaces", "valid-after", "valid-before", "cert-authority",
                                 "other"]))  # fmt: skip
    name = draw(st.sampled_from([kind, kind.upper(), kind.title()])) if kind != "other" else ""
    if kind == "namespaces":
        return f'{name}="{draw(pattern_list(_NS_NAME))}"'
    if kind in ("valid-after", "valid-before"):
        zone = draw(st.sampled_from(["Z", "Z", "z", ""]))
        return f'{name}="{draw(st.sampled_from(TIMES))}{zone}"'
    if kind == "cert-authority":
        return name
    return draw(st.sampled_from(["no-touch-required", "verify-required", "namespaces=file",
                                 'namespaces=""', "x=y"]))  # fmt: skip


@st.composite
def signer_line(draw: st.DrawFn, keys: tuple[str, ...]) -> str:
    """One line: principals, options, a key (one of `keys`, OpenSSH text), a comment."""
    kind = draw(st.sampled_from(["line", "line", "line", "line", "comment", "blank"]))
    if kind == "comment":
        return draw(st.sampled_from(["# a comment", "  # indented", "#"]))
    if kind == "blank":
        return draw(st.sampled_from(["", "  ", "\t"]))
    principals = draw(pattern_list(_PATTERN))
    if " " in principals or draw(st.integers(0, 5)) == 0:
        principals = f'"{principals}"'
    options = draw(st.lists(option(), max_size=3))
    space = st.sampled_from([" ", " ", "\t", "  "])
    parts = [draw(space).join([principals])]
    if options:
        parts.append(",".join(options))
    parts.append(draw(st.sampled_from(keys)))
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["wang@laptop", "comment with spaces", "#x"])))
    lead = draw(st.sampled_from(["", "", " ", "\t"]))
    return lead + "".join(p + draw(space) for p in parts[:-1]) + parts[-1]


@st.composite
def allowed_signers(draw: st.DrawFn, keys: tuple[str, ...]) -> str:
    lines = draw(st.lists(signer_line(keys), min_size=1, max_size=4))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
