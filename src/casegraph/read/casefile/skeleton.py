"""`casegraph new CASE-ID`: a commented skeleton of a case file that validates as it is.

Written from the format's table (``spec.py``) and its key documentation
(``keydocs.py``), so every key the format has appears, with what it means and an
example: the keys a case needs are filled in, the others are commented out, ready to
be uncommented and completed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from casegraph.read.casefile.keydocs import KEY_DOCS
from casegraph.read.casefile.spec import CASE_FIELDS, ITEM_FIELDS, SECTIONS, Field

_PLAIN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADER = """\
# A new casegraph case file (format version 1). Fill it in, then check it with
# `casegraph validate {name}`. Each key's comment says what it holds; the keys
# commented out are optional: uncomment and complete the ones you need. The whole
# format is in docs/case-format.md; `casegraph schema` gives editors the same help.
# Every fact should cite its source: source: {{ref: review, quote: "exact words"}}.
"""
# What every new case starts with (the format needs a source to cite and an actor).
_FILLED = {
    "source": {"id": "review", "title": "The review report", "kind": "review-report"},
    "actor": {
        "id": "subject",
        "label": "The person at the centre of the case",
        "type": "subject",
        "level": "subject",
    },
}


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and not (
        _PLAIN.match(value) or re.fullmatch(r"\d{4}(-\d\d)*", value)
    ):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _line(indent: str, key: str, value: Any, doc: str, commented: bool, first: bool = False) -> str:
    lead = "- " if first else "  "
    text = f"{key}: {_value(value)}" if value is not None else f"{key}:"
    if commented:
        return f"{indent}# {lead if first else '  '}{text}  # {doc}".rstrip()
    return f"{indent}{lead}{text}  # {doc}"


def skeleton(case_id: str, name: str = "CASE.yaml") -> str:
    """The text of a new case file for ``case_id`` (``name``: the file, for the header)."""
    lines = [_HEADER.format(name=name), f"casegraph: 1  # {KEY_DOCS['casegraph'][0]}", ""]
    lines.append(f"case:  # {KEY_DOCS['case'][0]}")
    lines.append(f"  id: {case_id}  # {KEY_DOCS['case.id'][0]}")
    for key, spec in CASE_FIELDS.items():
        if key == "id":
            continue
        doc, example = KEY_DOCS[f"case.{key}"]
        if spec.type == "map":
            example = {k: KEY_DOCS[f"case.{key}.{k}"][1] for k in spec.fields}
        lines.append(f"  # {key}: {_value(example)}  # {doc}")
    for section, kind in SECTIONS.items():
        lines += ["", f"{section}:  # {KEY_DOCS[section][0]}"]
        filled = _FILLED.get(kind)
        if filled is None:
            lines[-1] = f"{section}: []  # {KEY_DOCS[section][0]}"
            lines.append("  # An item (uncomment, drop the `[]` above, and complete):")
        lines += _item(kind, ITEM_FIELDS[kind], filled)
    return "\n".join(lines) + "\n"


def _item(kind: str, fields: dict[str, Field], filled: dict[str, Any] | None) -> list[str]:
    out = []
    first = True
    for key, spec in fields.items():
        doc, example = KEY_DOCS[f"{kind}.{key}"]
        if spec.type == "citations":
            example = {"ref": "review", "quote": "the exact words"}
        elif spec.type == "map":
            example = {k: KEY_DOCS[f"{kind}.{key}.{k}"][1] for k in spec.fields}
        if spec.kinds:
            doc += f" Only on events of kind {', '.join(spec.kinds)}."
        given = filled is not None and key in filled
        value = filled[key] if filled is not None and given else example
        out.append(_line("  ", key, value, doc, commented=not given, first=first))
        first = False
    return out
