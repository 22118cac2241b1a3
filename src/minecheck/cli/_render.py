"""Terminal rendering helpers: every string from a file becomes sanitized `Text`, never markup;
every table is laid out so that no character is lost at any width (`cli._table`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from minecheck.core.sanitize import for_terminal

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text


def safe(text: str | None, style: str = "", *, multiline: bool = False) -> Text:
    """Untrusted text made visible-safe and wrapped so Rich never reads it as markup."""
    from rich.text import Text

    return Text(for_terminal(text or "", multiline=multiline), style=style)


def table(*columns: str, title: str | None = None) -> Table:
    """A table that loses no character at any width (`cli._table.FittedTable`)."""
    from rich import box

    from minecheck.cli._table import FittedTable

    t = FittedTable(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False)
    for column in columns:
        t.add_column(column, overflow="fold")
    return t
