"""What the walk keeps at its edges, pinned where no test looked: a Ctrl-C that reaches the line
editor once it has let its answer go."""

from __future__ import annotations

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from minecheck import portable
from minecheck.cli._line_reader import _new_session


def test_a_ctrl_c_reaching_the_editor_after_it_returned_ends_the_next_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Ctrl-C's signal comes to the editor's event loop, which hands it on one turn later: in
    the turn that ends the question, it reaches the editor after it has returned its line, when
    it no longer holds an answer to end (no `future`). It is a stop: the question after it
    ends the walk. It was an error inside the loop ('NoneType' object has no attribute 'done'),
    printed with a traceback, and the Ctrl-C was lost."""
    monkeypatch.setattr(portable, "_stop_raised", [])
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        session = _new_session()
        pipe.send_text("Shaft 2\r")
        assert session.prompt("Location: ") == "Shaft 2"
        assert session.app.future is None  # (as prompt_toolkit leaves an editor that returned)
        session.app.key_processor.send_sigint()
    with pytest.raises(KeyboardInterrupt):
        portable.stop_lost()
