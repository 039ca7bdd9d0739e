"""The gap catalogue's ids, in the order of ../shared/design/product.md.

The queries themselves are package data (gaps/rules/<id>.rq); this list is what the
format and the ontology need without reading them.
"""

from __future__ import annotations

GAP_IDS: tuple[str, ...] = (
    "responsibility-gap",
    "blurred-ownership",
    "undischarged-duty",
    "unrecorded-rationale",
    "unaddressed-concern",
    "delivery-shortfall",
    "failed-communication",
    "broken-feedback-loop",
    "excluded-knowledge-holder",
    "outdated-tool",
    "premature-exit",
    "unsupported-finding",
    "unanswered-finding",
    "misdirected-recommendation",
)

# Gaps reported once per (entity, actor) rather than once per entity.
PER_ACTOR_GAPS = frozenset({"broken-feedback-loop", "excluded-knowledge-holder"})
