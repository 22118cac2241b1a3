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


def _no_type_placeholders() -> None:
    """Help shows no `<bool>` beside a flag and no `<str>` beside a named argument.

    Every option of ours names its value with `metavar=` ("" for a flag), but Typer adds flags of
    its own (--help, the completion options) and prints an argument's Python type next to its
    metavar. A flag takes no value and a metavar already says what goes there, so both get an
    empty type column; tests/test_docs.py checks that no placeholder is left in any --help.
    """
    from typer.core import TyperArgument, TyperOption

    option_type = TyperOption.display_type_rich
    argument_type = TyperArgument.display_type_rich

    def option(self: TyperOption, ctx: typer.Context) -> str | None:
        return "" if self.is_flag and self.metavar is None else option_type(self, ctx)

    def argument(self: TyperArgument, ctx: typer.Context) -> str | None:
        return "" if self.metavar is not None else argument_type(self, ctx)

    setattr(TyperOption, "display_type_rich", option)  # noqa: B010
    setattr(TyperArgument, "display_type_rich", argument)  # noqa: B010


_no_type_placeholders()


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
