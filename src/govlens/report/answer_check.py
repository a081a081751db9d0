"""Checks an answer document against ``answer-schema.yaml`` before any format is rendered:
a producer's mistake shows as "frameworks[2].countries.THA.score: a number or null, not 'x'"
instead of a broken chart. Small on purpose: required keys and types, no more."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_FILE = Path(__file__).with_name("answer-schema.yaml")


class AnswerError(ValueError):
    """The document is not an answer the report can read; ``problems`` says where."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__("answer.json: " + "; ".join(problems[:10]) + more)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


_SCALARS = {
    "str": (lambda v: isinstance(v, str), "text"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "num": (_is_num, "a number"),
    "any": (lambda v: True, "anything"),
}


def _check(value: Any, spec: Any, where: str, out: list[str]) -> None:
    if isinstance(spec, str) and spec.endswith("|null"):
        if value is None:
            return
        spec = spec[:-5]
    if isinstance(spec, dict) and "nullable" in spec:
        if value is None:
            return
        spec = spec["nullable"]
    if isinstance(spec, list):
        if not isinstance(value, list):
            out.append(f"{where}: a list, not {type(value).__name__}")
            return
        for i, item in enumerate(value):
            _check(item, spec[0], f"{where}[{i}]", out)
        return
    if isinstance(spec, dict):  # {map: T}
        if not isinstance(value, dict):
            out.append(f"{where}: an object, not {type(value).__name__}")
            return
        for k, item in value.items():
            _check(item, spec["map"], f"{where}.{k}", out)
        return
    if spec == "text":
        ok = isinstance(value, str) or (isinstance(value, dict) and all(
            isinstance(v, str) or v is None for v in value.values()))
        if not ok:
            out.append(f"{where}: a text {{en, th}}, not {value!r:.60}")
        return
    if spec in _SCALARS:
        test, words = _SCALARS[spec]
        if not test(value):
            out.append(f"{where}: {words}, not {value!r:.60}")
        return
    shape = schema()["shapes"][spec]
    if not isinstance(value, dict):
        out.append(f"{where}: an object ({spec}), not {type(value).__name__}")
        return
    for key, sub in (shape.get("required") or {}).items():
        if key not in value:
            out.append(f"{where}.{key}: missing")
        else:
            _check(value[key], sub, f"{where}.{key}", out)
    for key, sub in (shape.get("optional") or {}).items():
        if key in value:
            _check(value[key], sub, f"{where}.{key}", out)


def problems(doc: Any) -> list[str]:
    """Everything wrong with ``doc`` as an answer document; [] when the report can read it."""
    out: list[str] = []
    _check(doc, schema()["root"], "answer", out)
    if not out and doc["schema"] != schema()["schema_id"]:
        out.append(f"answer.schema: {schema()['schema_id']!r}, not {doc['schema']!r}")
    if not out and doc["focus"] not in doc["countries"]:
        out.append(f"answer.focus: {doc['focus']!r} is not in countries")
    return out


def validate(doc: Any) -> dict[str, Any]:
    """``doc`` itself when it is a readable answer document; else :class:`AnswerError`."""
    found = problems(doc)
    if found:
        raise AnswerError(found)
    return doc
