"""`minecheck checklists list | show | lint | template` (template's body is cli/template.py)."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated, Any

import typer

from minecheck.cli._common import LangOpt, checklist_dirs, checklist_path
from minecheck.cli._names import PATH_TEXT
from minecheck.cli._output import JsonOpt, Reporter, resolve_lang, run, said
from minecheck.cli._render import Fields, safe, shown_line, table
from minecheck.cli.template import template
from minecheck.core.sanitize import for_terminal, shell_word
from minecheck.errors import ExitCode, InputError, MinecheckError, Problem, without_path
from minecheck.i18n import t as tr
from minecheck.i18n import written
from minecheck.paths import bundled_checklists_dir, user_checklists_dir

app = typer.Typer(  # (its help: cli.HELP)
    no_args_is_help=True,
    add_completion=False,
)


@app.command("list")
def list_(json: JsonOpt = False, lang: LangOpt = None) -> None:
    """List the installed checklists: your own (they take precedence) and the bundled ones."""

    def body(rep: Reporter) -> None:
        from minecheck.core.checklist import discover_checklists, load_checklist
        from minecheck.report.labels import Labels

        language = resolve_lang(lang)
        rows: list[dict[str, Any]] = []
        found, skipped = discover_checklists(checklist_dirs(), say=tr)
        for problem in skipped:
            rep.warn(
                tr("{path}: {reason}; skipped", path=problem.path, reason=problem.message),
                code=problem.code,
                path=problem.path,
            )
        bundled = discover_checklists([bundled_checklists_dir()])[0]
        for cid, path in sorted(found.items()):
            if cid in bundled and path != bundled[cid]:
                rep.warn(
                    tr(
                        "{path}: replaces the bundled checklist {id} ({bundled})",
                        path=path,
                        id=cid,
                        bundled=bundled[cid],
                    ),
                    code="replaces-bundled",
                    path=f"{path}",
                )
        for cid, path in sorted(found.items()):
            try:
                cl = load_checklist(path, found=True, say=tr)
            except InputError as exc:
                said = Labels(language).reason(exc.message)
                if said.startswith(f"{path} "):  # a sentence about the file ("... is not
                    # UTF-8 text"): said whole, the file named once
                    text = tr(
                        "{said}; not loaded; to see why:\n  minecheck checklists lint {word}",
                        said=said,
                        word=shell_word(path),
                    )
                else:
                    text = tr(
                        "{path}: not loaded: {reason}; to see why:\n"
                        "  minecheck checklists lint {word}",
                        path=path,
                        reason=without_path(said, path),
                        word=shell_word(path),
                    )
                rep.warn(text, code="checklist-invalid", path=f"{path}")
                continue
            rows.append(
                {
                    "id": cid,
                    "version": cl.version,
                    "edition": cl.edition.edition if cl.edition else None,
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
        t = table(tr("ID"), tr("VERSION"), tr("ITEMS"), tr("MAJOR"), tr("TITLE"))
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
    checklist: Annotated[
        str, typer.Argument(metavar="CHECKLIST", help="Checklist id, or path to a checklist file.")
    ],
    json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Show a checklist's sections and items."""

    def body(rep: Reporter) -> None:
        from minecheck.core.checklist import load_checklist

        language = resolve_lang(lang)
        cl = load_checklist(checklist_path(checklist), say=tr)
        data = asdict(cl)
        data["items"] = len(cl.items)
        if cl.edition is not None and cl.edition.in_force is not None:
            data["edition"]["in_force"] = cl.edition.in_force.isoformat()
        rep.data["checklist"] = data
        if not rep.json:
            _render_checklist(rep, cl, language)

    run("checklists show", json, body)


_COLUMNS = {
    "en": ("ITEM", "GRADE", "BASIS", "REQUIREMENT"),
    "zh": ("编号", "等级", "依据", "检查内容"),
}
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "major": "major",
        "general": "general",
        "implements": "implements: ",
        "in_force": "in force ",
        "applies_to": "applies to: ",
        "directives": "directives: ",
        "references": "references: ",
        "answer": "answer each item: complies / does not comply / not applicable",
        "if_any": "if ",
        "if_all": "if all of ",
        "list": ", ",
        "extra": "  ({})",
        "extras": "; ",
        "section": "  ({})",
        "guidance": "guidance: ",
    },
    "zh": {
        "major": "重大",
        "general": "一般",
        "implements": "依据：",
        "in_force": "施行日期 ",
        "applies_to": "适用：",
        "directives": "部署要求：",
        "references": "标准：",
        "answer": "逐项判定：符合 / 不符合 / 不适用",
        "if_any": "适用于",
        "if_all": "同时具备",
        "list": "、",
        "extra": "（{}）",
        "extras": "；",
        "section": "（{}）",
        "guidance": "检查要点：",
    },
}


# Guidance that begins with a label of its own (a few words and a colon: every bundled one but
# the readings' opens with `Look for:` / `查看：`) is shown as written; other guidance is put
# under the show's own label, never a second one in a row.
_OWN_LABEL = re.compile(
    r"(?:[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*){0,2}|[\u3400-\u9fff]{1,6}) ?[:：]"
)


# An item's evidence rule, in the walk's words (an item needing none says nothing).
_EVIDENCE = {"required": "evidence required", "recommended": "evidence recommended"}


# Site tags in Chinese, shown beside the tag (which answers files and --tag take as written).
TAGS_ZH = {
    "coal-underground": "井工煤矿",
    "coal-open-pit": "露天煤矿",
    "mnm-underground": "金属非金属地下矿山",
    "mnm-open-pit": "金属非金属露天矿山",
    "tailings-pond": "尾矿库",
    "government": "地方政府",
    "department": "监管部门",
    "enterprise": "企业（集团）",
    "high-gas": "高瓦斯",
    "outburst": "煤与瓦斯突出",
    "rock-burst": "冲击地压",
    "spontaneous-combustion": "自然发火",
    "complex-hydrogeology": "水文地质复杂",
    "under-construction": "建设中",
}


def _render_checklist(rep: Reporter, cl: Any, lang: str) -> None:
    from rich.text import Text

    words = _WORDS["zh" if lang == "zh" else "en"]

    def tag(name: str) -> str:
        meaning = TAGS_ZH.get(name) if lang == "zh" else None
        return f"{meaning}（{name}）" if meaning else name

    columns = _COLUMNS["zh" if lang == "zh" else "en"]
    # the title, then the id and version: a pair that does not fit begins a line of its own
    title = ("", safe(cl.title_in(lang), "bold"))
    rep.show(Fields(title, ("", safe(f"{cl.id} {cl.version}", "dim")), gap="  "))
    if cl.edition is not None:
        edition = [
            (words["implements"], safe(cl.edition.standard_in(lang), "bold")),
            ("", safe(cl.edition.edition_in(lang))),
        ]
        if cl.edition.in_force is not None:
            edition.append((words["in_force"], safe(cl.edition.in_force.isoformat())))
        rep.show(Fields(*edition, gap=" · "))
        note = cl.edition.note_in(lang)
        if note:
            rep.show(safe(note, "yellow", multiline=True))
    rep.show(safe(cl.purpose_in(lang), multiline=True))
    listed = words["list"]
    meta = [(words["applies_to"], safe(listed.join(map(tag, cl.applies_to)), "dim"))]
    if cl.directives:
        meta.append((words["directives"], safe(listed.join(cl.directives), "dim")))
    if cl.references:
        meta.append((words["references"], safe(listed.join(cl.references), "dim")))
    rep.show(Fields(*meta, style="dim"))
    rep.show(Text(words["answer"], style="dim"))
    for section in cl.sections:
        t = table(*columns, title=None)
        # A plain string title would be read as markup and emoji codes: always Text.
        t.title = safe(section.title_in(lang) + words["section"].format(section.id), "bold")
        for item in section.items:
            question = safe(item.text(lang))
            extra: list[str] = []
            if item.reading is not None:
                extra.append(item.reading.limits())
            if item.applies_if:
                extra.append(words["if_any"] + " / ".join(map(tag, item.applies_if)))
            if item.applies_if_all:
                extra.append(words["if_all"] + " + ".join(map(tag, item.applies_if_all)))
            if item.evidence in _EVIDENCE:  # as the walk words it
                extra.append(written(_EVIDENCE[item.evidence], lang))
            if extra:
                said = words["extras"].join(for_terminal(e) for e in extra)
                question.append(words["extra"].format(said), style="dim")
            guidance = item.guidance_in(lang)
            if guidance:  # what the walk's `?` shows: read before the walk, under the requirement
                label = "" if _OWN_LABEL.match(guidance) else words["guidance"]
                question.append("\n" + label, style="dim")
                question.append_text(safe(guidance, "cyan", multiline=True))
            t.add_row(
                safe(item.id),
                Text(words[item.severity], style="bold red" if item.severity == "major" else ""),
                safe(listed.join(item.basis)),
                question,
            )
        rep.show(t)


@app.command()
def lint(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            click_type=PATH_TEXT,
            help="Checklist files, or directories of *.toml files.",
        ),
    ],
    json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Check checklist files; print every problem as path:line:col: message (exit 1 if any)."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.cli._listing import named_files, none_below, walk_document_names
        from minecheck.core.checklist import discover
        from minecheck.core.checklist_lint import lint as lint_file

        inputs = named_files(paths)  # (shown as named: `./--x.toml` is no option)
        files, unreadable = walk_document_names(inputs)
        for problem in unreadable:  # not a regular file, a directory that cannot be listed...
            rep.problem(problem)
        if unreadable:
            rep.fail(ExitCode.USAGE)
        elif not files:  # a wrong directory: a CI step would pass with nothing checked
            raise none_below(inputs, tr("no checklists to check (no *.toml files found)"))
        results = []
        total = 0
        bundled = discover([bundled_checklists_dir()])
        try:
            installed = discover([user_checklists_dir()])
        except MinecheckError:  # no home: nothing of the user's is installed
            installed = {}
        named = set(inputs)
        unread = 0
        for path in files:
            in_a_directory = path not in named  # (a pipe met there is not waited on)
            try:
                problems, warnings = lint_file(
                    path, bundled, installed, say=tr, found=in_a_directory
                )
            except InputError as exc:  # not read (permissions, the disk): exit 2, as not there
                rep.problem(Problem(exc.code, exc.message_about(path), f"{path}", hint=exc.hint))
                rep.fail(ExitCode.USAGE)
                unread += 1
                continue
            problems = [said(problem) for problem in problems]  # the TOML reader's words too
            for warning in warnings:
                rep.warn_at(warning)
            total += len(problems)
            results.append(
                {
                    "path": path,
                    "ok": not problems,
                    "problems": [p.as_dict() for p in problems],
                    "warnings": [w.as_dict() for w in warnings],
                }
            )
            for problem in problems:
                rep.problems.append(problem)
                rep.print_data(_problem_line(problem))
                rep.hint_of(problem)  # (on stderr: not in the lines a script reads)
        rep.data["files"] = results
        n = len(files) - unread
        checked = tr("{n} file", n=1) if n == 1 else tr("{n} files", n=n)
        found = tr("{n} problem", n=1) if total == 1 else tr("{n} problems", n=total)
        rep.info(tr("{files} checked, {problems}", files=checked, problems=found))
        if total:
            rep.fail(ExitCode.FAILED)

    run("checklists lint", json, body)


def _problem_line(problem: Problem) -> str:
    loc = problem.location()
    return shown_line(f"{loc}: {problem.message}" if loc else problem.message)


app.command("template")(template)
