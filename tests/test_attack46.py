"""Attack round 46: loose42's warnings rolled by reason, read by an attacker. A malformed file's
reason was its detail text whole, and the details of one way of being malformed carry the file's
own values (a line's length, a version, a namespace): files malformed the same way, each with
its own value, were each their own reason, so a terminal was told 18 of them where ten of a kind
were the rule and the rest counted as "of other reasons" though they were one. The reason is now
the way the file is malformed, its values left out (`…`)."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sshsig import MAGIC, armor, ssh_string
from tests.helpers_merge import Who
from tests.test_author_archive import _month_end
from tests.test_differential51 import month
from tests.test_loose_ends38 import REFUSED, merger

__all__ = ["merger", "month"]  # the fixtures

BODY = b'[inspection]\nid = "x"\n\n'


def _long_line(extra: int) -> bytes:
    """A document whose signature's one base64 line is 70 + `extra` characters long."""
    line = b"A" * (70 + extra)
    return BODY + b"[signature]\nsshsig = '''\n" + _armored(line) + b"'''\n"


def _armored(*lines: bytes) -> bytes:
    return b"\n".join([b"-----BEGIN SSH SIGNATURE-----", *lines, b"-----END SSH SIGNATURE-----\n"])


def _signed_as(*, version: int = 1, namespace: bytes = b"minecheck-findings") -> bytes:
    """A document with a well-formed signature blob but its SSHSIG `version` or `namespace`
    (no key signed it: the verdict comes before any signature is checked)."""
    key = ssh_string(b"ssh-ed25519") + ssh_string(bytes(range(1, 33)))
    blob = (
        MAGIC
        + struct.pack(">I", version)
        + ssh_string(key)
        + ssh_string(namespace)
        + ssh_string(b"")
        + ssh_string(b"sha512")
        + ssh_string(ssh_string(b"ssh-ed25519") + ssh_string(bytes(64)))
    )
    return BODY + b"[signature]\nsshsig = '''\n" + armor(blob).encode() + b"'''\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_files_malformed_one_way_with_their_own_values_are_one_reason(
    cli: Any, month: Who, command: str, lang: str
) -> None:
    """40 signatures each with a base64 line too long by its own count, then an empty file:
    ten told, the empty one told (its own way), the 30 others counted on their way's line."""
    for i in range(40):
        Path(f"d/m{i:03d}.toml").write_bytes(_long_line(i + 1))
    Path("d/z.toml").write_bytes(b"")
    run = _month_end(cli, command, lang)
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    told, empty, rest = LONG_LINES[lang]
    assert lines == [told.format(i=i, n=71 + i) for i in range(10)] + [empty, rest]


LONG_LINES = {
    "en": (
        "minecheck: warning: d/m{i:03d}.toml: left out: malformed: the signature is malformed: "
        "armored signature line 2 has {n} characters; base64 is wrapped at exactly 70",
        "minecheck: warning: d/z.toml: left out: malformed: the file is empty",
        "minecheck: warning: 30 more malformed warnings (the signature is malformed: armored "
        "signature line … has … characters; base64 is wrapped at exactly …) are not shown here; "
        "--json lists every one",
    ),
    "zh": (
        "minecheck: warning: d/m{i:03d}.toml：未计入：malformed：签名格式有误：签名块第 2 行有 {n} "
        "个字符；base64 须恰好每 70 个字符换行",
        "minecheck: warning: d/z.toml：未计入：malformed：文件为空",
        "minecheck: warning: 另有 30 条 malformed 警告（签名格式有误：签名块第 … 行有 … 个字符；"
        "base64 须恰好每 … 个字符换行）未在此显示；--json 列出全部",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_namespaces_are_one_reason_and_none_is_said_on_the_count_line(
    cli: Any, month: Who, lang: str
) -> None:
    """Twelve signatures each with its own namespace (an escape, a bidi override, a line
    break, a megabyte): one way, ten told, two counted; the count line holds none of them."""
    hostile = [b"\x1b]52;c;aGk=\x07", "\u202egnp.exe".encode(), b"a\nminecheck: ok", b"x" * 2**20]
    for i in range(12):
        namespace = hostile[i % 4] + str(i).encode()
        Path(f"d/n{i:02d}.toml").write_bytes(_signed_as(namespace=namespace))
    Path("d/z.toml").write_bytes(b"")
    run = _month_end(cli, "summary", lang)
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert "\x1b" not in run.stderr
    assert "\u202e" not in run.stderr
    assert lines[-1] == NAMESPACES[lang]
    assert sum(line.startswith("minecheck: warning: d/n") for line in lines) == 10


NAMESPACES = {
    "en": "minecheck: warning: 2 more malformed warnings (the signature's namespace … is not "
    "minecheck's) are not shown here; --json lists every one",
    "zh": "minecheck: warning: 另有 2 条 malformed 警告（签名的命名空间 … 不属于 minecheck）未在此"
    "显示；--json 列出全部",
}


def test_two_thousand_versions_tell_ten_and_count_the_rest_on_one_line(
    cli: Any, month: Who
) -> None:
    """2,000 signatures each of its own SSHSIG version: ten lines and one counting 1,990 (it
    was 18 and one counting the rest as of other reasons); --json keeps every one."""
    for i in range(2000):
        Path(f"d/v{i:04d}.toml").write_bytes(_signed_as(version=i + 2))
    run = _month_end(cli, "summary", "en")
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 11
    assert lines[-1] == (
        "minecheck: warning: 1990 more malformed warnings are not shown here; --json lists every "
        "one"
    )
    run = _month_end(cli, "summary", "en", "--json")
    problems = json.loads(run.stdout)["problems"]
    assert sum(p["code"] == "malformed" for p in problems) == 2000


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_of_files_malformed_one_way_with_their_own_values_tells_ten(
    cli: Any, merger: list[str], lang: str
) -> None:
    """merge of twelve signatures each too long by its own count: ten told, two counted,
    nothing written, exit 2 (each had been told, the twelve as twelve reasons)."""
    names = [f"m{i:02d}.toml" for i in range(12)]
    for i, name in enumerate(names):
        Path(name).write_bytes(_long_line(i + 1))
    run = cli(["merge", *names, *merger, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    told, rest = MERGED[lang]
    lines = [f"{name}: {told.format(n=71 + i)}" for i, name in enumerate(names[:10])]
    assert run.stderr.splitlines() == [*lines, rest, REFUSED[lang]]


MERGED = {
    "en": (
        "the signature is malformed: armored signature line 2 has {n} characters; base64 is "
        "wrapped at exactly 70",
        "2 more malformed problems are not shown here; --json lists every one",
    ),
    "zh": (
        "签名格式有误：签名块第 2 行有 {n} 个字符；base64 须恰好每 70 个字符换行",
        "另有 2 条 malformed 问题未在此显示；--json 列出全部",
    ),
}


# -- loose41's lock files: a refusal's removal of the lock file it made, raced ----------------


def _second_takes_it_as_the_first_lets_go(
    directory: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Any]:
    """A refused command's lock (it made the file) released; in the instant between its letting
    go and its removal of the file, a second `drafts resume` takes the lock (returned, once
    taken)."""
    from minecheck.session import draft as drafts

    first = drafts.DraftLock(directory, "d1")
    first.acquire()
    second: list[Any] = []
    let_go = drafts.DraftLock._let_go

    def racing(lock: Any) -> None:
        let_go(lock)
        if lock is first:
            other = drafts.DraftLock(directory, "d1")
            other.acquire()  # (it met the file the first made: not its own to remove)
            second.append(other)

    monkeypatch.setattr(drafts.DraftLock, "_let_go", racing)
    first.release()
    monkeypatch.setattr(drafts.DraftLock, "_let_go", let_go)
    return second


def test_a_refusal_s_lock_file_is_not_removed_under_the_next_holder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next holder keeps a lock file on what it holds, so a third is refused; before, the
    first removed the file the second held, and a third made a new one and took the draft too
    (two walks of one draft)."""
    from minecheck.errors import UsageError
    from minecheck.session import draft as drafts

    (second,) = _second_takes_it_as_the_first_lets_go(tmp_path, monkeypatch)
    assert (tmp_path / "d1.lock").exists()
    with pytest.raises(UsageError, match="open in another minecheck"):
        drafts.DraftLock(tmp_path, "d1").acquire()
    second.release()


def test_a_lock_taken_on_a_file_removed_as_it_was_taken_is_taken_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second opened the first's file, the first removed it and let go, the second then
    locked the removed file: it holds nothing a name leads to, so it takes the lock again on
    the file the name is now; a third is refused. Before, it wrote its pid into a new file no
    one locked, and a third took the draft as well."""
    import filelock

    from minecheck.errors import UsageError
    from minecheck.session import draft as drafts

    real = filelock.FileLock.acquire
    moved: list[str] = []

    def as_removed(lock: Any, *args: Any, **kwargs: Any) -> Any:
        taken = real(lock, *args, **kwargs)
        if not moved:  # (its file removed just as it was taken, once)
            moved.append(lock.lock_file)
            os.unlink(lock.lock_file)
        return taken

    monkeypatch.setattr(filelock.FileLock, "acquire", as_removed)
    second = drafts.DraftLock(tmp_path, "d1")
    second.acquire()
    monkeypatch.setattr(filelock.FileLock, "acquire", real)
    assert moved == [str(tmp_path / "d1.lock")]
    with pytest.raises(UsageError, match="open in another minecheck"):
        drafts.DraftLock(tmp_path, "d1").acquire()
    second.release()
    assert not (tmp_path / "d1.lock").exists()  # (it made the file it holds: a refusal's)
