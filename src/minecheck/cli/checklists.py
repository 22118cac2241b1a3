"""`minecheck checklists list | show | lint`."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from minecheck.cli._common import LangOpt, checklist_dirs, checklist_path
from minecheck.cli._output import JsonOpt, Reporter, resolve_lang, run
from minecheck.cli._render import safe, table
from minecheck.cli.template import template
from minecheck.core.sanitize import for_terminal
from minecheck.errors import ExitCode, InputError, Problem

app = typer.Typer(
    help="List, show and lint checklist definitions.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("list")
def list_(json: JsonOpt = False, lang: LangOpt = None) -> None:
    """List the installed checklists (your own first, then the bundled ones)."""

    def body(rep: Reporter) -> None:
        from minecheck.core.checklist import discover, load_checklist

        language = resolve_lang(lang)
        rows: list[dict[str, Any]] = []
        for cid, path in sorted(discover(checklist_dirs()).items()):
            try:
                cl = load_checklist(path)
            except InputError as exc:
                rep.warn(
                    f"{path}: not loaded: {exc.message}", code="checklist-invalid", path=str(path)
                )
                continue
            rows.append(
                {
                    "id": cid,
                    "version": cl.version,
                    "title": cl.title,
                    "title_zh": cl.title_zh,
                    "items": len(cl.items),
                    "major": sum(1 for item in cl.items if item.severity == "major"),
                    "applies_to": list(cl.applies_to),
                    "path": str(path),
                    "sha256": cl.sha256,
                }
            )
        rep.data["checklists"] = rows
        t = table("ID", "VERSION", "ITEMS", "MAJOR", "TITLE")
        for row in rows:
            title = row["title_zh"] if language == "zh" else row["title"]
            t.add_row(
                safe(row["id"]),
                safe(row["version"]),
                str(row["items"]),
                str(row["major"]),
                safe(title),
            )
        rep.show(t)

    run("checklists list", json, body)


@app.command()
def show(
    checklist: Annotated[str, typer.Argument(help="Checklist id, or path to a checklist file.")],
    json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Show a checklist's sections and items."""

    def body(rep: Reporter) -> None:
        from minecheck.core.checklist import load_checklist

        language = resolve_lang(lang)
        cl = load_checklist(checklist_path(checklist))
        data = asdict(cl)
        data["items"] = len(cl.items)
        rep.data["checklist"] = data
        if not rep.json:
            _render_checklist(rep, cl, language)

    run("checklists show", json, body)


def _render_checklist(rep: Reporter, cl: Any, lang: str) -> None:
    from rich.text import Text

    head = Text()
    head.append_text(safe(cl.title_in(lang), "bold"))
    head.append(f"  {for_terminal(cl.id)} {for_terminal(cl.version)}", style="dim")
    rep.show(head)
    rep.show(safe(cl.purpose_in(lang), multiline=True))
    meta = Text(style="dim")
    meta.append(for_terminal("applies to: " + ", ".join(cl.applies_to)))
    if cl.directives:
        meta.append(for_terminal("   directives: " + ", ".join(cl.directives)))
    if cl.references:
        meta.append(for_terminal("   references: " + ", ".join(cl.references)))
    rep.show(meta)
    for section in cl.sections:
        t = table("ITEM", "GRADE", "BASIS", "QUESTION", title=None)
        t.title = for_terminal(f"{section.title_in(lang)}  ({section.id})")
        for item in section.items:
            question = safe(item.text(lang))
            extra: list[str] = []
            if item.reading is not None:
                extra.append(item.reading.limits())
            if item.applies_if:
                extra.append("if " + " / ".join(item.applies_if))
            if extra:
                question.append(
                    "  [" + "; ".join(for_terminal(e) for e in extra) + "]", style="dim"
                )
            t.add_row(
                safe(item.id),
                Text(item.severity, style="bold red" if item.severity == "major" else ""),
                safe(", ".join(item.basis)),
                question,
            )
        rep.show(t)


@app.command()
def lint(
    paths: Annotated[
        list[Path], typer.Argument(help="Checklist files, or directories of *.toml files.")
    ],
    json: JsonOpt = False,
) -> None:
    """Check checklist files; print every problem as path:line:col: message (exit 1 if any)."""

    def body(rep: Reporter) -> None:
        from minecheck.core.checklist import lint as lint_file

        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files.extend(sorted(path.rglob("*.toml")))
            elif path.exists():
                files.append(path)
            else:
                raise InputError(f"{path}: no such file or directory")
        results = []
        total = 0
        for path in files:
            problems = lint_file(path)
            total += len(problems)
            results.append(
                {"path": str(path), "ok": not problems, "problems": [p.as_dict() for p in problems]}
            )
            for problem in problems:
                rep.problems.append(problem)
                rep.print_data(_problem_line(problem))
        rep.data["files"] = results
        rep.info(
            f"{len(files)} file{'s' if len(files) != 1 else ''} checked, "
            f"{total} problem{'s' if total != 1 else ''}"
        )
        if total:
            rep.fail(ExitCode.FAILED)

    run("checklists lint", json, body)


def _problem_line(problem: Problem) -> str:
    loc = problem.location()
    return for_terminal(f"{loc}: {problem.message}" if loc else problem.message)


app.command("template")(template)
