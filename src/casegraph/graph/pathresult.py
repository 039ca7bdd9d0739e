"""What a path query returns, and how it is shown.

A :class:`Path` is a list of :class:`Step`; each step carries the citations behind
it, and :class:`Support` says whether one source supports the whole path or it is
stitched across several. :func:`format_paths` writes paths for people,
:func:`paths_json` for programs.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from casegraph.text import shorten


@dataclass(frozen=True)
class Step:
    """One step of a path: from one item to its neighbour, and the edges joining them.

    ``relation`` is the first of the edges (``reverse`` when the path walks it against
    the way it is recorded, e.g. from a school to the referral that names it in
    ``by``); ``also`` lists any other edges between the two items. ``sources`` are the
    citations of the items asserting the edges, each with the asserting ``item``.
    """

    start: str
    start_label: str
    relation: str
    reverse: bool
    end: str
    end_label: str
    date: str | None
    sources: tuple[dict[str, Any], ...]
    also: tuple[tuple[str, bool], ...] = ()

    @property
    def refs(self) -> frozenset[str]:
        """The ids of the source documents that support this step."""
        return frozenset(s["ref"] for s in self.sources if s.get("ref"))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "from": self.start,
            "from_label": self.start_label,
            "relation": self.relation,
            "reverse": self.reverse,
            "to": self.end,
            "to_label": self.end_label,
            "date": self.date,
            "sources": [dict(s) for s in self.sources],
        }
        if self.also:
            out["also"] = [{"relation": r, "reverse": rev} for r, rev in self.also]
        return out


@dataclass(frozen=True)
class Support:
    """How the sources support a path as a whole.

    ``common``: the sources that support every step (empty when none does);
    ``cover``: the fewest sources that together support every step;
    ``unsourced``: the (1-based) numbers of steps no citation supports.
    """

    common: tuple[str, ...]
    cover: tuple[str, ...]
    unsourced: tuple[int, ...]

    def describe(self) -> str:
        """One line for people: "one source (x)" or "stitched across N sources (...)"."""
        if self.common:
            return f"one source ({', '.join(self.common)})"
        if not self.cover and not self.unsourced:
            return "no steps"
        parts = []
        if len(self.cover) > 1:
            parts.append(f"stitched across {len(self.cover)} sources ({', '.join(self.cover)})")
        if self.unsourced:
            plural = "s" if len(self.unsourced) > 1 else ""
            steps = ", ".join(str(n) for n in self.unsourced)
            parts.append(f"step{plural} {steps} cite{'' if plural else 's'} no source")
            if len(self.cover) == 1:
                parts.append(f"the others one source ({self.cover[0]})")
        return (
            " and ".join(parts) + ": no one document states the whole chain, "
            "so it is weaker evidence"
        )


@dataclass(frozen=True)
class Path:
    """A path between two items of one case."""

    case: str
    nodes: tuple[str, ...]
    steps: tuple[Step, ...]

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def ids(self) -> list[str]:
        """The ids of the items along the path, start to end."""
        return [self.steps[0].start, *(s.end for s in self.steps)] if self.steps else []

    @property
    def support(self) -> Support:
        return support(self.steps)

    def to_json(self) -> list[dict[str, Any]]:
        return [step.to_json() for step in self.steps]


def support(steps: Sequence[Step]) -> Support:
    """Which sources support every step, and the fewest that cover them all."""
    refs = [step.refs for step in steps]
    unsourced = tuple(n for n, r in enumerate(refs, 1) if not r)
    sourced = [r for r in refs if r]
    common = tuple(sorted(frozenset.intersection(*refs))) if refs and not unsourced else ()
    return Support(common, common[:1] if common else _cover(sourced), unsourced)


def _cover(sets: list[frozenset[str]]) -> tuple[str, ...]:
    """The smallest set of sources meeting every step (exact for a few, else greedy)."""
    universe = sorted(frozenset().union(*sets)) if sets else []
    if len(universe) <= 12:
        for size in range(1, len(universe) + 1):
            for combo in itertools.combinations(universe, size):
                if all(s & set(combo) for s in sets):
                    return combo
    chosen: list[str] = []
    left = list(sets)
    while left:
        best = max(universe, key=lambda ref: (sum(ref in s for s in left), -universe.index(ref)))
        chosen.append(best)
        left = [s for s in left if best not in s]
    return tuple(sorted(chosen))


def paths_json(paths: Sequence[Path]) -> list[list[dict[str, Any]]]:
    """A list of paths, each a list of steps.

    Each step has ``from``, ``from_label``, ``relation``, ``reverse``, ``to``,
    ``to_label``, ``date`` and ``sources`` (``{item, ref, quote, locator}``), and
    ``also`` when other edges join the same two items.
    """
    return [path.to_json() for path in paths]


def format_paths(paths: Sequence[Path]) -> str:
    """Paths as text: each step with labels, relation, date and the quotes behind it."""
    out = []
    for number, path in enumerate(paths, 1):
        noun = "step" if len(path) == 1 else "steps"
        head = f"Path {number} of {len(paths)}" if len(paths) > 1 else "Path"
        out.append(f"{head}: {len(path)} {noun}, {path.support.describe()}")
        ordered = [
            str(n)
            for n, step in enumerate(path.steps, 1)
            if {step.relation, *(rel for rel, _ in step.also)} <= {"after", "before"}
        ]
        if ordered:
            out.append(
                f"  note: step{'s' if len(ordered) > 1 else ''} {', '.join(ordered)} only "
                "order events (after/before); no recorded hand-over joins them"
            )
        if path.steps:
            first = path.steps[0]
            out.append(f"  {first.start}  {shorten(first.start_label)}")
        for step in path.steps:
            arrow = f"<-{step.relation}-" if step.reverse else f"-{step.relation}->"
            extra = "".join(
                f" {'<-' if rev else '-'}{rel}{'-' if rev else '->'}" for rel, rev in step.also
            )
            when = f"  [{step.date}]" if step.date else ""
            out.append(f"  {arrow}{extra} {step.end}  {shorten(step.end_label)}{when}")
            for cite in step.sources:
                where = f", {cite['locator']}" if cite.get("locator") else ""
                quote = f' "{cite["quote"]}"' if cite.get("quote") else " (no quote)"
                out.append(f"      {cite['ref']} on {cite['item']}{where}:{quote}")
            if not step.sources:
                out.append("      (no source cited)")
        out.append("")
    return "\n".join(out).rstrip("\n")
