"""The command line: wires the verbs and the management groups together."""

from __future__ import annotations

import typer

from minecheck.cli import (
    checklists,
    drafts,
    export,
    followup,
    inspect,
    keys,
    merge,
    show,
    sign,
    summary,
    trust,
    verify,
)

app = typer.Typer(
    name="minecheck",
    help="Mine-safety inspections: checklists, signed findings, follow-ups and reports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


def _version(value: bool) -> None:
    if value:
        from minecheck import __version__

        typer.echo(f"minecheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False,
        "--version",
        metavar="",
        help="Show the version and exit.",
        callback=_version,
        is_eager=True,
    ),
) -> None:
    """Mine-safety inspections: checklists, signed findings, follow-ups and reports."""


app.command("inspect")(inspect.inspect)
app.command("followup")(followup.followup)
app.command("merge")(merge.merge)
app.command("extract")(merge.extract)
app.command("export")(export.export)
app.command("summary")(summary.summary)
app.command("show")(show.show)
app.command("sign")(sign.sign)
app.command("verify")(verify.verify)
app.add_typer(checklists.app, name="checklists")
app.add_typer(drafts.app, name="drafts")
app.add_typer(keys.app, name="keys")
app.add_typer(trust.app, name="trust")
