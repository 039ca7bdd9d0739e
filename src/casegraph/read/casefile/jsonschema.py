"""A JSON Schema (draft 2020-12) of the case file format, built from the same table as
the checker, so editors can complete and check case files as they are typed.

Every key carries a description and an example (``keydocs.KEY_DOCS``, keyed by the
table's key paths), which an editor's YAML support shows on hover and offers when
completing; enum values are listed, so they complete too."""

from __future__ import annotations

from typing import Any

from casegraph.read.casefile.keydocs import KEY_DOCS
from casegraph.read.casefile.spec import (
    CITATION,
    ENUMS,
    ID_PATTERN,
    ITEM_FIELDS,
    SECTIONS,
    TOP_FIELDS,
    Field,
)

_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def _id_or_list() -> dict[str, Any]:
    one = {"type": "string", "pattern": ID_PATTERN}
    return {"oneOf": [one, {"type": "array", "items": one}]}


def _field(spec: Field, path: str) -> dict[str, Any]:
    out: dict[str, Any]
    kind = spec.type
    if kind == "id" or kind == "ref":
        out = {"type": "string", "pattern": ID_PATTERN}
    elif kind == "refs":
        out = _id_or_list()
    elif kind == "text":
        out = {"type": ["string", "number"]}
    elif kind == "themes":
        theme = {"type": ["string", "number"]}
        out = {"oneOf": [theme, {"type": "array", "items": theme, "uniqueItems": True}]}
    elif kind == "enums":
        value = {"enum": list(ENUMS[str(spec.target)])}
        out = {"oneOf": [value, {"type": "array", "items": value, "uniqueItems": True}]}
    elif kind == "url":
        out = {"type": "string", "format": "uri"}
    elif kind == "date":
        out = {"type": ["string", "integer"], "pattern": _DATE}
    elif kind == "count":
        out = {"type": "integer", "minimum": 0}
    elif kind == "enum":
        out = {"enum": list(ENUMS[str(spec.target)])}
    elif kind == "version":
        out = {"const": 1}
    elif kind == "map":
        out = _object(spec.fields, path)
    elif kind == "citations":
        cite = _object(CITATION, "citation")
        out = {"oneOf": [cite, {"type": "array", "items": cite}]}
    elif kind == "holders":
        out = {"type": "array", "items": _object(ITEM_FIELDS["duty"]["holders"].fields, "holder")}
    elif kind == "items":
        out = {"type": "array", "items": {"$ref": f"#/$defs/{spec.target}"}}
    else:  # pragma: no cover
        raise AssertionError(kind)
    description, example = KEY_DOCS[path]
    out["description"] = description
    if example is not None:
        out["examples"] = [example]
    if spec.kinds:
        out["description"] = (
            out.get("description", "") + f" Only on events of kind {', '.join(spec.kinds)}."
        ).strip()
    if spec.nullable and not spec.required and kind not in ("items", "version"):
        shown: dict[str, Any] = {k: out[k] for k in ("description", "examples") if k in out}
        out = {"anyOf": [out, {"type": "null"}], **shown}
    return out


def _object(fields: dict[str, Field], prefix: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            key: _field(spec, f"{prefix}.{key}" if prefix else key) for key, spec in fields.items()
        },
        "required": [key for key, spec in fields.items() if spec.required],
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of case file format version 1."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://w3id.org/casegraph/schema/case-format-1.json",
        "title": "casegraph case file, format version 1",
        **_object(TOP_FIELDS, ""),
        "$defs": {kind: _object(ITEM_FIELDS[kind], kind) for kind in SECTIONS.values()},
    }
    schema["properties"]["actors"]["minItems"] = 1
    return schema
