"""The HTML report for people who do not read it with their eyes on a wide screen.

A screen reader (NVDA, JAWS, Orca) moves by landmark, heading and table; a keyboard reaches
what scrolls; a phone or a 200 % zoom lays the page out at 320 CSS pixels; Windows' high
contrast forces its own colours. Each test reads the page as one of them does, in both
languages, from a corpus with majors, overdue items, untrusted documents and hostile text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

import pytest

from minecheck.report.labels import Labels
from minecheck.report.render import render
from minecheck.report.summary import Summary, summarize
from tests.summary_corpus import AS_OF, KNOWN_REJECTED, SAMPLE_DOCUMENTS, hostile_rows, sample

VOID = frozenset({"meta", "br", "wbr", "img", "input", "link", "hr", "col"})
LANGS = ["en", "zh"]


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, *tags: str) -> list[Node]:
        found = []
        for c in self.children:
            if isinstance(c, Node):
                if c.tag in tags:
                    found.append(c)
                found.extend(c.all(*tags))
        return found

    def ancestors(self) -> list[Node]:
        up, node = [], self.parent
        while node is not None:
            up.append(node)
            node = node.parent
        return up


class Tree(HTMLParser):
    """The page as a tree of elements (SVG's self-closed elements included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self._at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self._at)
        self._at.children.append(node)
        if tag not in VOID:
            self._at = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at.children.append(Node(tag, {k: v or "" for k, v in attrs}, self._at))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self._at
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"</{tag}> closes nothing"
        assert node.parent is not None
        self._at = node.parent

    def handle_data(self, data: str) -> None:
        self._at.children.append(data)


@cache
def page_summary() -> Summary:
    return summarize(
        [*sample(), *hostile_rows()],
        as_of=AS_OF,
        by=("site", "month"),
        documents=SAMPLE_DOCUMENTS,
        rejected=KNOWN_REJECTED,
        include_untrusted=True,
    )


@cache
def page_html(lang: str) -> str:
    return render(page_summary(), "html", lang)


def page(lang: str) -> Node:
    tree = Tree()
    tree.feed(page_html(lang))
    tree.close()
    return tree.root


def by_id(root: Node) -> dict[str, Node]:
    return {n.attrs["id"]: n for n in root.all(*ALL_TAGS) if "id" in n.attrs}


ALL_TAGS = ("h1", "h2", "h3", "div", "section", "table", "figure", "figcaption", "p", "svg")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("lang", LANGS)
def test_everything_but_the_banner_and_the_footer_is_in_one_main_landmark(lang: str) -> None:
    """axe: landmark-one-main, region (a screen reader's "next landmark" found none)."""
    root = page(lang)
    (body,) = root.all("body")
    assert len(root.all("main")) == 1
    top = [c for c in body.children if isinstance(c, Node) and c.children]  # not the rule
    assert [n.tag for n in top] == ["header", "main", "footer"]
    assert root.all("h1")[0].ancestors()[0].tag == "header"


@pytest.mark.parametrize("lang", LANGS)
def test_one_h1_and_headings_that_each_name_one_place(lang: str) -> None:
    """A list of headings names each part once: a chart's title is its figure's caption, so a
    chart and its table are not two headings of one name (WCAG 2.4.6, 1.3.1)."""
    root = page(lang)
    headings = root.all("h1", "h2", "h3", "h4")
    assert [h.tag for h in headings][:2] == ["h1", "h2"]
    assert sum(h.tag == "h1" for h in headings) == 1
    levels = [int(h.tag[1]) for h in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # no level skipped
    names = [squeeze(h.text()) for h in headings]
    assert len(names) == len(set(names)), names
    for fig in root.all("figure"):
        assert not fig.all("h1", "h2", "h3"), "a chart's title is its caption, not a heading"
        (caption,) = fig.all("figcaption")
        assert squeeze(caption.text())


@pytest.mark.parametrize("lang", LANGS)
def test_every_table_is_named_by_its_heading(lang: str) -> None:
    """A screen reader's table list (NVDA's T key, JAWS' table list) says which table it is."""
    root = page(lang)
    ids = by_id(root)
    tables = root.all("table")
    assert len(tables) == 9
    for table in tables:
        (heading,) = [ids[i] for i in table.attrs["aria-labelledby"].split()]
        assert heading.tag == "h2"
        assert squeeze(heading.text())


@pytest.mark.parametrize("lang", LANGS)
def test_header_cells_say_what_they_head(lang: str) -> None:
    """Column headings are `scope="col"`; each row is named by its first cell (the key columns
    of a group table), a `th scope="row"`, so a cell reads as "Overdue, Tailings Workshop: 12"."""
    root = page(lang)
    for table in root.all("table"):
        for th in table.all("thead")[0].all("th"):
            assert th.attrs.get("scope") == "col", th.text()
        keys = 2 if table.attrs.get("aria-labelledby") == "h-groups" else 1
        for tr in table.all("tbody")[0].all("tr"):
            cells = [c for c in tr.children if isinstance(c, Node)]
            assert [c.tag for c in cells[:keys]] == ["th"] * keys, squeeze(tr.text())
            assert all(c.attrs.get("scope") == "row" for c in cells[:keys])
            assert all(c.tag == "td" for c in cells[keys:])


@pytest.mark.parametrize("lang", LANGS)
def test_each_table_scrolls_in_its_own_region_reached_by_keyboard(lang: str) -> None:
    """At 320 CSS px (a phone, or 200 % zoom on a small screen) a wide table scrolls inside its
    own box, not the page (WCAG 1.4.10); the box takes focus, so arrow keys scroll it
    (axe: scrollable-region-focusable), and is named like its table."""
    root = page(lang)
    for table in root.all("table"):
        box = table.parent
        assert box is not None
        assert box.tag == "div"
        assert box.attrs.get("class") == "scroll"
        assert box.attrs.get("tabindex") == "0"
        assert box.attrs.get("role") == "region"
        assert box.attrs.get("aria-labelledby") == table.attrs["aria-labelledby"]


@pytest.mark.parametrize("lang", LANGS)
def test_charts_are_named_and_point_to_their_figures(lang: str) -> None:
    """A chart is an image to a screen reader: its name says what it shows and where its
    numbers are; "12 / 17" under a chart says in words that 12 of 17 are drawn."""
    words = Labels(lang)
    root = page(lang)
    svgs = root.all("svg")
    assert len(svgs) == 8  # each drawn for a page and for a phone (one shown at a time)
    for svg in svgs:
        figure = svg.parent
        assert figure is not None
        assert figure.tag == "figure"
        title = squeeze(figure.all("figcaption")[0].text())
        assert svg.attrs["role"] == "img"
        assert svg.attrs["aria-label"] == words["chart_label"].format(title=title)
    notes = [squeeze(p.text()) for p in root.all("p") if p.attrs.get("class") == "more"]
    assert notes == [words["chart_more"].format(n=12, total=17)] * 2
    assert "12" in notes[0]
    assert "17" in notes[0]


def css(lang: str) -> str:
    return page_html(lang).split("<style>")[1].split("</style>")[0]


def block(style: str, at_rule: str) -> str:
    """The body of `@media ...` in the style sheet (its braces balanced)."""
    start = style.index(at_rule)
    depth, i = 0, style.index("{", start)
    for j in range(i, len(style)):
        depth += {"{": 1, "}": -1}.get(style[j], 0)
        if depth == 0:
            return style[i + 1 : j]
    raise AssertionError(at_rule)


def test_forced_colours_keep_the_charts_words_and_the_alerts() -> None:
    """In Windows' high contrast the page's colours become the user's: the charts' text kept
    its near-black fill on a black page (unreadable), and the alert tiles' red border, their
    only mark, became the same line as every tile's."""
    forced = block(css("en"), "@media (forced-colors: active)")
    assert re.search(r"svg text\s*\{[^}]*fill:\s*CanvasText", forced)
    assert re.search(r"svg line\s*\{[^}]*stroke:\s*GrayText", forced)
    assert re.search(r"\.tile\.alert\s*\{[^}]*border-width:\s*2", forced)


def test_a_narrow_screen_stacks_the_tiles_and_charts_and_tables_scroll() -> None:
    style = css("zh")
    narrow = block(style, "@media screen and (max-width:")
    assert re.search(r"\.figures\s*\{[^}]*grid-template-columns:\s*1fr;", narrow)
    assert re.search(r"\.tiles\s*\{[^}]*grid-template-columns:\s*repeat\(2, 1fr\)", narrow)
    assert re.search(r"\.scroll\s*\{[^}]*overflow-x:\s*auto", block(style, "@media screen {"))


@pytest.mark.parametrize("lang", LANGS)
def test_each_bar_part_is_named_by_its_own_number(lang: str) -> None:
    """A part of a bar, hovered or read aloud, names the part it is and that part's number: the
    overdue chart's grey part read "Overdue: 39" (the whole bar) over a part 24 long, where the
    red part beside it gave its own. The parts of a bar are drawn in proportion to their
    numbers, and the parts' names are the legend's."""
    words = Labels(lang)
    root = page(lang)
    summary = page_summary()
    figures = {squeeze(f.all("figcaption")[0].text()): f for f in root.all("figure")}
    overdue = figures[words["overdue_by_responsible"]]
    legend = {words.value("severity", "major"), words.value("severity", "general")}
    bars: dict[float, list[tuple[float, str]]] = {}
    for rect in overdue.all("rect"):
        titles = rect.all("title")
        if titles:
            y = float(rect.attrs["y"])
            bars.setdefault(y, []).append((float(rect.attrs["width"]), squeeze(titles[0].text())))
    assert len(bars) == min(len(summary.overdue_by_responsible), 12)  # (12 bars at most)
    per_unit = []
    for y in sorted(bars):
        named = {}
        for width, title in bars[y]:
            name, number = title.rsplit(": ", 1)
            assert name in legend, title
            named[name] = (int(number), width)
        per_unit.append(named)
        scales = {round(w / n, 6) for n, w in named.values() if n}
        assert len(scales) <= 1, bars[y]  # each part's length in proportion to its own number
    major, general = (words.value("severity", s) for s in ("major", "general"))
    for unit, named in zip(summary.overdue_by_responsible, per_unit, strict=False):
        assert named.get(major, (0, 0))[0] == unit.overdue_majors
        assert named.get(general, (0, 0))[0] == unit.overdue - unit.overdue_majors
