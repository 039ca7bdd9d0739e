"""Case-file YAML text for a synthetic case, written without a YAML library.

Keys come in the case-file format's order, each written one fixed way (quoted text,
flow lists and mappings, or plain), so the same case always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from json.encoder import encode_basestring_ascii
from typing import Any

# How each key is written: quoted text, a flow list of ids, a flow mapping, a block list
# of flow mappings, or plain (ids, enums, dates and counts, which need no quoting).
_TEXT, _LIST, _BY, _FLOW, _BLOCK, _PLAIN = range(6)
_STYLE = {
    **dict.fromkeys(
        (
            "label",
            "title",
            "summary",
            "outcome",
            "rationale",
            "text",
            "quote",
            "locator",
            "url",
            "name",
        ),
        _TEXT,
    ),
    **dict.fromkeys(
        (
            "to",
            "with",
            "consulted",
            "informed",
            "about",
            "after",
            "before",
            "members",
            "addressed_by",
            "discharged_by",
            "evidence",
            "addresses",
            "commissioned_by",
        ),
        _LIST,
    ),
    "by": _BY,
    "stage": _FLOW,
    "period": _FLOW,
    "holders": _BLOCK,
    "source": _BLOCK,
}
_KEYS = {
    "source": "id title kind url published",
    "actor": "id label type level part_of chair members source",
    "concern": "id label nature identified_by identified_at addressed_by source",
    "duty": "id label holders discharged_by clarity source",
    "tool": "id label status superseded source",
    "event": "id kind date after before by to with consulted informed about under summary "
    "outcome rationale tool risk stage status planned delivered source",
    "finding": "id text theme evidence source",
    "recommendation": "id text addresses owner status source",
}
_ORDER = {
    kind: tuple((key, _STYLE.get(key, _PLAIN)) for key in keys.split())
    for kind, keys in _KEYS.items()
}
_SECTIONS = (
    ("sources", "source"),
    ("actors", "actor"),
    ("concerns", "concern"),
    ("duties", "duty"),
    ("tools", "tool"),
    ("events", "event"),
    ("findings", "finding"),
    ("recommendations", "recommendation"),
)


def _scalar(key: str, value: Any) -> str:
    if value is None:
        return "null"
    # JSON strings with every non-ASCII character escaped are valid YAML double-quoted
    # scalars (and no Unicode line separator can fold them)
    return encode_basestring_ascii(value) if _STYLE.get(key) == _TEXT else str(value)


def _flow(mapping: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(k, v)}" for k, v in mapping.items()) + "}"


def render(data: Mapping[str, Any]) -> str:
    """Write a case (as the builder makes it) as case-file YAML, without a YAML library."""
    case = data["case"]
    review = case["review"]
    out = [
        "casegraph: 1",
        "case:",
        f"  id: {case['id']}",
        f"  title: {_scalar('title', case['title'])}",
        f"  subject: {case['subject']}",
        f"  period: {_flow(case['period'])}",
        "  review:",
        f"    title: {_scalar('title', review['title'])}",
        f"    kind: {review['kind']}",
        f"    published: {review['published']}",
        f"    commissioned_by: [{', '.join(review['commissioned_by'])}]",
    ]
    append = out.append
    for section, kind in _SECTIONS:
        items = data.get(section)
        if not items:
            continue
        append(f"{section}:")
        order = _ORDER[kind]
        for item in items:
            lead = "  - "
            for key, style in order:
                if key not in item:
                    continue
                value = item[key]
                if style == _TEXT:
                    append(f"{lead}{key}: {_scalar(key, value)}")
                elif style == _LIST or (style == _BY and len(value) != 1):
                    append(f"{lead}{key}: [{', '.join(value)}]")
                elif style == _BY:
                    append(f"{lead}{key}: {value[0]}")
                elif style == _FLOW or (key == "source" and len(value) == 1):
                    append(f"{lead}{key}: {_flow(value if style == _FLOW else value[0])}")
                elif style == _BLOCK:
                    append(f"{lead}{key}:")
                    out.extend(f"      - {_flow(v)}" for v in value)
                else:
                    append(f"{lead}{key}: {'null' if value is None else value}")
                lead = "    "
    return "\n".join(out) + "\n"
