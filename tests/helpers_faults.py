"""Faults put into a method for a test: a failure on its n-th call, and a record of its calls."""

from __future__ import annotations

from typing import Any

import pytest


def fail_on_call(
    monkeypatch: pytest.MonkeyPatch, owner: type, name: str, n: int, error: BaseException
) -> None:
    """`owner.name` raises `error` on its `n`-th call, and works as before until then."""
    real = getattr(owner, name)
    calls: list[int] = []

    def failing(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == n:
            raise error
        return real(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple[Any, ...]]:
    """The arguments of every call to `owner.name` from now on (which works as before): a
    class's method's (the instance left out), or a module's function's."""
    real = getattr(owner, name)
    made: list[tuple[Any, ...]] = []
    method = isinstance(owner, type)

    def recorded(*args: Any, **kwargs: Any) -> Any:
        made.append(args[1:] if method else args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return made
