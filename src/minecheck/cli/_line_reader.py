"""Lines typed at the terminal: a real line editor (prompt_toolkit: wide characters, arrows,
history, Tab completion of evidence paths) at a terminal, plain lines from a pipe, and the forms
in which a path typed or dropped on the terminal may name a file.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minecheck.core.sanitize import LONE_SURROGATE, MARKS_SHOWN, as_shown, as_spaces, for_terminal
from minecheck.i18n import t
from minecheck.portable import (
    cancelled_as_ctrl_c,
    ctrl_c_after_the_line,
    encoding_shown,
    end_if_stopped,
    keep_typed_ahead,
    line_mode,
    line_waited,
    stop_lost,
    stops_as_ctrl_c,
    take_typed_ahead,
    terminal_encoding,
    terminal_gone,
    terminal_hung_up,
    typed_ahead_now,
    typing_kept,
    wanted_when_continued,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console


def unquote(path: str) -> str:
    """A path as a file manager drops it: surrounding quotes removed, `\\ ` made a space."""
    path = path.strip()
    if len(path) >= 2 and path[0] == path[-1] and path[0] in "'\"":
        return path[1:-1]
    return path.replace("\\ ", " ")


def dropped_forms(text: str) -> list[str]:
    """What a typed or dropped path may name, each once, in the order to try: as typed (a
    name Tab completion wrote out may hold quotes or backslashes of its own), the surrounding
    quotes removed (`unquote`), and read as a shell reads it, as most terminals quote a file
    dropped on them: GNOME's `'it'\\''s.jpg'`, macOS's `it\\'s\\ 1.jpg` (not on Windows, where
    a backslash separates directories)."""
    import shlex

    forms = [text.strip(), unquote(text)]
    if os.name != "nt":
        try:
            words = shlex.split(text)
        except ValueError:  # an unclosed quote: no shell's quoting
            words = []
        if len(words) == 1:
            forms.append(words[0])
    return list(dict.fromkeys(form for form in forms if form))


class LineReader:
    """Lines typed at the terminal, edited with prompt_toolkit; plain lines when not a terminal."""

    def __init__(self) -> None:
        self._session: Any = None
        # the line being typed when the reading was stopped (Ctrl-C, Ctrl-D, a closed
        # terminal): what the inspector typed, not yet sent with Enter; once read, the line
        # itself until the next reading begins (a stop before the walk kept it lost it)
        self.unsent = ""
        # the keys the editor had read and not taken when it was stopped (`typed_ahead`)
        self._left: list[Any] = []

    def _interactive(self) -> bool:
        try:
            return sys.stdin.isatty() and sys.stderr.isatty()
        except (AttributeError, ValueError):
            return False

    def prefills(self) -> bool:
        """Whether an earlier answer can be put in the editor to be edited: prompt_toolkit's
        plain editor for a dumb terminal does not show it, and a pipe has no editor."""
        if not self._interactive():
            return False
        from prompt_toolkit.utils import is_dumb_terminal

        return not is_dumb_terminal()

    def read(self, prompt: str, *, paths: bool = False, default: str = "") -> str:
        """A line as typed. Bytes that are not in the terminal's encoding (a terminal set to
        GBK where the locale is UTF-8, a stray byte at a GB18030 one) reach Python as lone
        surrogates, which no file can hold: the line is asked for again, naming the encoding
        the locale gives the terminal (it said UTF-8 whatever that was)."""
        self.unsent, self._left = "", []
        _Tab.as_space = not paths
        while (
            half := LONE_SURROGATE.search(line := self._read(prompt, paths, default))
        ) is not None:
            code = f"\\u{ord(half.group()):04x}"
            sys.stderr.write(
                t(
                    "the terminal sent bytes that are not {encoding} ({code}), the locale's"
                    " encoding: set the terminal and the locale (LANG) to one encoding and type"
                    " that again",
                    code=code,
                    encoding=encoding_shown(terminal_encoding()),
                )
                + "\n"
            )
            sys.stderr.flush()
        if not paths:  # (pasted or typed ahead; a file's name keeps its tab)
            line = as_spaces(line)
        self.unsent = line
        return line

    def typed_ahead(self) -> list[str]:
        """What was typed after the line last read and taken by no question yet, when a stop
        came first: its Enter and the words after it read together (an input method commits
        a word at once after an Enter; a fast hand types on while the draft is saved), or
        keys the stopped editor had not come to. Its lines: each ended line, then the rest
        ("" when nothing follows the last line end). A key that is neither a character, a
        paste nor a line end (an arrow, Ctrl-U) ends it: what it would have done is not
        guessed."""
        from prompt_toolkit.input.vt100_parser import Vt100Parser
        from prompt_toolkit.key_binding import KeyPress
        from prompt_toolkit.keys import Keys

        keys: list[KeyPress] = [*self._left]
        Vt100Parser(keys.append).feed_and_flush(typed_ahead_now())
        lines, now = [], ""
        after_cr = _LineEnd.after_cr and not self._left  # (a CR LF's LF, when it comes first)
        for key in keys:
            if key.key in (Keys.ControlM, Keys.ControlJ):
                if not (key.key == Keys.ControlJ and after_cr):
                    lines.append(now)
                    now = ""
                after_cr = key.key == Keys.ControlM
                continue
            after_cr = False
            if key.key == Keys.BracketedPaste:
                now += key.data.replace("\r\n", "\n").replace("\r", "\n")
            elif key.key == key.data and len(key.data) == 1 and key.data >= " ":
                now += key.data
            else:
                break
        return [*lines, now]

    def _read(self, prompt: str, paths: bool, default: str) -> str:
        stop_lost()
        ahead = typed_ahead_now()  # (taken as the editor is given it: until then a stop finds it)
        if not self._interactive():
            take_typed_ahead()
            sys.stderr.write(prompt)
            sys.stderr.flush()
            if ahead.endswith("\n"):
                return ahead[:-1]
            try:
                with line_mode():
                    line_waited()  # (a stop as the read begins ends it)
                    line = ahead + sys.stdin.readline()
            except OSError:  # the terminal is gone
                raise terminal_gone() from None
            if not line:
                if terminal_hung_up():  # (closed while waited for: an end, not its error)
                    raise terminal_gone()
                raise EOFError
            return line.rstrip("\n")
        from prompt_toolkit.application import create_app_session
        from prompt_toolkit.output import create_output
        from prompt_toolkit.output.plain_text import PlainTextOutput
        from prompt_toolkit.utils import is_dumb_terminal

        # (the editor writes what the terminal cannot show as '?': `≤` as `<=` instead)
        prompt = as_shown(prompt, getattr(sys.stderr, "encoding", None))

        message: Any
        if is_dumb_terminal() or not _fits(fold(prompt), ahead or default, _size()):
            # the plain editor writes its prompt once, and each key; a question taller than
            # the screen scrolls its first lines up as it is written, the editor keeps the last
            message = prompt = folded(prompt)
        else:
            # the whole question is the editor's, folded again whenever it is drawn: a
            # terminal made narrower while the line was typed (a window dragged, a tablet
            # turned) had it drawn again broken in the middle of its words, and the lines
            # folded at the old width were left above it
            message = functools.partial(_folded_lines, prompt)

        # prompts go to stderr (stdout carries only data); the session's default output, so a
        # dumb terminal still gets prompt_toolkit's plain line editor, writing text alone (a
        # terminal's output wrote "show the cursor" as the editor was made, which a dumb
        # terminal shows as the characters of its escape sequence)
        output = PlainTextOutput(sys.stderr) if is_dumb_terminal() else None
        with create_app_session(output=output or create_output(stdout=sys.stderr)):
            if self._session is None:
                self._session = _new_session()
                # a terminal that never says where the cursor is (a serial console) got the
                # editor's own English warning about it in the walk, which nobody can act on
                self._session.app.renderer.cpr_not_supported_callback = None
            completer = None
            if paths:
                from prompt_toolkit.completion import PathCompleter

                completer = PathCompleter(expanduser=True)
            if take_typed_ahead():  # the editor reads it first, as keys typed while it was busy
                _type_ahead(ahead)
            self.unsent = ""
            _LineEnd.keys, _LineEnd.by_lf = 0, False
            try:
                # (held from before the prompt is written: a dumb terminal's editor writes it
                # before it takes the terminal, and an answer typed at once was line-edited)
                session = self._session
                continued = functools.partial(_editor_continued, session, prompt)
                with (
                    typing_kept(),
                    wanted_when_continued(continued),
                    stops_as_ctrl_c(),
                    cancelled_as_ctrl_c(),
                ):
                    text: str = self._session.prompt(
                        message,
                        completer=completer,
                        complete_while_typing=False,
                        default=default,
                        enable_suspend=True,  # Ctrl-Z stops the walk (it typed a ^Z)
                        input_processors=[visible_processor()],
                        pre_run=end_if_stopped,
                    )
                    stop_lost()  # a Ctrl-C typed as the line was taken (`ctrl_c_after_the_line`)
                    _LineEnd.after_cr = not _LineEnd.by_lf
            except (KeyboardInterrupt, EOFError) as stop:
                self._stopped()
                _leftovers_dropped(stop)
                raise
            except OSError:  # the terminal is gone: what was typed is kept
                self._stopped()
                raise terminal_gone() from None
            _keep_what_followed()
        return text

    def _stopped(self) -> None:
        """The editor stopped: the line it held, and the keys it had not come to (kept by the
        editor's own input: the session's would be made anew, and fail where the terminal is
        gone)."""
        from prompt_toolkit.input.typeahead import get_typeahead

        self.unsent = self._session.default_buffer.text
        self._left = get_typeahead(self._session.app.input)


def _leftovers_dropped(stop: BaseException) -> None:
    """What the editor's start left when a stop came as asyncio made its event loop (the first
    instant of a question), dropped quietly: the walk ended rightly (exit 130, the draft kept
    and named), and then Python printed "Exception ignored in: <function BaseEventLoop.__del__>"
    with a traceback for the loop made in part, and a RuntimeWarning, with a source path, for
    the editor's task never started. Both are said as the frames of the stop's traceback (and
    of the exceptions it arose from) are let go, here, where they are not shown; the loop and
    its frames hold one another, so they go when the cycles are collected, also here (else at
    the next collection, while the interruption is being said)."""
    import gc
    import warnings

    hook = sys.unraisablehook
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sys.unraisablehook = lambda unraisable: None
        try:
            each: BaseException | None = stop
            cleared: set[int] = set()  # (a chain made by hand may loop)
            while each is not None and id(each) not in cleared:
                cleared.add(id(each))  # (its frames hold the loop and the task, and go now)
                each.__traceback__ = None
                each = each.__cause__ or each.__context__
            gc.collect()
        finally:
            sys.unraisablehook = hook


class _Tab:
    """A tab in a line of text (a reason, a note, a description), typed or pasted from a
    spreadsheet's cells, is a space: the editor's Tab completes a path and did nothing in a
    text, which lost it (`Shaft 2ladder`), and a pasted one was signed and shown `\\u0009` at
    a terminal. Where a path is asked, Tab completes it, as before."""

    as_space = False  # the question asks for text, not a path


class _LineEnd:
    """How the line before ended, for the LF of a CR LF: text copied from a Windows file or a
    PDF and pasted where the terminal sends a paste as typed (a dumb terminal, a serial
    console, one that does not bracket a paste) ends its line with the CR, and its LF, a
    second Enter, answered the next question empty (after a reading, the review's Enter: the
    file was signed unseen). An LF read as the first key after a line a CR ended is that
    line's end, and answers nothing."""

    after_cr = False  # the line before ended with a CR
    by_lf = False  # this line was ended by an LF (a terminal whose Enter sends one)
    keys = 0  # the keys this question has read


def _counted(processor: object) -> None:
    _LineEnd.keys += 1


def _line_ends() -> Any:
    """The line editor's LF: the end of a CR LF's line when it comes first (`_LineEnd`), else
    Enter, as the editor takes it; and its Tab in a text, a space (`_Tab`)."""
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, KeyPress, KeyPressEvent
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add("c-i", filter=Condition(lambda: _Tab.as_space))
    def _tab(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text(" ")

    @bindings.add("c-j")
    def _lf(event: KeyPressEvent) -> None:
        if _LineEnd.after_cr and _LineEnd.keys <= 1:
            _LineEnd.after_cr = False
            return
        _LineEnd.by_lf = True
        event.key_processor.feed(KeyPress(Keys.ControlM, "\r"), first=True)

    return bindings


UNDO_STEPS = 100  # the editor's undo (Ctrl-_) goes this many steps back


def _undo_kept_short(buffer: Any) -> None:
    """The editor keeps the line as it stood before each key, to undo it. A paste sent as
    keys (a dumb terminal's, one that does not mark a paste) is a key per character: a 100 KB
    note held the line 100,000 times (5.5 GB). The oldest steps are let go."""
    save = buffer.save_to_undo_stack

    def saved(clear_redo_stack: bool = True) -> None:
        save(clear_redo_stack)
        del buffer._undo_stack[:-UNDO_STEPS]  # (prompt_toolkit's own list of steps)

    buffer.save_to_undo_stack = saved


# What `_runs_taken_whole` uses of the editor's key processor beyond its promised interface
_PROCESSOR_PARTS = ("_get_matches", "_is_prefix_of_longer_match", "input_queue", "key_buffer")


def _runs_taken_whole(processor: Any) -> None:
    """The printable characters that arrive together (in one read of the terminal) taken as
    one insertion, as a marked paste is (prompt_toolkit's `Keys.BracketedPaste`), where the
    terminal sends a paste as keys (a dumb terminal, a serial console, one that does not mark
    a paste): the editor handled each character as one key press, about 0.5 ms each, and a
    note of 100 KB took tens of seconds. A run is joined only where each of its keys, typed
    alone, would insert itself and nothing else: no key begun before it (Esc, Ctrl-X), no
    repeat count, no Ctrl-V, no selection; every control key, line end and escape sequence
    stays one key, so what a run is taken as is what its keys typed one by one made. One
    read's run is one undo step, as a marked paste is; keys typed one by one stay one each."""
    from collections import deque

    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.key_binding import KeyPress
    from prompt_toolkit.key_binding.bindings.named_commands import get_by_name
    from prompt_toolkit.keys import Keys

    if not all(hasattr(processor, name) for name in _PROCESSOR_PARTS):
        return  # (an editor of another version: each key handled alone, as it always was)
    insert = get_by_name("self-insert").handler
    alone: dict[tuple[str, int], bool] = {}  # (a character, the buffer): it inserts itself

    def inserts_itself(key: KeyPress) -> bool:
        char = key.data
        if isinstance(key.key, Keys) or key.key != char or len(char) != 1 or char < " ":
            return False
        asked = (char, id(get_app().current_buffer))
        if asked not in alone:
            matches = processor._get_matches([key])
            alone[asked] = [match.handler for match in matches] == [
                insert
            ] and not processor._is_prefix_of_longer_match([key])
        return alone[asked]

    class Runs(deque[KeyPress]):
        """The editor's keys waiting to be handled (its `input_queue`): a key is taken from
        it just before it is handled, when whether the editor waits for more of a binding is
        known."""

        def popleft(self) -> KeyPress:
            key = super().popleft()
            app = get_app()
            if (
                not self
                or processor.key_buffer
                or processor.arg is not None
                or app.quoted_insert
                or app.current_buffer.selection_state is not None
                or not inserts_itself(key)
                or not inserts_itself(self[0])
            ):
                return key
            run = [key.data]
            while self and inserts_itself(self[0]):
                run.append(super().popleft().data)
            return KeyPress(Keys.BracketedPaste, "".join(run))

    reset = processor.reset

    def reset_with_runs() -> None:  # (the editor resets its keys as each question starts)
        reset()
        alone.clear()
        processor.input_queue = Runs(processor.input_queue)

    processor.reset = reset_with_runs
    processor.input_queue = Runs(processor.input_queue)


@contextlib.contextmanager
def _echoed_whole(session: Any) -> Iterator[None]:
    """What a dumb terminal shows of the line, while its question lasts. Such a terminal
    cannot move its cursor back: its editor echoed each change as the one character before
    the cursor, so a line changed anywhere but at its end showed what was not in it (`0.7`,
    Ctrl-U and `0.5` showed `0.70.5`; an answer recalled with Up, nothing). Characters added
    at the end of the line, the cursor there before and after, are written as they come, a
    run inserted at once (`_runs_taken_whole`, a marked paste) whole; any other change (a
    deletion, history, Ctrl-U, Ctrl-K, Ctrl-W, undo, typing where the cursor was moved back)
    writes the line again whole on a line of its own, after the prompt's last line: what is
    shown last is what Enter sends. (The editor takes its own echo off as the question ends;
    this one takes its place while the question lasts and puts it back.)"""
    from prompt_toolkit.formatted_text import fragment_list_to_text, to_formatted_text

    buffer = session.default_buffer
    handlers = getattr(buffer.on_text_changed, "_handlers", None)  # (its echo is last)
    if not isinstance(handlers, list) or not handlers:  # (an editor of another version)
        yield
        return
    theirs = handlers[-1]
    prompt = fragment_list_to_text(to_formatted_text(session.message)).rpartition("\n")[2]
    shown = [buffer.text, buffer.cursor_position]  # (the line as written, the cursor in it)

    def moved(_: object) -> None:
        shown[1] = buffer.cursor_position

    def echoed(_: object) -> None:
        line, cursor = buffer.text, buffer.cursor_position
        was, at = shown
        # (shown as the full editor shows it: a bidi override, a C1 or another control or
        # format character as `\uXXXX`, a run of marks capped, the line kept as typed)
        added = None
        if at == len(was) < len(line) == cursor and line.startswith(was):
            added = _shown_after(was, line[len(was) :])
        if added is not None:
            session.output.write(added)
        else:
            session.output.write(f"\r\n{prompt}{for_terminal(line)}")
        session.output.flush()
        shown[:] = [line, cursor]

    handlers[-1] = echoed
    buffer.on_cursor_position_changed += moved
    try:
        yield
    finally:  # (theirs put back where it was, for the editor to take off)
        handlers[handlers.index(echoed)] = theirs
        buffer.on_cursor_position_changed -= moved


def _shown_after(was: str, added: str) -> str | None:
    """How `added` shows at the end of a line shown as `for_terminal(was)`: as the whole line
    shows it (a run of marks begun in `was` goes on counting, its marks past MARKS_SHOWN
    escaped, as the full editor caps them), or None where the two do not follow on. Only the
    end of `was` a run can reach is looked at again, not the whole line at each key."""
    before = was[-MARKS_SHOWN:]
    shown, whole = for_terminal(before), for_terminal(before + added)
    return whole[len(shown) :] if whole.startswith(shown) else None


def _new_session() -> Any:
    """The line editor, whose first step ends a question at once when a stop was lost (see
    `end_if_stopped`). A dumb terminal gets the editor's plain editor, another application made
    as each question starts, which runs none of the steps given to `prompt`: it is given the
    same first step as it is made."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory

    class Session(PromptSession[str]):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            ctrl_c_after_the_line(self.app)
            self.app.key_processor.before_key_press += _counted
            _runs_taken_whole(self.app.key_processor)
            _undo_kept_short(self.default_buffer)

        @contextlib.contextmanager
        def _dumb_prompt(self, message: Any = "") -> Iterator[Any]:
            with super()._dumb_prompt(message) as plain, _echoed_whole(self):
                plain.pre_run_callables.append(end_if_stopped)
                ctrl_c_after_the_line(plain)
                plain.key_processor.before_key_press += _counted
                _runs_taken_whole(plain.key_processor)
                yield plain

    return Session(history=InMemoryHistory(), key_bindings=_line_ends())


def visible_processor() -> Any:
    """A prompt_toolkit processor that shows what the line holds as every other output does
    (`core.sanitize.for_terminal`): the editor wrote a bidi override or another format
    character as it was, and the terminal obeyed it (the rest of the line turned around), from
    an answer typed or pasted, or one put back in the editor (an earlier or unfinished answer,
    a draft's text). The text itself is kept as it is; only its display changes."""
    from prompt_toolkit.layout.processors import Processor, Transformation
    from prompt_toolkit.layout.utils import explode_text_fragments

    class Visible(Processor):
        def apply_transformation(self, ti: Any) -> Any:
            fragments = explode_text_fragments(ti.fragments)
            if all(for_terminal(text) == text for _, text, *_ in fragments):
                return Transformation(ti.fragments)
            shown: list[Any] = []
            starts: list[int] = []  # where each character of the source begins on display
            pos = 0
            for style, text, *rest in fragments:
                starts.append(pos)
                said = for_terminal(text)
                shown.append((style, said, *rest))
                pos += len(said)
            starts.extend((pos, pos + 1))  # (the cursor may stand after the line)

            def source_to_display(i: int) -> int:
                return starts[min(i, len(starts) - 1)]

            def display_to_source(d: int) -> int:
                import bisect

                return max(bisect.bisect_right(starts, d) - 1, 0)

            return Transformation(shown, source_to_display, display_to_source)

    return Visible()


def _editor_modes() -> None:
    """The terminal as the line editor keeps it while it reads (its raw mode), set again."""
    from prompt_toolkit.input.vt100 import raw_mode

    raw_mode(sys.stdin.fileno()).__enter__()


def _editor_continued(session: Any, prompt: str) -> None:
    """Continued after a stop from outside (`kill -STOP`, a debugger): the editor's raw mode
    set again, and its line shown again on the line `fg` left the cursor on (the shell wrote
    over it; the line came back only with the next key)."""
    import asyncio

    _editor_modes()
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # stopped before the editor's loop ran, or after it ended
        return
    if session.app.is_running:  # the full editor: drawn again from where the cursor is
        if getattr(session.app, "_running_in_terminal", False):
            return  # its own Ctrl-Z: it draws the line again itself

        def redraw() -> None:
            session.app.renderer.reset()
            session.app.invalidate()

    else:  # a dumb terminal's plain editor writes the prompt once, then each key

        def redraw() -> None:
            sys.stderr.write(prompt + for_terminal(session.default_buffer.text))
            sys.stderr.flush()

    # (from the loop, never from inside the handler: the stop may have come mid-drawing)
    loop.call_soon_threadsafe(redraw)


def _size() -> tuple[int, int]:
    """The terminal's columns and rows (those of stderr, where the editor draws)."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (AttributeError, ValueError, OSError):
        return (80, 24)
    return (size.columns or 80, size.lines or 24)


def _fits(lines: list[str], typed: str, size: tuple[int, int]) -> bool:
    """Whether a question folded into `lines`, and the line typed after its last, fit on a
    screen of `size` (columns, rows) with the cursor: taller, the editor cut what it could not
    show, and the line being typed was not seen."""
    from rich.cells import cell_len

    columns, rows = size
    *before, last = lines
    if any(cell_len(line) > columns for line in before):
        return False  # (one or two columns: the editor cut such a line, the terminal breaks it)
    room = rows - len(before)  # the rows left for the last line and the line typed
    used = 0
    for part in (last + typed).split("\n"):
        used += (_cells_past(part, columns * room) + columns) // columns
        if used > room:
            return False
    return True


def _cells_past(text: str, most: int) -> int:
    """The cells `text` takes, measured no further than it takes to pass `most` (a screenful):
    the editor asks whether the line fits each time it draws it, and measuring the whole of a
    note of 100 KB pasted at once, every time, took it a minute and a half."""
    from rich.cells import cell_len

    cells = 0
    step = max(most, 1)
    for start in range(0, len(text), step):
        cells += cell_len(text[start : start + step])
        if cells > most:
            break
    return cells


def _folded_lines(prompt: str) -> str:
    """The editor's question as it is drawn now: folded at the terminal's width; on a screen
    too short for all of it and the line typed, its last line alone (the line being typed is
    what must be seen)."""
    from prompt_toolkit.application.current import get_app

    app = get_app()
    lines = fold(prompt)
    size = app.output.get_size()
    # (the editor asks several times for each drawing: a long line is measured once)
    asked = (tuple(lines), app.current_buffer.text, size.columns, size.rows)
    if _measured.get(asked) is None:
        _measured.clear()
        _measured[asked] = _fits(lines, asked[1], asked[2:])
    if not _measured[asked]:
        return lines[-1]
    return "\n".join(lines)


# whether the question and the line typed fitted the screen, for the last ones asked
_measured: dict[tuple[tuple[str, ...], str, int, int], bool] = {}


def _keep_what_followed() -> None:
    """What the editor read after the Enter that ended its line, for the next question,
    whichever reads it (`portable.keep_typed_ahead`)."""
    from prompt_toolkit.application.current import get_app_session
    from prompt_toolkit.input.typeahead import get_typeahead
    from prompt_toolkit.keys import Keys

    left = get_typeahead(get_app_session().input)
    typed = (Keys.CPRResponse, Keys.Vt100MouseEvent, Keys.Ignore)  # (the terminal's, not typed)
    keep_typed_ahead("".join(key.data for key in left if key.key not in typed))


def _type_ahead(text: str) -> None:
    from prompt_toolkit.application.current import get_app_session
    from prompt_toolkit.input.typeahead import store_typeahead
    from prompt_toolkit.input.vt100_parser import Vt100Parser
    from prompt_toolkit.key_binding import KeyPress

    keys: list[KeyPress] = []
    Vt100Parser(keys.append).feed_and_flush(text)
    store_typeahead(get_app_session().input, keys)


def folded(prompt: str) -> str:
    """A prompt wider than the terminal, folded between words (`fold`): all but its last line
    are written, and the last is returned for the question that reads the answer after it."""
    *before, last = fold(prompt)
    if before:
        sys.stderr.write("".join(line + "\n" for line in before))
        sys.stderr.flush()
    return last


def fold(prompt: str) -> list[str]:
    """A prompt wider than the terminal, folded between words at its width now: the last line
    holds as many of the prompt's last words as fit, with room for the cursor. The terminal
    broke it at the edge, in the middle of a word, and a braille display, which shows the
    cursor's line, showed the end of a word and the rest ("me it? [Y/n]")."""
    from rich.cells import cell_len
    from rich.console import Console

    from minecheck.cli._breaks import pieces
    from minecheck.cli._output import sized

    try:
        if not sys.stderr.isatty():
            return [prompt]
    except (AttributeError, ValueError):
        return [prompt]
    console = sized(Console(file=sys.stderr, highlight=False, color_system=None), sys.stderr)
    # a cell for the cursor, and never less than a Chinese character's two cells: one column
    # made lines of no width (a traceback), and two, lines of one cell, where no Chinese
    # character fits (the question was blank lines)
    room = max(console.width - 1, 2)
    if "\n" in prompt or cell_len(prompt) <= room:
        return [prompt]
    body = prompt.rstrip(" ")
    # the cursor's line holds the blank after the question too (counted, a last line of the
    # room's width and its blank put the cursor on the next line)
    tail = prompt[len(body) :]
    fits = max(room - cell_len(tail), 2)
    before, last = _cursor_lines(console, body, room, fits, terms=True)
    if pieces(body, terms=False) != pieces(body):
        # (the words of TERMS are held whole where the question is no taller for them)
        loose = _cursor_lines(console, body, room, fits, terms=False)
        if len(loose[0]) < len(before):
            before, last = loose
    return [*(line.rstrip(" ") for line in before), last + tail]


def _cursor_lines(
    console: Console, body: str, room: int, fits: int, *, terms: bool
) -> tuple[list[str], str]:
    """The lines of a question `body` (its blanks after taken off) before the cursor's line,
    and that line's words: as many of the last as fit `fits` cells. `terms`: no line begins
    inside a word of TERMS."""
    from rich.cells import cell_len

    from minecheck.cli._breaks import Broken, pieces, tail_start

    # (where a line may break: at a blank, and beside a Chinese character, never inside an id
    # nor before a closing mark, as every shown text: `_breaks`)
    starts = pieces(body, terms)[:-1]
    start = next((at for at in starts if cell_len(body[at:]) <= fits), 0)
    if start:  # the longest run of last words that fits is the cursor's line
        before = [x.plain for x in Broken(body[:start].rstrip(" ")).wrap(console, room)]
        moved = tail_start(body, start, room, terms)  # (or fewer, a run of Chinese kept whole)
        if moved != start:
            kept = [x.plain for x in Broken(body[:moved].rstrip(" ")).wrap(console, room)]
            if len(kept) <= len(before):  # (the question no taller for it)
                before, start = kept, moved
        return before, body[start:]
    # (a word wider than the terminal: folded where it must)
    *before, last = (x.plain for x in Broken(body).wrap(console, room))
    if cell_len(last) > fits:
        *more, last = (x.plain for x in Broken(last).wrap(console, fits))
        before.extend(more)
    return before, last


def absolute(paths: list[str]) -> list[str]:
    """Evidence paths as kept in a draft: absolute, so a walk resumed elsewhere finds them."""
    return [str(Path(p).expanduser().absolute()) for p in paths]


def read_line(prompt: str) -> str:
    """One edited line for a question asked outside the walk (the first-run key offer)."""
    return LineReader().read(prompt)
