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


def _version(value: bool) -> None:
    if value:
        from minecheck import __version__

        typer.echo(f"minecheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_version, is_eager=True
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
app.command("sign")(verify.sign)
app.command("verify")(verify.verify)
app.add_typer(checklists.app, name="checklists")
app.add_typer(drafts.app, name="drafts")
app.add_typer(keys.app, name="keys")
app.add_typer(trust.app, name="trust")
