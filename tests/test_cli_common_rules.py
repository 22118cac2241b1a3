"""What every command shares (cli/_common.py, with the paths as typed of cli/_names.py
and the documents listed of cli/_listing.py), as a user meets it: the options' checks, the
paths given, the trust files read, the names suggested, and the documents a directory holds."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer._click.exceptions

from minecheck import paths
from minecheck.cli import _common, _listing, _names
from minecheck.errors import InputError, UsageError
from minecheck.fileio import LINK_TO_NOTHING
from minecheck.i18n import lines_of
from tests.conftest import DATA

SCRIPT = Path(sys.executable).parent / "minecheck"
MINI = DATA / "checklists" / "valid" / "mini-check.toml"


def _no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """No directory for minecheck's own files (a bare cron job: no HOME, no MINECHECK_HOME)."""

    def none() -> Path:
        raise UsageError("no home", code="no-home")

    monkeypatch.setattr(paths, "config_dir", none)


# --bom and text options


def test_bom_is_refused_for_every_format_but_csv() -> None:
    with pytest.raises(UsageError) as caught:
        _common.check_bom(True, "json")
    assert caught.value.message == "--bom is for CSV"
    assert caught.value.hint == "pass --format csv, or leave out --bom"
    _common.check_bom(True, "csv")
    _common.check_bom(False, "json")


@pytest.mark.parametrize("value", ["", "   ", "a\x07b", "wang\u200bwei"])
def test_a_text_option_empty_or_with_hidden_characters_is_refused(value: str) -> None:
    with pytest.raises(UsageError) as caught:
        _common.check_text("--site", value)
    assert caught.value.message == (
        "--site must be non-empty text without control or invisible characters"
    )


def test_a_text_option_in_chinese_is_taken() -> None:
    _common.check_text("--inspector", "王伟")


def test_a_text_option_in_another_encoding_names_the_byte() -> None:
    """A byte not in the locale's encoding (a GBK terminal, a UTF-8 locale): said as such."""
    with pytest.raises(UsageError) as caught:
        _common.check_text("--site", "a\udce9b")
    assert "--site holds bytes that are not" in caught.value.message
    assert "(\\udce9), the encoding of the locale" in caught.value.message
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("type it at a terminal")


# paths on the command line


@pytest.mark.parametrize("value", ["", b""])
def test_an_empty_path_word_is_a_usage_error(value: object) -> None:
    with pytest.raises(typer._click.exceptions.BadParameter) as caught:
        _names.PATH_TEXT.convert(value, None, None)
    assert "an empty path was given" in caught.value.format_message()


def test_a_path_word_is_kept_as_written() -> None:
    assert _names.PATH_TEXT.convert("-", None, None) == "-"
    assert _names.PATH_TEXT.convert("./-", None, None) == "./-"
    assert _names.PATH_TEXT.name == "text"


def _given(word: str) -> Path:
    """The path the option parser makes of WORD for a path parameter (`-o WORD`)."""
    from typer.models import TyperPath

    made = TyperPath().convert(word, None, None)
    assert isinstance(made, Path)
    return made


@pytest.mark.parametrize("word", ["reports/", "reports//", "./reports/"])
def test_a_trailing_slash_says_a_directory_was_meant(word: str) -> None:
    assert _names.given_as_directory(_given(word))
    assert not _names.given_as_directory(_given("other"))
    assert not _names.given_as_directory(Path("reports"))  # (no word given for it)


@pytest.mark.parametrize("word", ["reports", "/", "./reports"])
def test_no_trailing_slash_is_a_file(word: str) -> None:
    assert not _names.given_as_directory(_given(word))


def test_dash_is_standard_output() -> None:
    assert _names.given_as_dash(_given("-"))
    with pytest.raises(UsageError) as caught:
        _common.refuse_dash(_given("-"))
    assert caught.value.message == "-o - is standard output, and this command writes files"
    assert caught.value.hint == "give -o a path (./- for a file named -)"


@pytest.mark.parametrize("word", ["./-", "-/", "x"])
def test_a_file_named_dash_is_a_file(word: str) -> None:
    assert not _names.given_as_dash(_given(word))
    assert not _names.given_as_dash(Path("-"))  # (no word given for it)
    _common.refuse_dash(_given(word))


def test_no_output_or_another_name_is_not_dash() -> None:
    assert not _names.given_as_dash(None)
    assert not _names.given_as_dash(Path("x"))
    _common.refuse_dash(None)


@pytest.mark.parametrize("spelling", [["-o", "out/"], ["-oout/"]])
def test_inspect_o_to_a_directory_not_there_writes_no_file(
    tmp_path: Path, spelling: list[str]
) -> None:
    """`-oout/` (the value attached to -o, as shells' users write it) wrote the signed findings
    to a file named `out`, where `-o out/` says the directory is not there."""
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    env.pop("MINECHECK_LANG", None)
    run = [str(SCRIPT), "keys", "generate", "--principal", "a@mine.example"]
    subprocess.run(run, env=env, cwd=tmp_path, capture_output=True, check=True, timeout=120)
    answers = ["--answers", str(DATA / "answers" / "mini-good.toml")]
    run = [str(SCRIPT), "inspect", str(MINI), "--site", "Mine A", *answers, *spelling]
    done = subprocess.run(run, env=env, cwd=tmp_path, capture_output=True, timeout=120)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        "minecheck: error: directory out does not exist\n"
        "  hint: create it first:\n    mkdir -p out\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


# the advice to trust a key


def test_the_trust_add_advised_names_what_was_read() -> None:
    assert (
        _common.trust_add_command("a@b", "k.pub", None)
        == "minecheck trust add --principal a@b --key k.pub"
    )
    assert _common.trust_add_command("a@b", "k.pub", Path("my list"), "minecheck") == (
        "minecheck trust add --principal a@b --key k.pub --namespaces minecheck"
        " --allowed-signers 'my list'"
    )


# files written


def test_a_chosen_name_taken_gets_the_random_id(tmp_path: Path) -> None:
    taken = tmp_path / "f.toml"
    taken.write_text("kept")
    written: list[Path] = []
    got = _common.write_named(taken, True, "0123456789ab", written.append)
    assert got == written[0] == tmp_path / "f-01234567.toml"
    assert taken.read_text() == "kept"


def test_a_chosen_name_free_is_used(tmp_path: Path) -> None:
    written: list[Path] = []
    assert _common.write_named(tmp_path / "f.toml", True, "01234567", written.append) == (
        tmp_path / "f.toml"
    )
    assert written == [tmp_path / "f.toml"]


def test_a_chosen_name_taken_by_a_dangling_link_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "f.toml").symlink_to(tmp_path / "nowhere")
    written: list[Path] = []
    assert _common.write_named(tmp_path / "f.toml", True, "01234567", written.append) == (
        tmp_path / "f-01234567.toml"
    )


def _taken_while_written(tmp_path: Path) -> tuple[list[Path], Any]:
    """A writer that finds its first name taken by then (a script's second run beside it)."""
    written: list[Path] = []

    def write(path: Path) -> None:
        if not written:
            path.write_text("the other run's")
            written.append(path)
            raise UsageError(f"{path} already exists")
        written.append(path)

    return written, write


def test_a_chosen_name_taken_while_written_gets_the_random_id(tmp_path: Path) -> None:
    written, write = _taken_while_written(tmp_path)
    got = _common.write_named(tmp_path / "f.toml", True, "01234567", write)
    assert got == tmp_path / "f-01234567.toml"
    assert written == [tmp_path / "f.toml", got]
    assert (tmp_path / "f.toml").read_text() == "the other run's"


def test_a_name_given_with_o_taken_while_written_is_an_error(tmp_path: Path) -> None:
    written, write = _taken_while_written(tmp_path)
    with pytest.raises(UsageError):
        _common.write_named(tmp_path / "f.toml", False, "01234567", write)
    assert written == [tmp_path / "f.toml"]


def test_a_write_that_fails_with_nothing_there_is_an_error(tmp_path: Path) -> None:
    def write(path: Path) -> None:
        raise UsageError("cannot")

    with pytest.raises(UsageError):
        _common.write_named(tmp_path / "f.toml", True, "01234567", write)


def test_the_random_name_taken_too_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "f.toml").write_text("1")
    calls: list[Path] = []

    def write(path: Path) -> None:
        calls.append(path)
        path.write_text("2")
        raise UsageError("taken")

    with pytest.raises(UsageError):
        _common.write_named(tmp_path / "f.toml", True, "01234567", write)
    assert calls == [tmp_path / "f-01234567.toml"]


def test_the_random_id_is_added_once() -> None:
    assert _common.unique_name(Path("d/f.toml"), "0123456789") == Path("d/f-01234567.toml")
    assert _common.unique_name(Path("d/f-01234567.toml"), "0123456789") == (
        Path("d/f-01234567.toml")
    )


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    there = tmp_path / "r.csv"
    there.write_text("x")
    with pytest.raises(UsageError) as caught:
        _common.refuse_existing(there, False)
    assert caught.value.message == f"{there} already exists"
    assert caught.value.hint == "choose another -o, or pass --force"
    with pytest.raises(UsageError) as caught:
        _common.refuse_existing(there, False, hint="other advice")
    assert caught.value.hint == "other advice"
    _common.refuse_existing(there, True)
    _common.refuse_existing(tmp_path / "new.csv", False)
    _common.refuse_existing(None, False)


def test_a_directory_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        _common.refuse_existing(tmp_path, True, special_hint="special")
    assert caught.value.message == f"{tmp_path} is a directory; only a file can be replaced"
    assert caught.value.hint == "special"


def test_a_pipe_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    with pytest.raises(UsageError) as caught:
        _common.refuse_existing(fifo, True)
    said = f"{fifo}: not a regular file (a FIFO); only a file can be replaced"
    assert caught.value.message == said


@pytest.mark.parametrize("word", ["out/", "./out//"])
def test_o_with_a_slash_names_a_directory_not_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, word: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError):
        _common.refuse_existing(_given(word), True)
    assert not (tmp_path / "out").exists()


def test_o_never_names_an_input(tmp_path: Path) -> None:
    signed = tmp_path / "f.toml"
    signed.write_text("x")
    (tmp_path / "g.toml").write_text("y")
    inputs: list[str | Path] = [
        "a\0b",
        tmp_path / "missing",
        tmp_path / ".." / tmp_path.name / "f.toml",
    ]
    with pytest.raises(UsageError) as caught:
        _common.refuse_an_input(signed, inputs)
    assert caught.value.message == f"{signed} is one of the inputs; it is not replaced"
    assert caught.value.hint == "choose another -o"
    _common.refuse_an_input(tmp_path / "g.toml", [signed])
    _common.refuse_an_input(tmp_path / "new", [signed])
    _common.refuse_an_input(None, [signed])


# the clock


def test_a_zone_a_day_from_utc_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC-24")
    time.tzset()
    try:
        with pytest.raises(UsageError) as caught:
            _common.check_local_zone()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert caught.value.message == "the local time zone (TZ=UTC-24) is 24 hours or more from UTC"
    assert caught.value.code == "bad-time-zone"
    assert caught.value.hint == "set TZ to a zone such as Asia/Shanghai or UTC"


def test_a_zone_python_knows_is_taken() -> None:
    _common.check_local_zone()


# checklists and names


def test_user_checklists_come_before_the_bundled_ones() -> None:
    assert _common.checklist_dirs() == [
        paths.user_checklists_dir(),
        paths.bundled_checklists_dir(),
    ]


def test_with_no_home_the_bundled_checklists_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_home(monkeypatch)
    assert _common.checklist_dirs() == [paths.bundled_checklists_dir()]


def test_a_misspelt_tag_is_named_with_the_one_meant() -> None:
    with pytest.raises(UsageError) as caught:
        _common.check_tags(["high-gas", "outbrust"])
    assert caught.value.message == "unknown tag 'outbrust'; did you mean outburst?"
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("known tags: coal-underground, ")


def test_a_tag_like_none_has_no_suggestion() -> None:
    with pytest.raises(UsageError) as caught:
        _common.check_tags(["zzzz"])
    assert caught.value.message == "unknown tag 'zzzz'"
    _common.check_tags(["outburst", "enterprise"])


def test_a_checklist_is_named_by_id_or_by_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _common.checklist_path("nothing.toml") == Path("nothing.toml")
    assert _common.checklist_path("d/x") == Path("d/x")
    Path("plain").write_text("")
    assert _common.checklist_path("plain") == Path("plain")
    found = _common.checklist_path("illegal-production")
    assert found.parent == paths.bundled_checklists_dir()


def test_a_checklist_named_by_id_is_loaded() -> None:
    assert _common.load_checklist_ref("illegal-production").id == "illegal-production"


def test_a_misspelt_checklist_id_is_named_with_the_one_meant() -> None:
    with pytest.raises(UsageError) as caught:
        _common.checklist_path("illegal-productoin")
    assert caught.value.message == (
        "no checklist with id 'illegal-productoin'; did you mean illegal-production?"
    )
    assert lines_of(caught.value.hint or "") == (
        "to see the installed checklists:",
        "  minecheck checklists list",
    )


# the trust files


def test_trust_files_default_to_minecheck_own(isolated_home: Path) -> None:
    assert _common.trust_files(None, None) == (
        isolated_home / "allowed_signers",
        isolated_home / "revoked_keys",
    )


def test_a_named_allowed_signers_keeps_minecheck_own_revoked_keys(
    isolated_home: Path, tmp_path: Path
) -> None:
    given = tmp_path / "office"
    assert _common.trust_files(given, None) == (given, isolated_home / "revoked_keys")
    assert _common.trust_files(given, tmp_path / "rk") == (given, tmp_path / "rk")
    assert _common.trust_files(None, tmp_path / "rk") == (
        isolated_home / "allowed_signers",
        tmp_path / "rk",
    )


def test_with_no_home_a_named_allowed_signers_has_no_revoked_keys(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _no_home(monkeypatch)
    assert _common.trust_files(tmp_path / "office", None) == (tmp_path / "office", None)


@pytest.mark.parametrize("option", ["--allowed-signers", "--revoked-keys"])
def test_a_named_trust_file_that_is_not_there_is_an_input_error(
    tmp_path: Path, option: str
) -> None:
    there = tmp_path / "there"
    there.write_text("")
    missing = tmp_path / "missing"
    allowed, revoked = (missing, there) if option == "--allowed-signers" else (there, missing)
    with pytest.raises(InputError) as caught:
        _common.trust_files(allowed, revoked, must_exist=True)
    assert caught.value.message == f"{option} {missing}: no such file"
    assert _common.trust_files(there, there, must_exist=True) == (there, there)
    assert _common.trust_files(missing, missing) == (missing, missing)


def test_a_missing_own_trust_list_is_named(isolated_home: Path, tmp_path: Path) -> None:
    own = isolated_home / "allowed_signers"
    assert _common.trust_list_not_there(None) == own
    assert _common.trust_list_not_there(tmp_path / "named") is None
    isolated_home.mkdir(exist_ok=True)
    own.symlink_to(tmp_path / "nowhere")  # (there, if dangling: said by the reader)
    assert _common.trust_list_not_there(None) is None


def test_with_no_home_no_trust_list_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_home(monkeypatch)
    assert _common.trust_list_not_there(None) is None


def test_the_trust_named_is_the_trust_read(tmp_path: Path) -> None:
    """A command that judges trust reads the allowed_signers named, and refuses one not there."""
    key = tmp_path / "k"
    run = ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "a", "-f", str(key)]
    subprocess.run(run, check=True, capture_output=True, timeout=60)
    pub = key.with_suffix(".pub").read_text().split()
    allowed = tmp_path / "allowed"
    allowed.write_text(f"a@mine.example {pub[0]} {pub[1]}\n")
    store = _common.trust_store(allowed, None)
    assert (len(store.allowed), store.revoked, store.warnings) == (1, frozenset(), ())
    with pytest.raises(InputError):
        _common.trust_store(tmp_path / "missing", None)


# paths listed and walked


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_dash_reads_the_paths_listed_on_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"a.toml\n\n  \nb c.toml\r\n\xb5\xe7.toml\n")
    assert _listing.listed_paths(["x", "-", "y"]) == [
        "x",
        "a.toml",
        "b c.toml",
        os.fsdecode(b"\xb5\xe7.toml"),
        "y",
    ]


def test_a_long_list_of_paths_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"archive/2026/{n:06}.toml" for n in range(2000)]
    _stdin(monkeypatch, "\n".join(names).encode())
    assert _listing.listed_paths(["-"]) == names


def test_a_list_of_paths_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_listing, "MAX_PATH_LIST_BYTES", 8)
    _stdin(monkeypatch, b"123456789")
    with pytest.raises(InputError):
        _listing.listed_paths(["-"])


def test_a_list_of_paths_one_byte_past_64_mib_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"a" * (64 * 1024 * 1024 + 1))
    with pytest.raises(InputError) as caught:
        _listing.listed_paths(["-"])
    assert caught.value.message == ("<stdin>: list of paths is over the limit of 67108864 bytes")


def test_an_empty_path_named_is_refused() -> None:
    with pytest.raises(UsageError) as caught:
        _listing.named_files(["a", ""])
    assert caught.value.message == "an empty path was given"
    assert caught.value.hint == "name a file or a directory"
    assert _listing.named_files(["a", "./b/c"]) == ["a", "./b/c"]


def test_a_file_under_two_spellings_is_read_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    here = str(tmp_path)
    names = ["x.toml", "./x.toml", f"{here}/x.toml", "d//y.toml", "d/./y.toml", "d/.", "d/"]
    names += ["d", "../x.toml", "y.toml", f"/{here}/y.toml"]
    assert _listing.each_once(names) == ["x.toml", "d//y.toml", "d/.", "../x.toml", "y.toml"]


def test_the_walk_order_is_by_each_part() -> None:
    assert _listing.walk_order("A/b-c/D.toml") == ["A", "b-c", "D.toml"]


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a.toml").write_text("")
    (root / "b" / "c.toml").write_text("")
    (root / "b-c.toml").write_text("")
    (root / "note.txt").write_text("")


def test_a_directory_gives_its_documents_in_order(tmp_path: Path) -> None:
    _tree(tmp_path / "d")
    files, problems = _listing.walk_documents([tmp_path / "d"])
    d = tmp_path / "d"
    assert files == [d / "a.toml", d / "b" / "c.toml", d / "b-c.toml"]
    assert problems == []


def test_a_file_named_is_read_whatever_its_name(tmp_path: Path) -> None:
    (tmp_path / "n.txt").write_text("")
    assert _listing.walk_document_names([tmp_path / "n.txt"]) == ([str(tmp_path / "n.txt")], [])


def test_a_file_named_twice_or_inside_a_directory_named_is_read_once(tmp_path: Path) -> None:
    _tree(tmp_path / "d")
    d = tmp_path / "d"
    files, _ = _listing.walk_document_names([d / "a.toml", d, d / "a.toml"])
    assert files == [str(d / "a.toml"), str(d / "b" / "c.toml"), str(d / "b-c.toml")]


def test_a_named_input_not_there_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        _listing.walk_document_names([tmp_path / "none"])
    assert caught.value.message == f"{tmp_path / 'none'}: no such file"
    with pytest.raises(InputError) as caught:
        _listing.walk_document_names([Path("a\0b")])
    assert caught.value.message == "a\0b: not a usable file name"
    (tmp_path / "f").write_text("")
    with pytest.raises(InputError) as caught:
        _listing.walk_document_names([tmp_path / "f" / "x"])
    assert caught.value.message.startswith(f"{tmp_path / 'f' / 'x'}: cannot read: ")


def test_what_the_walk_cannot_take_is_said_once_each(tmp_path: Path) -> None:
    d = tmp_path / "d"
    (d / "dir.toml").mkdir(parents=True)  # a folder whatever its name: walked, said of nothing
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to(d)
    os.mkfifo(d / "fifo.toml")
    os.mkfifo(d / "fifo.txt")
    (d / "gone.toml").symlink_to(d / "nowhere")
    (d / "gone.txt").symlink_to(d / "nowhere")
    (d / "in.toml").symlink_to(tmp_path / "target")
    (tmp_path / "target").write_text("")
    files, problems = _listing.walk_document_names([d, d])
    assert files == [str(d / "in.toml")]
    assert [(p.code, p.message, p.path) for p in problems] == [
        ("not-a-file", "not a regular file (a FIFO)", str(d / "fifo.toml")),
        ("unreadable", LINK_TO_NOTHING, str(d / "gone.toml")),
        ("unreadable", LINK_TO_NOTHING, str(d / "gone.txt")),
        ("link-loop", "a link back to a directory above it", str(d / "sub" / "up")),
    ]


def test_a_directory_whose_path_is_too_long_is_said_not_skipped(tmp_path: Path) -> None:
    """A directory below the walk whose path is past the system's limit holds documents the
    walk cannot see: it is named with the reason, not left out in silence."""
    part = "d" * 250
    fd = os.open(tmp_path, os.O_RDONLY)
    parts: list[str] = []
    try:
        while len(str(tmp_path)) + sum(len(p) + 1 for p in parts) < 4096:
            os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            parts.append(part)
        os.close(os.open("x.toml", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd))
    finally:
        os.close(fd)
    last = os.path.join(str(tmp_path), *parts)
    files, problems = _listing.walk_document_names([tmp_path])
    assert files == []
    assert [(p.code, p.path) for p in problems] == [("unreadable", last)]
    assert problems[0].message == "cannot read: File name too long"


def test_a_directory_that_cannot_be_listed_is_said_and_the_walk_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """(Permissions cannot stop the tests' root: the listing's refusal is made here.)"""
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.toml").write_text("")
    listing = os.scandir

    def scandir(path: str) -> Any:
        if path == str(tmp_path / "b"):
            raise PermissionError(13, "Permission denied")
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = _listing.walk_document_names([tmp_path])
    assert files == [str(tmp_path / "a" / "x.toml"), str(tmp_path / "c" / "x.toml")]
    assert [(p.code, p.message, p.path) for p in problems] == [
        ("unlistable", "cannot list this directory: Permission denied", str(tmp_path / "b"))
    ]


def test_a_walk_searches_256_levels_down_and_no_deeper(tmp_path: Path) -> None:
    level_256 = Path(tmp_path, *["d"] * 256)
    (level_256 / "d").mkdir(parents=True)
    (level_256 / "a.toml").write_text("")
    (level_256 / "d" / "b.toml").write_text("")
    files, problems = _listing.walk_document_names([tmp_path])
    assert files == [str(level_256 / "a.toml")]
    assert [(p.code, p.path) for p in problems] == [("too-deep", str(level_256 / "d"))]


def test_a_walk_past_the_depth_limit_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(_listing, "MAX_WALK_DEPTH", 2)
    deep = tmp_path / "1" / "2" / "3" / "4"
    deep.mkdir(parents=True)
    (deep / "x.toml").write_text("")
    (deep.parent / "y.toml").write_text("")
    files, problems = _listing.walk_document_names([tmp_path / "1"])
    assert files == [str(deep.parent / "y.toml")]
    assert [(p.code, p.path) for p in problems] == [("too-deep", str(deep))]
    assert problems[0].message == "more than 2 directory levels down; not searched"
