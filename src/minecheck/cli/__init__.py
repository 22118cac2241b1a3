"""The command line: wires the verbs and the management groups together.

`app` is the whole command line. A run that names its command first (`minecheck summary ...`)
gets `app_for(args)`: the same app with that one command or group in it, so that only its module
is imported and only its parameters are built (Typer builds every registered command's on every
run).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType
from typing import Any, NoReturn

import typer

from minecheck.core.sanitize import quoted

# Command → (module in minecheck.cli, function), in the order --help lists them.
COMMANDS = {
    "inspect": ("inspect", "inspect"),
    "followup": ("followup", "followup"),
    "merge": ("merge", "merge"),
    "extract": ("merge", "extract"),
    "export": ("export", "export"),
    "summary": ("summary", "summary"),
    "show": ("show", "show"),
    "sign": ("sign", "sign"),
    "verify": ("verify", "verify"),
}
# Groups: each is the `app` of the module of its name, in the order --help lists them.
GROUPS = ("checklists", "drafts", "keys", "trust")
# What each command and group is for: its help, and its line in the top-level help, which lists
# them from here without importing a command's module (`index`).
HELP = {
    "inspect": "Inspect a site against a checklist and write a signed findings file.",
    "followup": "Record a step of a hidden danger's rectification as a signed follow-up document.",
    "merge": "Merge several inspectors' signed documents into one signed envelope.",
    "extract": "Write the sources of a merged document back out, byte for byte.",
    "export": "Export rows for a spreadsheet or a database: one per consolidated finding, with "
    "its state and flags, or one per follow-up event and per hidden danger found (--rows events).",
    "summary": "Summarise findings, follow-ups and merged files: counts, open and overdue hidden "
    "dangers.",
    "show": "Show documents readably: header, trust, each hidden danger with its state and "
    "deadline.",
    "sign": "Sign an unsigned minecheck document after checking its schema (in place, or to -o)."
    "\n\nThe smallest input is a \\[minecheck] table holding only its format line, then the "
    "document's tables. sign fills in document_id, created (now), signer, signer_key and tool "
    "where they are absent and keeps what is present; a signer or signer_key other than the "
    "signing key's is refused. docs/formats.md has examples.",
    "verify": "Check each document's signature and trust; exit 0 only when every one is trusted.",
    "checklists": "List, show and lint checklist definitions.",
    "drafts": "Inspections in progress: list, resume or discard them.",
    "keys": "Create and manage signing keys.",
    "trust": "Decide whose keys are trusted (OpenSSH allowed_signers and revoked_keys).",
}
COMPLETE_VAR = "_MINECHECK_COMPLETE"  # set by the shell completion scripts Typer writes


def _argument_metavars() -> None:
    """An argument's help shows its metavar alone; a repeated one ends in `...` in the usage.

    Every argument of ours names its value with `metavar=` (FILE, PATH, ...). Typer 0.28 prints
    the argument's type next to it (`<str>`, `<path>`: the type column asks the argument's type
    for a metavar and falls back to its name) and, for a repeated argument with a metavar,
    leaves the `...` out of the usage line (`{FILE}` where `{FILE}...` is meant). Flags show no
    type already. tests/test_docs.py checks that no placeholder is left in any --help, and that
    docs/cli.md (the usage lines included) is what the help prints.
    """
    from typer._click.types import ParamType
    from typer.core import TyperArgument

    make_metavar = TyperArgument.make_metavar

    def argument_metavar(self: TyperArgument, ctx: typer.Context, *, usage: bool = False) -> str:
        var = make_metavar(self, ctx, usage=usage)
        repeated = usage and self.metavar is not None and self.nargs != 1
        return f"{var}..." if repeated and not var.endswith("...") else var

    def type_metavar(self: ParamType, param: object, ctx: typer.Context) -> str | None:
        # The base class has no metavar (None); str and path, our arguments' types, inherit it.
        return "" if isinstance(param, TyperArgument) and param.metavar is not None else None

    setattr(TyperArgument, "make_metavar", argument_metavar)  # noqa: B010
    setattr(ParamType, "get_metavar", type_metavar)  # noqa: B010


_argument_metavars()


def _empty_paths_refused() -> None:
    """An empty word given for a path (`-o "$OUT"` with OUT unset) is a usage error naming the
    parameter, for every parameter that names a file: the framework made it Path(""), the
    current directory, and `extract M -o ""` wrote its sources there, `inspect -o ""` its
    findings, `checklists lint ""` linted every file in it, `--key ""` was a traceback. The
    parameters that take a path as text (for `-`) use `cli._names.PATH_TEXT`, which says it
    alike. The path made keeps the word given, to be shown as given (`_names.TypedPath`)."""
    from pathlib import Path

    from typer.models import TyperPath

    from minecheck.cli._names import named_as_directory, refuse_empty_path, typed_path

    convert = TyperPath.convert

    def refused(self: TyperPath, value: Any, param: Any, ctx: Any) -> Any:
        refuse_empty_path(self, value, param, ctx)
        made = convert(self, value, param, ctx)
        if isinstance(made, str | Path) and isinstance(value, str):
            typed = typed_path(Path(made), value)  # (`./--k` shown so, not `--k`)
            # (a file typed as a directory, `k1/.`; -o says its own: `F/ is not a directory`)
            output = getattr(param, "name", None) == "output"
            said = None if output else named_as_directory(typed, value)
            if said is not None:
                self.fail(said, param, ctx)
            return typed
        return made

    setattr(TyperPath, "convert", refused)  # noqa: B010


_empty_paths_refused()


def _no_command_said_on_stderr() -> None:
    """`minecheck` or `minecheck keys` with no command (a script's empty "$CMD") is a usage
    error, exit 2, as the framework has it; its help is said on stderr, as the framework means
    it, then the error line `minecheck --` gives ("Missing command."). Typer drew the help on
    stdout, where a script reads data, with nothing on stderr."""
    from typer.core import TyperGroup

    parse_args = TyperGroup.parse_args

    def parsed(self: TyperGroup, ctx: typer.Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            with contextlib.redirect_stdout(sys.stderr):
                text = ctx.get_help()  # (drawn by Rich on the stream it is given)
                if text:
                    sys.stderr.write(text + "\n")
            sys.stderr.flush()
            ctx.fail("Missing command.")
        return parse_args(self, ctx, args)

    setattr(TyperGroup, "parse_args", parsed)  # noqa: B010


_no_command_said_on_stderr()


def _plain_help_panels() -> None:
    """Every help drawn by `cli._help_layout.draw`: without its frames where no one sees them
    as frames (a pipe, a file, a dumb terminal), its names whole, its texts broken as every
    shown text. The module is imported when a help is drawn, never for another run."""
    from typer.core import TyperCommand, TyperGroup

    for kind in (TyperCommand, TyperGroup):
        format_help = kind.format_help

        def framed_where_seen(
            self: typer.core.TyperCommand,
            ctx: typer.Context,
            formatter: object,
            format_help: Callable[..., None] = format_help,
        ) -> None:
            from minecheck.cli._help_layout import draw

            draw(lambda: format_help(self, ctx, formatter))

        setattr(kind, "format_help", framed_where_seen)  # noqa: B010


_plain_help_panels()

# The words of the run `main` is answering (`answering`): where a command's --help finds the
# --lang given on the line, which is not read before the help is written (--help is eager).
_words: list[Sequence[str]] = []


@contextlib.contextmanager
def answering(args: Sequence[str]) -> Iterator[None]:
    """While `minecheck ARGS` runs: its help and a usage error are in the language ARGS choose
    (`language_of`). The app sets it for every run (`_Root.main`), the test runner's too,
    whose process's words are its own."""
    _words.append(args)
    output = sys.modules.get("minecheck.cli._output")  # (an earlier run's, in this process)
    if output is not None:
        output.envelope_forgotten()
    try:
        yield
    finally:
        _words.pop()


class _Root(typer.core.TyperGroup):
    """The top level: a run, however it is started (the console script, the test runner), is
    answered with the words it was given (`answering`)."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        words = list(sys.argv[1:] if args is None else args)
        with answering(words):
            return super().main(help_alone(words) or args, *rest, **options)

    def make_context(self, *args: Any, **options: Any) -> Any:
        try:
            return super().make_context(*args, **options)
        except KeyboardInterrupt:
            _interrupted_outside_a_body()

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted_outside_a_body()

    def _main_shell_completion(self, *args: Any, **options: Any) -> None:
        """A completion request the shells' scripts never send is refused as minecheck's
        usage error (`_shell_completion.refuse_unanswerable`) before the framework reads it."""
        asked = os.environ.get(COMPLETE_VAR)
        if asked:  # (set empty: no completion asked, as the framework has it)
            from minecheck.cli._shell_completion import refuse_unanswerable

            refuse_unanswerable(asked)
        super()._main_shell_completion(*args, **options)


def _interrupted_outside_a_body() -> NoReturn:
    """A stop in a command's code outside the body that says it (`_output.run`): reading its
    options, setting up. The framework took it for a silent exit 130, and a script's `--json`
    got no envelope: it is said as a stop at the start is."""
    from minecheck.__main__ import interrupted

    interrupted(list(_words[-1]) if _words else sys.argv[1:])


def help_alone(words: Sequence[str]) -> list[str] | None:
    """WORDS without their `--lang VALUE` where the rest asks only for the help of the top level
    or a group, which have no --lang of their own (`minecheck --lang zh --help`, `keys -h
    --lang=zh`): the help is drawn in the language named (`language_of` reads the words); or
    for the version, which is the same in every language (`minecheck --lang zh --version`), or
    both, the first given answering as without --lang (`--lang zh --version --help` is the
    version). None for any other line (a command has its own --lang; `--lang zh` alone is a
    usage error)."""
    kept: list[str] = []
    args = iter(words)
    for arg in args:
        if arg == "--lang":
            if next(args, None) is None:
                return None
        elif arg in ("--help", "-h", "--version") or (not kept and arg in GROUPS):
            kept.append(arg)
        elif not arg.startswith("--lang="):
            return None
    asked = kept[1:] if kept and kept[0] in GROUPS else kept
    alone = set(asked) <= {"--help", "-h"} or (asked == kept and set(asked) <= TOP_ALONE)
    return kept if asked and alone and len(kept) < len(words) else None


def language_of(command: object, ctx: typer.Context | None) -> str:
    """The language COMMAND speaks before it runs (its help, a usage error), by the rule its
    messages follow: the --lang given on the line where the command has that option, then
    MINECHECK_LANG, then the locale."""
    from minecheck.cli._output import chosen_language

    given = option_given(command, ctx, "--lang")
    if given is None:  # (the top level, a group: the --lang meant for the command named)
        given = _given_anywhere("--lang")
    return chosen_language(given[-1] if given else None)


def _given_anywhere(name: str) -> list[str | None]:
    """The values the option NAME is given among the words before `--`, for the top level and
    a group, which have no such option: `minecheck --lang zh nosuch` is said in Chinese."""
    found: list[str | None] = []
    args = iter(_words[-1] if _words else ())
    for arg in args:
        if arg == "--":
            break
        if arg == name:
            found.append(next(args, None))
        elif arg.startswith(f"{name}="):
            found.append(arg.split("=", 1)[1])
    return found


# The options every command has and the top level and the groups do not.
COMMAND_OPTIONS = ("--json", "--lang")


def placed_before(exc: Exception, ctx: typer.Context | None) -> tuple[str, str] | None:
    """What to say, and of which command, where a command's own option was refused because it
    stood before the command (`minecheck --json verify ...`, `minecheck trust --lang zh add`):
    that it goes after the command's name, or where the name is no command, that it is none
    (with the framework's suggestion), as `minecheck nosuch --json` says. The word after `--`
    is the command's name, even one that starts with `-` (`minecheck -- --json show`: no such
    command '--json', where the framework said no such option). None for any other error. The
    message is in the current language."""
    from typer.core import TyperGroup

    option = getattr(exc, "option_name", None)
    group = getattr(ctx, "command", None)
    if ctx is None or option is None or not isinstance(group, TyperGroup):
        return None
    rest, dashed = _after_command_options(_group_words(ctx))
    if option not in COMMAND_OPTIONS and not (dashed and rest[:1] == [option]):
        return None
    names = ctx.command_path.split()[1:]  # (the group's own path: `trust`)
    found: object = group
    while rest and isinstance(found, TyperGroup) and (dashed or not rest[0].startswith("-")):
        name = rest.pop(0)
        found = _named(found, ctx, name)
        if isinstance(found, str):
            return found, " ".join(names)
        names.append(name)
        dashed = False
    return _goes_after(option, names, isinstance(found, TyperGroup)), " ".join(names)


def _group_words(ctx: typer.Context) -> list[str]:
    """The words of the run from those the group of CTX reads (after its path: `trust` in
    `minecheck -- trust --json add`)."""
    words = list(_words[-1]) if _words else []
    depth = len(ctx.command_path.split()) - 1
    if depth and words[:1] == ["--"]:
        words.pop(0)
    return words[depth:]


def _named(group: typer.core.TyperGroup, ctx: typer.Context, name: str) -> object:
    """The command or group GROUP names NAME, or the usage error that it names none, in the
    current language (the framework's, with its suggestion)."""
    from minecheck.cli._output import usage_said

    if name.startswith("-"):  # (the framework takes it for an option)
        found = group.get_command(ctx, name)
        return found if found is not None else usage_said(f"No such command {quoted(name)}.")
    try:
        _, command, _ = group.resolve_command(ctx, [name])
    except typer.exceptions.TyperException as unknown:
        return usage_said(str(getattr(unknown, "message", unknown)))
    return command


def _goes_after(option: str, names: list[str], group: bool) -> str:
    from minecheck.i18n import t

    named = [*names, "COMMAND"] if group else names  # (none named yet)
    example = f"minecheck {' '.join(named)} {option} ..."
    return t("{option} goes after the command's name: {example}", option=option, example=example)


def _after_command_options(words: Sequence[str]) -> tuple[list[str], bool]:
    """WORDS from the first that names a command, and whether `--` came before it (then it is a
    name whatever it starts with): those after `--json`, `--lang VALUE`, help and `--`; none
    where another option stands before that word (the command is unknown)."""
    args = iter(words)
    for arg in args:
        if arg == "--lang":
            next(args, None)
        elif arg == "--":
            return list(args), True
        elif arg not in ("--json", "--help", "-h") and not arg.startswith("--lang="):
            return ([] if arg.startswith("-") else [arg, *args]), False
    return [], False


def json_asked(command: object, ctx: typer.Context | None) -> bool | None:
    """Whether the line asks COMMAND for `--json` (a usage error is then the envelope); None
    where the command has no such option (the top level, a group)."""
    given = option_given(command, ctx, "--json")
    return None if given is None else bool(given)


def option_given(command: object, ctx: typer.Context | None, name: str) -> list[str | None] | None:
    """The values the option NAME of COMMAND is given on the line of the run `main` answers, in
    order (None for a flag, or a value missing at the end), read as the options parse the
    words: the value of an option that takes one is no option (`--format --lang` gives the
    format "--lang", `-o --json` writes to a file of that name), and nothing after `--` is
    one. None where COMMAND has no option NAME, or no line is being answered."""
    params = getattr(command, "get_params", None)
    options = [p for p in params(ctx) if p.param_type_name == "option"] if params else []
    if not _words or not any(name in p.opts for p in options):
        return None
    taking = {o for p in options if not p.is_flag and not p.count for o in p.opts}
    found: list[str | None] = []
    args = iter(own_words(ctx, _words[-1]))
    for arg in args:
        if arg == "--":
            break
        if arg in taking:
            value = next(args, None)
            if arg == name:
                found.append(value)
        elif arg == name:
            found.append(None)
        elif name in taking and arg.startswith(f"{name}="):
            found.append(arg.split("=", 1)[1])
    return found


def value_options(names: Sequence[str]) -> frozenset[str]:
    """The options of the command NAMES (a group's with its subcommand's) that take a value, for
    a run stopped before its line was parsed: the parser gives them the next word whatever it
    is (`-o --json` writes to a file of that name). `--lang` alone where no such command is
    built (a word that names none; another Ctrl-C while it is)."""
    try:
        command: Any = typer.main.get_command(build(names[:1]))
        for name in names:
            command = command.commands[name]
        options = [p for p in command.params if p.param_type_name == "option"]
        return frozenset(o for p in options if not p.is_flag and not p.count for o in p.opts)
    except (Exception, KeyboardInterrupt):  # noqa: BLE001 - the line read as words, as before
        return frozenset({"--lang"})


def own_words(ctx: typer.Context | None, words: Sequence[str]) -> list[str]:
    """WORDS from those after the name of the command CTX runs: a `--` before the name is the
    top level's or a group's (`minecheck -- show --json x`: show's own --json). All of them
    where the name is not among them."""
    rest = list(words)
    for name in ctx.command_path.split()[1:] if ctx is not None else []:
        if name not in rest:
            return list(words)
        rest = rest[rest.index(name) + 1 :]
    return rest


def _help_in_chinese() -> None:
    """Help in Chinese where the run's language is Chinese (`language_of`): the texts of the
    command, its parameters and its subcommands, and the framework's own words, are set from
    `cli._help_zh` while it is written, and set back after. English help is written as it was,
    and the Chinese texts are imported only for Chinese help. The descriptions shell completion
    shows beside a subcommand or an option follow the same language."""
    from typer.core import TyperCommand, TyperGroup

    for kind in (TyperCommand, TyperGroup):
        format_help = kind.format_help

        def in_the_run_language(
            self: typer.core.TyperCommand,
            ctx: typer.Context,
            formatter: object,
            format_help: Callable[..., None] = format_help,
        ) -> None:
            if language_of(self, ctx) != "zh":
                format_help(self, ctx, formatter)
                return
            from minecheck.cli._help_zh import in_chinese
            from minecheck.cli._output import chinese_unshown

            chinese_unshown("zh")

            with in_chinese(self, ctx):
                format_help(self, ctx, formatter)

        setattr(kind, "format_help", in_the_run_language)  # noqa: B010
        shell_complete = kind.shell_complete

        def completed_in_the_run_language(
            self: typer.core.TyperCommand,
            ctx: typer.Context,
            incomplete: str,
            shell_complete: Callable[..., list[Any]] = shell_complete,
        ) -> list[Any]:
            if language_of(self, ctx) != "zh":
                return shell_complete(self, ctx, incomplete)
            from minecheck.cli._help_zh import completing_in_chinese

            with completing_in_chinese(self, ctx):
                return shell_complete(self, ctx, incomplete)

        setattr(kind, "shell_complete", completed_in_the_run_language)  # noqa: B010


_help_in_chinese()


def _version(value: bool) -> None:
    if value:
        from minecheck import __version__

        typer.echo(f"minecheck {__version__}")
        raise typer.Exit()


def _completion(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> None:
    """`--install-completion SHELL` or `--show-completion SHELL` where the entry point did not
    take it first (it takes every spelling that starts a command line)."""
    if value is None or ctx.resilient_parsing:
        return
    from minecheck.cli._shell_completion import run

    run([param.opts[0], value])


def _main(
    version: bool = typer.Option(
        False,
        "--version",
        metavar="",
        help="Show the version and exit.",
        callback=_version,
        is_eager=True,
    ),
    install_completion: str | None = typer.Option(
        None,
        "--install-completion",
        metavar="[SHELL]",
        help="Install completion for SHELL (bash, zsh or fish), or for the shell minecheck"
        " runs in.",
        callback=_completion,
        is_eager=True,
        expose_value=False,
    ),
    show_completion: str | None = typer.Option(
        None,
        "--show-completion",
        metavar="[SHELL]",
        help="Show the completion script for SHELL, or for the shell minecheck runs in.",
        callback=_completion,
        is_eager=True,
        expose_value=False,
    ),
) -> None:
    """Mine-safety inspections: checklists, signed findings, follow-ups and reports."""


def _root() -> typer.Typer:
    """The command line with no command in it yet: its own options and help."""
    built = typer.Typer(
        name="minecheck",
        help="Mine-safety inspections: checklists, signed findings, follow-ups and reports.",
        no_args_is_help=True,
        add_completion=False,  # (minecheck's own options, in `_main`)
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        cls=_Root,
    )
    built.callback()(_main)
    return built


def build(names: Iterable[str] | None = None) -> typer.Typer:
    """The command line with the named commands and groups (every one when `names` is None)."""
    wanted = set(COMMANDS) | set(GROUPS) if names is None else set(names)
    built = _root()
    for name, (module, function) in COMMANDS.items():
        if name in wanted:
            built.command(name, help=HELP[name])(getattr(_module(module), function))
    for name in GROUPS:
        if name in wanted:
            built.add_typer(_module(name).app, name=name, help=HELP[name])
    return built


def index() -> typer.Typer:
    """What `minecheck --help` draws: every command and group by its name and `HELP` alone, in
    the order `build` adds them, with no module of theirs imported and no parameter built (the
    help is the whole app's, byte for byte; tests/test_project.py holds it so)."""
    built = _root()
    for name in (*COMMANDS, *GROUPS):
        built.command(name, help=HELP[name])(_listed)
    return built


def _listed() -> None:
    """A command as the top-level help lists it (`index`): never run."""


# What `help_alone` leaves that the index answers: the top-level help, the version, or both.
TOP_ALONE = frozenset({"--help", "-h", "--version"})


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app to run `minecheck ARGS` with: just the command or group that ARGS start with.

    The root takes no argument of its own, so a first word that names a command is the command
    that runs, whatever follows; the root's options and callback are the same in every build.
    The top-level help alone (no words, `--help`, `-h`) gets `index`: every command listed, none
    built; so does the version with `--lang` beside it (`help_alone`). Anything else (an option
    first, a word that names no command, shell completion) gets the whole app, so "No such
    command" with its suggestion and completion see every command.
    """
    first = args[0] if args else ""
    if COMPLETE_VAR in os.environ:  # the shell asks: the framework's completers answer
        from typer._completion_classes import completion_init

        completion_init()
    elif first in COMMANDS or first in GROUPS:
        return build([first])
    elif list(args) in ([], ["--help"], ["-h"]) or set(help_alone(args) or ["x"]) <= TOP_ALONE:
        return index()  # the top-level help (in the language named), and nothing else
    return build()


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"minecheck.cli.{name}")


def __getattr__(name: str) -> typer.Typer:
    """`app`, the whole command line, made when first asked for."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    app = globals()["app"] = build()
    return app
