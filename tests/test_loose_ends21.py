"""Loose ends, round 21: an events file's warnings placed on stderr, the optional `site_id`'s
words, and `keys generate --trust` where the revoked keys file links to nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_docs import findings_body
from tests.helpers_merge import Who
from tests.test_cli_sign_rules import who
from tests.test_encodings5 import ANSWERS
from tests.test_followup_rules import setup
from tests.test_loose_ends14 import EVENTS, events_files
from tests.test_loose_ends18 import OPTIONAL_ID, OPTIONAL_NAMED, REFUSED
from tests.test_loose_ends19 import GONE
from tests.test_minimal_input import REF, sign_args
from tests.test_windows_files3 import CHECKLIST

__all__ = ["setup", "who"]  # the fixtures

# --- an events file's warnings: the file and the event's line, as other readers say them -------

WARNED = {
    "en": [
        (
            "the event is dated 2026-11-28T09:00:00Z, before the inspection began "
            "(2026-11-29T08:15:00Z): no report will apply it",
            "date the event when it happened, at or after the inspection began ({at})",
        ),
        (
            "alice@coal.example signed the findings that set its deadline, and ent@coal.example "
            "signed none of them: every report applies this extension as signed, though an "
            "extension is the authority's to grant",
            "ask the authority whose order set the deadline, in writing and before it passes; "
            "its inspector signs the extension",
        ),
        (
            "the extension is dated 2026-11-30T12:00:00Z, by the deadline 2026-12-01, and "
            "signed on 2026-12-05, after that deadline passed: reports apply it as made in time",
            "the signed time shows when it was recorded (export --rows events, column signed)",
        ),
        (
            "escalated without a note: which escalation it was is not recorded",
            "name it in the event's note: suspension for rectification, a closure "
            "requested, or a transfer to another authority",
        ),
    ],
    "zh": [
        (
            "事件时间 2026-11-28T09:00:00Z 早于检查开始时间（2026-11-29T08:15:00Z）："
            "任何报告都不会采纳该事件",
            "按事件实际发生的时间注明日期，不早于检查开始的时间（{at}）",
        ),
        (
            "设定其整改期限的检查结果由 alice@coal.example 签名，ent@coal.example "
            "未签名其中任何一份：各报告都会按签名采纳该延期，而延期应由执法部门批准",
            "请在期限届满前书面向下达整改期限的执法部门申请延期，由其检查人员签署延期",
        ),
        (
            "延期日期为 2026-11-30T12:00:00Z，未超过期限 2026-12-01，却在该期限过后的 "
            "2026-12-05 才签名：报告会视其为按时作出",
            "签名时间显示其记录时间（export --rows events 的 signed 列）",
        ),
        (
            "升级处理未附说明，未记录是哪一种升级处理",
            "请在该事件的 note 中写明：停产整顿、提请关闭或移送",
        ),
    ],
}
REF_SAID = {"en": f"{REF}: ", "zh": f"{REF}："}


def _warned(lang: str, places: list[str], *, at: str = "at") -> str:
    """The warnings of EVENTS' first problems, each after its place (`""` for none)."""
    return "".join(
        f"minecheck: warning: {place}{REF_SAID[lang]}{message}\n  hint: {hint.format(at=at)}\n"
        for place, (message, hint) in zip(places, WARNED[lang][: len(places)], strict=True)
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_events_file_s_warning_names_the_file_and_the_event_s_line_on_stderr(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`followup --events FILE`: a warning about an event said its ref alone in text, the file
    and the line only in `--json`. It now stands after `file:line: ` (a JSON file: its name
    alone, having no lines), as a findings file's warnings do; the command line's event is
    said as before."""
    events_files(setup, monkeypatch)
    base = [*setup["sign"], "--lang", lang]
    for name, places in (
        ("ev.toml", ["ev.toml:3: ", "ev.toml:8: ", "ev.toml:8: ", "ev.toml:15: "]),
        ("ev.json", ["ev.json: "] * 4),
    ):
        run = cli(["followup", "--events", name, *base, "-o", f"{name}.out"])
        assert (run.exit_code, run.stdout, run.stderr) == (
            0,
            f"{name}.out\n",
            _warned(lang, places),
        )
    text = (setup["work"] / "ev.toml").read_bytes()  # (standard input: its lines, as `<stdin>`)
    run = cli(["followup", "--events", "-", *base, "-o", "stdin.out"], input=text)
    places = ["<stdin>:3: ", "<stdin>:8: ", "<stdin>:8: ", "<stdin>:15: "]
    assert (run.exit_code, run.stdout, run.stderr) == (0, "stdin.out\n", _warned(lang, places))
    first = EVENTS[0]
    args = ["followup", REF, "--action", first["action"], "--at", first["at"], "-o", "one.out"]
    run = cli([*args, *base])
    assert (run.exit_code, run.stdout, run.stderr) == (
        0,
        "one.out\n",
        _warned(lang, [""], at="--at"),
    )


# --- an optional site id refused: said as the optional field it is ------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("site_id", ["", " ", "HLJ\u200b-0001"], ids=["empty", "blank", "zwsp"])
def test_inspect_says_a_site_id_refused_is_optional(
    cli: Any, who: Who, site_id: str, lang: str
) -> None:
    """`inspect --site-id ""` (a script's unset variable) or one with an invisible character is
    refused, exit 2, nothing written, as before; its words said it "must be non-empty text" of
    an option one may leave out. They now say it is optional."""
    Path("a.toml").write_bytes(ANSWERS.encode())
    args = ["inspect", CHECKLIST, "--site", "M", "--site-id", site_id, "--answers", "a.toml"]
    run = cli([*args, "-o", "out.toml", *sign_args(who), "--lang", lang])
    said = OPTIONAL_ID[lang].format(option="--site-id")
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {said}\n")
    assert not Path("out.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("plain", "changed", "said"),
    [
        ('site_id = "HLJ-0001"', 'site_id = "HLJ\u200b-0001"', OPTIONAL_ID),
        ('site_id = "HLJ-0001"', 'site_id = "\u3000"', OPTIONAL_ID),
        (
            'location = "No. 3 return airway"',
            'location = "No. 3 return airway"\nresponsible = "Li\u200bMing"',
            OPTIONAL_NAMED,
        ),
    ],
    ids=["site-id-zwsp", "site-id-ideographic-space", "responsible"],
)
def test_sign_says_an_optional_name_refused_is_optional(
    cli: Any, who: Who, plain: str, changed: str, said: dict[str, str], lang: str
) -> None:
    """`sign` of a hand-written findings file refused a `site_id` or a `responsible` with an
    invisible character saying it "must be non-empty text", where leaving it empty is taken
    as not given (and stays so: an empty one is signed as before). Each says it is optional
    now, in the answers file's words for the responsible; the file is left as it was."""
    body = findings_body(who.principal, who.fingerprint).decode()
    text = body.replace(plain, changed).encode()
    assert text != body.encode()
    Path("f.toml").write_bytes(text)
    run = cli(["sign", "f.toml", *sign_args(who), "-o", "out.toml", "--lang", lang])
    field = changed.split("\n")[-1].split(" ")[0]
    line = body[: body.index(plain)].count("\n") + 1 + changed.count("\n")
    refused = said[lang].format(option=field)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"f.toml:{line}:1: {refused}\n{REFUSED[lang]}"
    assert Path("f.toml").read_bytes() == text
    assert not Path("out.toml").exists()
    Path("f.toml").write_bytes(body.replace(plain, plain.replace("HLJ-0001", "")).encode())
    run = cli(["sign", "f.toml", *sign_args(who), "-o", "out.toml", "--lang", lang])
    assert run.exit_code == 0, run.stderr


# --- `keys generate --trust` where the revoked keys file is a link to nothing -------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_keys_generate_trust_stops_where_trust_add_stops_at_revoked_keys_leading_nowhere(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """minecheck's own revoked keys file a link whose target is gone (a share not mounted):
    `trust add` stops at it (exit 2, nothing written), as every report does, but `keys generate
    --trust` trusted the new key without a word, into a list every report then refused. It
    stops as `trust add` does now: the key is made and its line given on stdout (as where the
    allowed signers cannot be written), the allowed signers left as they were."""
    from minecheck import paths

    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("# the office's list\n")
    revoked = paths.revoked_keys_file()
    revoked.symlink_to(tmp_path / "moved-away")
    message, hint = GONE[lang]
    gone = f"minecheck: error: {message.format(path=revoked)}\n  hint: {hint}\n"
    public = tmp_path / "wang.pub"
    made = cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--lang", lang])
    assert made.exit_code == 0, made.stderr
    public.write_text(made.stdout.split(" ", 2)[2])
    args = ["--principal", "wang.wei@hlj.example", "--key", str(public), "--lang", lang]
    added = cli(["trust", "add", *args])
    assert (added.exit_code, added.stdout, added.stderr) == (2, "", gone)
    run = cli(["keys", "generate", "--principal", "li.ming@hlj.example", "--trust", "--lang", lang])
    assert run.exit_code == 2
    [line] = run.stdout.splitlines()
    assert line.startswith("li.ming@hlj.example namespaces=")
    assert run.stderr.endswith(gone)
    assert own.read_text() == "# the office's list\n"
