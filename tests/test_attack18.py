"""The day's last changes attacked (round 18): a table written a part at a time, the table's
caches let go past `_table.KEPT`, one text per value and style, the fold's acceptances kept as
tuples.

`_output.printed` writes what `Reporter.show` is given `PRINTED_LINES` lines at a time; here the
constant is made a few lines so that a table of a few rows is written in many parts, with rows
around its multiples, and `KEPT` a few cells so that every cache is let go again and again: the
bytes must be those Rich prints for the same table whole, laid out with every cell its own text
and nothing let go. Budgets as in tests/test_fuzz_layout.py (`MINECHECK_FUZZ_EXAMPLES=N` for a
longer hunt with a new seed). Then a long table's parts met by a reader that goes away, by
Ctrl-C and by a full disk; and the fold's panels, keys and reopened rounds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.console import Console, Group, RenderableType

from minecheck import i18n
from minecheck.cli import _output, _table
from minecheck.cli._breaks import BreakingConsole
from minecheck.cli._render import Fields, SafeTexts, safe, table
from minecheck.cli._summary_table import summary_renderables
from minecheck.core.documents import Event
from minecheck.core.loop import Hazard, SignedEvent, fold
from minecheck.report.summary import Summary
from tests.helpers_merge import allowed_signers, findings, person
from tests.test_fuzz_layout import HOSTILE, budget
from tests.test_fuzz_tables85 import _console, _summaries

MODES = ["pipe", "tty", "nocolor", "dumb"]

# a cell from a file: hostile characters (markup, escapes, a bell, tabs, line breaks, Chinese,
# combining marks, an emoji joiner), a word wider than any column, or nothing
_cell = st.one_of(
    st.lists(st.sampled_from(HOSTILE), max_size=14).map("".join),
    st.integers(1, 60).map(lambda n: "x" * n),
    st.sampled_from(["", "[bold]x[/]", "检查通风设施是否完好", "-", "2026-07-01", "major"]),
)
_style = st.sampled_from(["", "bold", "dim", "bold red"])


@contextmanager
def _small(lines: int, kept: int) -> Iterator[None]:
    """Parts of `lines` lines, and caches let go past `kept` cells."""
    saved = _output.PRINTED_LINES, _table.KEPT
    _output.PRINTED_LINES, _table.KEPT = lines, kept
    try:
        yield
    finally:
        _output.PRINTED_LINES, _table.KEPT = saved


@dataclasses.dataclass(frozen=True)
class _Drawn:
    """A table as drawn: its headers, title, rows of (text, style), and what surrounds it."""

    headers: tuple[str, ...]
    title: str | None
    rows: tuple[tuple[tuple[str, str], ...], ...]
    around: tuple[str, str] | None  # (a line of fields before it, a text after it)

    def made(self, shared: bool) -> RenderableType:
        """The table, each cell its own text (as before the day) or one text per value and
        style (`SafeTexts`, as `show` and `summary` make them now)."""
        one = SafeTexts()
        t = table(*self.headers, title=self.title)
        for row in self.rows:
            t.add_row(*(one(v, s) if shared else safe(v, s) for v, s in row))
        if self.around is None:
            return t
        before, after = self.around
        return Group(Fields(("a: ", safe(before)), ("b: ", safe(after, "dim"))), t, safe(after))


@st.composite
def _tables(draw: st.DrawFn, lines: int) -> _Drawn:
    columns = draw(st.integers(1, 5))
    # rows about a part's lines and its multiples (a row is a line or more)
    near = draw(st.sampled_from([0, 1, 2, 3]))
    rows = max(0, near * lines + draw(st.integers(-1, 1)))
    few = draw(st.lists(_cell, min_size=1, max_size=4))  # (values that repeat: a grade, a state)
    value = st.one_of(st.sampled_from(few), _cell)
    return _Drawn(
        tuple(draw(st.lists(_cell.map(lambda c: c or "C"), min_size=columns, max_size=columns))),
        draw(st.one_of(st.none(), _cell)),
        tuple(
            tuple(draw(st.lists(st.tuples(value, _style), min_size=columns, max_size=columns)))
            for _ in range(rows)
        ),
        draw(st.one_of(st.none(), st.tuples(_cell, _cell))),
    )


@st.composite
def _cases(draw: st.DrawFn) -> tuple[int, int, _Drawn]:
    lines = draw(st.sampled_from([1, 2, 3, 4, 7]))
    return lines, draw(st.sampled_from([1, 2, 3, 5, 8])), draw(_tables(lines))


@budget(60)
@given(
    _cases(),
    st.integers(1, 200),
    st.sampled_from(MODES),
    st.sampled_from(["en", "zh"]),
    st.sampled_from([Console, BreakingConsole]),
)
@example((1, 1, _Drawn(("A",), None, ((("x\ny", ""),),), None)), 1, "pipe", "en", Console)
def test_a_table_written_a_part_at_a_time_is_every_byte_the_table_printed_whole(
    case: tuple[int, int, _Drawn], width: int, mode: str, lang: str, kind: type[Console]
) -> None:
    """Every byte, styles' escapes too: a table's parts, its caches let go and its texts shared,
    against Rich printing it whole with a text of its own in every cell."""
    lines, kept, drawn = case
    i18n.set_language(lang)  # (a row shown a field a line names each field in the language)
    try:
        whole = _console(width, mode, kind)
        whole.print(drawn.made(shared=False))
        parts = _console(width, mode, kind)
        with _small(lines, kept):
            _output.printed(parts, drawn.made(shared=True))
    finally:
        i18n.set_language("en")
    assert parts.file.getvalue() == whole.file.getvalue()  # type: ignore[attr-defined]


@budget(25)
@given(
    _summaries(),
    st.sampled_from([1, 3, 8]),
    st.sampled_from([1, 2, 5]),
    st.sampled_from(["en", "zh"]),
    st.integers(20, 200),
    st.sampled_from(MODES),
)
def test_a_summary_written_in_parts_with_few_cells_kept_is_the_summary_printed_whole(
    summary: Summary, lines: int, kept: int, lang: str, width: int, mode: str
) -> None:
    """A summary's tables (split tables sharing their key columns' cells, many groups) through
    `printed` with its caches let go every few cells: as each part was printed whole."""
    whole = _console(width, mode, BreakingConsole)
    for part in summary_renderables(summary, lang):
        whole.print(part)
    parts = _console(width, mode, BreakingConsole)
    with _small(lines, kept):
        for part in summary_renderables(summary, lang):
            _output.printed(parts, part)
    assert parts.file.getvalue() == whole.file.getvalue()  # type: ignore[attr-defined]


# -- a long table's parts met by a reader gone, Ctrl-C, a full disk -------------------------

# `minecheck`, its table written two lines at a time
_IN_PARTS = (
    "import sys; from minecheck.cli import _output; _output.PRINTED_LINES = 2; "
    "from minecheck.__main__ import main; sys.argv[0] = 'minecheck'; main()"
)
ROWS = 300  # (each row's description some 600 bytes: far more than a pipe holds)


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(allowed_signers, a findings file whose table is some 200 KB)."""
    where = tmp_path_factory.mktemp("long")
    alice = person(where, "alice")
    trust = allowed_signers(where / "allowed_signers", alice)
    text = "[bold]x[/] \x1b[31m红\x07 " + "检查通风设施是否完好，" * 12 + "\ttab\nline two"
    path = where / "long.toml"
    path.write_bytes(
        findings(
            alice, ["noncompliant"] * ROWS, items=[f"i-{k}" for k in range(ROWS)], description=text
        )
    )
    return trust, path


def _show(long_table: tuple[Path, Path], lang: str, **options: object) -> subprocess.Popen[bytes]:
    trust, path = long_table
    env = {**os.environ, "MINECHECK_LANG": lang, "COLUMNS": "100"}
    command = [sys.executable, "-c", _IN_PARTS, "show", "--allowed-signers", trust.name, path.name]
    return subprocess.Popen(command, env=env, cwd=path.parent, stderr=subprocess.PIPE, **options)  # type: ignore[call-overload, no-any-return]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reader_gone_after_the_first_line_of_a_table_in_parts_ends_with_141_and_no_word(
    long_table: tuple[Path, Path], lang: str
) -> None:
    """`show ... | head -1`: the table's next part meets a closed pipe: 141, nothing on stderr
    (no traceback), as when the table was written whole."""
    with _show(long_table, lang, stdout=subprocess.PIPE) as run:
        assert run.stdout is not None
        assert run.stderr is not None
        assert run.stdout.readline().startswith(long_table[1].name.encode())
        run.stdout.close()
        assert run.wait(timeout=120) == 141
        assert run.stderr.read() == b""


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "minecheck: error: interrupted; nothing was written\n"),
        ("zh", "minecheck: error: 已中断；未写入任何文件\n"),
    ],
)
@pytest.mark.usefixtures("ctrl_c_reaches")  # (also where the tests run in the background)
def test_ctrl_c_between_a_table_s_parts_ends_with_130_and_one_line(
    long_table: tuple[Path, Path], lang: str, said: str
) -> None:
    """Ctrl-C once the table's first parts are out (the rest waits on the reader): 130 and the
    one line said before, no traceback."""
    with _show(long_table, lang, stdout=subprocess.PIPE) as run:
        assert run.stdout is not None
        assert run.stderr is not None
        assert len(run.stdout.read(4096)) == 4096
        run.send_signal(signal.SIGINT)
        run.stdout.read()
        assert run.wait(timeout=120) == 130
        assert run.stderr.read().decode() == said


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "minecheck: error: cannot write to standard output: No space left on device\n"),
        # (the system's words for a common error in Chinese: minecheck.os_words)
        ("zh", "minecheck: error: 无法写入标准输出：设备上没有剩余空间\n"),
    ],
)
def test_a_table_in_parts_written_to_a_full_disk_ends_with_2_and_one_line(
    long_table: tuple[Path, Path], lang: str, said: str
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no full device here")
    with open("/dev/full", "wb") as full, _show(long_table, lang, stdout=full) as run:
        assert run.stderr is not None
        assert run.wait(timeout=120) == 2
        assert run.stderr.read().decode() == said


# -- the fold's acceptances: tuples, each signer and key once a round ------------------------

T0 = dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)
REF = "i1/item-1"


def _hazard(severity: str = "general") -> dict[str, Hazard]:
    return {REF: Hazard(REF, True, severity, dt.date(2026, 6, 30), T0, "site")}


def _by(
    hour: int, action: str, signer: str, key: str, trust: str = "trusted", method: str = "expert"
) -> SignedEvent:
    event = Event(REF, action, T0 + dt.timedelta(hours=hour), method=method)
    return SignedEvent(event, signer, f"doc-{hour}", 0, "f.toml", key=key, trust=trust)


def _folded(*events: SignedEvent) -> tuple[str, list[tuple[str, str]]]:
    status, refused = fold(_hazard(), events, dt.date(2026, 6, 20))
    return status[REF].state, [(r.event.signer, r.code) for r in refused]


# a round opened: rectified by one, accepted by another
OPENED = (_by(1, "rectified", "ent", "K0"), _by(2, "accepted", "bob", "K1"))


def test_one_key_under_two_principals_accepts_once_a_round() -> None:
    """The key that accepted, signing again under another principal, adds no member."""
    assert _folded(
        *OPENED,
        _by(3, "accepted", "carol", "K1"),
        _by(4, "accepted", "dave", "K2"),
        _by(5, "accepted", "bob", "K3"),
    ) == ("accepted", [("carol", "accepted-twice"), ("bob", "accepted-twice")])


def test_a_round_reopened_and_rectified_again_is_accepted_anew_by_the_same_members() -> None:
    """A closure reopened and rectified again: the panel that accepted the first round accepts
    the second, each once; a reopening alone does not let them sign twice."""
    assert _folded(
        *OPENED,
        _by(3, "accepted", "carol", "K2"),
        _by(4, "closed", "bob", "K1"),
        _by(5, "reopened", "bob", "K1"),
        _by(6, "accepted", "bob", "K1"),
        _by(7, "rectified", "ent", "K0"),
        _by(8, "accepted", "bob", "K1"),
        _by(9, "accepted", "carol", "K2"),
        _by(10, "accepted", "carol", "K2"),
        _by(11, "closed", "bob", "K1"),
    ) == (
        "closed",
        [("bob", "accepted-not-rectified"), ("carol", "accepted-twice")],
    )


def test_each_trust_of_the_events_applied_is_said_once_and_in_order() -> None:
    status, _ = fold(
        _hazard(),
        [
            _by(1, "rectified", "ent", "K0", trust="untrusted"),
            _by(2, "accepted", "bob", "K1", trust="revoked"),
            _by(3, "accepted", "carol", "K2", trust="untrusted"),
            _by(4, "closed", "bob", "K1", trust="revoked"),
        ],
        dt.date(2026, 6, 20),
    )
    assert status[REF].event_trust == ("revoked", "untrusted")


class _Narrowed(io.StringIO):
    """A terminal made narrower (a window dragged) once the first part of a table is out."""

    console: Console | None = None

    def write(self, text: str) -> int:
        if self.console is not None:
            self.console.size = (40, 25)
            self.console = None
        return super().write(text)


def test_a_terminal_made_narrower_while_a_table_is_written_loses_no_character() -> None:
    """The table is laid out at the width the terminal had when it began; a part written after
    the terminal was made narrower was cropped at the new width, each line's end lost (the
    terminal would have shown it broken). Written whole, a table was cropped at one width."""
    drawn = _Drawn(
        ("ITEM", "DESCRIPTION"),
        None,
        tuple(((f"i-{k}", ""), ("检查通风设施是否完好，" * 6, "bold")) for k in range(12)),
        None,
    )
    whole = Console(file=io.StringIO(), width=80, force_terminal=True, color_system="standard")
    whole.print(drawn.made(shared=False))
    narrowed = _Narrowed()
    parts = Console(file=narrowed, force_terminal=True, color_system="standard")
    parts.size = (80, 25)
    narrowed.console = parts
    with _small(2, 1 << 15):
        _output.printed(parts, drawn.made(shared=True))
    assert narrowed.getvalue() == whole.file.getvalue()  # type: ignore[attr-defined]
