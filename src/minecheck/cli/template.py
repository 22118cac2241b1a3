"""`minecheck checklists template ID`: an answers file to fill in, one line per applicable item."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from minecheck.cli._common import LangOpt, load_checklist_ref
from minecheck.cli._output import JsonOpt, Reporter, resolve_lang, run
from minecheck.core.sanitize import for_terminal
from minecheck.i18n import joined

if TYPE_CHECKING:
    from minecheck.core.checklist import Checklist, Item

PLACEHOLDER = "not-checked"

_WORDS = {
    "en": {
        "head": "Answers for {id} {version}: {title}",
        "tags": "Site tags: {tags}. {n} items apply.",
        "tags1": "Site tags: {tags}. 1 item applies.",
        "how1": "Replace each {placeholder!r} with compliant, noncompliant or not-applicable,",
        "how2": "or give a reading item its value: {{ reading = 1.3 }} (the limit decides).",
        "how3": 'A noncompliant answer is a table: {{ result = "noncompliant", description = '
        '"...", location = "...", deadline = 2026-12-20, evidence = ["ev/1.jpg"] }}',
        "how4": "Use it with: minecheck inspect {id} --site NAME {tagopts}--answers FILE",
        "required1": "Evidence 'required' is needed whatever the result: "
        '{{ result = "compliant", evidence = ["ev/2.jpg"] }},',
        "required2": "or the reason there is none: "
        '{{ result = "compliant", evidence_reason = "..." }}',
        "made_for": "inspect refuses these answers under another checklist or version:",
        "grade": "grade",
        "basis": "basis",
        "reading": "reading",
        "evidence": "evidence",
        "na": "Not applicable to these tags (recorded as not-applicable without asking):",
    },
    "zh": {
        "head": "{id} {version} 的答案文件：{title}",
        "tags": "场所标签：{tags}。适用条目 {n} 项。",
        "tags1": "场所标签：{tags}。适用条目 1 项。",
        "how1": "把每个 {placeholder!r} 改为 compliant、noncompliant 或 not-applicable，",
        "how2": "读数条目可填写实测值：{{ reading = 1.3 }}（由限值判定结果）。",
        "how3": '不符合的回答写成一个表：{{ result = "noncompliant", description = "...", '
        'location = "...", deadline = 2026-12-20, evidence = ["ev/1.jpg"] }}',
        "how4": "用法：minecheck inspect {id} --site 名称 {tagopts}--answers 文件",
        "required1": "佐证为“必须提供”的条目，无论结论如何都要给出佐证："
        '{{ result = "compliant", evidence = ["ev/2.jpg"] }}，',
        "required2": '或写明没有佐证的原因：{{ result = "compliant", evidence_reason = "..." }}',
        "made_for": "检查表或其版本不同时，inspect 不接受这些答案：",
        "grade": "等级",
        "basis": "依据",
        "reading": "读数",
        "evidence": "佐证",
        "na": "对这些标签不适用（不询问，记为 not-applicable）：",
    },
}


_MEANING_ZH = {
    "major": "重大",
    "general": "一般",
    "required": "必须提供",
    "recommended": "建议提供",
    "none": "不要求",
}


def template(
    checklist: Annotated[
        str, typer.Argument(metavar="CHECKLIST", help="Checklist id, or path to a checklist file.")
    ],
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", metavar="TAG", help="A site kind or a hazard (repeatable), as for inspect."
        ),
    ] = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Print an answers file (TOML) with every applicable item, to fill in for inspect --answers."""

    def body(rep: Reporter) -> None:
        language = resolve_lang(lang)
        cl = load_checklist_ref(checklist)
        tags = site_tags(cl, list(dict.fromkeys(tag or [])))
        text = render(cl, tags, language, checklist)
        applicable = [item for item in cl.items if item.applies(set(tags))]
        rep.data["checklist"] = cl.id
        rep.data["version"] = cl.version
        rep.data["site_tags"] = tags
        rep.data["items"] = [_item_data(item) for item in applicable]
        rep.data["not_applicable"] = [i.id for i in cl.items if not i.applies(set(tags))]
        rep.data["template"] = text
        rep.print_data(text)

    run("checklists template", json, body)


def site_tags(cl: Checklist, tags: list[str]) -> list[str]:
    """The tags `inspect` would record: known ones only, and the site kind implied or checked."""
    from minecheck.cli._common import check_tags
    from minecheck.cli.inspect import site_kind

    check_tags(tags)

    return site_kind(cl, tags)


def render(cl: Checklist, tags: list[str], lang: str, ref: str | None = None) -> str:
    """The answers file: a comment block per item above a line that already loads.

    `ref` is how the user named the checklist (an id or a path), for the usage line.
    """
    from minecheck.core import tomlwrite
    from minecheck.core.sanitize import shell_word

    words = _WORDS["zh" if lang == "zh" else "en"]
    colon = "：" if lang == "zh" else ": "

    def said(value: str) -> str:
        """A grade or an evidence rule: the word the answers file takes, and in Chinese what it
        means beside it (`一般（general）`)."""
        meaning = _MEANING_ZH.get(value) if lang == "zh" else None
        return f"{meaning}（{value}）" if meaning else value

    tagset = set(tags)
    applicable = [item for item in cl.items if item.applies(tagset)]
    tagopts = "".join(f"--tag {t} " for t in tags)
    lines = [
        toml_comment(words["head"].format(id=cl.id, version=cl.version, title=cl.title_in(lang))),
        toml_comment(
            words["tags1" if len(applicable) == 1 else "tags"].format(
                tags=joined(tags, lang), n=len(applicable)
            )
        ),
        toml_comment(words["how1"].format(placeholder=PLACEHOLDER)),
        toml_comment(words["how2"].format()),
        toml_comment(words["how3"].format()),
        *(
            [toml_comment(words["required1"].format()), toml_comment(words["required2"].format())]
            if any(item.evidence == "required" for item in applicable)
            else []
        ),
        toml_comment(words["how4"].format(id=shell_word(ref or cl.id), tagopts=tagopts)),
        "",
        toml_comment(words["made_for"]),
        f"checklist = {tomlwrite.string(cl.id)}",
        f"version = {tomlwrite.string(cl.version)}",
        "",
        "[answers]",
    ]
    titles = {section.id: section.title_in(lang) for section in cl.sections}
    section = None
    for item in applicable:
        if item.section != section:
            section = item.section
            shown = f"（{section}）" if lang == "zh" else f" ({section})"
            lines += ["", toml_comment(f"== {titles.get(section, section)}{shown}")]
        lines += ["", toml_comment(item.text(lang))]
        facts = [f"{words['grade']}{colon}{said(item.severity)}"]
        if item.basis:
            facts.append(f"{words['basis']}{colon}{joined(item.basis, lang)}")
        if item.reading is not None:
            comma = "，" if lang == "zh" else ", "  # (as the comment's other marks)
            limits = f"{item.reading.unit}{comma}{item.reading.limits()}"
            facts.append(f"{words['reading']}{colon}{limits}")
        facts.append(f"{words['evidence']}{colon}{said(item.evidence)}")
        lines.append(toml_comment(("；" if lang == "zh" else "; ").join(facts)))
        lines.append(f'"{item.id}" = "{PLACEHOLDER}"')
    skipped = [item.id for item in cl.items if not item.applies(tagset)]
    if skipped:
        lines += ["", toml_comment(words["na"])]
        lines += [toml_comment("  " + item_id) for item_id in skipped]
    return "\n".join(lines) + "\n"


def toml_comment(text: str) -> str:
    """A one-line TOML comment: text from the checklist never breaks out of it."""
    return ("# " + for_terminal(text)).rstrip()


def _item_data(item: Item) -> dict[str, Any]:
    reading = None
    if item.reading is not None:
        r = item.reading
        reading = {"unit": r.unit, "min": r.min, "max": r.max, "above": r.above, "below": r.below}
    return {
        "id": item.id,
        "section": item.section,
        "severity": item.severity,
        "basis": list(item.basis),
        "reading": reading,
        "evidence": item.evidence,
    }
