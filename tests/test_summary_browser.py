"""The HTML report in a real browser: headless Chromium prints it on A4 and takes a screenshot.

Skipped only where Chromium is absent and CI is not set; `.ci/run` installs it (with poppler's
pdfinfo and pdftotext) when missing, so CI always runs these. The A4 test prints with
`chromium --headless --print-to-pdf`, as a reader would; the other pages are printed by one
browser kept open over its DevTools pipe (the A4 test checks it prints the same), since starting
a browser costs more than printing a page.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from minecheck.report.labels import Labels
from minecheck.report.render import render
from minecheck.report.rows import DocumentStatus
from minecheck.report.summary import Summary, summarize
from tests.summary_corpus import AS_OF, KNOWN_REJECTED, SAMPLE_DOCUMENTS, hostile_rows, sample

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="needs chromium (and poppler-utils); CI installs them",
)

A4 = (595.28, 841.89)  # points
MARGIN_X = 14 / 25.4 * 72  # the template's left and right page margins, in points
LONG_NAME = "HeilongjiangLongmayMiningHoldingGroupJixiBranchNo7Shaft" * 3  # one unbroken word


def _headless(*args: str, tmp: Path) -> list[str]:
    """The command line of headless Chromium with `args`, a profile of its own under `tmp`."""
    assert CHROMIUM is not None, "chromium is not installed (CI installs it in .ci/run)"
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
    ]


def _chromium(*args: str, tmp: Path) -> str:
    """Headless Chromium run with `args`, a profile of its own under `tmp`; what it printed."""
    return subprocess.run(
        _headless(*args, tmp=tmp),
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp)},
    ).stdout


def print_pdf(html: str, tmp: Path, name: str = "report") -> Path:
    page = tmp / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp / f"{name}.pdf"
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), tmp=tmp)
    return pdf


class Printer:
    """One headless Chromium driven over its DevTools pipe (fds 3 and 4, messages of JSON ended
    by NUL): prints page after page as `--print-to-pdf --no-pdf-header-footer` does (the A4
    test compares the two), without starting a browser for each page."""

    def __init__(self, tmp: Path) -> None:
        to_browser, self._ours = os.pipe()
        self._theirs, from_browser = os.pipe()

        def on_3_and_4() -> None:  # in the child, before exec; either end may be fd 3 or 4
            reading, writing = (
                fcntl.fcntl(fd, fcntl.F_DUPFD, 5) for fd in (to_browser, from_browser)
            )
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self._process = subprocess.Popen(
            _headless("--remote-debugging-pipe", tmp=tmp),
            pass_fds=(3, 4, to_browser, from_browser),
            preexec_fn=on_3_and_4,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(tmp)},
        )
        os.close(to_browser)
        os.close(from_browser)
        self._read, self._asked = b"", 0

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._read:
            ready, _, _ = select.select([self._theirs], [], [], 180)
            assert ready, "chromium did not answer in 180 s"
            chunk = os.read(self._theirs, 1 << 20)
            assert chunk, "chromium closed its pipe"
            self._read += chunk
        message, self._read = self._read.split(b"\0", 1)
        answer: dict[str, Any] = json.loads(message)
        return answer

    def _ask(self, method: str, session: str | None = None, **params: Any) -> int:
        self._asked += 1
        message = {"id": self._asked, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._ours, json.dumps(message).encode() + b"\0")
        return self._asked

    def _call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        asked = self._ask(method, session, **params)
        while (message := self._message()).get("id") != asked:
            pass
        assert "error" not in message, message
        result: dict[str, Any] = message["result"]
        return result

    def __call__(self, html: str, tmp: Path, name: str = "report") -> Path:
        """`html` printed on A4 as print_pdf prints it, to `name`.pdf in `tmp`."""
        page, pdf = tmp / f"{name}.html", tmp / f"{name}.pdf"
        page.write_text(html, encoding="utf-8")
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        session = self._call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self._call("Page.enable", session)
        asked, answered, loaded = self._ask("Page.navigate", session, url=page.as_uri()), 0, 0
        while not (answered and loaded):
            message = self._message()
            answered |= message.get("id") == asked
            loaded |= (message.get("method"), message.get("sessionId")) == (
                "Page.loadEventFired",
                session,
            )
        printed = self._call(  # what headless Chromium's --print-to-pdf asks for
            "Page.printToPDF",
            session,
            printBackground=True,
            preferCSSPageSize=True,
            displayHeaderFooter=False,
        )
        pdf.write_bytes(base64.b64decode(printed["data"]))
        self._call("Target.closeTarget", targetId=target)
        return pdf

    def close(self) -> None:
        self._ask("Browser.close")
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._ours)
        os.close(self._theirs)


@pytest.fixture(scope="module")
def printer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Printer]:
    """One browser printing every page of this file's tests (once per test process)."""
    printing = Printer(tmp_path_factory.mktemp("printer"))
    yield printing
    printing.close()


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert match, info
    return float(match.group(1)), float(match.group(2))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_words(pdf: Path) -> list[tuple[float, float, float, float, float, str]]:
    """(page width, xMin, xMax, yMin, yMax, text) of every word, in the PDF's own order."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    words = []
    for page in ElementTree.fromstring(xml).iter("page"):  # noqa: S314 - our own PDF
        width = float(page.attrib["width"])
        for w in page.iter("word"):
            x0, x1, y0, y1 = (float(w.attrib[k]) for k in ("xMin", "xMax", "yMin", "yMax"))
            words.append((width, x0, x1, y0, y1, w.text or ""))
    return words


def words_off_page(pdf: Path) -> list[str]:
    """Every word not wholly inside the page's printable width, with its position."""
    return [
        f"{text!r} at x {x0:.0f}..{x1:.0f} of {width:.0f}"
        for width, x0, x1, y0, y1, text in pdf_words(pdf)
        if x0 < MARGIN_X - 2 or x1 > width - MARGIN_X + 2 or y0 < 0
    ]


def report(lang: str) -> Summary:
    rows = [*sample(), *hostile_rows()]
    # an open overdue major: its site and responsible unit appear in the wide tables too
    rows.append(replace(rows[-1], site=LONG_NAME, responsible=LONG_NAME, inspection="long-name"))
    return summarize(rows, as_of=AS_OF, by=("site", "month"), documents=SAMPLE_DOCUMENTS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_printed_on_a4_with_the_headline_and_nothing_cut_off(
    lang: str, tmp_path: Path, printer: Printer
) -> None:
    """Printed by `chromium --headless --print-to-pdf`; the other tests' printer prints the
    same page with the same words in the same places on as many pages."""
    summary = report(lang)
    pdf = print_pdf(render(summary, "html", lang), tmp_path)
    alike = printer(render(summary, "html", lang), tmp_path, "by-pipe")
    assert (page_size(alike), pdf_words(alike)) == (page_size(pdf), pdf_words(pdf))
    width, height = page_size(pdf)
    assert abs(width - A4[0]) < 1.5, width
    assert abs(height - A4[1]) < 1.5, height

    text = pdf_text(pdf)
    squeezed = re.sub(r"\s+", "", text)
    words = Labels(lang)
    for measure in (
        "findings",
        "hidden_dangers",
        "majors",
        "open",
        "open_majors",
        "overdue",
        "overdue_majors",
        "closed",
        "no_enforcement",
        "repeat_major",
        "inconsistent",
    ):
        tile = f"{getattr(summary.headline, measure)}{words[measure]}"
        assert re.sub(r"\s+", "", tile) in squeezed, tile
    assert re.sub(r"\s+", "", words["title"]) in squeezed
    assert "2026-12-01" in text
    assert "<script>alert(1)</script>" in squeezed
    # the unbroken name is wrapped inside its cells, never clipped: its pieces, in the PDF's
    # order, spell it out whole (the chart's shortened label ends in an ellipsis instead)
    pieces = "".join(t for *_, t in pdf_words(pdf) if len(t) > 3 and t in LONG_NAME)
    assert pieces.count(LONG_NAME) >= 2  # at least in the open-majors and overdue tables
    assert words_off_page(pdf) == []
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M)
    assert pages is not None
    assert int(pages.group(1)) >= 2  # charts first, tables from a new page


def test_the_overflow_check_catches_a_page_too_wide(tmp_path: Path, printer: Printer) -> None:
    html = render(report("en"), "html", "en").replace(
        "<footer>", '<p style="white-space: nowrap; width: 400mm">' + "wide " * 150 + "</p><footer>"
    )
    assert words_off_page(printer(html, tmp_path, "wide")) != []


def screenshot(page: Path, tmp: Path) -> Path:
    """A 900×1270 PNG of the page as Chromium shows it, next to the page."""
    png = page.with_suffix(".png")
    _chromium(
        "--hide-scrollbars",
        "--window-size=900,1270",
        f"--screenshot={png}",
        page.as_uri(),
        tmp=tmp,
    )
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (900, 1270)
    return png


def test_screenshot(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(report("zh"), "html", "zh"), encoding="utf-8")
    data = screenshot(page, tmp_path).read_bytes()
    assert len(data) > 50_000  # a page of text and charts, not a blank one


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "by",
    [("site",), ("site", "severity", "state"), ("checklist", "item", "inspector", "month")],
)
def test_wide_group_tables_stay_on_the_page(
    lang: str, by: tuple[str, ...], tmp_path: Path, printer: Printer
) -> None:
    rows = [*sample(), *hostile_rows()]
    rows.append(replace(rows[-1], site=LONG_NAME, inspection="long-name"))
    summary = summarize(
        rows, as_of=AS_OF, by=by, documents=SAMPLE_DOCUMENTS, include_untrusted=True
    )
    pdf = printer(render(summary, "html", lang), tmp_path)
    assert words_off_page(pdf) == []


def reflow_widths(langs: list[str], tmp: Path) -> dict[str, tuple[int, int, int]]:
    """The report in each of `langs` shown in a 320 px frame of one probe page: per language,
    its page's scroll and client widths and how many table boxes scroll, as --dump-dom shows
    what the probe wrote. The frames stand side by side, each probed on its own load."""
    import html

    frames = "".join(
        f'<iframe data-lang="{lang}" onload="done(this)" width="320" height="800" '
        f'style="border:0;position:absolute;top:0;left:{320 * n}px" srcdoc="'
        + html.escape(render(report(lang), "html", lang), quote=True)
        + '"></iframe>'
        for n, lang in enumerate(langs)
    )
    probe = tmp / "probe.html"
    probe.write_text(  # the script comes first: a frame may load before the page is parsed
        '<!DOCTYPE html><html><body style="margin:0"><script>const seen = {}; function done(f) {'
        "const d = f.contentDocument.documentElement; const widths = [...f.contentDocument"
        '.querySelectorAll(".scroll")].map((s) => s.scrollWidth > s.clientWidth);'
        "seen[f.dataset.lang] = [d.scrollWidth, d.clientWidth, widths.filter(Boolean).length];"
        f"if (Object.keys(seen).length === {len(langs)})"
        " document.body.dataset.seen = JSON.stringify(seen); }</script>"
        + frames
        + "</body></html>",
        encoding="utf-8",
    )
    dom = _chromium("--hide-scrollbars", "--dump-dom", probe.as_uri(), tmp=tmp)
    found = re.search(r'data-seen="([^"]*)"', dom)
    assert found, dom[-500:]
    seen = json.loads(html.unescape(found.group(1)))
    assert sorted(seen) == sorted(langs)
    return {lang: (seen[lang][0], seen[lang][1], seen[lang][2]) for lang in langs}


@pytest.fixture(scope="module")
def reflowed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, int, int]]:
    """Both languages' reports at 320 px, measured by one browser once per test process."""
    return reflow_widths(["en", "zh"], tmp_path_factory.mktemp("reflow"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_reflows_at_320_css_pixels(
    lang: str, reflowed: dict[str, tuple[int, int, int]]
) -> None:
    """WCAG 1.4.10: at 320 CSS px (a phone; 1280 px zoomed to 400 %) the page does not scroll
    sideways; a wide table scrolls in its own box. The report is shown in a 320 px frame of a
    probe page, which writes the report's scroll and client widths where --dump-dom shows them.
    """
    scroll_width, client_width, boxes = reflowed[lang]
    assert client_width == 320
    assert scroll_width <= client_width
    assert boxes >= 1  # the group table is wider than 320 px: it scrolls in its box


def _pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_printed_pages_keep_our_words_whole_and_say_what_they_are(
    lang: str, tmp_path: Path, printer: Printer
) -> None:
    """A long name or path beside them left the group table's headings a few letters wide
    ("Ma jor", "Clo se d") and broke a time, a status and an action a letter at a time; only the
    first page said which report it was. Now headings break between words where their words
    fit across the page, our own words only between words, and every page's foot names the
    report and its day."""
    path = "inbox/" + "2026-11-archive-of-the-jixi-branch/" * 4 + "xinxing-accept.toml"
    rows = [*sample(), replace(sample()[-1], site=LONG_NAME, inspection="long-name")]
    summary = summarize(
        rows,
        as_of=AS_OF,
        by=("site",),
        documents=[*SAMPLE_DOCUMENTS, DocumentStatus(path, "unreadable", "not UTF-8 text")],
        rejected=[replace(e, path=path) for e in KNOWN_REJECTED],
        include_untrusted=True,  # 13 columns: the group table is dense
    )
    html = render(summary, "html", lang)
    assert '<table class="dense"' in html
    pdf = printer(html, tmp_path)
    words = Labels(lang)
    pages = _pages_text(pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        foot = page.rstrip().splitlines()[-1]
        assert re.sub(r"\s+", "", words["title"]) in re.sub(r"\s+", "", foot), (number, foot)
        assert "2026-12-01" in foot, (number, foot)
        assert re.sub(r"\s+", "", foot).endswith(f"{number}/{len(pages)}"), (number, foot)
    printed = [t for *_, t in pdf_words(pdf)]
    assert "2026-11-28T09:00:00Z" in printed  # the event's time, on one line
    if lang == "en":  # a status and every heading's words whole
        assert "unreadable" in printed
        for m in ("findings", "hidden_dangers", "majors", "open", "closed", "no_enforcement"):
            for word in words[m].split():
                assert word in printed, word
    assert words_off_page(pdf) == []
