"""Values of dataclasses as JSON, and back exactly as their type hints declare (the memo's value).

`dumps` writes a value of dataclasses, tuples, lists, str-keyed dicts, text, numbers, truth
values, None, enums, dates and times as compact JSON (a dataclass as the list of its fields);
`loads` reads it back as a given type, every part checked against the declared types, and
refuses (ValueError) whatever does not fit exactly. Each class's encoder and each type's decoder
are worked out once, then kept: a summary of many groups holds hundreds of thousands of values.
`shape` names every dataclass a type holds with its fields' types, so a key can change with them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import operator
import types
import typing
from collections.abc import Callable
from typing import Any, NoReturn

_HINTS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields with their resolved types, in order."""
    got = _HINTS.get(cls)
    if got is None:
        hints = typing.get_type_hints(cls)
        got = _HINTS[cls] = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))
    return got


def shape(cls: type) -> list[object]:
    """Every dataclass a value holds, with its fields' types: a changed one is another key."""
    out: list[object] = []
    done: set[type] = set()

    def visit(tp: Any) -> None:
        for arg in typing.get_args(tp):
            visit(arg)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type) and tp not in done:
            done.add(tp)
            fields = _fields(tp)
            out.append([tp.__qualname__, [[name, repr(hint)] for name, hint in fields]])
            for _, hint in fields:
                visit(hint)

    visit(cls)
    return out


def _encode(value: object) -> object:
    """`value` as JSON data: by its class's encoder, worked out once per class."""
    kind = value.__class__
    encode = _ENCODERS.get(kind)
    if encode is None:
        encode = _ENCODERS[kind] = _encoder(kind)
    return encode(value)


_ENCODERS: dict[type, Callable[[Any], object]] = {}


def _encoder(kind: type) -> Callable[[Any], object]:
    if kind is type(None) or issubclass(kind, bool | int | float | str):
        return _same  # a str enum is a str
    if issubclass(kind, enum.Enum):
        return lambda value: _encode(value.value)
    if issubclass(kind, dt.date):  # a datetime too
        return lambda value: value.isoformat()
    if issubclass(kind, tuple | list):
        return lambda value: [_encode(v) for v in value]
    if issubclass(kind, dict):
        return _encode_dict
    if dataclasses.is_dataclass(kind):
        names = [name for name, _ in _fields(kind)]
        if len(names) < 2:  # (attrgetter gives a tuple for two names or more)
            return lambda value: [_encode(getattr(value, name)) for name in names]
        fields = operator.attrgetter(*names)
        return lambda value: [v if v.__class__ in _AS_IS else _encode(v) for v in fields(value)]
    return lambda value: _cannot_hold(kind)


_AS_IS = frozenset((str, int, float, bool, type(None)))  # JSON values as they are


def _same(value: object) -> object:
    return value


def _encode_dict(value: dict[Any, Any]) -> object:
    if not all(isinstance(k, str) for k in value):
        _cannot_hold(type(value))
    return {k: _encode(v) for k, v in value.items()}


def _cannot_hold(kind: type) -> NoReturn:
    raise TypeError(f"the memo cannot hold a {kind.__name__}")


def _decode(tp: Any, v: Any) -> Any:
    """`v` (from JSON) as a value of type `tp`; ValueError when it is not one."""
    return _decoder(tp)(v)


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _decoder(tp: Any) -> Callable[[Any], Any]:
    """What `_decode` checks and builds for a value of type `tp`, worked out once per type (the
    type's shape was looked up for every value: seconds for a summary of many groups)."""
    decode = _DECODERS.get(tp)
    if decode is None:
        decode = _DECODERS[tp] = _decoder_of(tp)
    return decode


def _decoder_of(tp: Any) -> Callable[[Any], Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)

    def bad(v: Any) -> NoReturn:
        raise ValueError(f"not a {tp!r}: {str(v)[:40]}")

    if tp is type(None):
        return lambda v: None if v is None else bad(v)
    if origin is types.UnionType or origin is typing.Union:
        optional = type(None) in args
        choices = [choice for choice in args if choice is not type(None)]

        def union(v: Any) -> Any:
            if v is None and optional:
                return None
            for choice in choices:
                try:
                    return _decoder(choice)(v)
                except ValueError:
                    continue
            bad(v)

        return union
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        return lambda v: tuple(map(_decoder(item), v)) if isinstance(v, list) else bad(v)
    if origin is tuple:
        size = len(args)

        def fixed(v: Any) -> Any:
            if isinstance(v, list) and len(v) == size:
                return tuple(_decoder(a)(x) for a, x in zip(args, v, strict=True))
            bad(v)

        return fixed
    if origin is list:
        return lambda v: list(map(_decoder(args[0]), v)) if isinstance(v, list) else bad(v)
    if origin is dict and args[0] is str:
        value = args[1]

        def mapping(v: Any) -> Any:
            if not isinstance(v, dict):
                bad(v)
            decode = _decoder(value)
            return {k: decode(x) for k, x in v.items()}

        return mapping
    if tp is bool:
        return lambda v: v if isinstance(v, bool) else bad(v)
    if tp is int:
        return lambda v: v if isinstance(v, int) and not isinstance(v, bool) else bad(v)
    if tp is float:
        return lambda v: (
            float(v) if isinstance(v, int | float) and not isinstance(v, bool) else bad(v)
        )
    if tp is str:
        return lambda v: v if isinstance(v, str) else bad(v)
    if tp is dt.datetime or tp is dt.date:
        return lambda v: tp.fromisoformat(v) if isinstance(v, str) else bad(v)  # ValueError too
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp  # ValueError when it is not one
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _instance_decoder(tp, bad)
    return bad


# Field types whose JSON value is the value itself when its class is exactly the type.
_EXACT = (str, int, bool)


def _instance_decoder(tp: type, bad: Callable[[Any], NoReturn]) -> Callable[[Any], Any]:
    """A dataclass from the list of its fields' values: each decoded by its field's type (a
    field of text, a whole number or a truth value taken as it is when it is exactly one)."""
    fields = _fields(tp)
    names = [name for name, _ in fields]
    exact = [hint if hint in _EXACT else None for _, hint in fields]
    plain = all(kind is not None for kind in exact)
    every = dataclasses.fields(tp)
    positional = all(f.init and not f.kw_only for f in every) and len(every) == len(names)

    def by_name(*values: Any) -> Any:
        return tp(**dict(zip(names, values, strict=True)))

    build: Callable[..., Any] = tp if positional else by_name
    decoders: list[Callable[[Any], Any]] = []  # (looked up at the first value: types may nest)

    def instance(v: Any) -> Any:
        if not isinstance(v, list) or len(v) != len(names):
            bad(v)
        if plain and all(x.__class__ is kind for kind, x in zip(exact, v, strict=True)):
            return build(*v)
        if not decoders:
            decoders.extend(_decoder(hint) for _, hint in fields)
        return build(*(decode(x) for decode, x in zip(decoders, v, strict=True)))

    return instance


def dumps(value: object) -> bytes:
    """A value (of dataclasses, tuples, lists, str-keyed dicts, str, int, float, bool, None,
    enums, dates and times) as compact JSON; TypeError if it holds anything else."""
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )


T = typing.TypeVar("T")


def loads(tp: type[T], blob: bytes) -> T:
    """`dumps`'s bytes back as a `tp`, every part checked against the declared types (a
    dataclass's type hints); ValueError if they do not fit exactly."""
    try:
        value = _decode(tp, json.loads(blob.decode("utf-8", "surrogatepass")))
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError(f"cannot decode a remembered summary: {exc}") from None
    if not isinstance(value, tp):
        raise ValueError(f"cannot decode a remembered summary: not a {tp.__name__}")
    return value
