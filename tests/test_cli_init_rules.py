"""The command line as a whole (`minecheck.cli`): --version in any spelling, and --help with a
`--lang` that names nothing, an empty word for a file; the language a finished run leaves behind
(none), the help said before "Missing command", `app` asked for first, --show-completion in the
app itself."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from minecheck import __version__
from minecheck.cli import answering, app
from tests.test_scripts import run


def test_version_given_twice_is_the_version(isolated_home: Path) -> None:
    """`minecheck --version --version` (a wrapper that adds its own) is answered by the
    framework, not the fast path: it says the version, exit 0, and no "Missing command"."""
    done = run(["--version", "--version"], isolated_home)
    assert (done.exit_code, done.stdout, done.stderr) == (0, f"minecheck {__version__}\n", "")


def test_help_with_lang_as_the_last_word_says_lang_needs_a_value(isolated_home: Path) -> None:
    """`minecheck summary --help --lang` (the value not typed yet): the usage error that says
    so, with the command's help as the hint, exit 2, no traceback."""
    done = run(["summary", "--help", "--lang"], isolated_home, {"MINECHECK_LANG": "en"})
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        "minecheck: error: Option '--lang' requires an argument.\n"
        "  hint: minecheck summary --help\n"
    )


def test_an_empty_word_for_a_file_argument_is_a_usage_error(isolated_home: Path) -> None:
    """`minecheck extract "$M"` with M unset named the current directory; it is a usage error
    naming the argument, with the command's help as the hint."""
    done = run(["extract", ""], isolated_home)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        "minecheck: error: Invalid value for 'MERGED': an empty path was given\n"
        "  hint: minecheck extract --help\n"
    )


def test_a_finished_run_leaves_its_language_to_no_later_run(isolated_home: Path) -> None:
    """A run that chose Chinese on its line (`summary --lang zh ...`), ended or stopped, leaves
    nothing behind: a later run in the same process (a wrapper calling minecheck again, a test
    runner) without --lang gets its help in the language the environment chooses."""
    with answering(["summary", "--lang", "zh", "--help"]):
        pass
    try:
        with answering(["summary", "--lang", "zh", "--help"]):
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    done = CliRunner().invoke(
        app, ["summary", "--help"], prog_name="minecheck", env={"MINECHECK_LANG": "en"}
    )
    assert done.exit_code == 0
    assert done.output.startswith("\n Usage: minecheck summary")


def test_the_help_before_missing_command_has_no_doubled_blank_line(isolated_home: Path) -> None:
    """`minecheck` alone: the help said on stderr is followed by one blank line and the error
    line, as the help's groups are separated, never by two blank lines."""
    for args in ([], ["keys"]):
        done = run(args, isolated_home)
        assert (done.exit_code, done.stdout) == (2, "")
        assert "\n\n\n" not in done.stderr
        lines = done.stderr.splitlines()
        assert lines[-3] == ""
        assert lines[-4].strip()
        assert lines[-2] == "minecheck: error: Missing command."


def test_lang_as_another_options_value_at_the_end_leaves_help_in_english(
    isolated_home: Path,
) -> None:
    """`minecheck summary --help --format --lang`: the last `--lang` is the value of --format,
    not an option with no value; the help is the English one, exit 0, no traceback."""
    env = {"MINECHECK_LANG": "en"}
    plain = run(["summary", "--help"], isolated_home, env)
    done = run(["summary", "--help", "--format", "--lang"], isolated_home, env)
    assert (done.exit_code, done.stdout, done.stderr) == (0, plain.stdout, "")
    assert done.stdout.startswith("\n Usage: minecheck summary")


def test_the_app_asked_for_first_in_a_fresh_interpreter_is_the_command_line() -> None:
    """`minecheck.cli.app` asked for first in a program (an embedding tool, `import
    minecheck.cli as cli; cli.app()`) is the whole command line, not None."""
    import subprocess
    import sys

    probe = "import minecheck.cli as c; print(type(c.app).__name__, len(c.app.registered_commands))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "Typer 9\n", "")


def test_the_app_itself_shows_the_completion_script(isolated_home: Path) -> None:
    """The app run in-process (not through the entry point, which takes the option first)
    answers `--show-completion bash` with the bash script, exit 0."""
    done = CliRunner().invoke(app, ["--show-completion", "bash"], prog_name="minecheck")
    assert done.exit_code == 0
    assert done.output.startswith("_minecheck_completion() {")
    assert "_MINECHECK_COMPLETE=complete_bash" in done.output
