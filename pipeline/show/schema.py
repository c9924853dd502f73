"""Typed loading of TOML/YAML tables into frozen dataclasses, with host-readable errors.

Every configuration file (show.toml, essay front matter, edits.toml) goes through
`load_table`, so unknown keys, wrong types and bad values are reported the same way:
one line naming the file, the key and the fix.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path

from ..errors import ConfigError


class FieldError(ValueError):
    """Raised by a dataclass's `__post_init__` to blame one key."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def check(condition: bool, key: str, message: str) -> None:
    """Raise FieldError(key, message) unless condition holds."""
    if not condition:
        raise FieldError(key, message)


def _type_name(tp) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}
    origin = typing.get_origin(tp)
    if origin in (tuple, list):
        return "a list"
    if dataclasses.is_dataclass(tp):
        return "a table"
    return names.get(tp, getattr(tp, "__name__", str(tp)))


def _coerce(value, tp, key: str):
    """Return value as type tp, or raise FieldError naming the expected type."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        errors = []
        for option in options:
            try:
                return _coerce(value, option, key)
            except FieldError as exc:
                errors.append(exc)
        raise errors[0]
    if origin is typing.Literal:
        allowed = typing.get_args(tp)
        if value not in allowed:
            raise FieldError(key, "must be one of " + ", ".join(repr(a) for a in allowed))
        return value
    if origin in (tuple, list):
        if not isinstance(value, (list, tuple)):
            raise FieldError(key, f"must be a list, not {value!r}")
        (item_type, *_rest) = typing.get_args(tp) or (object,)
        return tuple(_coerce(v, item_type, f"{key}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise FieldError(key, "must be a table")
        return _build(tp, value, prefix=f"{key}.")
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is Path and isinstance(value, str):
        return Path(value)
    if tp in (object, typing.Any):
        return value
    if isinstance(tp, type) and isinstance(value, tp) and not (tp is int and isinstance(value, bool)):
        return value
    raise FieldError(key, f"must be {_type_name(tp)}, not {value!r}")


def _build(cls, table: dict, prefix: str = ""):
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        known = ", ".join(sorted(fields))
        raise FieldError(prefix + unknown[0], f"is not a known setting (known here: {known})")
    kwargs = {}
    for name, field in fields.items():
        if name in table:
            kwargs[name] = _coerce(table[name], hints[name], prefix + name)
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise FieldError(prefix + name, "is required")
    try:
        return cls(**kwargs)
    except FieldError as exc:
        exc.key = exc.key if exc.key.startswith(prefix) else prefix + exc.key
        raise


def load_table(cls, table: dict, source: Path | str, section: str = ""):
    """Build dataclass `cls` from a parsed table; errors name `source` and the key."""
    try:
        return _build(cls, table, prefix=f"{section}." if section else "")
    except FieldError as exc:
        raise ConfigError(f"{source}: `{exc.key}` {exc}") from None
