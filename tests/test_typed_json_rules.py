"""The memo's codec as a user meets it: a summary that left documents out, met a problem and
rejected an event is remembered with all of it (optional texts set and unset, a time of day), a
warm run says byte for byte what the first one and a `--no-cache` one say, and it is the kept
value that answers. And the codec's own contract: what it refuses, and a field typed `None`."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import FOLLOWUP, Event, Finding, FollowUpDoc, Header
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.report import memo, typed_json
from tests.helpers_merge import CREATED, Who, person
from tests.test_export_rules import _ALICE, _document, hostile, people  # noqa: F401
from tests.test_summary_memo import _memo_rows, _set_memo

FOLLOWUP_ID = "3f0c1a2b-0000-4000-8000-0000000000c3"
STRANGER_ID = "3f0c1a2b-0000-4000-8000-0000000000d4"


@pytest.fixture
def eventful(hostile: list[str], people: dict[str, Who], tmp_path: Path) -> list[str]:  # noqa: F811
    """The two inspections, and beside them: an event the fold cannot apply, a document signed
    by a key nobody allowed, and a file that is no document."""
    docs = Path(hostile[0])
    bob = people["bob"]
    closing = Event(f"{_ALICE[0]}/gas-overlimit", "closed", CREATED, note="已关闭")
    header = Header(
        FOLLOWUP, FOLLOWUP_ID, CREATED, bob.principal, bob.fingerprint, "minecheck 0.1.0"
    )
    body = FollowUpDoc(header, (closing,)).to_toml()
    (docs / "f.toml").write_bytes(seal(body, bob.signer, NAMESPACE_FINDINGS))
    stranger = person(tmp_path / "strangers", "carol")
    (docs / "s.toml").write_bytes(
        _document(
            stranger,
            "3f0c1a2b-0000-4000-8000-000000000005",
            STRANGER_ID,
            "X",
            None,
            Finding("gas-overlimit", "compliant"),
        )
    )
    (docs / "junk.toml").write_bytes(b"not = [a document\n")
    return hostile


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_left_out_documents_and_a_rejected_event_are_remembered_alike(
    cli: Any, eventful: list[str], fmt: str
) -> None:
    """Cold, warm and `--no-cache`: the same exit, report and warnings, byte for byte."""
    args = ["summary", *eventful, "--format", fmt]
    cold, warm, uncached = cli(args), cli(args), cli([*args, "--no-cache"])
    assert cold.exit_code == 0
    assert "left out: untrusted-key" in cold.stderr
    assert "left out: malformed" in cold.stderr
    assert "not applied: closed while open" in cold.stderr
    assert warm == cold
    assert uncached == cold


def test_the_kept_value_holds_them_and_is_what_answers(
    cli: Any, eventful: list[str], isolated_home: Path
) -> None:
    """The memo keeps the run's value (a document's optional kind, id and signer set, another's
    unset; an event's time of day), reads it back to its own bytes, and answers from it: a
    reason changed in it is the warning the next run gives."""
    args = ["summary", *eventful, "--format", "json"]
    truth = cli(args)
    (blob,) = _memo_rows(isolated_home)
    known = memo.decode_value(blob)
    assert memo.encode_value(known) == blob
    junk, stranger = sorted(known.left_out, key=lambda d: d.path)
    assert (junk.kind, junk.document_id, junk.signer) == (None, None, None)
    assert (stranger.kind, stranger.document_id) == ("findings", STRANGER_ID)
    assert stranger.signer == "carol@coal.example"
    (event,) = known.rejected
    assert event.at == CREATED
    assert event.at.utcoffset() is not None
    forged = dataclasses.replace(
        known,
        left_out=tuple(
            dataclasses.replace(d, reason="钥匙不认识") if d is stranger else d
            for d in known.left_out
        ),
    )
    _set_memo(isolated_home, memo.encode_value(forged))
    warm = cli(args)
    assert "s.toml: left out: untrusted-key: 钥匙不认识\n" in warm.stderr
    assert warm.stdout == truth.stdout
    assert cli([*args, "--no-cache"]) == truth


@dataclasses.dataclass(frozen=True)
class _Nothing:
    name: str
    nothing: None
    count: int | None = None


def test_a_field_typed_none_reads_back_and_refuses_a_value() -> None:
    """A field whose type is `None` itself: null reads back as None, anything else is refused."""
    value = _Nothing("a", None)
    blob = typed_json.dumps(value)
    assert blob == b'["a",null,null]'
    assert typed_json.loads(_Nothing, blob) == value
    with pytest.raises(ValueError, match="cannot decode a remembered summary"):
        typed_json.loads(_Nothing, b'["a",0,null]')


@pytest.mark.parametrize("held", [{1: "a"}, {"a": {None: 1}}, {"a": [{b"k": 1}]}])
def test_a_dict_with_keys_not_text_is_refused_not_written(held: object) -> None:
    """JSON would write a key 1 as "1" (and read it back as text): the codec refuses it."""
    with pytest.raises(TypeError, match="the memo cannot hold a dict"):
        typed_json.dumps(held)
