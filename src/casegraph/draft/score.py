"""How close a draft comes to a known case: recall and precision per kind of item.

Used by benchmarks/bench_draft.py on synthetic narratives (whose case is known) and on
the real report (against the case encoded by hand). Matching is one to one, and
deliberately plain, so that a figure means what it says:

- actors: the same id, or one label's words contain the other's (ignoring case,
  "the" and any part in brackets: "Family member" is "Family member (mother)");
- dated events: a known event with a date is found when a drafted event has the same
  date and either the same kind or an actor in ``by`` that matches;
- decisions: a known decision is found when a drafted decision has the same date, or
  shares most of the words of its outcome;
- findings: a drafted finding's text holds most of the known finding's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_STOP = frozenset(
    ("the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "with", "was", "were")
) | frozenset(("be", "been", "by", "his", "her", "their"))


@dataclass(frozen=True)
class Score:
    """``found`` of the ``known`` items were drafted; ``right`` of the ``drafted`` matched one."""

    found: int
    known: int
    right: int
    drafted: int

    @property
    def recall(self) -> float:
        return self.found / self.known if self.known else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.drafted if self.drafted else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.found + other.found,
            self.known + other.known,
            self.right + other.right,
            self.drafted + other.drafted,
        )


CATEGORIES = ("actors", "dated events", "decisions", "findings")


def score(draft: dict[str, Any], known: dict[str, Any]) -> dict[str, Score]:
    """Recall and precision of a draft's actors, dated events, decisions and findings."""
    actor_pairs = _match(draft.get("actors", []), known.get("actors", []), _same_actor, True)
    same = {d: k for d, k in actor_pairs}

    def same_event(d: dict[str, Any], k: dict[str, Any]) -> bool:
        if str(d.get("date")) != str(k.get("date")):
            return False
        by = {same.get(a) for a in _ids(d.get("by"))}
        return d["kind"] == k["kind"] or bool(by & set(_ids(k.get("by"))))

    def same_decision(d: dict[str, Any], k: dict[str, Any]) -> bool:
        if d.get("date") and str(d.get("date")) == str(k.get("date")):
            return True
        return _covers(_words(d.get("outcome", "")), _words(k.get("outcome", "")), 0.6)

    events = draft.get("events", [])
    known_events = known.get("events", [])
    dated = [e for e in known_events if e.get("date")]
    drafted_dated = [e for e in events if e.get("date")]
    decisions = [e for e in known_events if e["kind"] == "decision"]
    drafted_decisions = [e for e in events if e["kind"] == "decision"]

    def same_finding(d: dict[str, Any], k: dict[str, Any]) -> bool:
        return _covers(_words(d.get("text", "")), _words(k.get("text", "")), 0.6)

    pairs = {
        "actors": (actor_pairs, draft.get("actors", []), known.get("actors", [])),
        "dated events": (_match(drafted_dated, dated, same_event), drafted_dated, dated),
        "decisions": (
            _match(drafted_decisions, decisions, same_decision),
            drafted_decisions,
            decisions,
        ),
        "findings": (
            _match(draft.get("findings", []), known.get("findings", []), same_finding),
            draft.get("findings", []),
            known.get("findings", []),
        ),
    }
    return {
        name: Score(len(matched), len(known_items), len(matched), len(drafted))
        for name, (matched, drafted, known_items) in pairs.items()
    }


def _match(
    drafted: list[dict[str, Any]],
    known: list[dict[str, Any]],
    same: Callable[[dict[str, Any], dict[str, Any]], bool],
    ids_match: bool = False,
) -> list[tuple[str, str]]:
    """One-to-one pairs (drafted id, known id), in the known items' order.

    With ``ids_match``, a drafted item with a known item's id is that item (paired first).
    """
    pairs: list[tuple[str, str]] = []
    used_d: set[str] = set()
    used_k: set[str] = set()
    for exact in (True, False) if ids_match else (False,):
        for k in known:
            if k["id"] in used_k:
                continue
            for d in drafted:
                if d["id"] in used_d:
                    continue
                if (d["id"] == k["id"]) if exact else same(d, k):
                    pairs.append((d["id"], k["id"]))
                    used_d.add(d["id"])
                    used_k.add(k["id"])
                    break
    return pairs


def _same_actor(d: dict[str, Any], k: dict[str, Any]) -> bool:
    a, b = _name_words(d.get("label", d["id"])), _name_words(k.get("label", k["id"]))
    return bool(a and b) and (a <= b or b <= a)


def _name_words(label: str) -> set[str]:
    label = re.sub(r"\([^)]*\)", " ", str(label))
    label = label.split(",")[0]
    return {w for w in re.findall(r"[a-z0-9]+", label.lower().replace("’s", "")) if w != "the"}


def _words(text: Any) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", str(text).lower()) if w not in _STOP}


def _covers(drafted: set[str], known: set[str], share: float) -> bool:
    return bool(known) and len(drafted & known) >= share * len(known)


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
