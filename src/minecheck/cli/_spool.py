"""The `--json` envelope's writing: a list for its `data` kept in a temporary file as it is made
(`Spooled`), values laid out as the envelope lays them out (`laid_out`), and the envelope written a
block at a time (`write_json`), escaped where the terminal's encoding cannot hold a character
(`json_escapes`). `cli._output.run` writes the envelope through these."""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _string  # (compiled, where it can be)
from typing import Any, TextIO

from minecheck.core.sanitize import json_escaped, json_text
from minecheck.errors import InputError
from minecheck.i18n import t as tr


class Spooled:
    """A list of JSON values for the envelope's `data`, kept in a temporary file as it is made
    rather than in memory (export's rows): each value's JSON, put where the list goes when the
    envelope is written (`write_json`), laid out as `json_text` lays out a list held whole.

    Where no temporary file can be made (no writable TMPDIR: a read-only system), the list is
    kept in memory instead, as a summary's working data is (`report.spill.Spill`): the output
    is the same, only its memory grows with the list. A temporary file made that then fills
    up is said (`_temporary_full`)."""

    def __init__(self) -> None:
        import io
        import tempfile

        self._file: TextIO
        try:  # (closed by `close`, which `run` calls whatever happens)
            self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError:
            self._file = io.StringIO(newline="")
        self.count = 0

    def extend(self, values: Iterable[object]) -> None:
        # JSON has no newline but its layout's: each is indented when written; a few hundred
        # at a time (a generator of rows made whole into a list held them all)
        texts = map(laid_out, values)
        while batch := list(itertools.islice(texts, 500)):
            self.extend_laid_out(batch)

    def add_parts(self, parts: Iterable[str]) -> None:
        """One value whose text, laid out as `extend` lays it out and escaped, comes in parts
        (a document of many findings: its findings' text made and written one at a time)."""
        held: list[str] = [",\n"] if self.count else []
        size = 0
        try:
            for part in parts:
                held.append(part)
                size += len(part)
                if size >= _BLOCK:
                    self._file.write("".join(held))
                    held.clear()
                    size = 0
            self._file.write("".join(held))
            self._file.flush()  # (a full disk said while the command runs, as `extend_laid_out`)
        except OSError as exc:
            raise _temporary_full(exc) from None
        self.count += 1

    def extend_laid_out(self, texts: Iterable[str]) -> None:
        """Values already laid out as `extend` lays them out, and escaped (export's rows:
        `report.export.LaidOut`)."""
        given = texts if isinstance(texts, list) else list(texts)
        if given:  # (one write for them all: a write per value cost a tenth of an export)
            try:
                self._file.write((",\n" if self.count else "") + ",\n".join(given))
                # flushed now: a full disk is said while the command runs, as one error in
                # its envelope, not by the last block failing while the envelope is printed
                self._file.flush()
            except OSError as exc:
                raise _temporary_full(exc) from None
            self.count += len(given)

    def write_into(self, out: TextIO, pad: str) -> None:
        """The list, as `json_text` writes a list held whole on a line indented by `pad`."""
        if not self.count:
            out.write("[]")
            return
        inner = pad + "  "
        out.write("[\n" + inner)
        for chunk in self._chunks():
            out.write(chunk.replace("\n", "\n" + inner))
        out.write("\n" + pad + "]")

    def _chunks(self) -> Iterator[str]:
        """The file's text from its start, a block at a time; a failure to read it is said as
        the temporary file's (`main` says it, the envelope part written), where it was only
        the system's reason ("Bad file descriptor")."""
        try:
            self._file.seek(0)
            while chunk := self._file.read(1 << 16):
                yield chunk
        except OSError as exc:
            from minecheck.os_words import os_reason

            said = tr(
                "cannot read the JSON output back from its temporary file: {reason}",
                reason=os_reason(exc),
            )
            raise OSError(exc.errno, said) from None

    def close(self) -> None:
        with contextlib.suppress(OSError):  # (what could not be written was said)
            self._file.close()


def _temporary_full(exc: OSError) -> InputError:
    from minecheck.os_words import os_reason

    return InputError(
        tr("cannot keep the JSON output in a temporary file: {reason}", reason=os_reason(exc)),
        hint=tr("free space in the temporary directory, or set TMPDIR to another one"),
    )


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _scalar(value: object) -> str:
    """A scalar as `json.dumps(value, ensure_ascii=False)` writes it."""
    if value.__class__ is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return _ENCODE(value)


_KEYS: dict[str, str] = {}  # a key as it starts its line in `_laid_out`


def laid_out(value: object) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, escaped as `json_text` escapes it."""
    return json_escaped(_laid_out(value) or json.dumps(value, ensure_ascii=False, indent=2))


def _laid_out(value: object) -> str | None:
    """`json.dumps(value, ensure_ascii=False, indent=2)` for an object of scalars and lists of
    scalars (a row), made by the compiled encoder: the indenting one is written in Python, slow,
    and leaves reference cycles behind each call (the batch commands pause the cycle collector).
    None for another shape."""
    if value.__class__ is not dict or not value:
        return None
    assert isinstance(value, dict)
    lines = []
    for key, item in value.items():
        head = _KEYS.get(key)
        if head is None:
            if key.__class__ is not str:
                return None
            head = f"  {_string(key)}: "
            if len(_KEYS) < 1024:
                _KEYS[key] = head
        kind = item.__class__
        if kind is str:
            lines.append(head + _string(item))
        elif kind is list:
            if any(isinstance(x, list | dict) for x in item):
                return None
            items = ",\n    ".join(map(_scalar, item))
            lines.append(head + ("[\n    " + items + "\n  ]" if item else "[]"))
        elif isinstance(item, dict | list):
            return None
        else:
            lines.append(head + _scalar(item))
    return "{\n" + ",\n".join(lines) + "\n}"


@contextlib.contextmanager
def json_escapes(out: TextIO) -> Iterator[None]:
    """While JSON is written to `out`: where its encoding cannot hold every character (a
    terminal in a Latin-1 or ASCII locale), those characters are JSON's \\u escapes. They were
    '?' (a site named in Chinese, a message in Chinese), still JSON but of other data, which
    a script run at a terminal (`ssh -t`, `script`) kept. A file or a pipe is UTF-8 already."""
    import codecs

    reconfigure = getattr(out, "reconfigure", None)
    errors = getattr(out, "errors", None)
    try:
        utf8 = codecs.lookup(getattr(out, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        utf8 = False
    if utf8 or reconfigure is None or not isinstance(errors, str):
        yield
        return
    from minecheck.core.sanitize import register_json_escapes

    reconfigure(errors=register_json_escapes())
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):  # (a closed pipe is said by the caller)
            reconfigure(errors=errors)


def write_json(out: TextIO, envelope: dict[str, Any]) -> None:
    """`json_text(envelope)` and a newline to `out`, each `Spooled` value of its `data`
    written from its file where it goes (the same bytes as the list held whole).

    Written as it is made, a block at a time: the text made whole first, from its pieces all
    held at once, was several times its own size (`show --json` of a 53 MB findings file
    peaked at 2.5 GB)."""
    import secrets

    data = dict(envelope.get("data", {}))
    spooled: dict[str, Spooled] = {}
    for key, value in data.items():
        if isinstance(value, Spooled):
            token = f"\0{secrets.token_hex(16)}"  # (no text from a file can be this)
            spooled[json_text(token)] = value
            data[key] = token
    pieces: list[str] = []
    held = 0
    line = ""  # the text written since the last line break

    def flush() -> None:
        nonlocal held, line
        text = json_escaped("".join(pieces))
        pieces.clear()
        held = 0
        out.write(text)
        cut = text.rfind("\n")
        line = line + text if cut < 0 else text[cut + 1 :]

    # (the indenting encoder: `json_text`'s layout, piece by piece)
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    for piece in encoder.iterencode({**envelope, "data": data}):
        spool = spooled.get(piece)
        if spool is not None:  # (a string value is one piece of its own)
            flush()
            pad = " " * (len(line) - len(line.lstrip(" ")))
            spool.write_into(out, pad)
            line = pad + "]"  # (how `write_into` ends)
            continue
        pieces.append(piece)
        held += len(piece)
        if held >= _BLOCK:
            flush()
    flush()
    out.write("\n")


_BLOCK = 1 << 16  # characters of the envelope's text written at a time
