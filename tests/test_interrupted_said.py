"""What a stopped run says of what it wrote: an administrator reading a job's log the next
morning, or an inspector after a Ctrl-C, learns whether to run the command again or which files
are already in place (each is whole: every write is atomic). A bare "interrupted" said neither."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for

# The process is sent SIGTERM (a timer's timeout) just after its Nth file is put in place.
STOPPED_AFTER_WRITING = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.fileio as fileio
    real, after = fileio.atomic_write, int(sys.argv[1])
    def then_stopped(*args, **kwargs):
        global after
        real(*args, **kwargs)
        after -= 1
        if after == 0:
            os.kill(os.getpid(), signal.SIGTERM)
    fileio.atomic_write = then_stopped
    sys.argv = ["minecheck", *sys.argv[2:]]
    from minecheck.__main__ import main
    main()
    """
)


def stopped(
    after: int, args: list[str], tmp_path: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    return _stopped_by(STOPPED_AFTER_WRITING, [str(after), *args], tmp_path, **env)


def _stopped_by(
    script: str, argv: list[str], tmp_path: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *argv],
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of two signed findings files and their merge, with the trust list for them."""
    who = person(tmp_path, "wang")
    folder = tmp_path / "docs"
    folder.mkdir()
    one = findings(who, ["noncompliant", "compliant", "compliant"], 1)
    two = findings(
        who,
        ["compliant", "noncompliant", "compliant"],
        2,
        inspection_id="4b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e",
    )
    (folder / "one.toml").write_bytes(one)
    (folder / "two.toml").write_bytes(two)
    (tmp_path / "merged.toml").write_bytes(make_merged(who, [one, two], store_for(who)))
    return folder, allowed_signers(tmp_path / "allowed_signers", who)


def test_a_summary_stopped_after_its_report_was_written_names_the_report(
    archive: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, signers = archive
    out = tmp_path / "report.md"
    args = ["summary", str(folder), "--allowed-signers", str(signers), "-o", str(out)]
    done = stopped(1, args, tmp_path)
    assert (done.returncode, done.stdout) == (130, "")
    assert done.stderr.splitlines()[-1] == f"minecheck: error: interrupted after writing {out}"
    assert out.read_text(encoding="utf-8").startswith("#")  # whole: the report as it is made


def test_extract_stopped_after_two_files_names_how_many_and_the_last(
    archive: tuple[Path, Path], tmp_path: Path
) -> None:
    _, signers = archive
    out = tmp_path / "sources"
    out.mkdir()
    args = ["extract", str(tmp_path / "merged.toml"), "-o", str(out)]
    done = stopped(2, [*args, "--allowed-signers", str(signers)], tmp_path)
    assert done.returncode == 130, done.stderr
    written = sorted(out.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    assert len(written) == 2
    assert done.stderr.splitlines()[-1] == (
        f"minecheck: error: interrupted after writing 2 files, the last {written[-1]}"
    )


def test_the_same_in_chinese_and_in_the_json_envelope(
    archive: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, signers = archive
    out = tmp_path / "report.md"
    args = ["summary", str(folder), "--allowed-signers", str(signers), "-o", str(out)]
    done = stopped(1, args, tmp_path, MINECHECK_LANG="zh")
    assert done.stderr.splitlines()[-1] == f"minecheck: error: 已中断；{out} 已写入"
    out.unlink()
    done = stopped(1, [*args, "--json"], tmp_path)
    assert (done.returncode, done.stderr) == (130, "")
    envelope = json.loads(done.stdout)
    assert [(p["code"], p["message"]) for p in envelope["problems"]] == [
        ("interrupted", f"interrupted after writing {out}")
    ]


def test_a_name_with_an_escape_is_shown_escaped(archive: tuple[Path, Path], tmp_path: Path) -> None:
    folder, signers = archive
    out = tmp_path / "report\x1b[31m.md"
    args = ["summary", str(folder), "--allowed-signers", str(signers), "-o", str(out)]
    done = stopped(1, args, tmp_path)
    assert done.returncode == 130
    assert "\x1b" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"minecheck: error: interrupted after writing {tmp_path}/report\\u001b[31m.md"
    )


# -- in one process: what counts as written ------------------------------------------------


def test_a_draft_or_the_key_registry_is_not_a_file_the_user_asked_for(tmp_path: Path) -> None:
    from minecheck import fileio

    fileio.forget_written()
    fileio.atomic_write(tmp_path / "draft.toml", b"x", mode=0o600, output=False)
    assert fileio.interrupted_text() == "interrupted; nothing was written"
    fileio.atomic_write(tmp_path / "report.md", b"x")
    assert fileio.interrupted_text() == f"interrupted after writing {tmp_path / 'report.md'}"
    fileio.forget_written()
    assert fileio.interrupted_text() == "interrupted; nothing was written"


def test_a_file_that_could_not_be_written_is_not_named(tmp_path: Path) -> None:
    from minecheck import fileio
    from minecheck.errors import MinecheckError

    fileio.forget_written()
    (tmp_path / "taken.md").write_text("kept\n")
    with pytest.raises(MinecheckError):
        fileio.atomic_write(tmp_path / "taken.md", b"new")
    assert fileio.interrupted_text() == "interrupted; nothing was written"


def test_a_run_in_the_same_process_does_not_name_an_earlier_runs_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import typer

    from minecheck import fileio
    from minecheck.cli._output import Reporter, run

    fileio.atomic_write(tmp_path / "earlier.md", b"x")

    def stopped_body(rep: Reporter) -> None:
        raise KeyboardInterrupt

    with pytest.raises(typer.Exit) as ended:
        run("summary", False, stopped_body)
    assert ended.value.exit_code == 130
    assert capsys.readouterr().err == "minecheck: error: interrupted; nothing was written\n"


# The process is sent SIGTERM from inside one of fileio's steps of putting a file in place: just
# after the file took its name (`put_new`: a stop between the link and the note that it was
# written), or while its directory is flushed (`fsync_dir`, slow on a loaded disk).
STOPPED_IN_A_STEP = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.fileio as fileio
    name, target = sys.argv[1:3]
    real = getattr(fileio, name)
    def then_stopped(*args, **kwargs):
        real(*args, **kwargs)
        if os.path.exists(target):  # (the report's step, not one for the cache's folder)
            os.kill(os.getpid(), signal.SIGTERM)
    setattr(fileio, name, then_stopped)
    sys.argv = ["minecheck", *sys.argv[3:]]
    from minecheck.__main__ import main
    main()
    """
)


@pytest.mark.parametrize("step", ["put_new", "fsync_dir"])
def test_a_stop_that_comes_as_the_file_is_put_in_place_names_it(
    archive: tuple[Path, Path], tmp_path: Path, step: str
) -> None:
    """A timer's SIGTERM that came after the report took its name but before it was noted as
    written said `interrupted; nothing was written`, with the whole report in place (a nightly
    job's export stopped as it ended, on a loaded machine): the file is noted as written as it
    takes its name, and a stop that comes in between is taken just after."""
    folder, signers = archive
    out = tmp_path / "report.md"
    args = ["summary", str(folder), "--allowed-signers", str(signers), "-o", str(out)]
    done = _stopped_by(STOPPED_IN_A_STEP, [step, str(out), *args], tmp_path)
    assert (done.returncode, done.stdout) == (130, "")
    assert done.stderr.splitlines()[-1] == f"minecheck: error: interrupted after writing {out}"
    assert out.read_text(encoding="utf-8").startswith("#")


def test_a_report_written_through_a_link_is_named_by_the_link(
    archive: tuple[Path, Path], tmp_path: Path
) -> None:
    """`-o latest.md --force` where `latest.md` links to this month's report replaces the
    report the link names, and the link stays: the line names the file the user gave."""
    folder, signers = archive
    month = tmp_path / "2026-11.md"
    month.write_text("last run\n", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(month.name)
    args = ["summary", str(folder), "--allowed-signers", str(signers), "-o", str(link), "--force"]
    done = stopped(1, args, tmp_path)
    assert (done.returncode, done.stdout) == (130, "")
    assert done.stderr.splitlines()[-1] == f"minecheck: error: interrupted after writing {link}"
    assert link.is_symlink()
    assert month.read_text(encoding="utf-8").startswith("#")
