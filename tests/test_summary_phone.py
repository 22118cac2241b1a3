"""The HTML report read on a phone or a tablet, in a real browser.

The monthly report is forwarded in a chat app and opened on a phone (360-414 CSS px wide) or a
tablet, either way up, in English or Chinese. The report is shown in a frame of each screen's
size inside a probe page (as the reflow test does), measured there with the browser's own layout
(widths, computed font sizes, where the tiles end), and what the probe wrote is read with
--dump-dom. One browser measures every screen of an archive in a language; each test asserts
its own screen. Two archives: the sample of six mines, and 30 mines with long Chinese names over
12 months.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
import struct
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from minecheck.report.labels import Labels
from minecheck.report.render import render
from minecheck.report.rows import FindingRow
from minecheck.report.summary import summarize
from tests.summary_corpus import AS_OF, SAMPLE_DOCUMENTS, row, sample
from tests.test_summary_browser import _chromium, pytestmark  # noqa: F401 - skipped alike

PHONES = [(360, 740), (390, 844), (414, 896), (740, 360), (896, 414)]  # the last two turned
SCREENS = [*PHONES, (768, 1024), (1024, 768)]
LANGS = ["en", "zh"]
READABLE = 12.0  # px: below it a phone's reader cannot read without zooming in

LONG_SITES = [
    f"黑龙江龙煤矿业控股集团有限责任公司{name}分公司第{n}采区{name}煤矿"
    for n, name in enumerate(
        (
            "鸡西",
            "鹤岗",
            "双鸭山",
            "七台河",
            "新兴",
            "东山",
            "滴道",
            "城子河",
            "梨树",
            "穆棱",
            "恒山",
            "麻山",
            "平岗",
            "杏花",
            "兴安",
            "南山",
            "富力",
            "益新",
            "岭北",
            "峻德",
            "东荣",
            "新安",
            "集贤",
            "宝山",
            "桃山",
            "新建",
            "铁东",
            "隆安",
            "峻山",
            "振兴",
        ),
        1,
    )
]


def thirty_mines() -> tuple[FindingRow, ...]:
    """30 mines with long Chinese names, each inspected every month for a year."""
    rnd = random.Random(30)  # noqa: S311 - test data
    rows = []
    for n in range(30 * 12):
        site = LONG_SITES[n % 30]
        found = dt.date(2025, 12, 1) + dt.timedelta(days=(n // 30) * 30 + rnd.randrange(28))
        for i in range(6):
            fields: dict[str, Any] = {"inspection": f"m{n}", "site": site, "item": f"item-{i}"}
            if rnd.random() < 0.5:
                rows.append(row(found=found, **fields))
                continue
            state = rnd.choice(["open", "rectifying", "rectified", "accepted", "closed"])
            deadline = found + dt.timedelta(days=30)
            overdue = state != "closed" and deadline < AS_OF
            rows.append(
                row(
                    result="noncompliant",
                    severity="major" if rnd.random() < 0.3 else "general",
                    state=state,
                    found=found,
                    deadline=deadline,
                    overdue=overdue,
                    flags=("overdue",) if overdue else (),
                    responsible=site + "机电运输科",
                    rectified_on=found + dt.timedelta(days=5) if state != "open" else None,
                    closed_on=found + dt.timedelta(days=9) if state == "closed" else None,
                    **fields,
                )
            )
    return tuple(rows)


@cache
def report(archive: str, lang: str) -> str:
    rows = sample() if archive == "sample" else thirty_mines()
    summary = summarize(rows, as_of=AS_OF, by=("site",), documents=SAMPLE_DOCUMENTS)
    return render(summary, "html", lang)


# Run in the probe page on the report's frame: what a reader of that screen meets.
PROBE = (
    f"const READABLE = {READABLE};"
    + """
function probe(win) {
  const doc = win.document, vw = win.innerWidth, vh = win.innerHeight;
  const out = {width: vw, scrollWidth: doc.documentElement.scrollWidth, small: [], big: [],
               wide: [], overlaps: [], tiles: {}};
  const shown = (el) => el.getClientRects().length > 0;
  const walker = doc.createTreeWalker(doc.body, win.NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !shown(el) || el.closest("title")) continue;
    let px = parseFloat(win.getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg) px *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const said = `${el.tagName} ${px.toFixed(1)} ${n.textContent.trim().slice(0, 20)}`;
    if (px < READABLE) out.small.push(said);
    if (svg && px > 18) out.big.push(said);
  }
  for (const el of doc.querySelectorAll("svg, figure, .tiles, h1, h2, p, header, footer")) {
    const box = el.getBoundingClientRect();
    if (shown(el) && (box.right > vw + 0.5 || box.left < -0.5))
      out.wide.push(`${el.tagName} ${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  for (const svg of doc.querySelectorAll("svg")) {
    if (!shown(svg)) continue;
    const boxes = [...svg.querySelectorAll("text")]
      .map((t) => [t.textContent, t.getBoundingClientRect()]);
    const meet = (p, q) => p.left < q.right - 0.5 && q.left < p.right - 0.5 &&
      p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5;
    boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
      if (meet(p, q)) out.overlaps.push(`${a} / ${b}`);
    }));
    const swatches = [...svg.querySelectorAll('rect[width="9"]')]
      .map((r) => r.getBoundingClientRect());
    boxes.forEach(([a, p]) => swatches.forEach((q) => {
      if (meet(p, q)) out.overlaps.push(`${a} / a legend's colour`);
    }));
  }
  out.swiped = 0; out.lost = []; out.uncued = [];
  for (const box of doc.querySelectorAll(".scroll")) {
    if (box.scrollWidth <= box.clientWidth + 1) continue;
    out.swiped += 1;
    const name = box.getAttribute("aria-labelledby");
    const style = win.getComputedStyle(box);
    const shaded = style.backgroundImage.includes("gradient");
    if (!shaded || !style.backgroundAttachment.includes("local")) out.uncued.push(name);
    box.scrollLeft = box.scrollWidth;
    const edge = box.getBoundingClientRect();
    for (const tr of box.querySelectorAll("tr")) {
      const cell = tr.firstElementChild.getBoundingClientRect();
      if (cell.left < edge.left - 0.5 || cell.right > edge.right + 0.5)
        out.lost.push(`${name}: ${tr.firstElementChild.textContent.slice(0, 20)}`);
    }
    box.scrollLeft = 0;
  }
  for (const tile of doc.querySelectorAll(".tile"))
    out.tiles[tile.querySelector(".l").textContent] = tile.getBoundingClientRect().bottom;
  out.height = vh;
  return out;
}
"""
)


def measure(page: str, screens: list[tuple[int, int]], tmp: Path) -> dict[str, dict[str, Any]]:
    """The probe's findings on `page` shown in a frame of each screen's size, keyed "WxH".

    One browser for all the screens: the frames stand side by side, each wholly inside the
    window (a frame off the window may be laid out lazily), and each is probed on its own load.
    """
    frames, left = [], 0
    for width, height in screens:
        frames.append(
            f'<iframe data-screen="{width}x{height}" width="{width}" height="{height}" '
            f'style="border:0;position:absolute;top:0;left:{left}px" onload="done(this)" srcdoc="'
            + html.escape(page, quote=True)
            + '"></iframe>'
        )
        left += width
    probe = tmp / "probe.html"
    probe.write_text(  # the script comes first: a frame may load before the page is parsed
        '<!DOCTYPE html><html><body style="margin:0"><script>'
        + PROBE
        + f"const seen = {{}}, screens = {len(screens)}; function done(f) {{"
        "seen[f.dataset.screen] = probe(f.contentWindow);"
        "if (Object.keys(seen).length === screens)"
        " document.body.dataset.probe = JSON.stringify(seen); }"
        "</script>" + "".join(frames) + "</body></html>",
        encoding="utf-8",
    )
    tallest = max(height for _, height in screens)
    window = f"--window-size={max(left, 800)},{max(tallest, 800)}"
    dom = _chromium("--hide-scrollbars", window, "--dump-dom", probe.as_uri(), tmp=tmp)
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, dom[-500:]
    results: dict[str, dict[str, Any]] = json.loads(html.unescape(found.group(1)))
    assert sorted(results) == sorted(f"{w}x{h}" for w, h in screens)
    for width, height in screens:
        assert results[f"{width}x{height}"]["width"] == width
    return results


@pytest.fixture(scope="module")
def seen_on(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., dict[str, Any]]:
    """What the probe found on one archive's report in one language on one screen: every
    screen of an (archive, language) is measured by one browser, once per test process."""

    @cache
    def on_every_screen(archive: str, lang: str) -> dict[str, dict[str, Any]]:
        tmp = tmp_path_factory.mktemp(f"probe-{archive}-{lang}")
        return measure(report(archive, lang), SCREENS, tmp)

    def seen(archive: str, lang: str, width: int, height: int) -> dict[str, Any]:
        return on_every_screen(archive, lang)[f"{width}x{height}"]

    return seen


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("archive", ["sample", "thirty"])
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_phone_or_tablet_reads_the_report_without_zooming_or_scrolling_sideways(
    archive: str, lang: str, width: int, height: int, seen_on: Callable[..., dict[str, Any]]
) -> None:
    """The two wide charts were drawn at 5 px on a phone (680 px of drawing shrunk to the
    screen), the two narrow ones at 10, tables, tile labels and the foot at 10.7-11.3 px: a
    reader had to zoom in to read any of it (a phone turned: charts at 10 px, tables at 11.3).
    Now every word on a phone, either way up, is at least 12 px, a
    chart's words never larger than 18, none of them on top of another, nothing but a table's
    own box is wider than the screen, and the open and overdue majors are on the first screen."""
    seen = seen_on(archive, lang, width, height)
    assert seen["scrollWidth"] <= width
    assert seen["wide"] == []
    assert seen["overlaps"] == []
    assert seen["big"] == []
    if (width, height) in PHONES:
        assert seen["small"] == []
    words = Labels(lang)
    for urgent in ("open_majors", "overdue_majors"):
        assert seen["tiles"][words[urgent]] <= height, (urgent, seen["tiles"])


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG (a screenshot)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height, channels = 8, b"", 0, 0, 0
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8, depth
            assert colour in (2, 6), colour
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + size
    raw, stride, rows, prior = zlib.decompress(idat), width * channels, [], bytes(width * channels)
    for y in range(height):
        method, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prior[x], prior[x - channels] if x >= channels else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (
                line[x]
                + (0, a, b, (a + b) // 2, a if pa <= pb and pa <= pc else b if pb <= pc else c)[
                    method
                ]
            ) & 0xFF
        rows.append(bytes(line))
        prior = bytes(line)
    return width, height, rows


@pytest.mark.parametrize("lang", LANGS)
def test_a_phone_in_dark_mode_shows_the_report_dark_on_white(lang: str, tmp_path: Path) -> None:
    """A chat app's browser or a phone set to dark darkens a page itself: the report became
    light text on black, but the charts' names of rows, legends and totals stayed near-black,
    invisible. The page asks to be shown as it is (it is drawn for white paper): under the
    browser's own dark mode most of the first screen stays white."""
    page = tmp_path / "report.html"
    page.write_text(report("sample", lang), encoding="utf-8")
    png = tmp_path / "dark.png"
    dark = ("--force-dark-mode", "--enable-features=WebContentsForceDark")
    shot = ("--window-size=500,900", f"--screenshot={png}")
    _chromium("--hide-scrollbars", *dark, *shot, page.as_uri(), tmp=tmp_path)
    width, height, rows = png_pixels(png.read_bytes())
    step = len(rows[0]) // width
    light = sum(
        1 for line in rows for x in range(0, len(line), step) if min(line[x : x + 3]) >= 230
    )
    assert light / (width * height) > 0.6


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("width", "height"), PHONES[:3])
def test_a_table_wider_than_a_phone_shows_there_is_more_and_keeps_its_rows_named(
    lang: str, width: int, height: int, seen_on: Callable[..., dict[str, Any]]
) -> None:
    """A table wider than the screen (the table by site, 12 columns) looked whole, cut at the
    screen's edge: a phone shows a scroll bar only while it moves. Its box now shades the edge
    with more beyond it, and each row's name (its first cell) stays in the box when the table
    is swiped to its last column."""
    seen = seen_on("sample", lang, width, height)
    assert seen["swiped"] >= 1
    assert seen["uncued"] == []
    assert seen["lost"] == []
